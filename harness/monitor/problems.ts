// What a bad monitor input raises: every problem of every input at once, each located
// `file:line:col path: message` (the project's one problem shape, shared with scenario files),
// printed terminal-safe. Flags have no file: they are located as `simgate monitor`.
import { nearestName } from '../../sim/params.js';
import { formatProblem, type Reporter, type ScenarioProblem } from '../../scenarios/problems.js';
import { SimgateError } from '../common/errors.js';
import { quoteExcerpt, terminalText } from './text.js';

export type MonitorProblem = ScenarioProblem;

/** Where flag problems are located. */
export const COMMAND_LINE = 'simgate monitor';

/** Problems kept per file; the rest are counted in one closing line. */
export const MAX_PROBLEMS_PER_FILE = 50;

/** Longest file name or field path a message shows (a hostile key can be megabytes long). */
const MAX_LOCATION_CHARS = 200;
const shorten = (s: string): string =>
  s.length > MAX_LOCATION_CHARS ? `${s.slice(0, MAX_LOCATION_CHARS)}… (${s.length} chars)` : s;

export function formatMonitorProblem(p: MonitorProblem): string {
  return terminalText(formatProblem({ ...p, file: shorten(p.file), path: shorten(p.path) }));
}

export class MonitorInputError extends SimgateError {
  constructor(readonly problems: readonly MonitorProblem[]) {
    const lines = problems.map(formatMonitorProblem);
    super(
      lines.length === 1 ? lines[0] : `${lines.length} problems in the monitor input:\n${lines.join('\n')}`,
      'SIMGATE_MONITOR_INPUT',
    );
    this.name = 'MonitorInputError';
  }
}

/** ` (did you mean "x"?)` when a known name is close, else ''. */
export function didYouMean(name: string, known: readonly string[]): string {
  const hint = name.length <= 200 ? nearestName(name, known) : undefined;
  return hint ? ` (did you mean ${quoteExcerpt(hint)}?)` : '';
}

/** Collects the problems of one file, keeping the first MAX_PROBLEMS_PER_FILE. */
export class ProblemLog {
  private readonly found: MonitorProblem[] = [];
  private dropped = 0;

  constructor(readonly file: string) {}

  add(line: number, col: number, path: string, message: string): void {
    if (this.found.length < MAX_PROBLEMS_PER_FILE)
      this.found.push({ file: this.file, line, col, path, message });
    else this.dropped++;
  }

  get count(): number {
    return this.found.length + this.dropped;
  }

  /** In file order, then one line counting what was left out. */
  get problems(): MonitorProblem[] {
    return capped(this.file, this.found, this.dropped);
  }
}

/** A Reporter (JSON/YAML field paths) that keeps the first MAX_PROBLEMS_PER_FILE problems. */
export class CappedReporter implements Reporter {
  private reported = 0;
  constructor(
    private readonly sink: Reporter & { readonly problems: readonly MonitorProblem[]; readonly file: string },
  ) {}

  report(...args: Parameters<Reporter['report']>): void {
    if (this.reported++ < MAX_PROBLEMS_PER_FILE) this.sink.report(...args);
  }

  get count(): number {
    return this.reported;
  }

  get problems(): MonitorProblem[] {
    return capped(this.sink.file, this.sink.problems, Math.max(0, this.reported - MAX_PROBLEMS_PER_FILE));
  }
}

function capped(file: string, found: readonly MonitorProblem[], dropped: number): MonitorProblem[] {
  const sorted = [...found].sort((a, b) => a.line - b.line || a.col - b.col);
  if (dropped > 0)
    sorted.push({ file, line: 0, col: 0, path: '', message: `… and ${dropped} more problems not shown` });
  return sorted;
}

const LOCATED = /^(.+?):(\d+):(\d+) ([\s\S]*)$/;
const FILE_ONLY = /^(.+?): ([\s\S]*)$/;

/**
 * Problems from another loader's error (a model card's ModelError lists lines already
 * prefixed `file:line:col `), turned back into located problems so they join the rest.
 */
export function problemsFromLines(lines: readonly string[], fallbackFile: string): MonitorProblem[] {
  return lines.map((text): MonitorProblem => {
    const located = LOCATED.exec(text);
    if (located)
      return {
        file: located[1],
        line: Number(located[2]),
        col: Number(located[3]),
        path: '',
        message: located[4],
      };
    const fileOnly = FILE_ONLY.exec(text);
    if (fileOnly) return { file: fileOnly[1], line: 0, col: 0, path: '', message: fileOnly[2] };
    return { file: fallbackFile, line: 0, col: 0, path: '', message: text };
  });
}

/**
 * The same error with terminal-safe text: for errors raised after validation (a model that
 * times out) and for internal errors, whose message may quote an input.
 */
export function terminalSafeError(error: unknown): unknown {
  if (error instanceof MonitorInputError) return error;
  if (error instanceof SimgateError) {
    const hint = error.hint === undefined ? undefined : terminalText(error.hint, true);
    return new SimgateError(terminalText(error.message, true), error.code, hint);
  }
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('SIMGATE'))
    return new SimgateError(terminalText(error.message, true), String(error.code));
  const safe = new Error(terminalText(error instanceof Error ? error.message : String(error), true));
  if (error instanceof Error) safe.stack = terminalText(error.stack ?? '', true);
  return safe;
}
