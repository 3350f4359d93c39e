// Escaping for every markup the reporters write: HTML text and attributes, XML, Markdown
// table cells, Prometheus label values and the terminal. Untrusted text (scenario titles,
// messages, names from files and flags) goes through these and nowhere else.

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

// C0 controls (ESC among them), DEL, C1 controls (U+009B is a one-character CSI on some
// terminals), the bidi marks, embeddings, overrides and isolates, the Unicode line and
// paragraph separators and the byte-order mark.
const TERMINAL_UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;

const visibleEscape = (ch: string): string => {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Safe on a terminal: every control character becomes a visible `\xNN` / `\uNNNN`, so text
 * from a file or a flag can neither send escape sequences nor reorder or forge a line. Line
 * feeds are kept only with `keepNewlines` (a message of several lines we wrote ourselves).
 */
export function terminalText(value: unknown, options: { keepNewlines?: boolean } = {}): string {
  return String(value).replace(TERMINAL_UNSAFE, (ch) =>
    options.keepNewlines && ch === '\n' ? ch : visibleEscape(ch),
  );
}

/** Longest excerpt of untrusted text that `terminalQuote` shows. */
export const QUOTE_CHARS = 80;

/**
 * Untrusted text quoted for a one-line message: escaped as `terminalText`, quotes and
 * backslashes escaped, and cut after `max` characters with the full length
 * (`"aaaa…" (8388608 characters)`), so a megabyte-long name cannot flood a terminal.
 */
export function terminalQuote(value: unknown, max = QUOTE_CHARS): string {
  const text = String(value);
  // Slice before spreading into code points: the text may be megabytes long.
  const head = [...text.slice(0, 2 * max + 2)];
  const cut = head.length > max || text.length > 2 * max + 2;
  const shown = (cut ? head.slice(0, max) : head).join('');
  const body = terminalText(shown.replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
  return cut ? `"${body}…" (${text.length} characters)` : `"${body}"`;
}
