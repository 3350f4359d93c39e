// Turns the engine's plan and plan-ordered results into the gate's input: candidate/baseline
// pairs in look order (stage, then plan order), the cumulative pairs at each stage, and the
// replay command of any episode. Pure: the same plan and results give the same input.
import type { ResolvedParams } from '../../sim/params.js';
import type { EpisodeOutcome } from '../../sim/result.js';
import type { EpisodeRef, GateEpisode, GatePair, GateScenario } from './index.js';
import { pairEpisodes } from './index.js';
import { replayCommand } from '../episode/spec.js';
import type { SweepPlan } from '../sweep/plan.js';
import type { EpisodeResult } from '../sweep/results.js';

export interface PairOrder {
  /** Every (scenario, sample) of the plan in look order. */
  readonly order: readonly {
    readonly scenario_id: string;
    readonly sample: number;
    readonly seed: number;
    readonly params: ResolvedParams;
  }[];
  /** Cumulative pairs after each stage. */
  readonly lookPairs: readonly number[];
}

export function pairOrder(plan: SweepPlan): PairOrder {
  const firsts = plan.episodes.filter((e) => e.role === 'candidate');
  const staged = firsts
    .map((e, index) => ({ e, index }))
    .sort((a, b) => a.e.stage - b.e.stage || a.index - b.index)
    .map(({ e }) => e);
  const lookPairs: number[] = [];
  for (let stage = 0; stage < plan.looks; stage++) {
    const n = staged.filter((e) => e.stage <= stage).length;
    if (n > 0 && n !== lookPairs.at(-1)) lookPairs.push(n);
  }
  return {
    order: staged.map((e) => ({
      scenario_id: e.scenario_id,
      sample: e.sample,
      seed: plan.suiteSeed,
      params: e.params,
    })),
    lookPairs,
  };
}

function outcomeOf(result: EpisodeResult): EpisodeOutcome {
  return {
    status: result.status,
    kpis: result.kpis,
    events: [],
    invariants: result.invariants,
    trace_digest: result.trace_digest,
    steps: result.steps,
    sim_time_s: result.sim_time_s,
    ...(result.error ? { error: result.error } : {}),
  };
}

export function gatePairs(
  order: PairOrder,
  results: readonly EpisodeResult[],
  suiteSeed: number,
): GatePair[] {
  const episodes: GateEpisode[] = results
    .filter((r) => r.role === 'candidate' || r.role === 'baseline')
    .map((r) => ({
      scenario_id: r.scenario_id,
      sample: r.sample,
      model: r.role as 'candidate' | 'baseline',
      seed: suiteSeed,
      outcome: outcomeOf(r),
    }));
  const params = new Map(order.order.map((o) => [`${o.scenario_id}#${o.sample}`, o.params]));
  // The sampled parameters travel with each pair so the report can chart failures over them.
  return pairEpisodes(episodes, order.order).map((pair) => ({
    ...pair,
    params: params.get(`${pair.scenario_id}#${pair.sample}`),
  }));
}

export function gateScenarios(
  scenarios: readonly {
    id: string;
    title: string;
    tags: readonly string[];
    requirements: readonly string[];
    kpi_criteria: GateScenario['kpi_criteria'];
    file: string;
  }[],
  displayPath: (file: string) => string,
): GateScenario[] {
  return scenarios.map((s) => ({
    id: s.id,
    title: s.title,
    tags: s.tags,
    requirements: s.requirements,
    kpi_criteria: s.kpi_criteria,
    file: displayPath(s.file),
  }));
}

/** `simgate episode` rebuilds exactly this episode and writes its trace. */
export function replayCommandFor(models: { candidate: string; baseline: string }, samples?: number) {
  return (ref: EpisodeRef): string =>
    replayCommand({
      file: ref.scenario_file ?? ref.scenario_id,
      sample: ref.sample,
      suiteSeed: ref.seed,
      model: models[ref.model],
      samples,
      trace: `replay-${ref.model}.jsonl`,
    });
}
