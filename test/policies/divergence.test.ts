// How differently two pick policies act on one observation, against values worked out by hand
// from the parameter registry's limits (gantry speed 3 m/s, acceleration 40 m/s², cup 60 mm).
import { describe, expect, it } from 'vitest';
import { pickDivergence } from '../../policies/divergence.js';
import type { PickAction, PickDecision } from '../../sim/pick/features.js';

const action: PickAction = {
  'grasp.dx': 0,
  'grasp.dy': 0,
  'approach.speed_mps': 0.35,
  'transfer.speed_mps': 0.5,
  'transfer.accel_mps2': 2,
  confidence: 0.98,
};
const act = (change: Partial<PickAction> = {}): PickDecision => ({
  ok: true,
  action: { ...action, ...change },
});
const refused: PickDecision = { ok: false, invariant: 'finite_actions', message: 'NaN' };

describe('pickDivergence', () => {
  it('is 0 for the same action and for two refusals', () => {
    expect(pickDivergence(act(), act())).toBe(0);
    expect(pickDivergence(refused, { ...refused, invariant: 'model_timeout' })).toBe(0);
  });

  it('is the largest difference, each action over its physical range', () => {
    // 0.6 m/s faster approach over the 3 m/s limit: 0.2.
    expect(pickDivergence(act({ 'approach.speed_mps': 0.95 }), act())).toBeCloseTo(0.2, 12);
    // 12 mm of grasp offset over the 60 mm cup: 0.2; 4 m/s² over 40: 0.1 — the largest counts.
    expect(pickDivergence(act({ 'grasp.dy': -0.012, 'transfer.accel_mps2': 6 }), act())).toBeCloseTo(0.2, 12);
    expect(pickDivergence(act({ confidence: 0.48 }), act())).toBeCloseTo(0.5, 12);
    // Symmetric.
    expect(pickDivergence(act(), act({ 'transfer.speed_mps': 1.1 }))).toBeCloseTo(0.2, 12);
  });

  it('is 1 when one acts and the other is refused', () => {
    expect(pickDivergence(act(), refused)).toBe(1);
    expect(pickDivergence(refused, act())).toBe(1);
  });
});
