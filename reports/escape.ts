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

/** Safe in a Markdown table cell (no pipes, no line breaks, no raw HTML). */
export function escapeMarkdownCell(value: unknown): string {
  return escapeHtml(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Prometheus label value. */
export function escapePromLabel(value: unknown): string {
  return String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
