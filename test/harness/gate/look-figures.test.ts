// The figures a look hands the report (harness/gate/look.ts, decide.ts): the look table's rounded
// boundaries, the promotion statistic of the weakest rule, the order of the checks JUnit lists,
// the minimum detectable effect, McNemar's figures for a 0/1 KPI — each against a value worked
// out by hand.
import { describe, expect, it } from 'vitest';
import type { GateConfigInput } from '../../../harness/gate/config.js';
import { decideGate } from '../../../harness/gate/decide.js';
import type { GateInput, GatePair, GateScenario } from '../../../harness/gate/input.js';
import { outcome, syntheticInput } from './synthetic.js';

const SCENARIO: GateScenario = { id: 's', title: 's', tags: [], requirements: [], kpi_criteria: [] };

function input(
  n: number,
  candidate: (i: number) => Record<string, number>,
  baseline: (i: number) => Record<string, number>,
  gate: GateConfigInput,
): GateInput {
  const base = syntheticInput({ pairs: n, seed: 1 }, gate);
  const pairs: GatePair[] = Array.from({ length: n }, (_, i) => ({
    scenario_id: 's',
    sample: i,
    seed: 1,
    candidate: outcome(candidate(i)),
    baseline: outcome(baseline(i)),
  }));
  return { ...base, scenarios: [SCENARIO], pairs, planned_pairs: n };
}

describe('the look table', () => {
  it('rounds α to six significant digits and z to six decimals; each row carries its look', () => {
    const d = decideGate(syntheticInput({ pairs: 400, seed: 3, noise: 0.3 }));
    expect(d.sequential).toMatchObject({
      design: 'group-sequential',
      spending: 'lan-demets-obrien-fleming',
      alpha: 0.025,
      planned_looks: 4,
    });
    const [first, , , last] = d.sequential.looks;
    expect(first).toMatchObject({ index: 0, pairs: 100, fraction: 0.25, boundary_z: 4.332634 });
    // 1 − Φ(4.332634) = 7.36681e-6 (six significant digits).
    expect(first.nominal_alpha).toBeCloseTo(7.36681e-6, 10);
    expect(first.nominal_alpha).toBe(7.36681e-6); // rounded: 7.366810… at six digits
    expect(first.cumulative_alpha).toBe(first.nominal_alpha);
    expect(last).toMatchObject({ index: 3, pairs: 400, fraction: 1, boundary_z: 2.01409 });
    expect(last.cumulative_alpha).toBeCloseTo(0.025, 6);
  });

  it('the promotion statistic names the weakest rule with z = Φ⁻¹(1 − p) and the look’s boundary', () => {
    // 10 pairs, one look: success exactly 2⁻¹⁰ (z = 3.2972), cycle time 2⁻¹⁰ as well… the weaker
    // one is the rule with the smaller z − boundary; make the cycle rule weaker with 8 of 10 ahead.
    const gate: GateConfigInput = {
      checkpoints: [1],
      min_pairs: 1,
      min_slice_pairs: 1,
      kpis: { pick_success_rate: { margin: 0.02 }, crushes: { margin: 0.5 } },
    };
    const d = decideGate(
      input(
        10,
        () => ({ pick_success_rate: 0.95, crushes: 0 }),
        () => ({ pick_success_rate: 0.9, crushes: 0 }),
        gate,
      ),
    );
    const s = d.sequential.looks[0].statistic!;
    // Both rules have p = 2⁻¹⁰ = 0.000977: z = Φ⁻¹(0.999023) = 3.097; the first listed wins ties.
    expect(s.rule).toBe('pick_success_rate on all');
    expect(s.z).toBeCloseTo(3.097, 3);
    expect(s.boundary).toBeCloseTo(1.959964, 5);
  });
});

describe('checks in the order JUnit lists them', () => {
  it('errors, then failures, then undecided, then passes, each group in evaluation order', () => {
    const gate: GateConfigInput = {
      checkpoints: [1],
      min_pairs: 1,
      min_slice_pairs: 1,
      kpis: {
        pick_success_rate: { margin: 0.02 }, // passes
        picks_per_hour: { margin: 0 }, // equal: undecided
        crushes: { margin: 0 }, // clearly worse: fails
        mean_cycle_time_s: { margin: 1 }, // passes
      },
    };
    const d = decideGate(
      input(
        12,
        () => ({ pick_success_rate: 0.95, picks_per_hour: 100, crushes: 3, mean_cycle_time_s: 8 }),
        () => ({ pick_success_rate: 0.9, picks_per_hour: 100, crushes: 0, mean_cycle_time_s: 8 }),
        gate,
      ),
    );
    expect(d.decision).toBe('REJECT');
    expect(d.checks.map((c) => [c.kpi, c.status])).toEqual([
      ['crushes', 'fail'],
      ['picks_per_hour', 'undecided'],
      ['pick_success_rate', 'pass'],
      ['mean_cycle_time_s', 'pass'],
    ]);
    expect(d.reasons.map((r) => r.kpi)).toEqual(['crushes']);
  });
});

describe('figures of one rule', () => {
  it('the minimum detectable effect is (z₀.₉₇₅ + z₀.₈) · SE = 2.8016 · SE', () => {
    const gate: GateConfigInput = {
      checkpoints: [1],
      min_pairs: 1,
      min_slice_pairs: 1,
      kpis: { picks_per_hour: { margin: 1 } },
    };
    // Differences alternate +2 and −2: mean 0, sd 2.108 (n − 1 = 9), SE = 0.6667.
    const c = decideGate(
      input(
        10,
        (i) => ({ picks_per_hour: 100 + (i % 2 ? 2 : -2) }),
        () => ({ picks_per_hour: 100 }),
        gate,
      ),
    ).checks.find((x) => x.kpi === 'picks_per_hour')!;
    expect(c.figures.standard_error).toBeCloseTo(0.666667, 5);
    expect(c.figures.mde).toBeCloseTo(2.8016 * 0.666667, 3);
    expect(c.figures.alpha).toBe(0.025);
    expect(c.status).toBe('undecided');
    expect(c.message).toMatch(/this sample detects differences of 1\.8677 with power 0\.8$/);
  });

  it('a 0/1 KPI reports McNemar’s exact figures with the discordant pairs', () => {
    const gate: GateConfigInput = {
      checkpoints: [1],
      min_pairs: 1,
      min_slice_pairs: 1,
      kpis: { pick_success_rate: { margin: 0.05, test: 'binary' } },
    };
    // 20 pairs: 2 where only the candidate succeeds, 6 where only the baseline does.
    const cand = (i: number) => ({ pick_success_rate: i < 2 ? 1 : i < 8 ? 0 : 1 });
    const base = (i: number) => ({ pick_success_rate: i < 2 ? 0 : 1 });
    const c = decideGate(input(20, cand, base, gate)).checks.find((x) => x.kpi === 'pick_success_rate')!;
    // Exact McNemar two-sided on 2 vs 6: 2 · P(Bin(8, ½) ≤ 2) = 2 · 37/256 = 0.2890625.
    expect(c.figures).toMatchObject({
      test: 'binary',
      discordant: 8,
      mcnemar_p: 0.289063,
      candidate_mean: 0.7,
      baseline_mean: 0.9,
      difference: -0.2,
    });
    // One-sided "candidate worse": P(Bin(8, ½) ≥ 6) = 37/256 = 0.144531.
    expect(c.figures.mcnemar_p_worse).toBe(0.144531);
  });
});

describe('one look’s outcome', () => {
  const ONE: GateConfigInput = {
    checkpoints: [1],
    min_pairs: 8,
    min_slice_pairs: 1,
    kpis: { pick_success_rate: { margin: 0.02 } },
  };
  const better = (n: number, gate = ONE) =>
    input(
      n,
      () => ({ pick_success_rate: 0.95 }),
      () => ({ pick_success_rate: 0.9 }),
      gate,
    );
  it('a plan of exactly min_pairs pairs may promote; one pair fewer never does, saying why', () => {
    expect(decideGate(better(8)).decision).toBe('PROMOTE');
    const d = decideGate(better(7));
    expect(d.decision).toBe('INCONCLUSIVE');
    expect(d.sequential.looks.map((l) => l.outcome)).toEqual(['INCONCLUSIVE']);
    expect(d.reasons).toEqual([
      {
        rule: 'min_pairs',
        slice: 'all',
        status: 'undecided',
        figures: { pairs: 7, min_pairs: 8 },
        message: 'the plan has 7 pairs, fewer than min_pairs 8: too few to promote',
      },
    ]);
  });
  it('an INCONCLUSIVE lists the undecided rules only, not the ones that passed', () => {
    const gate: GateConfigInput = {
      ...ONE,
      kpis: { pick_success_rate: { margin: 0.02 }, picks_per_hour: { margin: 0 } },
    };
    const d = decideGate(
      input(
        10,
        () => ({ pick_success_rate: 0.95, picks_per_hour: 100 }),
        () => ({ pick_success_rate: 0.9, picks_per_hour: 100 }),
        gate,
      ),
    );
    expect(d.decision).toBe('INCONCLUSIVE');
    expect(d.reasons.map((r) => [r.kpi, r.status])).toEqual([['picks_per_hour', 'undecided']]);
  });
  it('a look that neither promotes nor rejects continues to the next one', () => {
    const gate: GateConfigInput = {
      ...ONE,
      checkpoints: [0.5, 1],
      min_pairs: 1,
      kpis: { picks_per_hour: { margin: 0 } },
    };
    const d = decideGate(
      input(
        12,
        () => ({ picks_per_hour: 100 }),
        () => ({ picks_per_hour: 100 }),
        gate,
      ),
    );
    expect(d.sequential.looks.map((l) => l.outcome)).toEqual(['CONTINUE', 'INCONCLUSIVE']);
  });
  it('the statistic is the non-inferiority rule furthest below its boundary; floors and empty slices never are', () => {
    const gate: GateConfigInput = {
      ...ONE,
      kpis: { pick_success_rate: { margin: 0.02 }, picks_per_hour: { margin: 5 } },
      floors: { pick_success_rate: { min: 0.99 } },
      slices: [{ tag: 'empty-at-this-look', kpis: ['pick_success_rate'] }],
    };
    const scenarios: GateScenario[] = [SCENARIO, { ...SCENARIO, id: 'late', tags: ['empty-at-this-look'] }];
    const base = input(
      10,
      // picks_per_hour: 7 of 10 ahead of −5, the rest equal to the limit: weaker than success (10 of 10).
      (i) => ({ pick_success_rate: 0.95, picks_per_hour: i < 7 ? 100 : 95 }),
      () => ({ pick_success_rate: 0.9, picks_per_hour: 100 }),
      gate,
    );
    const d = decideGate({ ...base, scenarios, planned_pairs: 10 });
    const s = d.sequential.looks[0].statistic!;
    expect(s.rule).toBe('picks_per_hour on all');
    const p = d.checks.find((c) => c.kpi === 'picks_per_hour')!.figures.p_noninferior as number;
    expect(p).toBeGreaterThan(2 ** -10);
    expect(s.z).toBeLessThan(3.09);
    expect(s.boundary).toBeCloseTo(1.959964, 5);
  });
});
