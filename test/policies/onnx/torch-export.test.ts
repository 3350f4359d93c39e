import { describe, expect, it } from 'vitest';
import { createPickModelPolicy, loadModel } from '../../../policies/onnx/index.js';
import { fixture, observations } from './helpers.js';

describe('a PyTorch-exported model (test/fixtures/models/torch/export.py)', () => {
  it('keeps the exporter tensor names and dynamic batch axis, binds through its card and runs', async () => {
    const model = await loadModel(fixture('torch/tiny-mlp.onnx'));
    expect(model.signature.producer).toBe('pytorch');
    expect(model.signature.inputs).toEqual([{ name: 'input.1', elemType: 1, shape: ['batch_size', 12] }]);
    expect(model.signature.outputs).toEqual([{ name: '8', elemType: 1, shape: ['Sigmoid8_dim_0', 6] }]);
    const policy = await createPickModelPolicy(model);
    const obs = observations(10, 'torch');
    const batched = await policy.decide(obs);
    expect(batched.every((d) => d.ok)).toBe(true);
    for (const d of batched) {
      if (!d.ok) continue;
      // sigmoid outputs mapped by the card's min/max normalisation
      expect(d.action['transfer.accel_mps2']).toBeGreaterThan(0.5);
      expect(d.action['transfer.accel_mps2']).toBeLessThan(12);
    }
    const rows = [];
    for (const o of obs) rows.push(...(await policy.decide([o])));
    expect(rows).toEqual(batched);
  });
});
