// Which pick policy a command runs: a named scripted policy (`--policy reference`) or an ONNX
// model (`--model PATH`, loaded with its card and signature-checked). One place, so every
// command resolves policies the same way.
import { createPickModelPolicy, loadModel } from '../../policies/onnx/index.js';
import type { PickPolicy } from '../../policies/policy.js';
import { referencePickPolicy } from '../../policies/reference/pick.js';
import { UsageError } from '../common/errors.js';

export const PICK_POLICY_NAMES = ['reference'] as const;

export async function resolvePickPolicy(opts: { policy?: string; model?: string }): Promise<PickPolicy> {
  if (opts.model !== undefined) {
    if (opts.policy !== undefined) throw new UsageError('give either --policy or --model, not both');
    const model = await loadModel(opts.model);
    if (model.card.task !== 'pick') {
      throw new UsageError(
        `${opts.model}: its card says task "${model.card.task}", but this command needs a pick model`,
      );
    }
    return createPickModelPolicy(model);
  }
  const name = opts.policy ?? 'reference';
  if (name === 'reference') return referencePickPolicy;
  throw new UsageError(`unknown pick policy "${name}" (known: ${PICK_POLICY_NAMES.join(', ')})`);
}
