// The look a decision names must hold its evidence. A safety REJECT names the first look whose
// pairs contain the violating pair: its index is below the look's pairs and at or above the
// previous look's pairs — on look boundaries too (index = pairs − 1 and = pairs), with complete
// results and with results that end mid-look (an interrupted run).
import { describe, expect, it } from 'vitest';
import { decideGate, type GateDecision } from '../../../harness/gate/decide.js';
import type { GateInput, GatePair } from '../../../harness/gate/input.js';
import { syntheticInput } from './synthetic.js';

// Small plans keep these fast enough to rerun for every mutant (vitest.stryker.config.ts).
const GATE = { min_pairs: 10 };
/** 40 pairs, looks at 10/20/30/40; the KPIs promote at the second look. */
const GOOD = { pairs: 40, seed: 7, successShift: 0.2, cycleShift: -3, noise: 0.01 };
/** 40 pairs where no look decides the KPIs (every look is evaluated). */
const NOISY = { pairs: 40, seed: 3, noise: 0.3 };
const LOOKS = [10, 20, 30, 40];
const good = () => syntheticInput(GOOD, GATE);
const noisy = () => syntheticInput(NOISY, GATE);

function violateAt(input: GateInput, index: number, name = 'no_hazardous_drop'): GateInput {
  return {
    ...input,
    pairs: input.pairs.map((p, i) =>
      i === index
        ? {
            ...p,
            candidate: {
              ...p.candidate!,
              status: 'violation',
              invariants: [{ name, worst: 1, margin: -1, violated: true, t: 3 }],
            },
          }
        : p,
    ),
  };
}

/** The look pairs before the one the decision stopped at (0 for the first look). */
function previousLookPairs(d: GateDecision): number {
  const at = d.sequential.stopped_at!;
  return at.look === 0 ? 0 : d.sequential.looks.find((l) => l.index === at.look - 1)!.pairs;
}

function expectRejectContains(d: GateDecision, index: number, pair: GatePair): void {
  expect(d.decision).toBe('REJECT');
  const at = d.sequential.stopped_at!;
  expect(index).toBeLessThan(at.pairs);
  expect(previousLookPairs(d)).toBeLessThanOrEqual(index);
  // The named look is the one the report's look table marks REJECT, and it is the last row.
  expect(d.sequential.looks.at(-1)).toMatchObject({ index: at.look, pairs: at.pairs, outcome: 'REJECT' });
  const reason = d.reasons.find((r) => r.rule === 'safety_invariant')!;
  expect(reason.figures).toMatchObject({ sample: pair.sample, seed: pair.seed, scenario: pair.scenario_id });
  expect(d.screened_pairs).toBe(at.pairs);
}

// Every look boundary from both sides, the first and last pair, and a few inside looks.
const INDICES = [0, 1, 5, 8, 9, 10, 11, 15, 19, 20, 21, 29, 30, 31, 38, 39];

describe('a safety REJECT names the first look that contains the violation', () => {
  it('(the clean candidate promotes its KPIs at the second look and screens the rest)', () => {
    const clean = decideGate(good());
    expect(clean.decision).toBe('PROMOTE');
    expect(clean.sequential.looks.map((l) => l.outcome)).toEqual(['CONTINUE', 'PROMOTE', 'SAFETY', 'SAFETY']);
    expect(decideGate(noisy()).sequential.looks.map((l) => l.outcome)).toEqual([
      'CONTINUE',
      'CONTINUE',
      'CONTINUE',
      'INCONCLUSIVE',
    ]);
  });

  it.each(INDICES)('violation at pair %i, KPIs promoting early (complete results)', (index) => {
    const input = violateAt(good(), index);
    const d = decideGate(input);
    expectRejectContains(d, index, input.pairs[index]);
    const look = LOOKS.findIndex((n) => n > index);
    expect(d.sequential.stopped_at!.look).toBe(look);
    // The looks before it came out as without the violation.
    expect(d.sequential.looks.slice(0, look).map((l) => l.outcome)).toEqual(
      ['CONTINUE', 'PROMOTE', 'SAFETY'].slice(0, look),
    );
    // KPI pairs stop at the promoting look (1); past it the candidate ran alone.
    const used = look <= 1 ? LOOKS[look] : LOOKS[1];
    expect(d.used_pairs).toBe(used);
    expect(d.sequential.stopped_at!.episodes).toBe(used * 2 + (LOOKS[look] - used));
  });

  it.each(INDICES)('violation at pair %i, KPIs undecided at every look (complete results)', (index) => {
    const input = violateAt(noisy(), index);
    const d = decideGate(input);
    expectRejectContains(d, index, input.pairs[index]);
    const look = LOOKS.findIndex((n) => n > index);
    expect(d.sequential.stopped_at).toEqual({ look, pairs: LOOKS[look], episodes: LOOKS[look] * 2 });
    expect(d.sequential.looks.map((l) => l.outcome)).toEqual([...Array(look).fill('CONTINUE'), 'REJECT']);
    expect(d.used_pairs).toBe(LOOKS[look]);
  });

  // Results end mid-look (an interrupted run): the counterexample past the last complete look is
  // evidence by itself and rejects at the look that would have contained it.
  it.each([
    [10, 15],
    [11, 15],
    [19, 20],
    [20, 25],
    [9, 10],
  ])('violation at pair %i with results ending after %i pairs', (index, end) => {
    const full = violateAt(noisy(), index);
    const input = {
      ...full,
      pairs: full.pairs.map((p, i) => (i < end ? p : { ...p, candidate: undefined, baseline: undefined })),
    };
    const d = decideGate(input);
    expect(d.decision).toBe('REJECT');
    const at = d.sequential.stopped_at!;
    const look = LOOKS.findIndex((n) => n > index);
    expect(at.look).toBe(look);
    expect(at.pairs).toBe(LOOKS[look]);
    expect(index).toBeLessThan(at.pairs);
    expect(look === 0 ? 0 : LOOKS[look - 1]).toBeLessThanOrEqual(index);
    expect(d.sequential.looks.at(-1)).toMatchObject({ index: look, outcome: 'REJECT' });
    expect(d.reasons[0].figures).toMatchObject({ sample: input.pairs[index].sample });
  });

  it('a violation past an incomplete look rejects even when the earlier looks are missing', () => {
    // Pair 2 lacks its baseline, so look 0 is incomplete; the violation at 35 still rejects, at
    // the look that contains it.
    const full = violateAt(noisy(), 35);
    const input = {
      ...full,
      pairs: full.pairs.map((p, i) => (i === 2 ? { ...p, baseline: undefined } : p)),
    };
    const d = decideGate(input);
    expect(d.decision).toBe('REJECT');
    expect(d.sequential.stopped_at).toMatchObject({ look: 3, pairs: 40 });
    // The screening runs up to the violation, so the invariant summaries and checks count it.
    expect(d.screened_pairs).toBe(36);
    expect(d.checks.some((c) => c.rule === 'safety_invariant' && c.status === 'fail')).toBe(true);
  });

  it('the first of several violations decides, and every one screened is listed', () => {
    const input = violateAt(violateAt(noisy(), 26, 'no_crush'), 12);
    const d = decideGate(input);
    expect(d.sequential.stopped_at).toMatchObject({ look: 1, pairs: 20 });
    expect(d.reasons).toHaveLength(1);
    expect(d.reasons[0]).toMatchObject({ kpi: 'no_hazardous_drop' });
    expect(d.safety.violations.map((v) => v.sample)).toEqual([input.pairs[12].sample]);
  });

  it('a violation of an invariant outside the zero-tolerance list never rejects', () => {
    const base = syntheticInput(GOOD, { ...GATE, safety: { invariants: ['no_crush'] } });
    const d = decideGate(violateAt(base, 5, 'no_hazardous_drop'));
    expect(d.decision).toBe('PROMOTE');
    expect(d.safety.violations).toHaveLength(1);
    const check = d.checks.find((c) => c.rule === 'safety_invariant' && c.kpi === 'no_hazardous_drop')!;
    expect(check).toMatchObject({ status: 'pass', figures: { violations: 1, zero_tolerance: false } });
    const strict = decideGate(violateAt(base, 5, 'no_crush'));
    expect(strict.decision).toBe('REJECT');
    expect(strict.reasons[0]).toMatchObject({ rule: 'safety_invariant', kpi: 'no_crush', status: 'fail' });
  });
});

describe('a KPI decision names the look whose pairs it used', () => {
  it('a REJECT on the KPIs reports the look it evaluated and that look’s pair count as n', () => {
    const d = decideGate(syntheticInput({ pairs: 40, seed: 8, successShift: -0.3, noise: 0.01 }, GATE));
    expect(d.decision).toBe('REJECT');
    const at = d.sequential.stopped_at!;
    expect(d.used_pairs).toBe(at.pairs);
    expect(at.episodes).toBe(at.pairs * 2);
    for (const r of d.reasons) expect(r.figures.n).toBe(at.pairs);
    expect(d.sequential.looks.map((l) => l.outcome)).toEqual([...Array(at.look).fill('CONTINUE'), 'REJECT']);
  });

  it('the engine’s stages are the looks: a PROMOTE uses exactly the first stage’s pairs', () => {
    const input = { ...good(), look_pairs: [26, 33, 40] };
    const d = decideGate(input);
    expect(d.decision).toBe('PROMOTE');
    expect(d.sequential.looks.map((l) => [l.pairs, l.outcome])).toEqual([
      [26, 'PROMOTE'],
      [33, 'SAFETY'],
      [40, 'SAFETY'],
    ]);
    expect(d.used_pairs).toBe(26);
    expect(d.screened_pairs).toBe(40);
    expect(d.sequential.stopped_at).toEqual({ look: 0, pairs: 26, episodes: 26 * 2 + 14 });
    for (const r of d.reasons.filter((x) => x.rule === 'non_inferiority')) expect(r.figures.n).toBe(26);
  });

  it('a look memo from an earlier call is reused only for the same pairs', () => {
    const input = noisy();
    const memo = new Map();
    const partial = { ...input, pairs: input.pairs.slice(0, 20) };
    const early = decideGate(partial, memo);
    expect(early.decision).toBe('INCONCLUSIVE');
    expect(early.next).toBe('continue');
    expect([...memo.keys()]).toEqual([0, 1]);
    const full = decideGate(input, memo);
    expect(full).toEqual(decideGate(input));
    expect([...memo.keys()]).toEqual([0, 1, 2, 3]);
  });
});
