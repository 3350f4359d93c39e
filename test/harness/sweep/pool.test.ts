// Crash isolation with real worker threads running the real cells (the pool loads the built
// dist/ worker: `npm test` builds first). Faults are injected through the engine's test hook.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorkers } from '../../../harness/sweep/pool.js';
import { loadTinySuite, runPlanned, tinySuiteDir, type PlannedRunOptions } from './engine.fixture.js';

const runSweep = runPlanned;

const dir = tinySuiteDir();
const base = (out: string, task?: 'pick' | 'stream'): PlannedRunOptions => ({
  scenarios: loadTinySuite(dir, task),
  models: [{ role: 'reference', kind: 'reference' }],
  suiteSeed: 1,
  batchSize: 2,
  workers: 1,
  cacheDir: false,
  outDir: join(dir, out),
});

describe('episode pool', () => {
  it('turns a thread that dies mid-batch into errors for that batch only, and goes on with a fresh thread', async () => {
    const clean = await runSweep(base('clean', 'pick'));
    // One thread: every batch after the first can only run if the pool replaced the dead thread.
    const crashed = await runSweep({
      ...base('crashed', 'pick'),
      fault: { action: 'exit', episode: 'pick-small#0@reference' },
    });
    expect(crashed.status).toBe('complete');
    const errored = crashed.results.filter((r) => r.status === 'error');
    expect(errored.map((r) => r.episode_id)).toEqual(['pick-small#0@reference', 'pick-small#1@reference']);
    for (const r of errored) {
      expect(r.error?.code).toBe('SIMGATE_WORKER_DIED');
      expect(r.error?.message).toMatch(/worker thread died while running batch pick-small#0-1@reference/);
    }
    const cleanById = new Map(clean.results.map((r) => [r.episode_id, r]));
    const survivors = crashed.results.filter((r) => r.status !== 'error');
    expect(survivors).toHaveLength(4);
    for (const r of survivors) expect(r).toEqual(cleanById.get(r.episode_id));
    // Nothing finished is lost: every planned episode has exactly one line on disk.
    const lines = readFileSync(join(dir, 'crashed', 'results.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l).episode_id)).toEqual(crashed.plan.episodes.map((e) => e.id));
    expect(crashed.counts).toMatchObject({ planned: 6, finished: 6, error: 2 });
  });

  it('turns a stream episode that throws into an error result for that episode only', async () => {
    const run = await runSweep({
      ...base('throw', 'stream'),
      fault: { action: 'throw', episode: 'stream-small#1@reference' },
    });
    expect(run.status).toBe('complete');
    expect(run.results.map((r) => `${r.episode_id}:${r.status}`)).toEqual([
      'stream-small#0@reference:ok',
      'stream-small#1@reference:error',
      'stream-small#2@reference:ok',
      'stream-small#3@reference:ok',
    ]);
    expect(run.results[1].error).toEqual({
      message: 'injected fault in episode stream-small#1@reference',
      code: 'SIMGATE_INJECTED',
    });
  });

  it('ends a pick episode over its step budget as a timeout, inside the episode loop', async () => {
    const run = await runSweep({ ...base('budget', 'pick'), samples: 2, maxSteps: 50 });
    expect(run.results.map((r) => r.status)).toEqual(['timeout', 'timeout']);
    expect(run.results.every((r) => r.steps <= 50)).toBe(true);
  });

  it('resolves --workers', () => {
    expect(resolveWorkers('3')).toBe(3);
    expect(resolveWorkers('auto')).toBeGreaterThanOrEqual(1);
    expect(() => resolveWorkers('0')).toThrow(/positive integer or "auto"/);
    expect(() => resolveWorkers('many')).toThrow(/positive integer or "auto"/);
  });

  it('takes auto from SIMGATE_WORKERS when it is set, and refuses a bad value naming it', () => {
    expect(resolveWorkers('auto', { SIMGATE_WORKERS: '3' })).toBe(3);
    expect(resolveWorkers(undefined, { SIMGATE_WORKERS: '1' })).toBe(1);
    // A flag or config value wins over the environment.
    expect(resolveWorkers('2', { SIMGATE_WORKERS: '3' })).toBe(2);
    expect(resolveWorkers('auto', { SIMGATE_WORKERS: 'auto' })).toBe(resolveWorkers('auto', {}));
    for (const bad of ['0', '-1', '2.5', ' 2', 'two', '1e3', '257']) {
      expect(() => resolveWorkers('auto', { SIMGATE_WORKERS: bad }), bad).toThrow(
        `SIMGATE_WORKERS must be a positive integer or "auto" (got "${bad}")`,
      );
    }
  });
});
