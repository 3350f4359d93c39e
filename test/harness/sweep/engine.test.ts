import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SweepCheckpoint } from '../../../harness/sweep/engine.js';
import { loadTinySuite, runPlanned, tinySuiteDir, type PlannedRunOptions } from './engine.fixture.js';

const dir = tinySuiteDir();
const options = (out: string, extra: Partial<PlannedRunOptions> = {}): PlannedRunOptions => ({
  scenarios: loadTinySuite(dir),
  models: [{ role: 'reference', kind: 'reference' }],
  suiteSeed: 2,
  samples: 4,
  batchSize: 2,
  workers: 1,
  cacheDir: false,
  outDir: join(dir, out),
  ...extra,
});
const results = (out: string) => readFileSync(join(dir, out, 'results.jsonl'), 'utf8');

// The uninterrupted run every test compares with: made here, never by another test.
let plain: Awaited<ReturnType<typeof runPlanned>>;
beforeAll(async () => {
  plain = await runPlanned(options('plain'));
});

describe('runSweep', () => {
  it('writes results.jsonl in plan order, with a summary and the timings kept apart', () => {
    const run = plain;
    expect(run.status).toBe('complete');
    expect(run.results.map((r) => r.episode_id)).toEqual(run.plan.episodes.map((e) => e.id));
    const lines = results('plain').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).episode_id)).toEqual(run.plan.episodes.map((e) => e.id));
    expect(results('plain')).not.toMatch(/elapsed|_ms"|time_ms|duration_ms/);
    const summary = JSON.parse(readFileSync(join(dir, 'plain', 'summary.json'), 'utf8'));
    expect(summary.scenarios.map((s: { id: string }) => s.id)).toEqual(['pick-small', 'stream-small']);
    expect(JSON.parse(readFileSync(join(dir, 'plain', 'run.json'), 'utf8')).elapsed_ms).toBeGreaterThan(0);
  });

  it('calls checkpoints in plan order and stops at the one that says stop, whatever the worker count', async () => {
    const seen: SweepCheckpoint[] = [];
    const stopAtFirst = (out: string, workers: number) =>
      runPlanned(
        options(out, {
          looks: 2,
          workers,
          onCheckpoint: (c) => {
            seen.push(c);
            return 'stop';
          },
        }),
      );
    const one = await stopAtFirst('stop-1', 1);
    const two = await stopAtFirst('stop-2', 2);
    expect(one.status).toBe('stopped');
    expect(one.looksCompleted).toBe(1);
    expect(seen.map((c) => c.look)).toEqual([0, 0]);
    expect(seen[0].results.map((r) => r.episode_id)).toEqual([
      'pick-small#0@reference',
      'pick-small#1@reference',
      'stream-small#0@reference',
      'stream-small#1@reference',
    ]);
    expect(one.results).toEqual(seen[0].results);
    expect(results('stop-2')).toBe(results('stop-1'));
    expect(two.results).toEqual(one.results);
  });

  it('runs every look when the checkpoints say continue', async () => {
    const sizes: number[] = [];
    const run = await runPlanned(
      options('looks', {
        looks: 2,
        onCheckpoint: (c) => {
          sizes.push(c.results.length);
          return 'continue';
        },
      }),
    );
    expect(run.status).toBe('complete');
    expect(sizes).toEqual([4, 8]);
    expect(results('looks')).toHaveLength(results('plain').length);
  });

  it('after {onlyRole} runs only that role to the end of the plan, the same with a warm cache', async () => {
    const two = (out: string, cacheDir: string | false) =>
      runPlanned(
        options(out, {
          scenarios: loadTinySuite(dir, 'pick'),
          models: [
            { role: 'candidate', kind: 'reference' },
            { role: 'baseline', kind: 'reference' },
          ],
          looks: 2,
          cacheDir,
          onCheckpoint: (c) => (c.look === 0 ? { onlyRole: 'candidate' } : 'continue'),
        }),
      );
    const cold = await two('only-cold', join(dir, 'only-cache'));
    expect(cold.status).toBe('complete');
    // Look 0 (samples 0-1): both roles; look 1 (samples 2-3): the candidate alone.
    expect(cold.results.map((r) => r.episode_id)).toEqual([
      'pick-small#0@candidate',
      'pick-small#0@baseline',
      'pick-small#1@candidate',
      'pick-small#1@baseline',
      'pick-small#2@candidate',
      'pick-small#3@candidate',
    ]);
    expect(cold.counts.run).toBe(6);
    // A warm cache holding every episode of the plan writes exactly the same results.
    await two('only-full', join(dir, 'only-cache')).then(() =>
      runPlanned(
        options('only-fill', {
          scenarios: loadTinySuite(dir, 'pick'),
          models: [
            { role: 'candidate', kind: 'reference' },
            { role: 'baseline', kind: 'reference' },
          ],
          looks: 2,
          cacheDir: join(dir, 'only-cache'),
        }),
      ),
    );
    const warm = await two('only-warm', join(dir, 'only-cache'));
    expect(warm.counts.run).toBe(0);
    expect(results('only-warm')).toBe(results('only-cold'));
  });

  it('resumes an interrupted sweep without redoing finished episodes, to the same bytes', async () => {
    const controller = new AbortController();
    const first = await runPlanned(
      options('resume', {
        signal: controller.signal,
        onEpisodeEnd: (_, p) => {
          if (p.done >= 2) controller.abort();
        },
      }),
    );
    expect(first.status).toBe('interrupted');
    expect(first.counts.finished).toBeLessThan(8);
    const second = await runPlanned(options('resume', { resume: true }));
    expect(second.status).toBe('complete');
    expect(second.counts.resumed).toBe(first.counts.finished);
    expect(second.counts.run).toBe(8 - first.counts.finished);
    expect(results('resume')).toBe(results('plain'));
  });

  it('refuses to resume a directory holding another plan or config, naming what differs', async () => {
    await expect(runPlanned(options('plain', { resume: true, suiteSeed: 3 }))).rejects.toThrow(
      /cannot resume .*plain: .*sweep\.json records a different run \(plan_hash .*suite_seed 3 differs from 2/,
    );
    await expect(
      runPlanned(options('plain', { resume: true, configSha256: 'a'.repeat(64) })),
    ).rejects.toThrow(/config_sha256 a{64} differs from null/);
  });

  it('refuses to resume over a line of another plan, a duplicated line or a line bound to other hashes', async () => {
    const lines = results('plain').split('\n').slice(0, -1);
    await runPlanned(options('other-plan', { suiteSeed: 5, samples: 1 }));
    const otherPlan = results('other-plan').split('\n')[0];
    const cases: [string, string[], RegExp][] = [
      [
        'foreign',
        [
          lines[0],
          lines[1]
            .replace('"pick-small#1@reference"', '"pick-small#9@reference"')
            .replace('"sample":1', '"sample":9'),
        ],
        /results\.jsonl:2: episode pick-small#9@reference is not in the plan of .*sweep\.json/,
      ],
      [
        'other-plan',
        [lines[1], otherPlan],
        /results\.jsonl:2: provenance\.plan_hash [0-9a-f]{64} differs from/,
      ],
      [
        'duplicate',
        [lines[0], lines[1], lines[0]],
        /results\.jsonl:3: episode pick-small#0@reference appears again \(first at line 1\)/,
      ],
      [
        'rebound',
        [
          lines[0],
          lines[1].replace(/"scenario_sha256":"[0-9a-f]+"/, `"scenario_sha256":"${'9'.repeat(64)}"`),
        ],
        /results\.jsonl:2: provenance\.scenario_sha256 9{64} differs from [0-9a-f]{64} recorded in .*sweep\.json/,
      ],
      ['null', [lines[0], 'null'], /results\.jsonl:2: not a result object \(got null\)/],
    ];
    for (const [name, body, message] of cases) {
      const out = join(dir, `resume-${name}`);
      cpSync(join(dir, 'plain'), out, { recursive: true });
      writeFileSync(join(out, 'results.jsonl'), `${body.join('\n')}\n`);
      await expect(runPlanned(options(`resume-${name}`, { resume: true })), name).rejects.toThrow(message);
    }
  });
});
