import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSweep } from '../../../harness/sweep/plan.js';
import { FC, pair, scenario, suiteArb } from './plan.fixture.js';

describe('planSweep', () => {
  it('gives ids <scenario>#<sample>@<role>, in scenario, sample, role order', () => {
    const plan = planSweep({ scenarios: [scenario('a', 2)], models: pair, suiteSeed: 7 });
    expect(plan.episodes.map((e) => e.id)).toEqual([
      'a#0@candidate',
      'a#0@baseline',
      'a#1@candidate',
      'a#1@baseline',
    ]);
  });

  it('gives both roles of a sample the same seed and params, and different samples different seeds', () => {
    const plan = planSweep({ scenarios: [scenario('a', 3)], models: pair, suiteSeed: 7 });
    const [c0, b0, c1] = plan.episodes;
    expect(c0.seed).toBe(b0.seed);
    expect(c0.params).toEqual(b0.params);
    expect(c1.seed).not.toBe(c0.seed);
  });

  it('changes seeds with the suite seed and the scenario seed', () => {
    const base = planSweep({ scenarios: [scenario('a', 1)], models: pair, suiteSeed: 7 }).episodes[0].seed;
    expect(
      planSweep({ scenarios: [scenario('a', 1)], models: pair, suiteSeed: 8 }).episodes[0].seed,
    ).not.toBe(base);
    expect(
      planSweep({ scenarios: [scenario('a', 1, 'pick', 2)], models: pair, suiteSeed: 7 }).episodes[0].seed,
    ).not.toBe(base);
  });

  it('builds lockstep batches of one scenario and role, at most batchSize lanes, split at looks', () => {
    const plan = planSweep({
      scenarios: [scenario('a', 40)],
      models: pair,
      suiteSeed: 1,
      batchSize: 16,
      looks: 2,
    });
    expect(plan.batches.map((b) => b.id)).toEqual([
      'a#0-15@candidate',
      'a#0-15@baseline',
      'a#16-19@candidate',
      'a#16-19@baseline',
      'a#20-35@candidate',
      'a#20-35@baseline',
      'a#36-39@candidate',
      'a#36-39@baseline',
    ]);
    expect(plan.batches.map((b) => b.stage)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('pairs the reference policy with every task and an ONNX model only with its own', () => {
    const scenarios = [scenario('p', 1, 'pick'), scenario('s', 1, 'stream')];
    const ref = planSweep({ scenarios, models: [{ role: 'reference', kind: 'reference' }], suiteSeed: 1 });
    expect(ref.batches.map((b) => [b.id, b.policy])).toEqual([
      ['p#0-0@reference', { kind: 'reference', task: 'pick' }],
      ['s#0-0@reference', { kind: 'reference', task: 'stream' }],
    ]);
    expect(planSweep({ scenarios, models: pair, suiteSeed: 1 }).scenarios.map((s) => s.id)).toEqual(['p']);
  });

  it('names the card in the model id and the plan hash: a changed card is another model', () => {
    const plan = (models = pair) => planSweep({ scenarios: [scenario('a', 2)], models, suiteSeed: 1 });
    const recarded = [{ ...pair[0], cardSha256: 'd'.repeat(64) } as (typeof pair)[0], pair[1]];
    const before = plan();
    const after = plan(recarded);
    expect(before.episodes[0].model_id).toBe(`onnx:${'c'.repeat(64)}+card:${'c0'.repeat(8)}`);
    expect(after.episodes[0].model_id).toBe(`onnx:${'c'.repeat(64)}+card:${'d'.repeat(16)}`);
    expect(after.episodes[1].model_id).toBe(before.episodes[1].model_id);
    expect(after.planHash).not.toBe(before.planHash);
    // Cards that agree on their first 16 hex digits still give different plans: the hash takes all 64.
    const sameShortId = [
      { ...pair[0], cardSha256: `${'c0'.repeat(8)}${'f'.repeat(48)}` } as (typeof pair)[0],
      pair[1],
    ];
    expect(plan(sameShortId).episodes[0].model_id).toBe(before.episodes[0].model_id);
    expect(plan(sameShortId).planHash).not.toBe(before.planHash);
  });

  it('overrides every sample count with `samples`', () => {
    const plan = planSweep({
      scenarios: [scenario('a', 3), scenario('b', 9)],
      models: pair,
      suiteSeed: 1,
      samples: 2,
    });
    expect(plan.episodes).toHaveLength(8);
  });

  it('is pure: the same input gives the same plan and hash', () => {
    fc.assert(
      fc.property(suiteArb, fc.integer({ min: 0, max: 1000 }), (scenarios, seed) => {
        const a = planSweep({ scenarios, models: pair, suiteSeed: seed });
        const b = planSweep({ scenarios, models: pair, suiteSeed: seed });
        expect(b).toEqual(a);
      }),
      FC,
    );
  });

  it('keeps ids, seeds, params, batches and shards of existing episodes when a scenario is added', () => {
    fc.assert(
      fc.property(suiteArb, fc.nat(), fc.integer({ min: 1, max: 30 }), (scenarios, at, samples) => {
        const extra = scenario('zz-added', samples);
        const grown = [...scenarios];
        grown.splice(at % (scenarios.length + 1), 0, extra);
        const before = planSweep({ scenarios, models: pair, suiteSeed: 3 });
        const after = planSweep({ scenarios: grown, models: pair, suiteSeed: 3 });
        const afterById = new Map(after.episodes.map((e) => [e.id, e]));
        for (const e of before.episodes) expect(afterById.get(e.id)).toEqual(e);
        const keyOf = new Map(after.batches.map((b) => [b.id, b.shardKey]));
        for (const b of before.batches) expect(keyOf.get(b.id)).toBe(b.shardKey);
      }),
      FC,
    );
  });
});
