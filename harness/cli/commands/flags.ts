// Flag parsing shared by the commands: integers with a lower bound and reporter lists, each
// failing with a message that names the flag.
import { REPORTER_NAMES } from '../../../reports/index.js';
import { UsageError } from '../../errors.js';

/** Every report a gate writes unless `--reporter` says otherwise (attestation always last). */
export const DEFAULT_REPORTERS = 'console,json,junit,markdown,html,prometheus,canary,attestation';

export function integerFlag(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} must be an integer ≥ ${min} (got "${value}")`);
  return n;
}

export function reporterList(value: string): string[] {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!(REPORTER_NAMES as readonly string[]).includes(n)) {
      throw new UsageError(`--reporter: unknown reporter "${n}" (known: ${REPORTER_NAMES.join(', ')})`);
    }
  }
  return names;
}
