// The pick policy keeps one input tensor per batch size and refills it on every call: a call
// must still answer from its own rows, whether it follows another call of the same size or
// overlaps one.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPickModelPolicy, loadModel } from '../../../policies/onnx/index.js';
import { MODELS, observations } from './helpers.js';

describe('pooled input tensors of ONNX pick policies', () => {
  it('answers each call of a reused batch size from its own rows', async () => {
    const policy = await createPickModelPolicy(await loadModel(join(MODELS, 'pick-v1.onnx')));
    const a = observations(8, 'pool-a');
    const b = observations(8, 'pool-b');
    const first = await policy.decide(a);
    const other = await policy.decide(b);
    expect(other).not.toEqual(first);
    expect(await policy.decide(a)).toEqual(first);
  });

  it('gives overlapping calls of the same size their own tensors', async () => {
    const policy = await createPickModelPolicy(await loadModel(join(MODELS, 'pick-v1.onnx')));
    const a = observations(8, 'overlap-a');
    const b = observations(8, 'overlap-b');
    const alone = [await policy.decide(a), await policy.decide(b)];
    expect(await Promise.all([policy.decide(a), policy.decide(b)])).toEqual(alone);
  });
});
