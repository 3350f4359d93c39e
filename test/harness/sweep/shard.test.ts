import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSweep } from '../../../harness/sweep/plan.js';
import { parseShard, shardPlan } from '../../../harness/sweep/shard.js';
import { FC, pair, scenario, suiteArb } from './plan.fixture.js';

describe('sharding', () => {
  it('parses I/N and rejects bad values', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    expect(() => parseShard('0/3')).toThrow(/between 1 and/);
    expect(() => parseShard('4/3')).toThrow(/between 1 and/);
    expect(() => parseShard('two')).toThrow(/I\/N/);
  });

  it('splits a plan into disjoint shards whose union is the plan, keeping pairs and batches whole', () => {
    fc.assert(
      fc.property(suiteArb, fc.integer({ min: 1, max: 6 }), (scenarios, total) => {
        const full = planSweep({ scenarios, models: pair, suiteSeed: 11, batchSize: 4 });
        const shards = Array.from({ length: total }, (_, i) => shardPlan(full, { index: i + 1, total }));
        const ids = shards.flatMap((s) => s.episodes.map((e) => e.id));
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual(full.episodes.map((e) => e.id).sort());
        const fullBatches = new Map(full.batches.map((b) => [b.id, b]));
        for (const s of shards) {
          expect(s.planHash).toBe(full.planHash);
          for (const b of s.batches) expect(b).toEqual(fullBatches.get(b.id));
          const roles = new Map<string, number>();
          for (const e of s.episodes)
            roles.set(`${e.scenario_id}#${e.sample}`, (roles.get(`${e.scenario_id}#${e.sample}`) ?? 0) + 1);
          for (const n of roles.values()) expect(n).toBe(2);
        }
      }),
      FC,
    );
  });

  it('spreads work over shards', () => {
    const full = planSweep({
      scenarios: [scenario('a', 64), scenario('b', 64)],
      models: pair,
      suiteSeed: 1,
      batchSize: 4,
    });
    const sizes = [1, 2, 3].map((i) => shardPlan(full, { index: i, total: 3 }).episodes.length);
    expect(sizes.every((n) => n > 0)).toBe(true);
  });
});
