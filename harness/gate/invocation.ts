// What a gate was asked to do, saved as OUT/gate.json so `simgate report OUT` can rebuild the
// decision from the results on disk without the original command line.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../common/errors.js';

export interface GateInvocation {
  readonly schema: 'simgate.gate/v1';
  readonly candidate: string;
  readonly baseline: string;
  readonly config?: string;
  readonly suite?: readonly string[];
  readonly tags?: readonly string[];
  readonly requirements?: readonly string[];
  readonly seed?: number;
  readonly samples?: number;
  readonly approvals?: string;
  /** An A/A run: the same model bytes on both sides are asked for, not a mistake. */
  readonly aa?: boolean;
}

export const GATE_FILE = 'gate.json';

export function writeInvocation(outDir: string, invocation: GateInvocation): void {
  writeFileSync(join(outDir, GATE_FILE), `${JSON.stringify(invocation, null, 2)}\n`);
}

export function readInvocation(outDir: string): GateInvocation {
  const path = join(outDir, GATE_FILE);
  if (!existsSync(path)) {
    throw new UsageError(`${path}: not found — is ${outDir} the output directory of a simgate gate run?`);
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const inv = data as Partial<GateInvocation>;
  if (
    inv.schema !== 'simgate.gate/v1' ||
    typeof inv.candidate !== 'string' ||
    typeof inv.baseline !== 'string'
  ) {
    throw new UsageError(
      `${path}: not a simgate gate invocation (schema simgate.gate/v1 with candidate and baseline)`,
    );
  }
  return inv as GateInvocation;
}
