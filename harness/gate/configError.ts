// The error a bad config raises: every problem of the file at once, each with file,
// line:col (when known) and the field path. Paths and messages quote the file's own text,
// so every line is made terminal-safe here, and a hostile file cannot list a million lines.
import { terminalText } from '../../reports/escape.js';
import { SimgateError } from '../common/errors.js';

export interface ConfigProblem {
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
  /** Dotted field path, e.g. gate.kpis.pick_success_rate.margin. */
  readonly path: string;
  readonly message: string;
}

/** Problems listed in one error; the count of the rest follows them. */
export const MAX_LISTED_PROBLEMS = 200;

/** Longest field path shown (a key may be kilobytes long). */
const MAX_PATH_CHARS = 200;

function shownPath(path: string): string {
  if (!path) return '(root)';
  const cut = path.length > MAX_PATH_CHARS ? `${path.slice(0, MAX_PATH_CHARS)}…` : path;
  return terminalText(cut);
}

export function formatProblem(p: ConfigProblem): string {
  const at = p.line !== undefined ? `${p.file}:${p.line}:${p.col ?? 1}` : p.file;
  return `${terminalText(at)} ${shownPath(p.path)}: ${terminalText(p.message)}`;
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  if (problems.length === 1) return formatProblem(problems[0]);
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map(formatProblem);
  if (problems.length > MAX_LISTED_PROBLEMS)
    listed.push(`… and ${problems.length - MAX_LISTED_PROBLEMS} more problems`);
  return `${problems.length} problems in the config:\n${listed.join('\n')}`;
}

export class ConfigError extends SimgateError {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(formatProblems(problems), 'SIMGATE_CONFIG');
    this.name = 'ConfigError';
  }
}
