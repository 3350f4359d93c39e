// Which pick policy a command runs: a named scripted policy (`--policy reference`) or an ONNX
// model (`--model PATH`). One place, so every command resolves policies the same way.
import type { PickPolicy } from '../policies/policy.js';
import { referencePickPolicy } from '../policies/reference/pick.js';
import { UsageError } from './errors.js';

export const PICK_POLICY_NAMES = ['reference'] as const;

export async function resolvePickPolicy(opts: { policy?: string; model?: string }): Promise<PickPolicy> {
  if (opts.model !== undefined) {
    if (opts.policy !== undefined && opts.policy !== 'reference') {
      throw new UsageError('give either --policy or --model, not both');
    }
    throw new UsageError(
      `--model ${opts.model}: ONNX models are loaded by policies/onnx, which this command does not use yet`,
      'run the scripted policy with --policy reference',
    );
  }
  const name = opts.policy ?? 'reference';
  if (name === 'reference') return referencePickPolicy;
  throw new UsageError(`unknown pick policy "${name}" (known: ${PICK_POLICY_NAMES.join(', ')})`);
}
