// The sweep plan: scenarios × sample indices × models → episodes with stable ids and seeds,
// grouped into lockstep batches whose composition is fixed here and nowhere else. Pure: the
// same inputs give the same plan, whatever the worker count, shard or machine.
import { createHash } from 'node:crypto';
import type { ResolvedParams } from '../../sim/params.js';
import { hash32, keyOf } from '../../sim/rng.js';
import { incidentStart } from '../../scenarios/incident.js';
import { sampleParams } from '../../scenarios/sample.js';
import type { Scenario, Task } from '../../scenarios/types.js';
import { UsageError } from '../common/errors.js';
import { modelCovers } from './coverage.js';
import type { ResolvedEpisode } from '../episode/spec.js';
import type { LoadedModel } from '../../policies/onnx/index.js';
import type { PolicyRef } from './ipc.js';

export { coverageGap, modelCovers } from './coverage.js';

/** A model under evaluation. `reference` means the reference policy of each scenario's task. */
export type ModelRef =
  | { readonly role: string; readonly kind: 'reference' }
  | {
      readonly role: string;
      readonly kind: 'onnx';
      readonly task: Task;
      readonly path: string;
      /** sha256 of the ONNX bytes. */
      readonly sha256: string;
      /**
       * sha256 of the model card's text (the .card.yaml file, or the metadata_props entry). The
       * card decides normalisation and action bounds, so it is as much the model as the bytes.
       */
      readonly cardSha256: string;
      /** Stream models: the sensor the card says the model reads. */
      readonly sensor?: string;
    };

/** What the simulator runs (`ResolvedEpisode`, also what a replay rebuilds) plus the plan's bookkeeping. */
export interface PlannedEpisode extends Omit<ResolvedEpisode, 'source'> {
  /** `<scenario_id>#<sample>@<role>`: stable across runs, shards and suite edits. */
  readonly id: string;
  readonly scenario_id: string;
  readonly sample: number;
  readonly role: string;
  /** 'reference' or 'onnx:<model sha256>+card:<first 16 hex of the card sha256>' (see modelId). */
  readonly model_id: string;
  /** Same for every role of one sample: paired comparisons share the world. */
  readonly seed: string;
  readonly maxSteps?: number;
  readonly batch: string;
  /** Look (checkpoint) this episode belongs to, 0-based. */
  readonly stage: number;
}

export interface PlannedBatch {
  readonly id: string;
  readonly scenario_id: string;
  readonly role: string;
  readonly task: Task;
  readonly stage: number;
  readonly policy: PolicyRef;
  /** Episode ids in lockstep lane order. */
  readonly episodes: readonly string[];
  /** Stable hash of (scenario id, first sample): all roles of these samples shard together. */
  readonly shardKey: number;
}

export interface PlannedScenario {
  readonly id: string;
  readonly task: Task;
  readonly sha256: string;
  readonly file: string;
  readonly samples: number;
  readonly tags: readonly string[];
  readonly requirements: readonly string[];
}

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly total: number;
}

export interface SweepPlan {
  readonly suiteSeed: number;
  readonly batchSize: number;
  readonly looks: number;
  readonly models: readonly ModelRef[];
  readonly scenarios: readonly PlannedScenario[];
  /** Plan order: scenario, sample, role. Every consumer reads results in this order. */
  readonly episodes: readonly PlannedEpisode[];
  /** Dispatch order: stage, scenario, sample block, role. */
  readonly batches: readonly PlannedBatch[];
  /** sha256 of the whole (unsharded) plan; shards of one plan share it. */
  readonly planHash: string;
  readonly totalEpisodes: number;
  readonly shard?: Shard;
}

export type ParamSampler = (scenario: Scenario, suiteSeed: number, sampleIndex: number) => ResolvedParams;

export interface PlanInput {
  readonly scenarios: readonly Scenario[];
  readonly models: readonly ModelRef[];
  readonly suiteSeed: number;
  /** Overrides every scenario's sample count. */
  readonly samples?: number;
  /** Lanes per lockstep batch (default 16). */
  readonly batchSize?: number;
  /** Number of checkpoints (sequential looks); each scenario's samples split evenly (default 1). */
  readonly looks?: number;
  readonly maxSteps?: number;
  readonly sample?: ParamSampler;
}

export const DEFAULT_BATCH_SIZE = 16;

/**
 * The model as results and summaries name it. A changed card (other normalisation, other action
 * bounds) is another model, so the id names the card too; the full card hash is in the plan hash,
 * the cache key and every result line's provenance.
 */
/** The plan's name for a loaded model: its bytes and its card, both hashed (a new card is a new model). */
export function onnxModelRef(role: string, m: LoadedModel): ModelRef & { readonly kind: 'onnx' } {
  return {
    role,
    kind: 'onnx',
    task: m.card.task,
    path: m.onnxPath,
    sha256: m.sha256,
    cardSha256: m.cardSha256,
    ...(m.card.sensor ? { sensor: m.card.sensor } : {}),
  };
}

export function modelId(model: ModelRef): string {
  return model.kind === 'reference'
    ? 'reference'
    : `onnx:${model.sha256}+card:${model.cardSha256.slice(0, 16)}`;
}

export function episodeId(scenarioId: string, sample: number, role: string): string {
  return `${scenarioId}#${sample}@${role}`;
}

/** The world seed of one sample: from the suite seed, scenario id and seed, and sample index. */
export function episodeSeed(suiteSeed: number, scenario: Scenario, sample: number): string {
  return keyOf('episode', suiteSeed, scenario.id, scenario.seed, sample);
}

export function policyOf(model: ModelRef, task: Task): PolicyRef {
  return model.kind === 'reference'
    ? { kind: 'reference', task }
    : { kind: 'onnx', task, path: model.path, sha256: model.sha256, cardSha256: model.cardSha256 };
}

/** Sample ranges [start, end) of each look, split as evenly as the sample count allows. */
function stageRanges(samples: number, looks: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < looks; k++) {
    const start = Math.floor((samples * k) / looks);
    const end = Math.floor((samples * (k + 1)) / looks);
    if (end > start) out.push([start, end]);
  }
  return out;
}

/**
 * Episodes one plan may hold. Planning costs about 2.5 KB of heap and 65 µs per episode
 * (measured on the pick library), so this limit is about 650 MB and 16 s — and every shard
 * plans the whole suite, so sharding does not lift it.
 */
export const MAX_PLANNED_EPISODES = 250_000;

/** Refuses a plan above MAX_PLANNED_EPISODES, counting before anything is sampled or built. */
export function checkPlanSize(input: PlanInput): void {
  let total = 0;
  let planned = 0;
  for (const scenario of input.scenarios) {
    const models = input.models.filter((m) => modelCovers(m, scenario)).length;
    if (models === 0) continue;
    planned++;
    total += (input.samples ?? scenario.samples) * models;
  }
  if (total > MAX_PLANNED_EPISODES) {
    const samples = input.samples !== undefined ? `${input.samples} samples each` : 'their samples';
    throw new UsageError(
      `the plan has ${total} episodes (${planned} scenarios, ${samples}, ${input.models.length} model${input.models.length === 1 ? '' : 's'}); a run plans at most ${MAX_PLANNED_EPISODES} episodes`,
      'lower --samples (or samples: in the config or the scenario files), or select fewer scenarios with --tag or --requirement',
    );
  }
}

export function planSweep(input: PlanInput): SweepPlan {
  checkPlanSize(input);
  const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
  const looks = input.looks ?? 1;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError('batchSize must be a positive integer');
  if (!Number.isInteger(looks) || looks < 1) throw new RangeError('looks must be a positive integer');
  const sample = input.sample ?? sampleParams;
  const seen = new Set<string>();
  const scenarios: PlannedScenario[] = [];
  const episodes: PlannedEpisode[] = [];
  const staged: { stage: number; batch: PlannedBatch }[] = [];
  for (const scenario of input.scenarios) {
    if (seen.has(scenario.id))
      throw new RangeError(`scenario id "${scenario.id}" appears twice in the suite`);
    seen.add(scenario.id);
    const models = input.models.filter((m) => modelCovers(m, scenario));
    if (models.length === 0) continue;
    const samples = input.samples ?? scenario.samples;
    scenarios.push({
      id: scenario.id,
      task: scenario.task,
      sha256: scenario.sha256,
      file: scenario.file,
      samples,
      tags: scenario.tags,
      requirements: scenario.requirements,
    });
    const byId = new Map<string, PlannedEpisode>();
    stageRanges(samples, looks).forEach(([start, end], stage) => {
      for (let first = start; first < end; first += batchSize) {
        const last = Math.min(first + batchSize, end);
        const shardKey = hash32('shard', scenario.id, first);
        for (const model of models) {
          const batchId = `${scenario.id}#${first}-${last - 1}@${model.role}`;
          const ids: string[] = [];
          for (let s = first; s < last; s++) {
            const id = episodeId(scenario.id, s, model.role);
            ids.push(id);
            byId.set(id, {
              id,
              scenario_id: scenario.id,
              sample: s,
              role: model.role,
              model_id: modelId(model),
              task: scenario.task,
              seed: episodeSeed(input.suiteSeed, scenario, s),
              params: sample(scenario, input.suiteSeed, s),
              invariants: scenario.invariants,
              faults: scenario.faults,
              ...(scenario.horizon_h !== undefined ? { horizon_h: scenario.horizon_h } : {}),
              ...(scenario.incident ? { start: incidentStart(scenario, input.suiteSeed, s) } : {}),
              ...(input.maxSteps !== undefined ? { maxSteps: input.maxSteps } : {}),
              batch: batchId,
              stage,
            });
          }
          const policy = policyOf(model, scenario.task);
          const batch: PlannedBatch = {
            id: batchId,
            scenario_id: scenario.id,
            role: model.role,
            task: scenario.task,
            stage,
            policy,
            episodes: ids,
            shardKey,
          };
          staged.push({ stage, batch });
        }
      }
    });
    for (let s = 0; s < samples; s++) {
      for (const model of models) episodes.push(byId.get(episodeId(scenario.id, s, model.role))!);
    }
  }
  // Stable sort: within a stage, batches keep scenario/block/role order.
  const batches = staged.sort((a, b) => a.stage - b.stage).map((x) => x.batch);
  const models = input.models;
  const planHash = hashPlan(input.suiteSeed, batchSize, looks, models, scenarios, episodes);
  return {
    suiteSeed: input.suiteSeed,
    batchSize,
    looks,
    models,
    scenarios,
    episodes,
    batches,
    planHash,
    totalEpisodes: episodes.length,
  };
}

function hashPlan(
  suiteSeed: number,
  batchSize: number,
  looks: number,
  models: readonly ModelRef[],
  scenarios: readonly PlannedScenario[],
  episodes: readonly PlannedEpisode[],
): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ suiteSeed, batchSize, looks }));
  for (const m of models) {
    const bytes = m.kind === 'onnx' ? ` ${m.sha256} ${m.cardSha256}` : '';
    h.update(`\nmodel ${m.role} ${modelId(m)}${bytes}`);
  }
  for (const s of scenarios) h.update(`\nscenario ${s.id} ${s.sha256} ${s.samples}`);
  for (const e of episodes) {
    h.update(`\n${e.id} ${e.seed} ${e.batch} ${e.maxSteps ?? ''} ${JSON.stringify(e.params)}`);
  }
  return h.digest('hex');
}
