import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeShards } from '../../../harness/sweep/merge.js';
import { loadTinySuite, runPlanned, tinySuiteDir, type PlannedRunOptions } from './engine.fixture.js';

const dir = tinySuiteDir();
const options = (out: string, extra: Partial<PlannedRunOptions> = {}): PlannedRunOptions => ({
  scenarios: loadTinySuite(dir, 'stream'),
  models: [{ role: 'reference', kind: 'reference' }],
  suiteSeed: 9,
  samples: 8,
  batchSize: 1,
  workers: 1,
  cacheDir: false,
  outDir: join(dir, out),
  ...extra,
});
const read = (...parts: string[]) => readFileSync(join(dir, ...parts), 'utf8');

beforeAll(async () => {
  await runPlanned(options('full'));
  for (const index of [1, 2, 3]) await runPlanned(options(`s${index}`, { shard: { index, total: 3 } }));
  await runPlanned(options('other-seed', { suiteSeed: 10, shard: { index: 3, total: 3 } }));
});

describe('mergeShards', () => {
  it('gives the results, summary and manifest of the single-machine run', () => {
    const sizes = [1, 2, 3].map((i) => read(`s${i}`, 'results.jsonl').split('\n').length - 1);
    expect(sizes.reduce((a, b) => a + b)).toBe(8);
    mergeShards(
      ['s3', 's1', 's2'].map((s) => join(dir, s)),
      join(dir, 'merged'),
    );
    for (const file of ['results.jsonl', 'summary.json', 'sweep.json']) {
      expect(read('merged', file)).toBe(read('full', file));
    }
  });

  it('refuses a missing shard', () => {
    expect(() => mergeShards([join(dir, 's1'), join(dir, 's3')], join(dir, 'x'))).toThrow(
      /missing shard 2\/3 of 3/,
    );
  });

  it('refuses a shard given twice', () => {
    expect(() =>
      mergeShards(
        ['s1', 's2', 's2', 's3'].map((s) => join(dir, s)),
        join(dir, 'x'),
      ),
    ).toThrow(/overlapping inputs: shard 2\/3 is given twice/);
  });

  it('refuses shards of different plans, naming what differs', () => {
    expect(() =>
      mergeShards(
        ['s1', 's2', 'other-seed'].map((s) => join(dir, s)),
        join(dir, 'x'),
      ),
    ).toThrow(/not shards of one plan: plan hash, suite seed \(9 vs 10\) differ/);
  });

  it('refuses an unfinished shard', () => {
    cpSync(join(dir, 's2'), join(dir, 's2-cut'), { recursive: true });
    const lines = read('s2', 'results.jsonl').split('\n');
    writeFileSync(join(dir, 's2-cut', 'results.jsonl'), `${lines.slice(0, -2).join('\n')}\n`);
    expect(() =>
      mergeShards(
        ['s1', 's2-cut', 's3'].map((s) => join(dir, s)),
        join(dir, 'x'),
      ),
    ).toThrow(/s2-cut is unfinished: \d+ of \d+ episodes have results/);
  });

  it('refuses a directory that is not a run output', () => {
    expect(() => mergeShards([join(dir, 'suite')], join(dir, 'x'))).toThrow(/sweep\.json: not found/);
  });
});
