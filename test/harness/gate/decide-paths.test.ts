// Every way decideGate can end, with what the engine and the report read besides the decision:
// `next` (stop, candidate, continue), the checks it returns, the incomplete-run figures, and the
// look memo the engine passes between checkpoints.
import { describe, expect, it } from 'vitest';
import { decideGate, type LookMemo } from '../../../harness/gate/decide.js';
import type { EvaluatedLook } from '../../../harness/gate/look.js';
import type { GateInput } from '../../../harness/gate/input.js';
import { syntheticInput } from './synthetic.js';

const GATE = { min_pairs: 10 };
const good = () =>
  syntheticInput({ pairs: 40, seed: 7, successShift: 0.2, cycleShift: -3, noise: 0.01 }, GATE);
const noisy = () => syntheticInput({ pairs: 40, seed: 3, noise: 0.3 }, GATE);
const worse = () => syntheticInput({ pairs: 40, seed: 8, successShift: -0.3, noise: 0.01 }, GATE);
const cut = (input: GateInput, n: number): GateInput => ({
  ...input,
  pairs: input.pairs.map((p, i) => (i < n ? p : { ...p, candidate: undefined, baseline: undefined })),
});

describe('where a decision leaves the engine', () => {
  it('PROMOTE: stop, with the promoting look’s checks and the safety evidence', () => {
    const d = decideGate(good());
    expect([d.decision, d.next]).toEqual(['PROMOTE', 'stop']);
    expect(d.reasons.map((r) => r.rule)).toEqual(['non_inferiority', 'non_inferiority', 'safety_evidence']);
    expect(d.checks.filter((c) => c.rule === 'non_inferiority')).toHaveLength(2);
    expect(d.checks.some((c) => c.rule === 'safety_evidence')).toBe(true);
  });
  it('KPIs promoted but the candidate’s episodes are not all in: run the candidate on', () => {
    const d = decideGate(cut(good(), 25));
    expect([d.decision, d.next]).toEqual(['INCONCLUSIVE', 'candidate']);
    expect(d.reasons.map((r) => r.rule)).toEqual(['safety_evidence']);
    // The promoting look's checks are still reported.
    expect(d.checks.filter((c) => c.rule === 'non_inferiority').map((c) => c.status)).toEqual([
      'pass',
      'pass',
    ]);
    expect(d.sequential.stopped_at).toMatchObject({ look: 1, pairs: 20 });
  });
  it('REJECT on the KPIs and INCONCLUSIVE at the last look: stop', () => {
    const r = decideGate(worse());
    expect([r.decision, r.next]).toEqual(['REJECT', 'stop']);
    expect(r.checks.some((c) => c.status === 'fail')).toBe(true);
    const i = decideGate(noisy());
    expect([i.decision, i.next]).toEqual(['INCONCLUSIVE', 'stop']);
    expect(i.reasons.every((c) => c.status === 'undecided')).toBe(true);
    expect(i.checks.filter((c) => c.rule === 'non_inferiority')).toHaveLength(2);
  });
  it('ERROR before any look and at a look: stop, with the errors as reasons and checks', () => {
    const base = good();
    const global = decideGate({
      ...base,
      models: { ...base.models, candidate: { ok: false, message: 'x' } },
    });
    expect([global.decision, global.next, global.sequential.stopped_at]).toEqual(['ERROR', 'stop', null]);
    expect(global.checks.map((c) => c.rule)).toEqual(['model_load']);
    const atLook = decideGate({
      ...base,
      pairs: base.pairs.map((p, i) =>
        i === 12 ? { ...p, candidate: { ...p.candidate!, status: 'error' } } : p,
      ),
    });
    expect([atLook.decision, atLook.next]).toEqual(['ERROR', 'stop']);
    expect(atLook.sequential.looks.map((l) => l.outcome)).toEqual(['CONTINUE', 'ERROR']);
    expect(atLook.checks.map((c) => c.rule)).toEqual(['episode_error']);
  });
  it('results ending before a look decides: continue, saying how far the run got and the next look', () => {
    const first = decideGate(cut(noisy(), 5));
    expect([first.decision, first.next]).toEqual(['INCONCLUSIVE', 'continue']);
    expect(first.sequential.stopped_at).toBeNull();
    expect(first.reasons).toEqual([
      {
        rule: 'incomplete_run',
        slice: 'all',
        status: 'undecided',
        figures: { pairs: 40, planned_pairs: 40, next_look_pairs: 10 },
        message: 'only 0 of 40 planned pairs finished and no look decided',
      },
    ]);
    const later = decideGate(cut(noisy(), 25));
    expect(later.reasons[0]).toMatchObject({
      figures: { next_look_pairs: 30 },
      message: 'only 20 of 40 planned pairs finished and no look decided',
    });
    expect(later.sequential.stopped_at).toMatchObject({ look: 1, pairs: 20 });
    // The last evaluated look's checks come with it.
    expect(later.checks.filter((c) => c.rule === 'non_inferiority')).toHaveLength(2);
  });
  it('an approval gap: stop, with the approval check first and the look’s checks after it', () => {
    const d = decideGate(
      syntheticInput(
        { pairs: 40, seed: 7, successShift: 0.2, cycleShift: -3, noise: 0.01 },
        {
          ...GATE,
          require_approval: ['tag:fragile'],
        },
      ),
    );
    expect([d.decision, d.next]).toEqual(['INCONCLUSIVE', 'stop']);
    expect(d.checks.map((c) => c.rule)).toEqual(['approval_required', 'non_inferiority', 'non_inferiority']);
  });
});

describe('the look memo', () => {
  it('a memoised look with the same pairs is used as it is, not evaluated again', () => {
    const input = noisy();
    const memo: LookMemo = new Map();
    decideGate(input, memo);
    const look0 = memo.get(0)!;
    // A planted evaluation proves the memo is read: it decides where the data would not.
    const planted: EvaluatedLook = { ...look0, outcome: 'REJECT', failing: look0.checks.slice(0, 1) };
    memo.set(0, planted);
    const d = decideGate(input, memo);
    expect(d.decision).toBe('REJECT');
    expect(d.sequential.stopped_at).toMatchObject({ look: 0 });
  });
  it('a memoised look of another size is evaluated again', () => {
    const input = noisy();
    const memo: LookMemo = new Map();
    decideGate(input, memo);
    memo.set(0, { ...memo.get(0)!, pairs: 7, outcome: 'REJECT' });
    expect(decideGate(input, memo).decision).toBe('INCONCLUSIVE');
    expect(memo.get(0)!.pairs).toBe(10);
  });
});

describe('an empty suite, whichever way it is empty', () => {
  it.each([
    ['no planned pairs', (i: GateInput) => ({ ...i, planned_pairs: 0 })],
    ['a negative plan', (i: GateInput) => ({ ...i, planned_pairs: -1 })],
    ['no scenarios', (i: GateInput) => ({ ...i, scenarios: [] })],
    ['no pairs', (i: GateInput) => ({ ...i, pairs: [] })],
  ])('%s is an ERROR naming the counts', (_, change) => {
    const input = change(good());
    const d = decideGate(input);
    expect(d.decision).toBe('ERROR');
    expect(d.reasons[0]).toEqual({
      rule: 'empty_suite',
      slice: 'all',
      status: 'error',
      figures: {
        scenarios: input.scenarios.length,
        planned_pairs: input.planned_pairs,
        pairs: input.pairs.length,
      },
      message: 'the suite has no episodes to compare: an empty suite never promotes',
    });
  });
  it('a slice that matches no scenario names itself', () => {
    const d = decideGate(
      syntheticInput(
        { pairs: 40, seed: 7 },
        { ...GATE, slices: [{ tag: 'nowhere', kpis: ['pick_success_rate'] }] },
      ),
    );
    expect(d.reasons).toEqual([
      {
        rule: 'empty_slice',
        slice: 'tag:nowhere',
        status: 'error',
        figures: {},
        message: 'no scenario of the suite is in slice tag:nowhere, so its rules cannot be checked',
      },
    ]);
  });
  it('a model that failed to load is named with its message', () => {
    const base = good();
    const d = decideGate({
      ...base,
      models: { ...base.models, baseline: { ok: false, message: 'no such file' } },
    });
    expect(d.reasons).toEqual([
      {
        rule: 'model_load',
        slice: 'model:baseline',
        status: 'error',
        figures: {},
        message: 'the baseline model failed to load: no such file',
      },
    ]);
  });
});
