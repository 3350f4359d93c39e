// The error a bad config raises: every problem of the file at once, each with file,
// line:col (when known) and the field path.
import { SimgateError } from '../common/errors.js';

export interface ConfigProblem {
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
  /** Dotted field path, e.g. gate.kpis.pick_success_rate.margin. */
  readonly path: string;
  readonly message: string;
}

export function formatProblem(p: ConfigProblem): string {
  const at = p.line !== undefined ? `${p.file}:${p.line}:${p.col ?? 1}` : p.file;
  return `${at} ${p.path || '(root)'}: ${p.message}`;
}

export class ConfigError extends SimgateError {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      problems.length === 1
        ? formatProblem(problems[0])
        : `${problems.length} problems in the config:\n${problems.map(formatProblem).join('\n')}`,
      'SIMGATE_CONFIG',
    );
    this.name = 'ConfigError';
  }
}
