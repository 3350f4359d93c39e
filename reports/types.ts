// The plain data every reporter reads: `ReportData` is exactly what `OUT/report.json` holds
// (DESIGN.md "Decision report"). Reporters import nothing else of ours, so the shapes they
// need live here; the gate builds its decision with these same types.

export type Decision = 'PROMOTE' | 'REJECT' | 'INCONCLUSIVE' | 'ERROR';

export type Figure = number | string | boolean | null;

/** How one rule × slice (or one invariant) came out at the look that decided. */
export type CheckStatus = 'pass' | 'fail' | 'undecided' | 'error';

/** Why the decision is what it is: names the rule, the slice and the figures. */
export interface ReportReason {
  readonly rule: string;
  /** 'all', 'tag:<tag>', 'requirement:<id>', 'scenario:<id>' or 'model:<candidate|baseline>'. */
  readonly slice: string;
  readonly kpi?: string;
  readonly status: CheckStatus;
  readonly figures: Readonly<Record<string, Figure>>;
  readonly message: string;
}

/** Every evaluated rule × slice and invariant (JUnit writes one testcase per check). */
export type ReportCheck = ReportReason;

export interface ReportLook {
  readonly index: number;
  /** Pairs (candidate + baseline episode) the look used. */
  readonly pairs: number;
  readonly fraction: number;
  readonly cumulative_alpha: number;
  readonly nominal_alpha: number;
  /** The look's exact one-sided boundary on the z scale (null: the look spends nothing). */
  readonly boundary_z?: number | null;
  /**
   * PROMOTE/REJECT/INCONCLUSIVE/ERROR where the look decided, CONTINUE, or SAFETY: a look after
   * the KPI comparison promoted, where only the candidate's safety episodes ran.
   */
  readonly outcome: Decision | 'CONTINUE' | 'SAFETY';
  /**
   * The promotion statistic at this look: the z-score of the weakest non-inferiority rule
   * (Φ⁻¹(1 − p_noninferior)) and the boundary it had to reach (Φ⁻¹(1 − that rule's nominal α)).
   * Absent when no non-inferiority rule had pairs at the look.
   */
  readonly statistic?: {
    readonly rule: string;
    readonly z: number;
    readonly boundary: number;
  };
}

export interface ReportSequential {
  readonly design: 'group-sequential';
  readonly spending: 'lan-demets-obrien-fleming';
  /** One-sided overall α of each decision family. */
  readonly alpha: number;
  /** Looks the design planned (the evaluated ones are in `looks`). */
  readonly planned_looks: number;
  readonly looks: readonly ReportLook[];
  /** Where the decision was made; null when no look ran (load failure, empty suite). */
  readonly stopped_at: { readonly look: number; readonly pairs: number; readonly episodes: number } | null;
}

export interface KpiEstimate {
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
}

export interface KpiDifference extends KpiEstimate {
  /** Which way is better for this KPI. */
  readonly better: 'higher' | 'lower';
}

export interface KpiBlock {
  readonly candidate: Readonly<Record<string, KpiEstimate>>;
  readonly baseline: Readonly<Record<string, KpiEstimate>>;
  /** Paired mean of candidate − baseline (not oriented), with its interval. */
  readonly difference: Readonly<Record<string, KpiDifference>>;
}

export interface ScenarioKpis extends KpiBlock {
  readonly id: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly requirements: readonly string[];
}

export interface ReportKpis {
  /** Confidence of every interval in this section. */
  readonly confidence: number;
  /** KPI order for display (business KPIs first). */
  readonly order: readonly string[];
  readonly units: Readonly<Record<string, string>>;
  readonly overall: KpiBlock;
  readonly scenarios: readonly ScenarioKpis[];
}

export interface ReportViolation {
  readonly model: 'candidate' | 'baseline';
  readonly invariant: string;
  readonly scenario_id: string;
  readonly sample: number;
  readonly seed: number;
  readonly worst: number;
  readonly limit: number | null;
  readonly margin: number;
  readonly t: number | null;
  readonly message: string;
  /** One command that replays the episode. */
  readonly replay: string;
}

export interface ReportInvariantSummary {
  readonly invariant: string;
  readonly episodes: number;
  readonly violations: number;
  /** One-sided upper bound on the candidate's violation rate (1 − α^(1/n) when clean). */
  readonly upper_bound_rate: number;
}

/** The safety search a gate ran on the candidate before comparing (harness/check). */
export interface ReportSearch {
  readonly budget: number;
  readonly episodes: number;
  readonly complete: boolean;
  readonly counterexamples: readonly {
    readonly invariant: string;
    readonly file: string;
    readonly margin: number;
    readonly found_by: string;
    readonly replay: string;
  }[];
  /** Violations the production model shows too (hazards of the cell or its ODD). */
  readonly shared: number;
  /** Violations that did not recur in most other worlds of the same parameters (chaotic contacts). */
  readonly unconfirmed: number;
  /**
   * The margin landscape over the two parameters the normalised margin depends on most (by
   * |rank correlation|): one point per search trial.
   */
  readonly landscape: {
    readonly x: string;
    readonly y: string;
    readonly points: readonly { readonly x: number; readonly y: number; readonly margin: number }[];
  } | null;
}

export interface ReportSafety {
  readonly violations: readonly ReportViolation[];
  readonly invariants: readonly ReportInvariantSummary[];
  /** Invariants the gate config leaves out, each with its reason (printed in every report). */
  readonly waived?: Readonly<Record<string, string>>;
  /** The safety search over the operating envelope, when the gate ran one. */
  readonly search?: ReportSearch;
}

export interface ReportEpisodes {
  readonly planned: number;
  readonly run: number;
  readonly cached: number;
  readonly errored: number;
  /** Episodes the decision used (both models), ≤ run when the design stopped early. */
  readonly used: number;
}

export interface HashedFile {
  readonly path: string;
  readonly sha256: string;
}

export interface ReportModel {
  readonly path: string;
  readonly sha256: string;
  readonly card: HashedFile | null;
}

export interface ReportProvenance {
  readonly models: { readonly candidate: ReportModel; readonly baseline: ReportModel };
  readonly scenarios: readonly (HashedFile & { readonly id: string })[];
  readonly config: HashedFile | null;
  readonly versions: Readonly<Record<string, string>>;
  readonly seeds: { readonly suite: number; readonly [purpose: string]: number };
  readonly shard: { readonly index: number; readonly count: number } | null;
}

/** How one episode ended, as the outcome grid shows it (timeouts count as errors). */
export type EpisodeVerdict = 'pass' | 'violation' | 'error';

export interface ReportEpisodeModel {
  readonly verdict: EpisodeVerdict;
  /** Invariants the episode violated. */
  readonly violated: readonly string[];
}

/** One (scenario, sample) of the plan with both models' verdicts and its sampled parameters. */
export interface ReportEpisodeDetail {
  readonly scenario_id: string;
  readonly sample: number;
  readonly seed: number;
  /** Sampled scenario parameters (numbers, or the chosen value of a `choice`). */
  readonly params?: Readonly<Record<string, number | string | boolean>>;
  readonly candidate: ReportEpisodeModel | null;
  readonly baseline: ReportEpisodeModel | null;
}

/** Simulated operating time of one model's used episodes and the sum of each KPI over them. */
export interface ReportExposure {
  readonly episodes: number;
  readonly sim_hours: number;
  /** Sum over the episodes (meaningful for count KPIs: drops, crushes, seal failures). */
  readonly kpi_sums: Readonly<Record<string, number>>;
}

export interface ReportData {
  readonly schema: 'simgate.report/v1';
  readonly decision: Decision;
  readonly exit_code: number;
  readonly task: string;
  readonly reasons: readonly ReportReason[];
  readonly checks: readonly ReportCheck[];
  readonly sequential: ReportSequential;
  readonly kpis: ReportKpis;
  readonly safety: ReportSafety;
  readonly episodes: ReportEpisodes;
  readonly provenance: ReportProvenance;
  /** Every pair the decision used, in plan order (charts: outcome grid, failures over parameters). */
  readonly episodes_detail?: readonly ReportEpisodeDetail[];
  /** Simulated exposure per model (canary thresholds for count KPIs per hour). */
  readonly exposure?: { readonly candidate: ReportExposure; readonly baseline: ReportExposure };
}

/** Exit code of each decision (DESIGN.md exit codes). */
export const DECISION_EXIT: Readonly<Record<Decision, number>> = {
  PROMOTE: 0,
  REJECT: 1,
  INCONCLUSIVE: 2,
  ERROR: 3,
};
