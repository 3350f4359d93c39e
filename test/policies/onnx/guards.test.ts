import { describe, expect, it } from 'vitest';
import { createPickModelPolicy, loadModel } from '../../../policies/onnx/index.js';
import { fixture, observation, observations } from './helpers.js';

describe('output guards of ONNX pick policies', () => {
  it('turns NaN outputs into finite_actions violations, row by row', async () => {
    const policy = await createPickModelPolicy(await loadModel(fixture('nan-near-person.onnx')));
    const decisions = await policy.decide([
      observation({ 'human.distance_m': 10 }),
      observation({ 'human.distance_m': 2 }),
      observation({ 'human.distance_m': 6 }),
    ]);
    expect(decisions.map((d) => (d.ok ? 'ok' : d.invariant))).toEqual(['ok', 'finite_actions', 'ok']);
    expect(decisions[1]).toMatchObject({ message: 'grasp.dx = NaN' });
  });

  it("turns actions outside the card's bounds into action_bounds violations", async () => {
    const policy = await createPickModelPolicy(await loadModel(fixture('accel-out-of-bounds.onnx')));
    const decisions = await policy.decide([
      observation({ 'item.est_mass_kg': 1 }),
      observation({ 'item.est_mass_kg': 4 }),
    ]);
    expect(decisions[0]).toMatchObject({ ok: true, action: { 'transfer.accel_mps2': 12 } });
    expect(decisions[1]).toMatchObject({ ok: false, invariant: 'action_bounds' });
    expect(decisions[1].ok === false && decisions[1].message).toMatch(
      /^transfer\.accel_mps2 = 48 outside \[0\.2, 40\]$/,
    );
  });

  it('turns a call over its time budget into model_timeout for the whole batch, without throwing', async () => {
    const model = await loadModel(fixture('fragile-fast.onnx'));
    const late = await createPickModelPolicy(model, { timeBudgetMs: 0 });
    const decisions = await late.decide(observations(5, 'timeout'));
    expect(decisions.map((d) => (d.ok ? 'ok' : d.invariant))).toEqual(Array(5).fill('model_timeout'));
    const inTime = await createPickModelPolicy(model, { timeBudgetMs: 60_000 });
    expect((await inTime.decide(observations(5, 'timeout'))).every((d) => d.ok)).toBe(true);
  });

  it('answers an empty batch without running the model', async () => {
    const policy = await createPickModelPolicy(await loadModel(fixture('fragile-fast.onnx')), {
      timeBudgetMs: 0,
    });
    expect(await policy.decide([])).toEqual([]);
  });

  it('feeds the heightmap to a CNN model, and says so when the scenario renders none', async () => {
    const policy = await createPickModelPolicy(await loadModel(fixture('pick-cnn.onnx')));
    const flat = new Float32Array(32 * 32).fill(1.43);
    const bumpy = flat.map((v, i) => (i % 32 > 10 && i % 32 < 20 ? 1.25 : v));
    const [a, b] = await policy.decide([
      { ...observation(), heightmap: { height: 32, width: 32, data: flat } },
      { ...observation(), heightmap: { height: 32, width: 32, data: bumpy } },
    ]);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.action).not.toEqual(b.action);
    await expect(policy.decide([observation()])).rejects.toThrow(
      /needs a 32×32 camera\.heightmap .*got none/,
    );
  });
});
