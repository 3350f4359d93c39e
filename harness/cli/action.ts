// Wraps a command handler: its returned exit code becomes the process exit code; any error
// becomes a one-line message on stderr and exit 3 (ERROR). Only bin/simgate.js sets the code.
import { terminalText } from '../../reports/escape.js';
import { describeError, EXIT } from '../common/errors.js';
import { setFlag } from './commands/flags.js';

export interface CliState {
  exitCode: number;
}

export const cliState: CliState = { exitCode: 0 };

export function action<A extends unknown[]>(handler: (...args: A) => Promise<number> | number) {
  return async (...args: A): Promise<void> => {
    try {
      cliState.exitCode = await handler(...args);
    } catch (error) {
      // Messages quote files and flags: nothing in them may reach the terminal raw.
      process.stderr.write(`simgate: ${terminalText(describeError(error), { keepNewlines: true })}\n`);
      cliState.exitCode = EXIT.ERROR;
    }
  };
}

/** Parses repeatable `--set key=value` flags into an overrides record (see `setFlag`). */
export function collectSet(
  value: string,
  previous: Record<string, number | string> = {},
): Record<string, number | string> {
  const [key, parsed] = setFlag(value);
  return { ...previous, [key]: parsed };
}
