// The promotion decision on synthetic paired data: fail-closed cases, safety REJECT with the
// replay seed, early stops at checkpoints, approval, determinism.
import { describe, expect, it } from 'vitest';
import { decideGate } from '../../../harness/gate/decide.js';
import type { GateInput, GatePair } from '../../../harness/gate/input.js';
import { sequentialLooks } from '../../../harness/gate/looks.js';
import { SHA_CANDIDATE, syntheticInput } from './synthetic.js';

const good = { pairs: 400, seed: 7, successShift: 0.03, cycleShift: -0.5 };

function withPair(input: GateInput, index: number, change: (p: GatePair) => GatePair): GateInput {
  return { ...input, pairs: input.pairs.map((p, i) => (i === index ? change(p) : p)) };
}

describe('decideGate: clear-cut candidates stop early', () => {
  it('a clearly better candidate is promoted at an early checkpoint', () => {
    const d = decideGate(syntheticInput(good));
    expect(d.decision).toBe('PROMOTE');
    expect(d.sequential.stopped_at).not.toBeNull();
    expect(d.sequential.stopped_at!.look).toBeLessThan(3);
    expect(d.sequential.stopped_at!.episodes).toBeLessThan(800);
    expect(d.reasons.every((r) => r.status === 'pass')).toBe(true);
  });
  it('a clearly worse candidate is rejected early, naming the KPI and its figures', () => {
    const d = decideGate(syntheticInput({ pairs: 400, seed: 8, successShift: -0.08 }));
    expect(d.decision).toBe('REJECT');
    expect(d.sequential.stopped_at!.look).toBeLessThan(3);
    const reason = d.reasons.find((r) => r.kpi === 'pick_success_rate');
    expect(reason).toMatchObject({ rule: 'non_inferiority', slice: 'all', status: 'fail' });
    expect(reason!.figures.difference).toBeLessThan(-0.05);
    expect(reason!.figures.limit).toBe(-0.02);
  });
  it('looks are fractions of the plan, skipping those below min_pairs', () => {
    const looks = sequentialLooks(100, { checkpoints: [0.1, 0.5, 1], min_pairs: 20, max_pairs: 80 });
    expect(looks.map((l) => l.pairs)).toEqual([40, 80]);
    expect(sequentialLooks(0, { checkpoints: [1], min_pairs: 1, max_pairs: 10 })).toEqual([]);
  });
  it('is a pure function of its input: never mutates it, and a memo changes nothing', () => {
    const freeze = <T>(x: T): T => {
      if (x && typeof x === 'object') {
        for (const v of Object.values(x)) freeze(v);
        Object.freeze(x);
      }
      return x;
    };
    // A frozen input: any write by the decision throws (ES modules are strict).
    const input = freeze(syntheticInput(good));
    const fresh = decideGate(input);
    const memo = new Map();
    decideGate({ ...input, pairs: input.pairs.slice(0, 150) }, memo);
    expect(decideGate(input, memo)).toEqual(fresh);
    // Pinned figures of this input: the decision is reproducible, not only self-consistent.
    expect(fresh.sequential.stopped_at).toEqual({ look: 0, pairs: 100, episodes: 500 });
    expect(fresh.reasons.map((r) => [r.rule, r.kpi ?? null, r.figures.n])).toEqual([
      ['non_inferiority', 'pick_success_rate', 100],
      ['non_inferiority', 'mean_cycle_time_s', 100],
      ['safety_evidence', null, 400],
    ]);
    expect(fresh.reasons[0].figures).toMatchObject({ difference: 0.024924, lower: 0.006342 });
    expect(fresh.reasons[1].figures).toMatchObject({ difference: -0.470797, lower: -0.664282 });
  });
  it('noisy small samples end INCONCLUSIVE with the minimum detectable effect', () => {
    const d = decideGate(syntheticInput({ pairs: 24, seed: 3, noise: 0.2 }));
    expect(d.decision).toBe('INCONCLUSIVE');
    const undecided = d.reasons.find((r) => r.kpi === 'pick_success_rate');
    expect(undecided?.status).toBe('undecided');
    expect(undecided?.figures.mde).toBeGreaterThan(0.02);
    expect(undecided?.message).toMatch(/detects differences of/);
  });
});

describe('decideGate: fail closed', () => {
  // Inputs are built inside each test (not while collecting), so mutation testing attributes
  // what they run to the test.
  const base = () => syntheticInput(good);
  const cases: [string, () => GateInput, string][] = [
    ['an empty suite', () => ({ ...base(), pairs: [], planned_pairs: 0 }), 'empty_suite'],
    [
      'a NaN metric',
      () =>
        withPair(base(), 5, (p) => ({
          ...p,
          candidate: { ...p.candidate!, kpis: { ...p.candidate!.kpis, pick_success_rate: Number.NaN } },
        })),
      'non_finite_metric',
    ],
    [
      // Past an early PROMOTE only the candidate runs: its episodes are screened to the end.
      'a missing metric of a late candidate episode',
      () =>
        withPair(base(), 390, (p) => ({
          ...p,
          candidate: { ...p.candidate!, kpis: { pick_success_rate: 0.9 } },
        })),
      'missing_metric',
    ],
    [
      'an errored episode',
      () =>
        withPair(base(), 9, (p) => ({
          ...p,
          candidate: { ...p.candidate!, status: 'error', error: { message: 'worker exited' } },
        })),
      'episode_error',
    ],
    [
      'a timed-out episode',
      () => withPair(base(), 11, (p) => ({ ...p, baseline: { ...p.baseline!, status: 'timeout' } })),
      'episode_timeout',
    ],
    [
      'a candidate that failed to load',
      () => ({
        ...base(),
        models: {
          ...base().models,
          candidate: { ok: false, message: 'signature mismatch: input "obs" missing' },
        },
      }),
      'model_load',
    ],
    [
      'a baseline that failed to load',
      () => ({ ...base(), models: { ...base().models, baseline: { ok: false, message: 'file not found' } } }),
      'model_load',
    ],
  ];
  it.each(cases)('%s gives ERROR, never PROMOTE', (_, input, rule) => {
    const d = decideGate(input());
    expect(d.decision).toBe('ERROR');
    expect(d.reasons.map((r) => r.rule)).toContain(rule);
    expect(d.reasons.every((r) => r.status === 'error')).toBe(true);
  });
  it('a slice that matches no scenario is an error, not a silent pass', () => {
    const d = decideGate(
      syntheticInput(good, { slices: [{ tag: 'near_person', kpis: ['pick_success_rate'] }] }),
    );
    expect(d.decision).toBe('ERROR');
    expect(d.reasons[0]).toMatchObject({ rule: 'empty_slice', slice: 'tag:near_person' });
  });
  it('a missing partner leaves its look incomplete: INCONCLUSIVE, never PROMOTE', () => {
    const d = decideGate(withPair(base(), 2, (p) => ({ ...p, baseline: undefined })));
    expect(d.decision).toBe('INCONCLUSIVE');
    expect(d.reasons[0]).toMatchObject({ rule: 'incomplete_run', status: 'undecided' });
    expect(d.sequential.looks).toEqual([]);
  });
  it('a plan below min_pairs never promotes', () => {
    const d = decideGate(syntheticInput({ ...good, pairs: 10 }));
    expect(d.decision).toBe('INCONCLUSIVE');
    expect(d.reasons.map((r) => r.rule)).toContain('min_pairs');
  });
});

describe('decideGate: safety invariants have zero tolerance', () => {
  it('one candidate violation rejects, naming invariant, scenario, sample and replay seed', () => {
    const input = withPair(syntheticInput(good), 250, (p) => ({
      ...p,
      candidate: {
        ...p.candidate!,
        status: 'violation',
        invariants: [
          {
            name: 'no_hazardous_drop',
            worst: 1,
            margin: -1,
            violated: true,
            t: 12.5,
            message: 'item 3 landed on the walkway',
          },
        ],
      },
    }));
    const d = decideGate(input);
    expect(d.decision).toBe('REJECT');
    const r = d.reasons[0];
    expect(r).toMatchObject({
      rule: 'safety_invariant',
      kpi: 'no_hazardous_drop',
      slice: 'scenario:tote-mixed',
    });
    expect(r.figures).toMatchObject({ scenario: 'tote-mixed', sample: 125, seed: 1250 });
    expect(r.message).toContain(
      'simgate episode --scenario scenarios/tote-mixed.yaml --sample 125 --suite-seed 1250 --model <candidate.onnx>',
    );
    expect(d.sequential.stopped_at!.pairs).toBeGreaterThan(250);
    expect(d.safety.violations).toHaveLength(1);
  });
  it('a violation in the last planned sample is found before any PROMOTE', () => {
    const clean = decideGate(syntheticInput(good));
    expect(clean.decision).toBe('PROMOTE');
    // The KPIs promote early; every later look screens the candidate's safety episodes.
    expect(clean.sequential.looks[0].outcome).toBe('PROMOTE');
    expect(clean.sequential.looks.slice(1).map((l) => l.outcome)).toEqual(['SAFETY', 'SAFETY', 'SAFETY']);
    expect(clean.screened_pairs).toBe(400);
    expect(clean.used_pairs).toBeLessThan(400);
    const last = withPair(syntheticInput(good), 399, (p) => ({
      ...p,
      candidate: {
        ...p.candidate!,
        status: 'violation',
        invariants: [{ name: 'no_crush', worst: 1, margin: -1, violated: true }],
      },
    }));
    const d = decideGate(last);
    expect(d.decision).toBe('REJECT');
    expect(d.reasons[0]).toMatchObject({ rule: 'safety_invariant', kpi: 'no_crush' });
    expect(d.sequential.stopped_at!.look).toBe(3);
    // With the last look's results missing (an interrupted run) it is never PROMOTE.
    const cut = decideGate({ ...syntheticInput(good), pairs: syntheticInput(good).pairs.slice(0, 399) });
    expect(cut.decision).toBe('INCONCLUSIVE');
    expect(cut.reasons[0]).toMatchObject({ rule: 'safety_evidence', status: 'undecided' });
    expect(cut.next).toBe('candidate');
  });
  it('looks carry the exact O’Brien–Fleming boundaries of four equal looks', () => {
    const d = decideGate(syntheticInput({ pairs: 400, seed: 3, noise: 0.3 }));
    const z = d.sequential.looks.map((l) => l.boundary_z);
    expect(z.map((x) => Number(x!.toFixed(2)))).toEqual([4.33, 2.96, 2.36, 2.01]);
  });
  it('a baseline violation is reported but does not decide', () => {
    const input = withPair(syntheticInput(good), 3, (p) => ({
      ...p,
      baseline: {
        ...p.baseline!,
        status: 'violation',
        invariants: [{ name: 'no_crush', worst: 1, margin: -1, violated: true }],
      },
    }));
    const d = decideGate(input);
    expect(d.decision).toBe('PROMOTE');
    expect(d.safety.violations[0]).toMatchObject({ model: 'baseline', invariant: 'no_crush' });
  });
});

describe('decideGate: approval for named slices', () => {
  it('a would-be PROMOTE waits for an approval listing the candidate sha256', () => {
    const gate = { require_approval: ['tag:fragile'] };
    const pending = decideGate(syntheticInput(good, gate));
    expect(pending.decision).toBe('INCONCLUSIVE');
    expect(pending.reasons[0]).toMatchObject({ rule: 'approval_required', slice: 'tag:fragile' });
    expect(decideGate(syntheticInput(good, gate, { approvals: [SHA_CANDIDATE] })).decision).toBe('PROMOTE');
  });
});
