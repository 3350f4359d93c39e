// The pool thread's entry (piscina loads the built dist/harness/worker/episode-worker.js).
// Runs one lockstep batch per task: pick episodes step together through runPickEpisodes with
// one inference call per decision round; stream episodes run one after another. rapier is
// initialised once per thread, policies are cached per model hash. An episode that throws
// becomes an `error` report; budgets are enforced inside the episode loop (maxSteps), so a
// slow episode ends as `timeout` without ever aborting the thread.
import type { PickDecision, PickObservation } from '../../../sim/pick/features.js';
import { runPickEpisodes } from '../../../sim/pick/episode.js';
import { workerData } from 'piscina';
import { loadRapier } from '../../../sim/physics.js';
import {
  type BatchDone,
  errorReport,
  type EpisodeReport,
  type EpisodeTask,
  type EpisodeWorkerData,
  type InjectedFault,
  type RunBatchRequest,
  toWireError,
} from '../ipc.js';
import { pickDivergence } from '../../../policies/divergence.js';
import { pickPolicyFor, streamPolicyFor } from './policies.js';
import { reportOf } from './report.js';
import { runStreamEpisode } from '../../../sim/stream/episode.js';

/** The physics WASM the main thread compiled, shared by every thread of the pool. */
const shared = (workerData as EpisodeWorkerData | undefined)?.rapier;

/** Exit code of a thread ended by injected fault, distinct from natural failures. */
const INJECTED_EXIT_CODE = 70;

function injectFault(fault: InjectedFault): void {
  if (fault.action === 'exit') process.exit(INJECTED_EXIT_CODE);
  throw Object.assign(new Error(`injected fault in episode ${fault.episode}`), { code: 'SIMGATE_INJECTED' });
}

async function runPickBatch(request: RunBatchRequest): Promise<EpisodeReport[]> {
  const rapier = await loadRapier(shared);
  const policy = await pickPolicyFor(request.policy);
  const shadow = request.shadow ? await pickPolicyFor(request.shadow) : undefined;
  // Per lane: how far apart the policy and the shadow acted (with a shadow only).
  const divergence = request.episodes.map(() => 0);
  const fault = request.fault;
  let rounds = 0;
  const decide = async (
    observations: readonly PickObservation[],
    lanes?: readonly number[],
  ): Promise<readonly PickDecision[]> => {
    // The fault fires mid-episode, after the worlds are built and stepping.
    if (fault && rounds++ === 0) injectFault(fault);
    const decisions = await policy.decide(observations);
    if (shadow && lanes) {
      const theirs = await shadow.decide(observations);
      decisions.forEach((d, i) => {
        const lane = lanes[i];
        divergence[lane] = Math.max(divergence[lane], pickDivergence(d, theirs[i]));
      });
    }
    return decisions;
  };
  const traceMeta = request.traceMeta;
  const specs = request.episodes.map((e: EpisodeTask) => ({
    params: e.params,
    seed: e.seed,
    invariants: e.invariants,
    trace: false,
    ...(traceMeta ? { traceMeta } : {}),
    ...(e.maxSteps !== undefined ? { maxSteps: e.maxSteps } : {}),
    ...(e.start !== undefined ? { start: e.start } : {}),
  }));
  const runs = await runPickEpisodes(rapier, specs, decide);
  return request.episodes.map((e, lane) => reportOf(e.id, runs[lane], shadow ? divergence[lane] : undefined));
}

async function runStreamBatch(request: RunBatchRequest): Promise<EpisodeReport[]> {
  const reports: EpisodeReport[] = [];
  for (const e of request.episodes) {
    try {
      if (request.fault?.episode === e.id) injectFault(request.fault);
      const policy = await streamPolicyFor(request.policy, { params: e.params, faults: e.faults ?? [] });
      const outcome = await runStreamEpisode(
        {
          params: e.params,
          seed: e.seed,
          faults: e.faults ?? [],
          horizon_h: e.horizon_h ?? 1,
          invariants: e.invariants,
        },
        policy,
      );
      reports.push(reportOf(e.id, outcome));
    } catch (error) {
      reports.push(errorReport(e.id, toWireError(error)));
    }
  }
  return reports;
}

export default async function runBatch(request: RunBatchRequest): Promise<BatchDone> {
  let episodes: EpisodeReport[];
  try {
    episodes = request.task === 'pick' ? await runPickBatch(request) : await runStreamBatch(request);
  } catch (error) {
    // Lockstep lanes share the failure: every episode of the batch gets the same error.
    const wire = toWireError(error);
    episodes = request.episodes.map((e) => errorReport(e.id, wire));
  }
  return { type: 'batch-done', batch: request.batch, episodes };
}
