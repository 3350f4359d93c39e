// The safety side of a decision (harness/gate/safety.ts, screen.ts) with figures worked out by
// hand: the zero-failure bound 1 − α^(1/n) behind a PROMOTE and the episodes it needs, the Wilson
// bound of a violation rate, and each fail-closed screening problem with its rule and message.
import { describe, expect, it } from 'vitest';
import type { GateConfigInput } from '../../../harness/gate/config.js';
import { decideGate } from '../../../harness/gate/decide.js';
import type { GateEpisode, GateInput, GatePair } from '../../../harness/gate/input.js';
import { requiredKpis } from '../../../harness/gate/screen.js';
import { outcome, syntheticInput } from './synthetic.js';

/** 40 pairs, looks at 10/20/30/40, a candidate whose KPIs promote at the second look. */
const GOOD = { pairs: 40, seed: 7, successShift: 0.2, cycleShift: -3, noise: 0.01 };
const GATE: GateConfigInput = { min_pairs: 10 };

function withInvariants(input: GateInput, violated: (i: number) => string[]): GateInput {
  return {
    ...input,
    pairs: input.pairs.map((p, i) => ({
      ...p,
      candidate: {
        ...p.candidate!,
        invariants: ['no_crush', 'no_hazardous_drop'].map((name) => {
          const bad = violated(i).includes(name);
          return { name, worst: bad ? 1 : 0, margin: bad ? -1 : 1, violated: bad };
        }),
      },
    })),
  };
}

const setPair = (input: GateInput, index: number, change: (p: GatePair) => GatePair): GateInput => ({
  ...input,
  pairs: input.pairs.map((p, i) => (i === index ? change(p) : p)),
});

describe('the zero-failure evidence behind a PROMOTE', () => {
  it('40 clean episodes bound the rate by 1 − 0.025^(1/40) = 0.0881: enough for a limit of 0.1', () => {
    const d = decideGate(syntheticInput(GOOD, { ...GATE, safety: { max_violation_rate: 0.1 } }));
    expect(d.decision).toBe('PROMOTE');
    const evidence = d.reasons.find((r) => r.rule === 'safety_evidence')!;
    expect(evidence).toMatchObject({
      status: 'pass',
      figures: {
        n: 40,
        planned: 40,
        upper_bound_rate: 0.088097,
        max_violation_rate: 0.1,
        episodes_needed: 36,
      },
    });
    expect(evidence.message).toBe(
      'no violation in 40 candidate episodes: the violation rate is below 0.0881 (limit 0.1)',
    );
  });
  it('… not for a limit of 0.05: INCONCLUSIVE, naming the 72 clean episodes needed', () => {
    // ln 0.025 / ln 0.95 = 71.9 → 72
    const d = decideGate(syntheticInput(GOOD, { ...GATE, safety: { max_violation_rate: 0.05 } }));
    expect(d.decision).toBe('INCONCLUSIVE');
    expect(d.next).toBe('stop');
    expect(d.reasons).toHaveLength(1);
    expect(d.reasons[0]).toMatchObject({
      rule: 'safety_evidence',
      status: 'undecided',
      figures: { n: 40, upper_bound_rate: 0.088097, max_violation_rate: 0.05, episodes_needed: 72 },
    });
    expect(d.reasons[0].message).toBe(
      'no violation in 40 candidate episodes bounds the rate only by 0.0881 > 0.05; 72 clean episodes are needed',
    );
  });
  it('without a limit the whole safety budget is the evidence, with its bound', () => {
    const d = decideGate(syntheticInput(GOOD, GATE));
    const evidence = d.reasons.find((r) => r.rule === 'safety_evidence')!;
    expect(evidence).toMatchObject({
      status: 'pass',
      figures: { n: 40, planned: 40, upper_bound_rate: 0.088097, max_violation_rate: null },
    });
    expect(evidence.message).toBe(
      'the whole safety budget ran: no violation in 40 candidate episodes (rate ≤ 0.0881)',
    );
  });
  it('results that end before the candidate’s last episode: INCONCLUSIVE, run the candidate on', () => {
    const input = syntheticInput(GOOD, GATE);
    const d = decideGate({ ...input, pairs: input.pairs.slice(0, 35) });
    expect(d.decision).toBe('INCONCLUSIVE');
    expect(d.next).toBe('candidate');
    expect(d.reasons[0]).toMatchObject({
      rule: 'safety_evidence',
      status: 'undecided',
      figures: { n: 30, planned: 40 },
    });
    expect(d.reasons[0].message).toBe(
      'only 30 of 40 planned candidate episodes ran: a PROMOTE needs the whole safety budget',
    );
  });
});

describe('invariant summaries', () => {
  it('count every candidate episode; the bound is 1 − α^(1/n) when clean, Wilson’s upper end otherwise', () => {
    // no_crush is not zero-tolerance here: two violations in 40 episodes do not reject.
    const input = withInvariants(
      syntheticInput(GOOD, { ...GATE, safety: { invariants: ['no_hazardous_drop'] } }),
      (i) => (i === 3 || i === 30 ? ['no_crush'] : []),
    );
    const d = decideGate(input);
    expect(d.decision).toBe('PROMOTE');
    expect(d.safety.invariants).toEqual([
      // Wilson 95% (two-sided, so each side at 0.025) for 2 of 40: [0.01382, 0.16504].
      { invariant: 'no_crush', episodes: 40, violations: 2, upper_bound_rate: expect.closeTo(0.165039, 5) },
      {
        invariant: 'no_hazardous_drop',
        episodes: 40,
        violations: 0,
        upper_bound_rate: expect.closeTo(0.088097, 5),
      },
    ]);
    const checks = d.checks.filter((c) => c.rule === 'safety_invariant');
    expect(checks.map((c) => [c.kpi, c.status, c.figures.zero_tolerance])).toEqual([
      ['no_crush', 'pass', false],
      ['no_hazardous_drop', 'pass', true],
    ]);
    expect(checks[0].message).toBe('no_crush: 2 violations in 40 candidate episodes (rate ≤ 0.165)');
    expect(d.safety.violations.map((v) => [v.model, v.invariant, v.sample])).toEqual([
      ['candidate', 'no_crush', input.pairs[3].sample],
      ['candidate', 'no_crush', input.pairs[30].sample],
    ]);
  });
  it('a zero-tolerance violation fails its check with the count', () => {
    const input = withInvariants(syntheticInput(GOOD, GATE), (i) => (i === 3 ? ['no_crush'] : []));
    const d = decideGate(input);
    expect(d.decision).toBe('REJECT');
    const check = d.checks.find((c) => c.rule === 'safety_invariant' && c.kpi === 'no_crush')!;
    expect(check).toMatchObject({
      status: 'fail',
      figures: { episodes: 10, violations: 1, zero_tolerance: true },
    });
    expect(check.message).toBe('no_crush: 1 of 10 candidate episodes violate it (zero tolerance)');
    expect(d.reasons[0].message).toMatch(
      /^the candidate violates no_crush in scenario fragile-glass sample 1 \(seed 1003\): no_crush violated \(worst 1\); replay: simgate episode --scenario scenarios\/fragile-glass\.yaml --sample 1 --suite-seed 1003 --model <candidate\.onnx>$/,
    );
  });
});

describe('fail-closed screening', () => {
  const base = () => syntheticInput(GOOD, GATE);
  it('a value other than 0/1 of a KPI tested as binary is an error naming it', () => {
    const gate = { ...GATE, kpis: { pick_success_rate: { margin: 0.02, test: 'binary' as const } } };
    const ones = syntheticInput(GOOD, gate);
    const binary = {
      ...ones,
      pairs: ones.pairs.map((p) => ({
        ...p,
        candidate: { ...p.candidate!, kpis: { ...p.candidate!.kpis, pick_success_rate: 1 } },
        baseline: { ...p.baseline!, kpis: { ...p.baseline!.kpis, pick_success_rate: 1 } },
      })),
    };
    const input = setPair(binary, 4, (p) => ({
      ...p,
      candidate: { ...p.candidate!, kpis: { ...p.candidate!.kpis, pick_success_rate: 0.5 } },
    }));
    const d = decideGate(input);
    expect(d.decision).toBe('ERROR');
    expect(d.reasons[0]).toMatchObject({ rule: 'not_binary', slice: 'scenario:tote-mixed', status: 'error' });
    expect(d.reasons[0].message).toBe(
      'scenario tote-mixed sample 2 (seed 1004): pick_success_rate is tested as binary but the candidate episode reports 0.5',
    );
  });
  it('a result of a scenario outside the suite is an error', () => {
    const d = decideGate(setPair(base(), 1, (p) => ({ ...p, scenario_id: 'ghost' })));
    expect(d.decision).toBe('ERROR');
    expect(d.reasons[0]).toMatchObject({ rule: 'unknown_scenario', slice: 'scenario:ghost' });
    expect(d.reasons[0].message).toBe(
      'scenario ghost sample 0 (seed 1001): the result names a scenario that is not in the suite',
    );
  });
  it('a missing metric and a non-finite one name the model and the KPI', () => {
    const missing = decideGate(
      setPair(base(), 0, (p) => ({ ...p, baseline: { ...p.baseline!, kpis: { pick_success_rate: 0.9 } } })),
    );
    expect(missing.reasons[0]).toMatchObject({
      rule: 'missing_metric',
      figures: { model: 'baseline', kpi: 'mean_cycle_time_s' },
    });
    expect(missing.reasons[0].message).toBe(
      'scenario tote-mixed sample 0 (seed 1000): the baseline episode reports no mean_cycle_time_s',
    );
    const nan = decideGate(
      setPair(base(), 0, (p) => ({
        ...p,
        candidate: {
          ...p.candidate!,
          kpis: { ...p.candidate!.kpis, mean_cycle_time_s: null as unknown as number },
        },
      })),
    );
    expect(nan.reasons[0]).toMatchObject({ rule: 'non_finite_metric', figures: { value: 'null' } });
    expect(nan.reasons[0].message).toBe(
      'scenario tote-mixed sample 0 (seed 1000): the candidate episode reports mean_cycle_time_s = NaN (null)',
    );
    const inf = decideGate(
      setPair(base(), 0, (p) => ({
        ...p,
        candidate: { ...p.candidate!, kpis: { ...p.candidate!.kpis, mean_cycle_time_s: Infinity } },
      })),
    );
    expect(inf.reasons[0].message).toMatch(/reports mean_cycle_time_s = Infinity$/);
  });
  it('an errored episode names its error and code; a timed-out one says so', () => {
    const errored: GateEpisode = { ...outcome({}), status: 'error', error: { message: 'boom', code: 'E1' } };
    const d = decideGate(setPair(base(), 0, (p) => ({ ...p, candidate: errored })));
    expect(d.reasons[0]).toMatchObject({
      rule: 'episode_error',
      figures: { model: 'candidate', code: 'E1' },
    });
    expect(d.reasons[0].message).toBe(
      'scenario tote-mixed sample 0 (seed 1000): the candidate episode errored: boom',
    );
    const timeout = decideGate(
      setPair(base(), 0, (p) => ({ ...p, baseline: { ...outcome({}), status: 'timeout' } })),
    );
    expect(timeout.reasons[0]).toMatchObject({ rule: 'episode_timeout', figures: { code: null } });
    expect(timeout.reasons[0].message).toBe(
      'scenario tote-mixed sample 0 (seed 1000): the baseline episode timed out',
    );
  });
  it('the KPIs the decision reads, and which of them must be 0/1', () => {
    const input = syntheticInput(GOOD, {
      kpis: { pick_success_rate: { margin: 0.02 }, crushes: { margin: 0.5, test: 'binary' } },
      floors: { picks_per_hour: { min: 1 } },
      slices: [{ tag: 'fragile', kpis: { pick_success_rate: { test: 'binary' } } }],
    });
    const scenarios = [
      ...input.scenarios,
      { id: 'x', title: 'x', tags: [], requirements: [], kpi_criteria: [{ kpi: 'seal_failures', max: 1 }] },
    ];
    expect(Object.fromEntries(requiredKpis({ ...input, scenarios }))).toEqual({
      pick_success_rate: { binary: true },
      crushes: { binary: true },
      picks_per_hour: { binary: false },
      seal_failures: { binary: false },
    });
  });
});

describe('human approval of named slices', () => {
  const SHA = 'c'.repeat(64);
  it('a would-be PROMOTE waits, naming the slice, the candidate sha256 and how many approvals were read', () => {
    const d = decideGate(
      syntheticInput(
        GOOD,
        { ...GATE, require_approval: ['tag:fragile', 'tag:absent'] },
        { approvals: ['a'.repeat(64)] },
      ),
    );
    expect(d.decision).toBe('INCONCLUSIVE');
    // Only slices the suite covers need an approval.
    expect(d.reasons).toEqual([
      {
        rule: 'approval_required',
        slice: 'tag:fragile',
        status: 'undecided',
        figures: { candidate_sha256: SHA, approvals: 1 },
        message: `slice tag:fragile requires a human approval: the statistics would promote, but no approval lists candidate sha256 ${SHA}`,
      },
    ]);
  });
  it('an approval listing the candidate’s sha256 lets it promote; a slice outside the suite needs none', () => {
    expect(
      decideGate(syntheticInput(GOOD, { ...GATE, require_approval: ['tag:fragile'] }, { approvals: [SHA] }))
        .decision,
    ).toBe('PROMOTE');
    expect(decideGate(syntheticInput(GOOD, { ...GATE, require_approval: ['tag:absent'] })).decision).toBe(
      'PROMOTE',
    );
    expect(decideGate(syntheticInput(GOOD, { ...GATE, require_approval: ['all'] })).decision).toBe(
      'INCONCLUSIVE',
    );
  });
  it('a baseline violation of a zero-tolerance invariant is listed but gives no REJECT reason', () => {
    const base = syntheticInput(GOOD, GATE);
    const d = decideGate({
      ...base,
      pairs: base.pairs.map((p, i) =>
        i === 2
          ? {
              ...p,
              baseline: {
                ...p.baseline!,
                invariants: [{ name: 'no_crush', worst: 1, margin: -1, violated: true }],
              },
            }
          : p,
      ),
    });
    expect(d.decision).toBe('PROMOTE');
    expect(d.safety.violations).toMatchObject([{ model: 'baseline', invariant: 'no_crush' }]);
    expect(d.reasons.some((r) => r.rule === 'safety_invariant')).toBe(false);
  });
});
