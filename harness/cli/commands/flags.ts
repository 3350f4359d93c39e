// Flag parsing shared by the commands: integers with a lower bound and the engine flags, each
// failing with a message that names the flag.
import type { Command } from 'commander';
import { UsageError } from '../../common/errors.js';

/** An integer flag ≥ `min`; undefined when the flag was not given. */
export function integerFlag(name: string, value: string, min: number): number;
export function integerFlag(name: string, value: string | undefined, min: number): number | undefined;
export function integerFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} must be an integer ≥ ${min} (got "${value}")`);
  return n;
}

/** The flags every command that runs the sweep engine shares. */
export function addEngineOptions(command: Command): Command {
  return command
    .option(
      '--workers <n|auto>',
      'worker threads (default: the config file workers, else auto = available parallelism)',
    )
    .option('--out <dir>', 'output directory', 'simgate-report')
    .option('--no-cache', 'do not read or write the episode result cache')
    .option('--cache-dir <dir>', 'episode result cache directory', '.simgate-cache');
}
