// The monitor's rules for values read as text (CSV cells, flags) and for sensor names. Number()
// alone is too lenient for a safety tool: it reads "0x12" as 18, "" and "  " as 0, and accepts
// "Infinity", "0b11" and "0o17"; here only plain decimal numbers pass.
import { hasUnsafeChars, quoteExcerpt } from './text.js';

/** A decimal number, optionally signed, with optional fraction and exponent ("1", "-.5", "2.5e-3"). */
const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Longer text is not a reading (and is never handed to the regular expression). */
const MAX_NUMBER_CHARS = 100;

export type Parsed =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly why: string };

/** Why a text that is not plain decimal was refused, for the message. */
function refusal(s: string): string {
  if (/^[+-]?0[xX]/.test(s)) return 'hexadecimal is not accepted';
  if (/^[+-]?0[bB]/.test(s)) return 'binary is not accepted';
  if (/^[+-]?0[oO]/.test(s)) return 'octal is not accepted';
  if (/^[+-]?inf/i.test(s)) return 'Infinity is not a reading';
  if (/^[+-]?nan$/i.test(s)) return 'NaN is not a value here';
  return 'not a plain decimal number';
}

/** Parses text as a plain decimal number; surrounding spaces and tabs are allowed. */
export function parseDecimal(raw: string): Parsed {
  if (raw === '') return { ok: false, why: 'empty' };
  const s = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  if (s === '') return { ok: false, why: 'blank (whitespace only)' };
  if (s.length > MAX_NUMBER_CHARS) return { ok: false, why: 'too long for a number' };
  if (!PLAIN_DECIMAL.test(s)) return { ok: false, why: refusal(s) };
  const value = Number(s);
  if (!Number.isFinite(value)) return { ok: false, why: 'out of range (overflows to Infinity)' };
  return { ok: true, value };
}

/** `expected … (got "x", why)` for a refused text. */
export function refusedText(expected: string, raw: string, why: string): string {
  return `expected ${expected} (got ${quoteExcerpt(raw)}: ${why})`;
}

export const MAX_NAME_CHARS = 100;

/** Why a sensor name is unusable, or undefined when it is fine. */
export function sensorNameProblem(name: string): string | undefined {
  if (name === '') return 'has no name';
  if (name.length > MAX_NAME_CHARS)
    return `name ${quoteExcerpt(name)} is longer than ${MAX_NAME_CHARS} characters`;
  if (hasUnsafeChars(name)) return `name ${quoteExcerpt(name)} holds control characters`;
  if (name.trim() !== name) return `name ${quoteExcerpt(name)} has leading or trailing whitespace`;
  return undefined;
}
