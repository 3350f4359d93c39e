// Positions in JSON and YAML inputs: JSON.parse decides what is valid JSON, the `yaml` syntax
// tree (JSON is YAML) turns a field path or a syntax error into line:col for the message.
import { LineCounter, parseDocument } from 'yaml';
import { type Anchor, type PathSegment, ProblemSink } from '../../scenarios/problems.js';
import type { MonitorProblem } from './problems.js';
import { quoteExcerpt, terminalText } from './text.js';

export type JsonParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: MonitorProblem };

/** Strict JSON.parse; on failure one problem at the line:col of the first syntax error. */
export function parseJsonLocated(file: string, text: string, lineOffset = 0): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const lines = new LineCounter();
    const doc = parseDocument(text, { schema: 'json', lineCounter: lines, prettyErrors: false });
    // V8 names the offset for most errors, not for "Unexpected token"; YAML's JSON schema does.
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : (doc.errors[0]?.pos[0] ?? 0);
    const { line, col } = lines.linePos(Math.min(offset, text.length));
    const token = /^Unexpected token '(.+?)', /.exec(message);
    const what = token
      ? `unexpected character ${quoteExcerpt(token[1])}`
      : terminalText(message.replace(/ in JSON at position \d+.*$/, '').slice(0, 120));
    return {
      ok: false,
      problem: { file, line: line + lineOffset, col, path: '', message: `not valid JSON: ${what}` },
    };
  }
}

/** Makes located problems for field paths of one JSON or YAML text; parses the tree on first use. */
export class FieldLocator {
  private parsed?: { lines: LineCounter; doc: ReturnType<typeof parseDocument> };

  constructor(
    readonly file: string,
    private readonly text: string,
    /** Lines before this text in its file (JSON Lines: the line number minus one). */
    private readonly lineOffset = 0,
  ) {}

  private tree(): { lines: LineCounter; doc: ReturnType<typeof parseDocument> } {
    if (!this.parsed) {
      const lines = new LineCounter();
      this.parsed = { lines, doc: parseDocument(this.text, { lineCounter: lines, prettyErrors: false }) };
    }
    return this.parsed;
  }

  /** A ProblemSink over this text (positions relative to the text itself). */
  sink(): ProblemSink {
    const { lines, doc } = this.tree();
    return new ProblemSink(this.file, lines, doc);
  }

  /** Keys that occur twice in one object (JSON.parse silently keeps the last). */
  duplicateKeys(): MonitorProblem[] {
    const { lines, doc } = this.tree();
    return doc.errors
      .filter((e) => e.code === 'DUPLICATE_KEY')
      .map((e) => ({
        file: this.file,
        line: lines.linePos(e.pos[0]).line + this.lineOffset,
        col: lines.linePos(e.pos[0]).col,
        path: '',
        message: 'a key is repeated in one object (JSON keeps only the last value)',
      }));
  }

  /** One problem at `path`, in file coordinates. */
  problem(path: readonly PathSegment[], message: string, anchor: Anchor = 'value'): MonitorProblem {
    const sink = this.sink();
    sink.report(path, message, anchor);
    const p = sink.problems[0];
    return { ...p, line: p.line + this.lineOffset };
  }
}
