// The scenario contract (DESIGN.md "Scenario file"): what a loaded, validated scenario is.
// The loader (scenarios/load.ts) produces these; the sampler turns one into concrete
// parameters per sample index; the engine plans episodes from them.
import type { ParamValue } from '../sim/params.js';

import type { IncidentKind, SceneItemRecord } from '../sim/pick/recording.js';
import type { Task } from '../sim/task.js';

export type { Task };

export type Distribution =
  | { readonly kind: 'const'; readonly value: ParamValue }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | {
      readonly kind: 'normal';
      readonly mean: number;
      readonly sd: number;
      readonly min?: number;
      readonly max?: number;
    }
  | {
      readonly kind: 'lognormal';
      readonly mu: number;
      readonly sigma: number;
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly kind: 'choice'; readonly values: readonly ParamValue[]; readonly weights?: readonly number[] };

export interface InvariantSpec {
  /** A name from the invariant library (e.g. `no_hazardous_drop`, `max_contact_force_n`). */
  readonly name: string;
  /** The limit in the invariant's unit, when it takes one. */
  readonly limit?: number;
}

export interface KpiCriterion {
  readonly kpi: string;
  /** Absolute floor (`min`) or ceiling (`max`) on the scenario-level KPI. */
  readonly min?: number;
  readonly max?: number;
}

/** A scheduled stream fault (DESIGN.md fault kinds); parameters depend on the kind. */
export interface FaultSpec {
  readonly kind:
    | 'drift'
    | 'step'
    | 'stuck'
    | 'dropout'
    | 'spike'
    | 'latency'
    | 'reorder'
    | 'nan'
    | 'skew'
    | 'quantize';
  readonly [param: string]: unknown;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly task: Task;
  /** Absolute path of the file it came from, and its sha256 (provenance, cache keys). */
  readonly file: string;
  readonly sha256: string;
  readonly requirements: readonly string[];
  readonly tags: readonly string[];
  readonly samples: number;
  /** Scenario seed, mixed with the suite seed when sampling. */
  readonly seed: number;
  readonly params: Readonly<Record<string, Distribution>>;
  /** Pick: episode length in simulated seconds. */
  readonly duration_s?: number;
  /** Stream: horizon in hours. */
  readonly horizon_h?: number;
  readonly invariants: readonly InvariantSpec[];
  readonly kpi_criteria: readonly KpiCriterion[];
  readonly faults: readonly FaultSpec[];
  /** Where a counterexample or incident scenario came from (model sha256, invariant, seed, ...). */
  readonly provenance?: Readonly<Record<string, ParamValue>>;
  /** Pick: a recorded incident every sample replays (sample 0 exactly, the others varied). */
  readonly incident?: ScenarioIncident;
}

/** A recorded incident as a scenario holds it (`simgate replay --to-scenario`). */
export interface ScenarioIncident {
  readonly id: string;
  readonly recording_sha256?: string;
  readonly kind: IncidentKind;
  readonly item?: number;
  readonly t: number;
  readonly cause_t?: number;
  readonly start_t: number;
  readonly items: readonly SceneItemRecord[];
  readonly requested_order?: readonly number[];
  readonly variations: {
    readonly position_m: number;
    readonly yaw_rad: number;
    readonly mass_rel: number;
    readonly time_s: number;
  };
}
