// gateReportData: besides the decision, the per-episode detail (verdicts and sampled
// parameters), the simulated exposure and the promotion statistic of every look.
import { describe, expect, it } from 'vitest';
import { decideGate } from '../../../harness/gate/decide.js';
import type { GateInput } from '../../../harness/gate/input.js';
import { gateReportData } from '../../../harness/gate/report.js';
import { normalQuantile } from '../../../harness/gate/stats/normal.js';
import { outcome, syntheticInput } from './synthetic.js';

const RUN = {
  episodes: { planned: 0, run: 0, cached: 0, errored: 0 },
  provenance: {
    models: {
      candidate: { path: 'c.onnx', sha256: 'c', card: null },
      baseline: { path: 'b.onnx', sha256: 'b', card: null },
    },
    scenarios: [],
    config: null,
    versions: {},
    seeds: { suite: 1 },
    shard: null,
  },
};

const report = (input: GateInput) => gateReportData(input, decideGate(input), RUN);

describe('gateReportData', () => {
  it('lists every pair with both verdicts and the sampled parameters the engine recorded', () => {
    const base = syntheticInput({ pairs: 40, seed: 3, successShift: 0.05 });
    const pairs = base.pairs.map((p, i) => ({
      ...p,
      params: { 'item.mass_kg': i / 10, 'item.kind': i % 2 ? 'box' : 'bag' },
      ...(i === 7
        ? {
            candidate: outcome(p.candidate!.kpis, {
              status: 'violation',
              invariants: [{ name: 'no_crush', worst: 2, margin: -1, violated: true }],
            }),
          }
        : {}),
      ...(i === 9 ? { baseline: outcome(p.baseline!.kpis, { status: 'timeout' }) } : {}),
    }));
    const input = { ...base, pairs };
    const decision = decideGate(input);
    const data = gateReportData(input, decision, RUN);
    // Every pair the decision screened: here the look that holds the violation.
    expect(data.episodes_detail).toHaveLength(decision.screened_pairs);
    expect(decision.screened_pairs).toBeGreaterThan(9);
    const d = data.episodes_detail!;
    expect(d[0]).toEqual({
      scenario_id: pairs[0].scenario_id,
      sample: 0,
      seed: pairs[0].seed,
      params: { 'item.mass_kg': 0, 'item.kind': 'bag' },
      candidate: { verdict: 'pass', violated: [] },
      baseline: { verdict: 'pass', violated: [] },
    });
    expect(d[7].candidate).toEqual({ verdict: 'violation', violated: ['no_crush'] });
    expect(d[9].baseline).toEqual({ verdict: 'error', violated: [] });
    expect(d.filter((x) => x.candidate?.verdict !== 'pass')).toHaveLength(1);
    expect(data.decision).toBe('REJECT');
  });

  it('sums the simulated exposure of the used pairs per model', () => {
    const input = syntheticInput({ pairs: 80, seed: 5, successShift: 0.05 });
    const decision = decideGate(input);
    const data = gateReportData(input, decision, RUN);
    const used = decision.used_pairs;
    expect(used).toBeGreaterThan(0);
    // Both models ran the used pairs; the candidate alone ran the rest of its safety episodes.
    expect(data.episodes.used).toBe(used * 2 + (decision.screened_pairs - used));
    const c = data.exposure!.candidate;
    expect(c.episodes).toBe(used);
    expect(c.sim_hours).toBeCloseTo((used * 60) / 3600, 6);
    const expected = input.pairs.slice(0, used).reduce((s, p) => s + p.candidate!.kpis.pick_success_rate, 0);
    expect(c.kpi_sums.pick_success_rate).toBeCloseTo(expected, 5);
  });

  it("gives every look its weakest rule's z against the boundary, matching the decision", () => {
    for (const [shift, seed] of [
      [0.0, 11],
      [0.05, 2],
      [-0.08, 4],
    ] as const) {
      const input = syntheticInput({ pairs: 160, seed, successShift: shift, noise: 0.06 });
      const data = report(input);
      const looks = data.sequential.looks;
      expect(looks.length).toBeGreaterThan(0);
      for (const look of looks.filter((l) => l.outcome !== 'SAFETY')) {
        const s = look.statistic!;
        expect(s.rule).toMatch(/ on all$/);
        // The weakest rule passes exactly when the look promotes (no approval rules here).
        if (look.outcome === 'PROMOTE') expect(s.z).toBeGreaterThanOrEqual(s.boundary);
        else expect(s.z).toBeLessThan(s.boundary);
        // The boundary is the look's nominal α on the z scale (every rule has the suite confidence).
        expect(s.boundary).toBeCloseTo(normalQuantile(1 - look.nominal_alpha), 4);
      }
      // The deciding look's statistic is the one the checks report.
      const last = looks.filter((l) => l.outcome !== 'SAFETY').at(-1)!;
      const [kpi] = last.statistic!.rule.split(' on ');
      const check = data.checks.find(
        (c) => c.rule === 'non_inferiority' && c.kpi === kpi && c.slice === 'all',
      )!;
      const p = check.figures.p_noninferior as number; // rounded to 6 decimals in the check
      if (p > 1e-5 && p < 1 - 1e-5) expect(last.statistic!.z).toBeCloseTo(normalQuantile(1 - p), 2);
      else expect(Math.abs(last.statistic!.z)).toBeGreaterThan(3);
    }
  });
});
