// The sweep engine: plan → cache lookups → pool of worker threads → results on disk, with
// resume, checkpoints (sequential looks) and interruption. Everything it returns and writes
// to results.jsonl / summary.json is a pure function of the plan and the simulations, never of
// timing; timings go to run.json only.
import { pickTraceMeta } from '../common/version.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindingOf, checkResultsBinding, manifestDifferences } from './binding.js';
import { batchCacheKeys, type CacheKey, cacheContext, DEFAULT_CACHE_DIR, ResultCache } from './cache.js';
import { EXIT, UsageError } from '../common/errors.js';
import type { InjectedFault, RunBatchRequest } from './ipc.js';
import { manifestOf, manifestPath, readManifest, type SweepManifest, writeManifest } from './manifest.js';
import { type ModelRef, type PlannedBatch, type PlannedEpisode, policyOf, type SweepPlan } from './plan.js';
import { createEpisodePool, type EpisodePool } from './pool.js';
import {
  type EpisodeResult,
  inPlanOrder,
  ResultsAppender,
  readResultsFile,
  resultsPath,
  toResult,
  writeResultsFile,
} from './results.js';
import { type SweepSummary, summarize } from './summary.js';
import { componentVersions } from '../common/version.js';

export interface SweepProgress {
  readonly source: 'run' | 'cache' | 'resume';
  readonly done: number;
  readonly total: number;
}

export interface SweepCheckpoint {
  /** 0-based look; the last look is `looks - 1`. */
  readonly look: number;
  readonly looks: number;
  /** Every result of looks 0..look, in plan order. */
  readonly results: readonly EpisodeResult[];
}

/** The plan to run (built once by the caller, sharded or not) and how to run it. */
export interface SweepOptions {
  readonly plan: SweepPlan;
  readonly workers: number;
  /**
   * A pool the caller owns and closes (a safety search runs many small sweeps on one pool, so
   * threads, engine and model sessions start once); by default the sweep makes and closes its own.
   */
  readonly pool?: EpisodePool;
  readonly outDir: string;
  /**
   * sha256 of the gate config the results are for (null or absent for `simgate run`): bound into
   * every result line and sweep.json, so results of one config are never decided by another.
   */
  readonly configSha256?: string | null;
  /** Cache directory (default `.simgate-cache`); `false` disables the cache. */
  readonly cacheDir?: string | false;
  readonly resume?: boolean;
  /** Aborting stops dispatching; running batches finish and are kept. */
  readonly signal?: AbortSignal;
  /**
   * A differential safety search's baseline: the workers ask it for its action on every pick
   * observation (never acting on it), and each pick result records the divergence.
   */
  readonly shadow?: ModelRef;
  /** Test-only: make the thread running this episode fail (see harness/ipc.ts). */
  readonly fault?: InjectedFault;
  readonly onEpisodeEnd?: (result: EpisodeResult, progress: SweepProgress) => void;
  /**
   * Called once, before the worker pool starts, with the number of episodes that will be
   * simulated (after resumed results and cache hits are taken out); not called when none will.
   */
  readonly beforeSimulate?: (episodes: number) => void;
  /**
   * Called when every episode of a look finished. `stop` ends dispatching; `{onlyRole}` keeps
   * running only that role's episodes (a gate whose KPIs decided still runs the candidate's
   * safety episodes); `continue` goes on.
   */
  readonly onCheckpoint?: (checkpoint: SweepCheckpoint) => CheckpointAnswer | Promise<CheckpointAnswer>;
}

export type CheckpointAnswer = 'stop' | 'continue' | { readonly onlyRole: string };

/** Counts over the results the sweep returns: `run + cached + resumed = finished`. */
export interface SweepCounts {
  readonly planned: number;
  readonly finished: number;
  /** Simulated by this process. */
  readonly run: number;
  /** Served by the episode cache. */
  readonly cached: number;
  /** Kept from results.jsonl by --resume. */
  readonly resumed: number;
  readonly ok: number;
  readonly violation: number;
  readonly error: number;
  readonly timeout: number;
}

export interface SweepResult {
  readonly status: 'complete' | 'stopped' | 'interrupted';
  /** Looks completed before a checkpoint said stop (equals `looks` when complete). */
  readonly looksCompleted: number;
  readonly plan: SweepPlan;
  readonly manifest: SweepManifest;
  /** In plan order. */
  readonly results: readonly EpisodeResult[];
  readonly summary: SweepSummary;
  readonly counts: SweepCounts;
  readonly outDir: string;
  readonly elapsedMs: number;
}

/** `SIMGATE_TEST_FAULT=exit:<episode-id>` or `throw:<episode-id>` (tests of crash isolation). */
export function faultFromEnv(value = process.env.SIMGATE_TEST_FAULT): InjectedFault | undefined {
  const m = value ? /^(exit|throw):(.+)$/.exec(value) : null;
  return m ? { action: m[1] as 'exit' | 'throw', episode: m[2] } : undefined;
}

function requestOf(
  batch: PlannedBatch,
  episodes: readonly PlannedEpisode[],
  fault?: InjectedFault,
  shadow?: ModelRef,
): RunBatchRequest {
  const hit = fault && batch.episodes.includes(fault.episode);
  return {
    type: 'run-batch',
    batch: batch.id,
    task: batch.task,
    policy: batch.policy,
    ...(batch.task === 'pick'
      ? {
          traceMeta: pickTraceMeta(
            batch.policy.kind === 'onnx' ? `onnx:${batch.policy.sha256}` : 'reference',
          ),
        }
      : {}),
    episodes: episodes.map((e) => ({
      id: e.id,
      seed: e.seed,
      params: e.params,
      invariants: e.invariants,
      ...(e.task === 'stream' ? { faults: e.faults, horizon_h: e.horizon_h } : {}),
      ...(e.maxSteps !== undefined ? { maxSteps: e.maxSteps } : {}),
      ...(e.start !== undefined ? { start: e.start } : {}),
    })),
    ...(hit ? { fault } : {}),
    ...(shadow && batch.task === 'pick' ? { shadow: policyOf(shadow, batch.task) } : {}),
  };
}

export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const started = Date.now();
  const plan = options.plan;
  if (plan.totalEpisodes === 0)
    throw new UsageError('the plan is empty: no scenario matches the given models');
  const versions = componentVersions();
  const manifest = manifestOf(plan, versions, options.configSha256 ?? null);
  mkdirSync(options.outDir, { recursive: true });
  const file = resultsPath(options.outDir);
  const episodeById = new Map(plan.episodes.map((e) => [e.id, e]));

  let previous: EpisodeResult[] = [];
  let validBytes = 0;
  if (options.resume && existsSync(manifestPath(options.outDir))) {
    const before = readManifest(options.outDir);
    const differs = manifestDifferences(before, manifest);
    if (JSON.stringify(before.shard) !== JSON.stringify(manifest.shard)) differs.push('shard');
    if (differs.length > 0) {
      throw new UsageError(
        `cannot resume ${options.outDir}: ${manifestPath(options.outDir)} records a different run (${differs.join('; ')})`,
        'run again without --resume, or with the original models, config, suite and flags',
      );
    }
    // Every kept line must be an episode of this plan, bound to the same hashes.
    const read = readResultsFile(file, { tornTail: 'cut' });
    checkResultsBinding(file, read, manifest, manifestPath(options.outDir), (id) => episodeById.has(id));
    previous = read.results;
    validBytes = read.validBytes;
  }
  writeManifest(options.outDir, manifest);
  const appender = new ResultsAppender(file, options.resume ? { validBytes } : undefined);
  const expectedBinding = bindingOf(manifest);
  const bound = (e: PlannedEpisode) => expectedBinding(e.role, e.scenario_id)!;
  const finished = new Map<string, EpisodeResult>();
  const remainingInLook = new Array<number>(plan.looks).fill(0);
  for (const e of plan.episodes) remainingInLook[e.stage]++;
  const tally = { run: 0, cached: 0, resumed: 0 };
  const sourceOf = new Map<string, SweepProgress['source']>();
  const total = plan.episodes.length;

  // Episodes a checkpoint dropped (another role than the one still wanted) no longer hold a look open.
  const dropped = new Set<string>();
  let onlyRole: string | undefined;
  const record = (result: EpisodeResult, source: SweepProgress['source']): void => {
    finished.set(result.episode_id, result);
    sourceOf.set(result.episode_id, source);
    if (!dropped.has(result.episode_id)) remainingInLook[episodeById.get(result.episode_id)!.stage]--;
    tally[source === 'run' ? 'run' : source === 'cache' ? 'cached' : 'resumed']++;
    options.onEpisodeEnd?.(result, { source, done: finished.size, total });
  };
  for (const r of previous) record(r, 'resume');

  const cache =
    options.cacheDir === false ? undefined : new ResultCache(options.cacheDir ?? DEFAULT_CACHE_DIR);
  const context = cacheContext(plan, versions, options.shadow);
  const fault = options.fault ?? faultFromEnv();
  const producer = { plan_hash: plan.planHash, config_sha256: options.configSha256 ?? null };
  const jobs: { request: RunBatchRequest; episodes: PlannedEpisode[]; keys: CacheKey[] }[] = [];
  for (const batch of plan.batches) {
    const episodes = batch.episodes.map((id) => episodeById.get(id)!);
    const missing = episodes.filter((e) => !finished.has(e.id));
    if (missing.length === 0) continue;
    const keys = cache ? batchCacheKeys(batch, episodes, context) : [];
    if (cache) {
      const hits = missing.map((e) => cache.get(keys[episodes.indexOf(e)]));
      if (hits.every((h) => h !== undefined)) {
        const cached = missing.map((e, i) => toResult(e, hits[i]!, bound(e)));
        appender.append(cached);
        for (const r of cached) record(r, 'cache');
        continue;
      }
    }
    // The whole batch runs again even if some lanes are done: lockstep composition fixes the numbers.
    jobs.push({ request: requestOf(batch, episodes, fault, options.shadow), episodes, keys });
  }

  let look = 0;
  let stopped = false;
  let stoppedAtLook = -1;
  const inflightIds = new Set<string>();
  const keepOnly = (role: string): void => {
    onlyRole = role;
    stoppedAtLook = look;
    for (const e of plan.episodes) {
      if (e.role === role || finished.has(e.id) || inflightIds.has(e.id)) continue;
      dropped.add(e.id);
      remainingInLook[e.stage]--;
    }
  };
  const checkpoints = async (): Promise<void> => {
    while (!stopped && look < plan.looks && remainingInLook[look] === 0) {
      if (options.onCheckpoint) {
        const upTo = look;
        const results = inPlanOrder(plan, finished.values()).filter(
          (r) => episodeById.get(r.episode_id)!.stage <= upTo,
        );
        const answer = await options.onCheckpoint({ look, looks: plan.looks, results });
        if (answer === 'stop') stopped = true;
        else if (answer !== 'continue' && onlyRole === undefined) keepOnly(answer.onlyRole);
      }
      look++;
    }
  };

  let pool: EpisodePool | undefined;
  try {
    await checkpoints();
    if (jobs.length > 0 && !stopped && !options.signal?.aborted) {
      options.beforeSimulate?.(jobs.reduce((n, j) => n + j.episodes.length, 0));
      pool = options.pool ?? createEpisodePool({ threads: options.workers });
      const inflight = new Set<Promise<void>>();
      let next = 0;
      const canDispatch = () => !stopped && !options.signal?.aborted;
      while (true) {
        while (canDispatch() && inflight.size < pool.threads && next < jobs.length) {
          const job = jobs[next++];
          if (job.episodes.every((e) => dropped.has(e.id))) continue;
          for (const e of job.episodes) inflightIds.add(e.id);
          const task: Promise<void> = pool.run(job.request).then((done) => {
            const results: EpisodeResult[] = [];
            done.episodes.forEach((report, lane) => {
              const episode = job.episodes[lane];
              // Errors and timeouts depend on the machine, not only on the inputs: never cache them.
              if (cache && report.status !== 'error' && report.status !== 'timeout')
                cache.put(job.keys[lane], report, producer);
              if (!finished.has(episode.id)) results.push(toResult(episode, report, bound(episode)));
            });
            appender.append(results);
            for (const r of results) record(r, 'run');
          });
          inflight.add(task);
          task.then(
            () => inflight.delete(task),
            () => inflight.delete(task),
          );
        }
        if (inflight.size === 0) break;
        await Promise.race(inflight);
        await checkpoints();
      }
    }
  } finally {
    appender.close();
    if (pool !== options.pool) await pool?.close();
  }

  const wanted = plan.episodes.filter((e) => !dropped.has(e.id)).every((e) => finished.has(e.id));
  const status: SweepResult['status'] = stopped ? 'stopped' : wanted ? 'complete' : 'interrupted';
  // A stopped sweep reports exactly the looks its checkpoints saw, whatever else had finished;
  // after `onlyRole`, the other roles' results end at the look that narrowed the run. Cached or
  // in-flight extras are dropped, so a warm cache writes the same results as a cold run.
  const lastLook = stopped ? look - 1 : plan.looks - 1;
  const results = inPlanOrder(plan, finished.values()).filter((r) => {
    const stage = episodeById.get(r.episode_id)!.stage;
    if (stage > lastLook) return false;
    return onlyRole === undefined || r.role === onlyRole || stage <= stoppedAtLook;
  });
  if (status !== 'interrupted') writeResultsFile(file, results);
  const summary = summarize(manifest, results);
  writeFileSync(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const counts = countsOf(plan, results, sourceOf);
  const elapsedMs = Date.now() - started;
  writeFileSync(
    join(options.outDir, 'run.json'),
    `${JSON.stringify(
      {
        status,
        workers: options.workers,
        elapsed_ms: elapsedMs,
        episodes_per_s: tally.run / Math.max(elapsedMs / 1000, 1e-9),
        counts,
        cache: cache
          ? { dir: cache.dir, hits: tally.cached, stored: cache.stores, refused: cache.rejected }
          : null,
      },
      null,
      2,
    )}\n`,
  );
  return {
    status,
    looksCompleted: status === 'interrupted' ? look : lastLook + 1,
    plan,
    manifest,
    results,
    summary,
    counts,
    outDir: options.outDir,
    elapsedMs,
  };
}

/** Counts over the returned results only: episodes a checkpoint's stop discarded are not counted. */
function countsOf(
  plan: SweepPlan,
  results: readonly EpisodeResult[],
  sourceOf: ReadonlyMap<string, SweepProgress['source']>,
): SweepCounts {
  const by = { ok: 0, violation: 0, error: 0, timeout: 0 };
  const from = { run: 0, cached: 0, resumed: 0 };
  for (const r of results) {
    by[r.status]++;
    const source = sourceOf.get(r.episode_id);
    from[source === 'cache' ? 'cached' : source === 'resume' ? 'resumed' : 'run']++;
  }
  return { planned: plan.episodes.length, finished: results.length, ...from, ...by };
}

/**
 * The ModelRef of an ONNX model file (with its card): loads and checks it on the main thread,
 * so a bad model fails before any thread starts. The ONNX runtime is imported on demand.
 */
export async function loadModelRef(role: string, path: string): Promise<ModelRef> {
  const { loadModel } = await import('../../policies/onnx/index.js');
  const model = await loadModel(path);
  const { task, sensor } = model.card;
  return {
    role,
    kind: 'onnx',
    task,
    path: model.onnxPath,
    sha256: model.sha256,
    cardSha256: model.cardSha256,
    ...(sensor ? { sensor } : {}),
  };
}

/** Exit code of a finished sweep: 3 on any error, 1 on any violation or timeout, else 0. */
export function sweepExitCode(results: readonly EpisodeResult[]): number {
  if (results.length === 0 || results.some((r) => r.status === 'error')) return EXIT.ERROR;
  if (results.some((r) => r.status === 'violation' || r.status === 'timeout')) return EXIT.FAIL;
  return EXIT.PASS;
}
