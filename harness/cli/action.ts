// Wraps a command handler: its returned exit code becomes the process exit code; any error
// becomes a one-line message on stderr and exit 3 (ERROR). Only bin/simgate.js sets the code.
import { describeError, EXIT } from '../common/errors.js';

export interface CliState {
  exitCode: number;
}

export const cliState: CliState = { exitCode: 0 };

export function action<A extends unknown[]>(handler: (...args: A) => Promise<number> | number) {
  return async (...args: A): Promise<void> => {
    try {
      cliState.exitCode = await handler(...args);
    } catch (error) {
      process.stderr.write(`simgate: ${describeError(error)}\n`);
      cliState.exitCode = EXIT.ERROR;
    }
  };
}

/** Parses repeatable `--set key=value` flags into an overrides record (numbers where numeric). */
export function collectSet(
  value: string,
  previous: Record<string, number | string> = {},
): Record<string, number | string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new Error(`--set expects key=value (got "${value}")`);
  const key = value.slice(0, eq).trim();
  const raw = value.slice(eq + 1).trim();
  const num = Number(raw);
  return { ...previous, [key]: raw !== '' && Number.isFinite(num) ? num : raw };
}
