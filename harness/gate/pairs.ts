// The gate's input from the one plan of a run and its results: every (scenario, sample) in
// look order (stage, then plan order) with its candidate and baseline results as the engine
// wrote them, the cumulative pairs at each stage, and the replay command of any episode.
import { displayPath } from '../../scenarios/problems.js';
import { replayCommand } from '../episode/spec.js';
import type { SweepPlan } from '../sweep/plan.js';
import type { EpisodeResult } from '../sweep/results.js';
import type { EpisodeRef, GateInput, GatePair, GateScenario, GateSearch } from './input.js';
import type { ResolvedRun } from './resolve.js';

export interface PairOrder {
  /** Every (scenario, sample) of the plan in look order, with its sampled params. */
  readonly order: readonly Pick<GatePair, 'scenario_id' | 'sample' | 'params'>[];
  /** Cumulative pairs after each stage. */
  readonly lookPairs: readonly number[];
}

export function pairOrder(plan: SweepPlan): PairOrder {
  const staged = plan.episodes
    .filter((e) => e.role === 'candidate')
    .map((e, index) => ({ e, index }))
    .sort((a, b) => a.e.stage - b.e.stage || a.index - b.index)
    .map(({ e }) => e);
  const lookPairs: number[] = [];
  for (let stage = 0; stage < plan.looks; stage++) {
    const n = staged.filter((e) => e.stage <= stage).length;
    if (n > 0 && n !== lookPairs.at(-1)) lookPairs.push(n);
  }
  return {
    order: staged.map((e) => ({ scenario_id: e.scenario_id, sample: e.sample, params: e.params })),
    lookPairs,
  };
}

/** Pairs in look order; results of other roles or of other plans are not read. */
export function gatePairs(
  order: PairOrder,
  results: readonly EpisodeResult[],
  suiteSeed: number,
): GatePair[] {
  const key = (scenario: string, sample: number) => `${scenario}\u0000${sample}`;
  const found = new Map<string, { candidate?: EpisodeResult; baseline?: EpisodeResult }>();
  for (const r of results) {
    if (r.role !== 'candidate' && r.role !== 'baseline') continue;
    const k = key(r.scenario_id, r.sample);
    const slot = found.get(k) ?? {};
    slot[r.role] = r;
    found.set(k, slot);
  }
  return order.order.map((o) => ({ ...o, seed: suiteSeed, ...found.get(key(o.scenario_id, o.sample)) }));
}

export function gateScenarios(run: ResolvedRun): GateScenario[] {
  return run.scenarios.map((s) => ({
    id: s.id,
    title: s.title,
    tags: s.tags,
    requirements: s.requirements,
    kpi_criteria: s.kpi_criteria,
    file: displayPath(s.file),
  }));
}

/** `simgate episode` rebuilds exactly this episode and writes its trace. */
export function replayCommandFor(run: ResolvedRun): (ref: EpisodeRef) => string {
  const models = {
    candidate: displayPath(run.invocation.candidate),
    baseline: displayPath(run.invocation.baseline),
  };
  // The scenario file's own invariants, before the gate added the task's (the replay re-adds those).
  const listed = (id: string, name: string) => run.ownInvariants.get(id)?.includes(name) ?? false;
  return (ref) =>
    replayCommand({
      file: ref.scenario_file ?? ref.scenario_id,
      sample: ref.sample,
      suiteSeed: ref.seed,
      model: models[ref.model],
      samples: run.samples,
      trace: `replay-${ref.model}.jsonl`,
      ...(ref.invariant && !listed(ref.scenario_id, ref.invariant.name)
        ? { invariants: [ref.invariant] }
        : {}),
    });
}

/** The decision's input: the run's whole plan (not a shard of it) and the results so far. */
export function gateInputOf(
  run: ResolvedRun,
  results: readonly EpisodeResult[],
  search?: GateSearch,
): GateInput {
  const order = run.fullPlan ? pairOrder(run.fullPlan) : { order: [], lookPairs: [] };
  return {
    config: run.gate,
    scenarios: gateScenarios(run),
    pairs: gatePairs(order, results, run.suiteSeed),
    planned_pairs: order.order.length,
    look_pairs: order.lookPairs,
    models: { candidate: run.models.candidate.load, baseline: run.models.baseline.load },
    approvals: run.approvals,
    replayCommand: replayCommandFor(run),
    seed: run.suiteSeed,
    ...(search ? { search } : {}),
  };
}
