// Escaping for every markup the reporters write: HTML text and attributes, XML, Markdown
// table cells and Prometheus label values. Untrusted text (scenario titles, messages) goes
// through these and nowhere else.

const HTML: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Safe in HTML text and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => HTML[c]);
}

/** Safe in XML 1.0 text and attributes; characters XML cannot carry become U+FFFD. */
export function escapeXml(value: unknown): string {
  return String(value)
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/[&<>"']/g, (c) => HTML[c]);
}

/** Safe in an XML attribute value: also keeps tabs and line breaks (attribute normalisation would turn them into spaces). */
export function escapeXmlAttribute(value: unknown): string {
  return escapeXml(value).replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;

/**
 * Safe as inline Markdown text and in a table cell: no line breaks, no pipes, no raw HTML, no
 * links, images, code spans or emphasis (GitHub renders the step summary as Markdown).
 */
export function escapeMarkdownCell(value: unknown): string {
  // Backslash first: escapeHtml's entities (`&lt;`, `&#96;`) are never markup and take no backslash.
  return escapeHtml(
    String(value)
      .replace(LINE_BREAK, ' ')
      .replace(/[\\*[\]~|]/g, (c) => `\\${c}`),
  );
}

/** A Markdown code span showing `value` verbatim (e.g. a replay command to copy). */
export function markdownCode(value: unknown): string {
  const text = String(value).replace(LINE_BREAK, ' ');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A Prometheus label value. */
export function escapePromLabel(value: unknown): string {
  return String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
