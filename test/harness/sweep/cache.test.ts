import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchCacheKeys, cacheContext, ResultCache } from '../../../harness/sweep/cache.js';
import type { ModelRef } from '../../../harness/sweep/plan.js';
import { planSweep } from '../../../harness/sweep/plan.js';
import { repoRoot } from '../../helpers/cli.js';
import { loadTinySuite, runPlanned, tinySuiteDir } from './engine.fixture.js';
import { pair, scenario } from './plan.fixture.js';

const versions = { simgate: '1', rapier: '2', onnxruntime: '3' };

function keysOf(
  scenarios = [scenario('a', 4)],
  models: readonly ModelRef[] = pair,
  v: Record<string, string> = versions,
  batchSize = 2,
) {
  const plan = planSweep({ scenarios, models, suiteSeed: 1, batchSize });
  const byId = new Map(plan.episodes.map((e) => [e.id, e]));
  const context = cacheContext(plan, v);
  const out = new Map<string, string>();
  for (const b of plan.batches) {
    const keys = batchCacheKeys(
      b,
      b.episodes.map((id) => byId.get(id)!),
      context,
    );
    for (const [i, id] of b.episodes.entries()) out.set(id, keys[i]);
  }
  return out;
}

describe('cache keys', () => {
  const base = keysOf();
  const id = 'a#0@candidate';

  it('are stable and distinct per episode', () => {
    expect(keysOf()).toEqual(base);
    expect(new Set(base.values()).size).toBe(base.size);
  });

  it('change with the model, the scenario content, the versions and the batch composition', () => {
    const other: ModelRef[] = [{ ...pair[0], sha256: 'd'.repeat(64) } as ModelRef, pair[1]];
    expect(keysOf(undefined, other).get(id)).not.toBe(base.get(id));
    expect(keysOf(undefined, other).get('a#0@baseline')).toBe(base.get('a#0@baseline'));
    expect(keysOf([{ ...scenario('a', 4), sha256: 'edited' }]).get(id)).not.toBe(base.get(id));
    expect(keysOf(undefined, undefined, { ...versions, rapier: '2.1' }).get(id)).not.toBe(base.get(id));
    expect(keysOf(undefined, undefined, undefined, 4).get(id)).not.toBe(base.get(id));
  });

  it('never stores errors', () => {
    const cache = new ResultCache(mkdtempSync(join(tmpdir(), 'simgate-cache-')));
    const outcome = { kpis: {}, invariants: [], events: {}, trace_digest: '', steps: 0, sim_time_s: 0 };
    cache.put('k1', { ...outcome, status: 'error', error: { message: 'thread died' } });
    cache.put('k2', { ...outcome, status: 'ok' });
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.get('k2')).toEqual({ ...outcome, status: 'ok' });
  });
});

function onnxModel(role: string, file: string): ModelRef {
  const path = join(repoRoot, file);
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  return { role, kind: 'onnx', task: 'pick', path, sha256 };
}

describe('warm cache', () => {
  it('simulates only the changed model and writes the same results as a cold run', async () => {
    const dir = tinySuiteDir();
    const cacheDir = join(dir, 'cache');
    const baseline = onnxModel('baseline', 'models/pick-v1.onnx');
    const common = {
      scenarios: loadTinySuite(dir, 'pick'),
      suiteSeed: 4,
      samples: 4,
      batchSize: 2,
      workers: 2,
    };
    const first = await runPlanned({
      ...common,
      models: [onnxModel('candidate', 'models/pick-v2.onnx'), baseline],
      outDir: join(dir, 'first'),
      cacheDir,
    });
    expect(first.counts).toMatchObject({ run: 8, cached: 0 });
    const changed = [onnxModel('candidate', 'test/fixtures/models/fragile-fast.onnx'), baseline];
    const warm = await runPlanned({ ...common, models: changed, outDir: join(dir, 'warm'), cacheDir });
    expect(warm.counts).toMatchObject({ planned: 8, run: 4, cached: 4 });
    const cold = await runPlanned({
      ...common,
      models: changed,
      outDir: join(dir, 'cold'),
      cacheDir: false,
    });
    expect(readFileSync(join(dir, 'warm', 'results.jsonl'), 'utf8')).toBe(
      readFileSync(join(dir, 'cold', 'results.jsonl'), 'utf8'),
    );
    expect(cold.counts).toMatchObject({ run: 8, cached: 0 });
    // A third run of the same pair is served entirely from the cache: no thread is started.
    const hot = await runPlanned({ ...common, models: changed, outDir: join(dir, 'hot'), cacheDir });
    expect(hot.counts).toMatchObject({ run: 0, cached: 8 });
  });
});
