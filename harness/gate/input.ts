// What the gate decides from: paired episode outcomes in plan order, the scenarios they came
// from, the resolved config and whether each model loaded. Plain data; the engine builds it.
import type { Scenario } from '../../scenarios/types.js';
import type { EpisodeOutcome } from '../../sim/result.js';
import type { ResolvedGateConfig, SliceSelector } from './config.js';

export type GateModel = 'candidate' | 'baseline';

/** One finished episode as the engine reports it. */
export interface GateEpisode {
  readonly scenario_id: string;
  readonly sample: number;
  readonly model: GateModel;
  readonly seed: number;
  readonly outcome: EpisodeOutcome;
}

/** Candidate and baseline on the same (scenario, sample) seed. */
export interface GatePair {
  readonly scenario_id: string;
  readonly sample: number;
  readonly seed: number;
  readonly candidate?: EpisodeOutcome;
  readonly baseline?: EpisodeOutcome;
  /** The scenario parameters sampled for this (scenario, sample), for the report's charts. */
  readonly params?: Readonly<Record<string, number | string | boolean>>;
}

export type GateScenario = Pick<Scenario, 'id' | 'title' | 'tags' | 'requirements' | 'kpi_criteria'> & {
  readonly file?: string;
};

export type ModelLoad =
  | { readonly ok: true; readonly sha256: string }
  | { readonly ok: false; readonly message: string; readonly sha256?: string };

/** Identifies one episode for a replay command. */
export interface EpisodeRef {
  readonly scenario_id: string;
  readonly scenario_file?: string;
  readonly sample: number;
  readonly seed: number;
  readonly model: GateModel;
}

export interface GateInput {
  readonly config: ResolvedGateConfig;
  readonly scenarios: readonly GateScenario[];
  /** Paired results in plan order: a look at n pairs sees the first n. */
  readonly pairs: readonly GatePair[];
  /** Pairs in the whole plan; checkpoints are fractions of min(planned_pairs, max_pairs). */
  readonly planned_pairs: number;
  /**
   * Cumulative pairs at each of the engine's stages (in `pairs` order), when the run was staged;
   * the looks are then exactly these, instead of fractions of the plan.
   */
  readonly look_pairs?: readonly number[];
  readonly models: { readonly candidate: ModelLoad; readonly baseline: ModelLoad };
  /** sha256 values listed by the approval file (for `require_approval`). */
  readonly approvals?: readonly string[];
  /** The command that replays one episode (default: `simgate replay ...`). */
  readonly replayCommand?: (ref: EpisodeRef) => string;
  /** Suite seed: keys the bootstrap streams so the decision is reproducible. */
  readonly seed?: number;
}

export function defaultReplayCommand(ref: EpisodeRef): string {
  const scenario = ref.scenario_file ?? ref.scenario_id;
  const quoted = /^[\w./:@-]+$/.test(scenario) ? scenario : `'${scenario.replace(/'/g, `'\\''`)}'`;
  return `simgate replay --scenario ${quoted} --sample ${ref.sample} --seed ${ref.seed} --model ${ref.model}`;
}

/**
 * Pairs episodes in plan order. `plan` lists every (scenario, sample) of the plan in order;
 * entries with no episode at all (not run yet, or after an early stop) are left out.
 */
export function pairEpisodes(
  episodes: readonly GateEpisode[],
  plan: readonly { readonly scenario_id: string; readonly sample: number; readonly seed: number }[],
): GatePair[] {
  const key = (scenario: string, sample: number) => `${scenario}\u0000${sample}`;
  const found = new Map<string, { candidate?: EpisodeOutcome; baseline?: EpisodeOutcome }>();
  for (const e of episodes) {
    const k = key(e.scenario_id, e.sample);
    const slot = found.get(k) ?? {};
    slot[e.model] = e.outcome;
    found.set(k, slot);
  }
  const pairs: GatePair[] = [];
  for (const p of plan) {
    const slot = found.get(key(p.scenario_id, p.sample));
    if (slot) pairs.push({ scenario_id: p.scenario_id, sample: p.sample, seed: p.seed, ...slot });
  }
  return pairs;
}

/** Whether a scenario belongs to a slice. */
export function inSlice(scenario: GateScenario | undefined, selector: SliceSelector): boolean {
  if (selector.kind === 'all') return true;
  if (!scenario) return false;
  if (selector.kind === 'tag') return scenario.tags.includes(selector.value);
  if (selector.kind === 'requirement') return scenario.requirements.includes(selector.value);
  return scenario.id === selector.value;
}
