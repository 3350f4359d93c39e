// The bare loop the engine is measured against: the same lockstep pick batches through
// runPickEpisodes with the reference policy, no pool, no results file, no cache. Runs in the
// calling thread (runBareLoop) or as a worker_threads entry (workerData = BareLoopJob), on the
// process's shared physics module when it is given, as the engine's threads are.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { referencePickPolicy } from '../policies/reference/pick.js';
import { runPickEpisodes } from '../sim/pick/episode.js';
import type { ResolvedParams } from '../sim/params.js';
import { loadRapier, type WasmModule } from '../sim/physics.js';

export interface BareLoopJob {
  readonly batches: readonly (readonly { readonly params: ResolvedParams; readonly seed: string }[])[];
  /** The compiled physics module to run on (a thread's first loadRapier call takes it). */
  readonly rapier?: WasmModule;
}

/** Runs every batch; returns the episode count and the seconds it took (after rapier init). */
export async function runBareLoop(job: BareLoopJob): Promise<{ episodes: number; seconds: number }> {
  const rapier = await loadRapier(job.rapier);
  const start = performance.now();
  let episodes = 0;
  for (const batch of job.batches) {
    const runs = await runPickEpisodes(rapier, batch, referencePickPolicy.decide);
    episodes += runs.length;
  }
  return { episodes, seconds: (performance.now() - start) / 1000 };
}

if (!isMainThread && parentPort && workerData?.bareLoop) {
  const port = parentPort;
  runBareLoop(workerData.bareLoop as BareLoopJob).then((r) => port.postMessage(r));
}
