// A tiny two-task suite (short pick episodes, a two-hour stream) written to a temp dir and
// loaded with the real scenario loader, for tests that run the real engine and worker threads.
import { join } from 'node:path';
import { loadSuite } from '../../../scenarios/load.js';
import type { Scenario } from '../../../scenarios/types.js';
import { inlineFiles, repoRoot } from '../../helpers/cli.js';

export const PICK_SCENARIO = `id: pick-small
title: A few light boxes
task: pick
requirements: [SR-1]
tags: [odd:small]
samples: 6
seed: 3
duration_s: 5
params:
  items.count: {int: {min: 1, max: 3}}
  items.shape: box
invariants:
  - no_hazardous_drop
  - {name: max_contact_force_n, limit: 60}
`;

export const STREAM_SCENARIO = `id: stream-small
title: Two hours of temperature with spikes
task: stream
requirements: [SR-10]
tags: [odd:spikes]
samples: 4
seed: 5
horizon_h: 2
params:
  stream.sensor: temperature
  stream.period_s: 60
faults:
  - {kind: spike, start_h: 0.5, end_h: 1.5, magnitude: 8, probability: 0.05}
invariants:
  - no_nan_forecast
`;

/** A temp dir holding `suite/pick-small.yaml` and `suite/stream-small.yaml`. */
export function tinySuiteDir(): string {
  return inlineFiles({ 'suite/pick-small.yaml': PICK_SCENARIO, 'suite/stream-small.yaml': STREAM_SCENARIO });
}

export function loadTinySuite(dir: string, task?: 'pick' | 'stream'): Scenario[] {
  const scenarios = loadSuite([`${dir}/suite`]).scenarios;
  return task ? scenarios.filter((s) => s.task === task) : scenarios;
}

/**
 * The engine as built in dist/ — the code the CLI runs and the pool's worker threads load
 * (`npm test` builds first; see docs/engine.md). Types come from the source.
 */
export const engine = (await import(
  join(repoRoot, 'dist/harness/sweep/engine.js')
)) as typeof import('../../../harness/sweep/engine.js');

const planning = (await import(
  join(repoRoot, 'dist/harness/sweep/plan.js')
)) as typeof import('../../../harness/sweep/plan.js');
const sharding = (await import(
  join(repoRoot, 'dist/harness/sweep/shard.js')
)) as typeof import('../../../harness/sweep/shard.js');

type EngineOptions = Parameters<typeof engine.runSweep>[0];
type PlanOptions = import('../../../harness/sweep/plan.js').PlanInput;

/** What to plan and how to run it, as the CLI's flags give it. */
export type PlannedRunOptions = Omit<EngineOptions, 'plan'> &
  Omit<PlanOptions, 'sample'> & { shard?: { index: number; total: number } };

/** Plans (and shards) the way the CLI does, once, then runs that plan on the real engine. */
export function runPlanned(options: PlannedRunOptions): ReturnType<typeof engine.runSweep> {
  const { scenarios, models, suiteSeed, samples, batchSize, looks, maxSteps, shard, ...run } = options;
  const plan = sharding.shardPlan(
    planning.planSweep({ scenarios, models, suiteSeed, samples, batchSize, looks, maxSteps }),
    shard,
  );
  return engine.runSweep({ ...run, plan });
}
