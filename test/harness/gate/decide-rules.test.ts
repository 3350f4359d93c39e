// The rules of one look (harness/gate/rules.ts, look.ts) on hand-made pairs whose p-values are
// known exactly: constant differences make the sign-flip test exact, p = 2⁻ⁿ one-sided, so each
// boundary (min_slice_pairs, the look's α, floors by interval or by point, relative margins,
// direction, the Holm family) is tested on both sides.
import { describe, expect, it } from 'vitest';
import type { GateConfigInput } from '../../../harness/gate/config.js';
import { decideGate } from '../../../harness/gate/decide.js';
import type { GateInput, GatePair, GateScenario } from '../../../harness/gate/input.js';
import { outcome, syntheticInput } from './synthetic.js';

/** One look over the whole plan at α = 0.025: a rule passes when p ≤ 0.025 (n ≥ 6 constant pairs). */
const ONE_LOOK: GateConfigInput = {
  checkpoints: [1],
  min_pairs: 1,
  min_slice_pairs: 8,
  kpis: { pick_success_rate: { margin: 0.02 }, mean_cycle_time_s: false },
};

const SCENARIO: GateScenario = { id: 's', title: 's', tags: ['t'], requirements: [], kpi_criteria: [] };

/** n pairs, candidate and baseline KPIs given per pair index. */
function input(
  n: number,
  candidate: (i: number) => Record<string, number>,
  baseline: (i: number) => Record<string, number>,
  gate: GateConfigInput = ONE_LOOK,
  scenarios: GateScenario[] = [SCENARIO],
): GateInput {
  const base = syntheticInput({ pairs: n, seed: 1 }, gate);
  const pairs: GatePair[] = Array.from({ length: n }, (_, i) => ({
    scenario_id: scenarios[i % scenarios.length].id,
    sample: i,
    seed: 1,
    candidate: outcome(candidate(i)),
    baseline: outcome(baseline(i)),
  }));
  return { ...base, scenarios, pairs, planned_pairs: n };
}

const rule = (input: GateInput, kpi: string, slice = 'all') =>
  decideGate(input).checks.find((c) => c.kpi === kpi && c.slice === slice)!;

describe('min_slice_pairs: a slice decides from exactly min_slice_pairs pairs', () => {
  const better = (n: number, gate = ONE_LOOK) =>
    input(
      n,
      () => ({ pick_success_rate: 0.95 }),
      () => ({ pick_success_rate: 0.9 }),
      gate,
    );
  it('7 pairs with min 8: undecided, saying so', () => {
    const c = rule(better(7), 'pick_success_rate');
    expect(c).toMatchObject({ status: 'undecided', figures: { n: 7, min_slice_pairs: 8 } });
    expect(c.message).toMatch(/7 pair\(s\), fewer than min_slice_pairs 8: too few to decide either way/);
    expect(decideGate(better(7)).decision).toBe('INCONCLUSIVE');
  });
  it('8 pairs with min 8: the exact test decides (p = 2⁻⁸ = 0.0039 ≤ 0.025): PROMOTE', () => {
    const c = rule(better(8), 'pick_success_rate');
    expect(c).toMatchObject({ status: 'pass', figures: { n: 8, p_noninferior: 0.003906 } });
    expect(decideGate(better(8)).decision).toBe('PROMOTE');
  });
  it('with min_slice_pairs 1, five pairs still cannot pass at 2.5% (2⁻⁵ = 0.031), six can (0.016)', () => {
    const gate = { ...ONE_LOOK, min_slice_pairs: 1 };
    expect(rule(better(5, gate), 'pick_success_rate')).toMatchObject({
      status: 'undecided',
      figures: { p_noninferior: 0.03125 },
    });
    expect(rule(better(6, gate), 'pick_success_rate')).toMatchObject({
      status: 'pass',
      figures: { p_noninferior: 0.015625 },
    });
  });
  it('no pairs in a slice: undecided with its own message', () => {
    const gate = { ...ONE_LOOK, slices: [{ tag: 'other', kpis: ['pick_success_rate'] }] };
    const other: GateScenario = { ...SCENARIO, id: 'o', tags: ['other'] };
    const i = input(
      8,
      () => ({ pick_success_rate: 0.95 }),
      () => ({ pick_success_rate: 0.9 }),
      gate,
      [SCENARIO, other],
    );
    const c = rule(i, 'pick_success_rate', 'tag:other');
    expect(c.figures.n).toBe(4);
    expect(c.status).toBe('undecided');
  });
});

describe('non-inferiority figures', () => {
  it('an absolute margin: limit −margin for a higher-is-better KPI, +margin for lower-is-better', () => {
    const gate: GateConfigInput = {
      ...ONE_LOOK,
      kpis: { pick_success_rate: { margin: 0.02 }, mean_cycle_time_s: { margin: 0.5 } },
    };
    const i = input(
      10,
      () => ({ pick_success_rate: 0.89, mean_cycle_time_s: 8.2 }),
      () => ({ pick_success_rate: 0.9, mean_cycle_time_s: 8 }),
      gate,
    );
    const success = rule(i, 'pick_success_rate');
    expect(success.figures).toMatchObject({
      n: 10,
      candidate_mean: 0.89,
      baseline_mean: 0.9,
      difference: -0.01,
      limit: -0.02,
      margin: 0.02,
      margin_kind: 'absolute',
      direction: 'higher',
    });
    expect(success.status).toBe('pass'); // −0.01 > −0.02 in all 10 pairs: p = 2⁻¹⁰
    const cycle = rule(i, 'mean_cycle_time_s');
    expect(cycle.figures).toMatchObject({ difference: 0.2, limit: 0.5, margin: 0.5, direction: 'lower' });
    expect(cycle.status).toBe('pass');
    expect(cycle.message).toMatch(/lies below the non-inferiority limit 0\.5/);
    expect(success.message).toMatch(/lies above the non-inferiority limit -0\.02/);
  });

  it('a relative margin is taken from the baseline mean: 5% of 8 s is 0.4 s', () => {
    const gate: GateConfigInput = {
      ...ONE_LOOK,
      kpis: { mean_cycle_time_s: { margin: { relative: 0.05 } } },
    };
    const ok = input(
      10,
      () => ({ mean_cycle_time_s: 8.3 }),
      () => ({ mean_cycle_time_s: 8 }),
      gate,
    );
    expect(rule(ok, 'mean_cycle_time_s')).toMatchObject({
      status: 'pass',
      figures: { margin: 0.4, limit: 0.4, margin_kind: 'relative' },
    });
    const worse = input(
      10,
      () => ({ mean_cycle_time_s: 8.5 }),
      () => ({ mean_cycle_time_s: 8 }),
      gate,
    );
    expect(rule(worse, 'mean_cycle_time_s').status).toBe('fail');
    expect(decideGate(worse).decision).toBe('REJECT');
  });

  it('a relative margin of a zero baseline mean is zero: equal counts are not shown non-inferior', () => {
    const gate: GateConfigInput = { ...ONE_LOOK, kpis: { crushes: { margin: { relative: 0.5 } } } };
    const i = input(
      10,
      () => ({ pick_success_rate: 0.9, crushes: 0 }),
      () => ({ pick_success_rate: 0.9, crushes: 0 }),
      gate,
    );
    expect(rule(i, 'crushes')).toMatchObject({ status: 'undecided', figures: { margin: 0, limit: 0 } });
  });

  it('clearly worse beyond the margin fails with the Holm-adjusted α in its figures', () => {
    const i = input(
      10,
      () => ({ pick_success_rate: 0.8 }),
      () => ({ pick_success_rate: 0.9 }),
    );
    const d = decideGate(i);
    expect(d.decision).toBe('REJECT');
    expect(d.reasons[0]).toMatchObject({
      rule: 'non_inferiority',
      kpi: 'pick_success_rate',
      status: 'fail',
      figures: { p_fail: 2 ** -10 },
    });
    expect(d.reasons[0].message).toMatch(
      /worse than the non-inferiority limit -0\.02 allows .*Holm-adjusted at α 0\.025/,
    );
  });

  it('Holm over two rules: the broken one needs p ≤ α/2 = 0.0125; 2⁻⁶ = 0.0156 is not enough, 2⁻⁷ = 0.0078 is', () => {
    // Two rules; the smallest p-value is compared with α/2, the next with α.
    const gate: GateConfigInput = {
      ...ONE_LOOK,
      min_slice_pairs: 1,
      kpis: { pick_success_rate: { margin: 0.02 }, mean_cycle_time_s: { margin: 0.5 } },
    };
    const six = input(
      6,
      () => ({ pick_success_rate: 0.8, mean_cycle_time_s: 8 }),
      () => ({ pick_success_rate: 0.9, mean_cycle_time_s: 8 }),
      gate,
    );
    expect(decideGate(six).decision).toBe('INCONCLUSIVE');
    const seven = input(
      7,
      () => ({ pick_success_rate: 0.8, mean_cycle_time_s: 8 }),
      () => ({ pick_success_rate: 0.9, mean_cycle_time_s: 8 }),
      gate,
    );
    // 2⁻⁷ = 0.0078 ≤ 0.0125: rejected.
    expect(decideGate(seven).decision).toBe('REJECT');
    expect(decideGate(seven).reasons[0].figures.holm_alpha).toBeCloseTo(0.025, 12);
  });
});

describe('floors', () => {
  const floorGate = (evidence: 'interval' | 'point'): GateConfigInput => ({
    ...ONE_LOOK,
    kpis: { pick_success_rate: false, mean_cycle_time_s: false, crushes: { margin: 1 } },
    floors: { pick_success_rate: { min: 0.85 } },
    floor_evidence: evidence,
  });
  const noisy = (i: number) => ({ pick_success_rate: i % 2 ? 0.7 : 1.02, crushes: 0 });
  it('by interval: a mean above the floor with a wide interval is undecided', () => {
    const c = rule(
      input(8, noisy, () => ({ pick_success_rate: 0.9, crushes: 0 }), floorGate('interval')),
      'pick_success_rate',
    );
    expect(c.rule).toBe('floor');
    expect(c.figures.candidate_mean).toBeCloseTo(0.86, 9);
    expect(c.status).toBe('undecided');
    expect(c.message).toMatch(/the interval does not yet clear the floor ≥ 0\.85/);
  });
  it('by point: the same mean passes', () => {
    const c = rule(
      input(8, noisy, () => ({ pick_success_rate: 0.9, crushes: 0 }), floorGate('point')),
      'pick_success_rate',
    );
    expect(c).toMatchObject({ status: 'pass', figures: { evidence: 'point' } });
    expect(c.message).toMatch(/meets the floor ≥ 0\.85/);
  });
  it('a constant mean above the floor clears it by interval (p = 2⁻⁸)', () => {
    const c = rule(
      input(
        8,
        () => ({ pick_success_rate: 0.9, crushes: 0 }),
        () => ({ pick_success_rate: 0.9, crushes: 0 }),
        floorGate('interval'),
      ),
      'pick_success_rate',
    );
    expect(c).toMatchObject({ status: 'pass', figures: { p_meets: 0.003906 } });
  });
  it('a mean below the floor misses it, and clearly below it fails the gate', () => {
    const below = input(
      8,
      () => ({ pick_success_rate: 0.5, crushes: 0 }),
      () => ({ pick_success_rate: 0.9, crushes: 0 }),
      floorGate('point'),
    );
    const d = decideGate(below);
    expect(d.decision).toBe('REJECT');
    expect(d.reasons[0]).toMatchObject({ rule: 'floor', status: 'fail' });
    expect(d.reasons[0].message).toMatch(/clearly misses the floor ≥ 0\.85/);
  });
  it('a scenario’s kpi_criteria are floors on its own slice', () => {
    const scenario = { ...SCENARIO, kpi_criteria: [{ kpi: 'pick_success_rate', max: 0.99 }] };
    const i = input(
      8,
      () => ({ pick_success_rate: 0.9, crushes: 0 }),
      () => ({ pick_success_rate: 0.9, crushes: 0 }),
      floorGate('interval'),
      [scenario],
    );
    const c = rule(i, 'pick_success_rate', 'scenario:s');
    expect(c).toMatchObject({
      rule: 'scenario_criterion',
      status: 'pass',
      figures: { max: 0.99, min: null },
    });
  });
});

describe('rule messages and bounds', () => {
  it('a floor on a maximum, and on both ends, says so; a mean outside misses it', () => {
    const gate = (floor: { min?: number; max?: number }): GateConfigInput => ({
      ...ONE_LOOK,
      kpis: { crushes: { margin: 1 } },
      floors: { mean_cycle_time_s: floor },
      floor_evidence: 'point',
    });
    const run = (floor: { min?: number; max?: number }, value: number) =>
      rule(
        input(
          8,
          () => ({ mean_cycle_time_s: value, crushes: 0 }),
          () => ({ mean_cycle_time_s: 8, crushes: 0 }),
          gate(floor),
        ),
        'mean_cycle_time_s',
      );
    expect(run({ max: 9 }, 8.5).message).toMatch(/meets the floor ≤ 9$/);
    expect(run({ max: 9 }, 9.5).message).toMatch(/clearly misses the floor ≤ 9 \(p /);
    expect(run({ max: 9 }, 9).status).toBe('pass'); // on the ceiling itself
    expect(run({ min: 8 }, 8).status).toBe('pass'); // on the floor itself
    expect(run({ min: 8.5 }, 8).status).toBe('fail');
    expect(run({ min: 7, max: 9 }, 8).message).toMatch(/meets the floor ≥ 7 and ≤ 9$/);
    expect(run({ min: 7, max: 9 }, 9.5).figures).toMatchObject({ min: 7, max: 9 });
    expect(run({ min: 7, max: 9 }, 6).status).toBe('fail');
  });
  it('a lower-is-better KPI reports its interval on the raw scale: lower ≤ difference ≤ upper', () => {
    const gate: GateConfigInput = { ...ONE_LOOK, kpis: { mean_cycle_time_s: { margin: 0.5 } } };
    const c = rule(
      input(
        12,
        (i) => ({ mean_cycle_time_s: 8 + (i % 3) * 0.1 }),
        () => ({ mean_cycle_time_s: 8 }),
        gate,
      ),
      'mean_cycle_time_s',
    );
    const f = c.figures as { lower: number; upper: number; difference: number };
    expect(f.difference).toBeCloseTo(0.1, 9);
    expect(f.lower).toBeLessThan(f.difference);
    expect(f.upper).toBeGreaterThan(f.difference);
    expect(f.upper).toBeLessThan(0.5);
    expect(c.status).toBe('pass');
  });
  it('p-values below 0.001 print in exponent form', () => {
    const d = decideGate(
      input(
        10,
        () => ({ pick_success_rate: 0.8 }),
        () => ({ pick_success_rate: 0.9 }),
      ),
    );
    expect(d.reasons[0].message).toContain('(p 9.77e-4)');
    expect(d.reasons[0].message).toContain('candidate 0.8 vs baseline 0.9, difference -0.1');
  });
  it('a slice with no pairs yet at a look says so', () => {
    const other: GateScenario = { ...SCENARIO, id: 'o', tags: ['other'] };
    const gate: GateConfigInput = {
      ...ONE_LOOK,
      checkpoints: [0.5, 1],
      slices: [{ tag: 'other', kpis: ['pick_success_rate'] }],
    };
    const base = input(
      20,
      () => ({ pick_success_rate: 0.95 }),
      () => ({ pick_success_rate: 0.9 }),
      gate,
      [SCENARIO, other],
    );
    // Scenario o's pairs all come after the first look.
    const pairs = base.pairs.map((p, i) => ({ ...p, scenario_id: i < 10 ? 's' : 'o' }));
    const first = decideGate({
      ...base,
      pairs: pairs.map((p, i) => (i < 10 ? p : { ...p, candidate: undefined, baseline: undefined })),
    });
    const c = first.checks.find((x) => x.slice === 'tag:other')!;
    expect(c).toMatchObject({ status: 'undecided', figures: { n: 0, min_slice_pairs: 8 } });
    expect(c.message).toBe('pick_success_rate on tag:other: no pairs yet at this look');
  });
});
