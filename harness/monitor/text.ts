// Text the monitor shows: everything taken from an input file or a flag passes through here
// before it reaches the terminal or a text output, so a hostile file cannot send escape
// sequences to a terminal, reorder the line with bidi controls, or flood it with an 8 MB cell.

/** Longest excerpt of an input value quoted in a message. */
export const EXCERPT_CHARS = 60;

// C0 controls, DEL, C1 controls (U+009B is a one-character CSI on some terminals), the bidi
// embedding/override/isolate marks and the Unicode line/paragraph separators.
const UNSAFE_CHARS = /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** True when the text holds a character `terminalText` would escape (newlines included). */
export function hasUnsafeChars(text: string): boolean {
  UNSAFE_CHARS.lastIndex = 0;
  return UNSAFE_CHARS.test(text);
}

const visible = (ch: string): string => {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Terminal-safe text: every control character becomes a visible `\xNN` / `\uNNNN`; line
 * breaks are kept only when `keepNewlines` (a message of several lines).
 */
export function terminalText(text: string, keepNewlines = false): string {
  return text.replace(UNSAFE_CHARS, (ch) => (keepNewlines && ch === '\n' ? ch : visible(ch)));
}

/**
 * A value from an input, quoted for a message: at most EXCERPT_CHARS characters, escaped,
 * and when cut, an ellipsis and the full length (`"aaaa…" (8388608 chars)`).
 */
export function quoteExcerpt(text: string, max = EXCERPT_CHARS): string {
  // Slice before spreading: the input may be megabytes long.
  const head = [...text.slice(0, 2 * max + 2)];
  const cut = head.length > max || text.length > 2 * max + 2;
  const shown = (cut ? head.slice(0, max) : head).join('');
  const body = terminalText(shown.replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
  return cut ? `"${body}…" (${text.length} chars)` : `"${body}"`;
}

/** A value of any type as a message shows it; NaN and ±Infinity by name, never as JSON null. */
export function showValue(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  if (typeof value === 'string') return quoteExcerpt(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return quoteExcerpt(String(value));
}

/**
 * JSON text for an output file. JSON.stringify escapes C0 controls but leaves the C1 range and
 * U+2028/U+2029 raw; they can only occur inside strings, where `\uNNNN` means the same.
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(
    /[\u0080-\u009f\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )}\n`;
}
