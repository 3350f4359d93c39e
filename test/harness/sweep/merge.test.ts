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
    ).toThrow(
      /other-seed\/sweep\.json and .*s1\/sweep\.json are not shards of one plan: plan_hash [0-9a-f]{64} differs from [0-9a-f]{64}; suite_seed 10 differs from 9/,
    );
  });

  it('refuses shards run under another gate config, naming both hashes', () => {
    cpSync(join(dir, 's3'), join(dir, 's3-config'), { recursive: true });
    const manifest = JSON.parse(read('s3-config', 'sweep.json'));
    manifest.config_sha256 = 'c'.repeat(64);
    writeFileSync(join(dir, 's3-config', 'sweep.json'), JSON.stringify(manifest));
    expect(() =>
      mergeShards(
        ['s1', 's2', 's3-config'].map((s) => join(dir, s)),
        join(dir, 'x'),
      ),
    ).toThrow(/s3-config\/sweep\.json and .*: config_sha256 c{64} differs from null/);
  });

  /** A copy of shard `from` whose results.jsonl is `edit` of its lines. */
  function editedShard(from: string, name: string, edit: (lines: string[]) => string[]): string {
    cpSync(join(dir, from), join(dir, name), { recursive: true });
    const lines = read(from, 'results.jsonl').split('\n').slice(0, -1);
    writeFileSync(join(dir, name, 'results.jsonl'), `${edit(lines).join('\n')}\n`);
    return join(dir, name);
  }
  const shards = (s1: string, s2 = join(dir, 's2'), s3 = join(dir, 's3')) => [s1, s2, s3];

  it('refuses a line of another plan in place of a real episode, naming file, line and hash', () => {
    const foreign = read('other-seed', 'results.jsonl').split('\n')[0];
    const s1 = editedShard('s1', 's1-foreign', (lines) => [...lines.slice(0, -1), foreign]);
    const n = read('s1', 'results.jsonl').split('\n').length - 1;
    expect(() => mergeShards(shards(s1), join(dir, 'x'))).toThrow(
      new RegExp(
        `s1-foreign/results\\.jsonl:${n}: (episode \\S+ is not in the plan|provenance\\.plan_hash [0-9a-f]{64} differs)`,
      ),
    );
  });

  it('refuses a line duplicated across shards and names the episode it replaced as missing', () => {
    const s2Line = read('s2', 'results.jsonl').split('\n')[0];
    const s1 = editedShard('s1', 's1-dup', (lines) => [...lines.slice(0, -1), s2Line]);
    let message = '';
    try {
      mergeShards(shards(s1), join(dir, 'x'));
    } catch (error) {
      message = (error as Error).message;
    }
    const id = JSON.parse(s2Line).episode_id;
    const dropped = JSON.parse(read('s1', 'results.jsonl').split('\n').slice(-2)[0]).episode_id;
    expect(message).toMatch(
      new RegExp(
        `s2/results\\.jsonl:1: episode ${id.replace(/[#@]/g, '.')} is also in .*s1-dup/results\\.jsonl:\\d+`,
      ),
    );
    expect(message).toContain(`missing: ${dropped}`);
  });

  it('refuses a line whose hashes differ from its shard manifest', () => {
    const s1 = editedShard('s1', 's1-rebound', (lines) => [
      lines[0].replace(/"versions":\{[^}]*\}/, '"versions":{"simgate":"9.9.9"}'),
      ...lines.slice(1),
    ]);
    expect(() => mergeShards(shards(s1), join(dir, 'x'))).toThrow(
      /s1-rebound\/results\.jsonl:1: provenance\.versions \{"simgate":"9\.9\.9"\} differs from .* recorded in .*s1-rebound\/sweep\.json/,
    );
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
    ).toThrow(
      /s2-cut\/results\.jsonl: \d+ result\(s\), but .*s2-cut\/sweep\.json planned \d+ episode\(s\) for this shard \(unfinished/,
    );
  });

  it('refuses a directory that is not a run output', () => {
    expect(() => mergeShards([join(dir, 'suite')], join(dir, 'x'))).toThrow(/sweep\.json: not found/);
  });
});
