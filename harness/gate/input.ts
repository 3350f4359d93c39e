// What the gate decides from: candidate/baseline pairs of episode results in look order, the
// scenarios they came from, the resolved config and whether each model loaded. Plain data;
// the gate reads the engine's results as they are (no conversion).
import type { Scenario } from '../../scenarios/types.js';
import type { EpisodeResult } from '../sweep/results.js';
import type { ResolvedGateConfig, SliceSelector } from './config.js';

export type GateModel = 'candidate' | 'baseline';

/** What the decision reads of one finished episode (a results.jsonl line is one). */
export type GateEpisode = Pick<EpisodeResult, 'status' | 'kpis' | 'invariants' | 'sim_time_s'> & {
  readonly error?: { readonly message: string; readonly code?: string };
};

/** Candidate and baseline on the same (scenario, sample) world. */
export interface GatePair {
  readonly scenario_id: string;
  readonly sample: number;
  /** The suite seed the sample was drawn with (its replay command needs it). */
  readonly seed: number;
  readonly candidate?: GateEpisode;
  readonly baseline?: GateEpisode;
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
  /** The invariant the episode violated, so the replay evaluates it too. */
  readonly invariant?: { readonly name: string; readonly limit?: number };
}

export interface GateInput {
  readonly config: ResolvedGateConfig;
  readonly scenarios: readonly GateScenario[];
  /**
   * Every (scenario, sample) of the plan in look order, with the results that exist: a look at
   * n pairs reads the first n. Pairs not run yet (or skipped after a stop) have no results.
   */
  readonly pairs: readonly GatePair[];
  /** Pairs in the whole plan; checkpoints are fractions of min(planned_pairs, max_pairs). */
  readonly planned_pairs: number;
  /** Cumulative pairs at each of the engine's stages, when the run was staged. */
  readonly look_pairs?: readonly number[];
  readonly models: { readonly candidate: ModelLoad; readonly baseline: ModelLoad };
  /** sha256 values listed by the approval file (for `require_approval`). */
  readonly approvals?: readonly string[];
  /** The command that replays one episode. */
  readonly replayCommand?: (ref: EpisodeRef) => string;
  /** Suite seed: keys any seeded resampling so the decision is reproducible. */
  readonly seed?: number;
  /** The safety search run on the candidate before the comparison (absent: none configured). */
  readonly search?: GateSearch;
}

/** What the safety search on the candidate found, as the decision needs it. */
export interface GateSearch {
  /** The whole budget ran (or a counterexample ended it); false after an interruption. */
  readonly complete: boolean;
  readonly budget: number;
  readonly episodes: number;
  readonly counterexamples: readonly {
    readonly invariant: string;
    readonly scenario_id: string;
    readonly file: string;
    readonly margin: number;
    readonly found_by: string;
    readonly replay: string;
  }[];
  /** The smallest normalised margin it reached when it found nothing. */
  readonly weakest: { readonly robustness: number; readonly invariant: string } | null;
  /** Every trial of exploration and search: the margin landscape the report charts. */
  readonly landscape?: readonly {
    readonly params: Readonly<Record<string, number | string>>;
    readonly robustness: number;
  }[];
  /** Violations that did not recur in most other worlds of the same parameters. */
  readonly unconfirmed?: number;
  /** Violations the baseline shows too in the same world: hazards of the cell, not regressions. */
  readonly shared?: readonly {
    readonly invariant: string;
    readonly scenario_id: string;
    readonly margin: number;
  }[];
}

/** The replay command when the gate is given none: `simgate episode` for the scenario sample. */
export function defaultReplayCommand(ref: EpisodeRef): string {
  const scenario = ref.scenario_file ?? ref.scenario_id;
  const quoted = /^[\w./:@-]+$/.test(scenario) ? scenario : `'${scenario.replace(/'/g, `'\\''`)}'`;
  return `simgate episode --scenario ${quoted} --sample ${ref.sample} --suite-seed ${ref.seed} --model <${ref.model}.onnx>`;
}

/** Whether a scenario belongs to a slice. */
export function inSlice(scenario: GateScenario | undefined, selector: SliceSelector): boolean {
  if (selector.kind === 'all') return true;
  if (!scenario) return false;
  if (selector.kind === 'tag') return scenario.tags.includes(selector.value);
  if (selector.kind === 'requirement') return scenario.requirements.includes(selector.value);
  return scenario.id === selector.value;
}
