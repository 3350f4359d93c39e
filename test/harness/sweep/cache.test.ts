import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  batchCacheKeys,
  type CacheKey,
  type CachedOutcome,
  cacheContext,
  codeFingerprint,
  ResultCache,
} from '../../../harness/sweep/cache.js';
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
  const out = new Map<string, CacheKey>();
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

  const keyOf = (m: Map<string, CacheKey>, episode = id) => m.get(episode)!.key;

  it('are stable and distinct per episode, the sha256 of their material', () => {
    expect(keysOf()).toEqual(base);
    expect(new Set([...base.values()].map((k) => k.key)).size).toBe(base.size);
    expect(base.get(id)!.material).toMatchObject({
      model_sha256: 'c'.repeat(64),
      card_sha256: 'c0'.repeat(32),
      scenario_sha256: scenario('a', 4).sha256,
      lane: 0,
    });
  });

  it('change with the model bytes, the card, the scenario content, the versions and the batch', () => {
    const other: ModelRef[] = [{ ...pair[0], sha256: 'd'.repeat(64) } as ModelRef, pair[1]];
    expect(keyOf(keysOf(undefined, other))).not.toBe(keyOf(base));
    expect(keyOf(keysOf(undefined, other), 'a#0@baseline')).toBe(keyOf(base, 'a#0@baseline'));
    // Another card (normalisation, action bounds) with the same ONNX bytes is another policy.
    const recarded: ModelRef[] = [{ ...pair[0], cardSha256: 'e'.repeat(64) } as ModelRef, pair[1]];
    expect(keyOf(keysOf(undefined, recarded))).not.toBe(keyOf(base));
    expect(keyOf(keysOf(undefined, recarded), 'a#0@baseline')).toBe(keyOf(base, 'a#0@baseline'));
    expect(keyOf(keysOf([{ ...scenario('a', 4), sha256: 'e'.repeat(64) }]))).not.toBe(keyOf(base));
    expect(keyOf(keysOf(undefined, undefined, { ...versions, rapier: '2.1' }))).not.toBe(keyOf(base));
    expect(keyOf(keysOf(undefined, undefined, undefined, 4))).not.toBe(keyOf(base));
  });

  it("change with simgate's own code, not only its version (a patched or rebuilt simgate misses)", () => {
    const plan = planSweep({ scenarios: [scenario('a', 4)], models: pair, suiteSeed: 1, batchSize: 2 });
    const context = cacheContext(plan, versions);
    expect(context.code).toMatch(/^[0-9a-f]{64}$/);
    expect(context.code).toBe(codeFingerprint());
    const b = plan.batches[0];
    const episodes = b.episodes.map((e) => plan.episodes.find((p) => p.id === e)!);
    const ours = batchCacheKeys(b, episodes, context);
    const patched = batchCacheKeys(b, episodes, { ...context, code: 'f'.repeat(64) });
    expect(ours[0].material.code).toBe(context.code);
    expect(patched[0].key).not.toBe(ours[0].key);
  });
});

const OUTCOME: CachedOutcome = {
  status: 'ok',
  kpis: { pick_success_rate: 1, mae: Number.NaN, worst: Number.NEGATIVE_INFINITY },
  invariants: [{ name: 'no_crush', worst: 0, margin: 1, violated: false }],
  events: { pick_success: 2 },
  trace_digest: 'd'.repeat(64),
  steps: 100,
  sim_time_s: 2,
};
const PRODUCER = { plan_hash: 'a'.repeat(64), config_sha256: null };

function storedEntry() {
  const warnings: string[] = [];
  const cache = new ResultCache(mkdtempSync(join(tmpdir(), 'simgate-cache-')), (line) => warnings.push(line));
  const key = [...keysOf().values()][0];
  cache.put(key, OUTCOME, PRODUCER);
  const file = cache.file(key.key);
  const entry = JSON.parse(readFileSync(file, 'utf8'));
  const rehash = (e: { outcome: unknown; nonfinite: unknown }) =>
    createHash('sha256')
      .update(JSON.stringify(sorted({ outcome: e.outcome, nonfinite: e.nonfinite })))
      .digest('hex');
  return { cache, key, file, entry, warnings, rehash };
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  return value;
}

describe('cache entries', () => {
  it('round-trip an outcome exactly, non-finite numbers included, and record who wrote them', () => {
    const { cache, key, entry, warnings } = storedEntry();
    expect(cache.get(key)).toEqual(OUTCOME);
    expect(entry).toMatchObject({
      format: 'simgate.cache/v2',
      key: key.key,
      material: JSON.parse(JSON.stringify(key.material)),
      nonfinite: { '/kpis/mae': 'NaN', '/kpis/worst': '-Infinity' },
      producer: PRODUCER,
    });
    expect(warnings).toEqual([]);
  });

  it('never stores errors or timeouts', () => {
    const { cache } = storedEntry();
    const [k1, k2] = [...keysOf().values()].slice(1);
    cache.put(k1, { ...OUTCOME, status: 'error', error: { message: 'thread died' } }, PRODUCER);
    cache.put(k2, { ...OUTCOME, status: 'timeout' }, PRODUCER);
    expect(existsSync(cache.file(k1.key))).toBe(false);
    expect(existsSync(cache.file(k2.key))).toBe(false);
  });

  type Entry = ReturnType<typeof storedEntry>['entry'];
  const tampered: [string, (e: Entry, rehash: (e: Entry) => string) => unknown, RegExp][] = [
    [
      'a KPI edited',
      (e) => ({ ...e, outcome: { ...e.outcome, kpis: { ...e.outcome.kpis, pick_success_rate: 0.2 } } }),
      /does not match its content hash/,
    ],
    [
      'a KPI edited, content hash recomputed, to a number JSON reads as Infinity',
      (e, rehash) => {
        const f = { ...e, outcome: { ...e.outcome, kpis: { ...e.outcome.kpis, pick_success_rate: 1 } } };
        return `${JSON.stringify({ ...f, outcome_sha256: rehash(f) }).replace('"pick_success_rate":1', '"pick_success_rate":1e999')}`;
      },
      /kpis\.pick_success_rate: must be number or null \(got Infinity\)/,
    ],
    [
      'a KPI nulled, content hash recomputed',
      (e, rehash) => {
        const f = { ...e, outcome: { ...e.outcome, kpis: { ...e.outcome.kpis, pick_success_rate: null } } };
        return { ...f, outcome_sha256: rehash(f) };
      },
      /\/kpis\/pick_success_rate is not a finite number, but the entry records it as one/,
    ],
    [
      'a NaN KPI given a value, content hash recomputed',
      (e, rehash) => {
        const f = { ...e, outcome: { ...e.outcome, kpis: { ...e.outcome.kpis, mae: 0.1 } } };
        return { ...f, outcome_sha256: rehash(f) };
      },
      /\/kpis\/mae is recorded as non-finite but holds a value/,
    ],
    [
      'a violation hidden, content hash recomputed',
      (e, rehash) => {
        const inv = [{ name: 'no_crush', worst: 2, margin: -1, violated: true }];
        const f = { ...e, outcome: { ...e.outcome, invariants: inv } };
        return { ...f, outcome_sha256: rehash(f) };
      },
      /status "ok" contradicts its invariants/,
    ],
    [
      'an error status',
      (e) => ({ ...e, outcome: { ...e.outcome, status: 'error' } }),
      /outcome\.status: must be "ok" or "violation"/,
    ],
    [
      'the key material edited',
      (e) => ({ ...e, material: { ...e.material, seed: 'other' } }),
      /key material does not hash to its key/,
    ],
    ['the entry of another key', (e) => ({ ...e, key: 'f'.repeat(64) }), /holds the entry of key f{64}/],
    [
      'a format of another version',
      (e) => ({ ...e, format: 'simgate.cache/v1' }),
      /format: must be "simgate\.cache\/v2"/,
    ],
    ['null', () => null, /not a simgate\.cache\/v2 entry \(must be object \(got null\)\)/],
    ['an array', () => [], /must be object \(got an array\)/],
    ['truncated', (e) => JSON.stringify(e).slice(0, 80), /not JSON/],
    ['empty', () => '', /not JSON/],
  ];
  it.each(tampered)('refuse %s: a miss with one warning naming the file', (_, edit, reason) => {
    const { cache, key, file, entry, warnings, rehash } = storedEntry();
    const edited = edit(entry, rehash);
    writeFileSync(file, typeof edited === 'string' ? edited : JSON.stringify(edited));
    expect(cache.get(key)).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`cache entry ${file}: `);
    expect(warnings[0]).toMatch(reason);
    expect(cache.hits).toBe(0);
    expect(cache.rejected).toBe(1);
  });
});

function onnxModel(role: string, file: string): ModelRef {
  const path = join(repoRoot, file);
  const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
  return {
    role,
    kind: 'onnx',
    task: 'pick',
    path,
    sha256: hash(path),
    cardSha256: hash(path.replace(/\.onnx$/, '.card.yaml')),
  };
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
    // beforeSimulate hears how many episodes the pool will simulate, once, before it starts.
    const toSimulate: number[] = [];
    const beforeSimulate = (n: number) => toSimulate.push(n);
    const first = await runPlanned({
      ...common,
      models: [onnxModel('candidate', 'models/pick-v2.onnx'), baseline],
      outDir: join(dir, 'first'),
      cacheDir,
      beforeSimulate,
    });
    expect(first.counts).toMatchObject({ run: 8, cached: 0 });
    expect(toSimulate).toEqual([8]);
    const changed = [onnxModel('candidate', 'test/fixtures/models/fragile-fast.onnx'), baseline];
    const warm = await runPlanned({
      ...common,
      models: changed,
      outDir: join(dir, 'warm'),
      cacheDir,
      beforeSimulate,
    });
    expect(warm.counts).toMatchObject({ planned: 8, run: 4, cached: 4 });
    expect(toSimulate).toEqual([8, 4]);
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
    const hot = await runPlanned({
      ...common,
      models: changed,
      outDir: join(dir, 'hot'),
      cacheDir,
      beforeSimulate,
    });
    expect(hot.counts).toMatchObject({ run: 0, cached: 8 });
    expect(toSimulate).toEqual([8, 4]);
  });
});
