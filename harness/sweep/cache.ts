// The episode result cache, content-addressed: the key hashes everything that decides an
// episode's numbers — the policy (model sha256 or reference), the scenario file's content,
// the seed, the sampled params, the lockstep batch it ran in, and the versions of simgate,
// node, rapier and onnxruntime. Reusing the production model's results across runs means
// only the changed model is simulated again. Errors are never cached (a dead thread is not
// a property of the model).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeReport } from './ipc.js';
import type { PlannedBatch, PlannedEpisode, SweepPlan } from './plan.js';

export const DEFAULT_CACHE_DIR = '.simgate-cache';
const CACHE_FORMAT = 'simgate.cache/v1';

export type CachedOutcome = Omit<EpisodeReport, 'id'>;

export interface CacheKeyContext {
  readonly scenarioSha: ReadonlyMap<string, string>;
  readonly versions: Readonly<Record<string, string>>;
}

export function cacheContext(plan: SweepPlan, versions: Readonly<Record<string, string>>): CacheKeyContext {
  return { scenarioSha: new Map(plan.scenarios.map((s) => [s.id, s.sha256])), versions };
}

/** Keys of every episode of `batch`, in lane order. */
export function batchCacheKeys(
  batch: PlannedBatch,
  episodes: readonly PlannedEpisode[],
  context: CacheKeyContext,
): string[] {
  // Lockstep lanes share inference calls, so the batch's composition is part of the key.
  const composition = episodes.map((e) => e.seed).join(',');
  return episodes.map((e, lane) =>
    createHash('sha256')
      .update(
        JSON.stringify([
          CACHE_FORMAT,
          e.model_id,
          e.task,
          context.scenarioSha.get(e.scenario_id) ?? '',
          e.seed,
          e.params,
          e.invariants,
          e.faults,
          e.horizon_h ?? null,
          e.maxSteps ?? null,
          batch.episodes.length,
          lane,
          composition,
          Object.entries(context.versions).sort(),
        ]),
      )
      .digest('hex'),
  );
}

export class ResultCache {
  hits = 0;
  stores = 0;

  constructor(readonly dir: string) {}

  private file(key: string): string {
    return join(this.dir, 'episodes', key.slice(0, 2), `${key}.json`);
  }

  get(key: string): CachedOutcome | undefined {
    let text: string;
    try {
      text = readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as { format: string; key: string; outcome: CachedOutcome };
      if (entry.format !== CACHE_FORMAT || entry.key !== key) return undefined;
      this.hits++;
      return entry.outcome;
    } catch {
      return undefined; // a torn entry is a miss; the next store replaces it
    }
  }

  put(key: string, outcome: CachedOutcome): void {
    if (outcome.status === 'error') return;
    const file = this.file(key);
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: CACHE_FORMAT, key, outcome }));
    renameSync(tmp, file);
    this.stores++;
  }
}
