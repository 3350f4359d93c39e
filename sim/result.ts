// What one finished episode reports, for every task. Plain data: it crosses the worker
// boundary and is written to results.jsonl. No timing fields: results must be reproducible.

export type EpisodeStatus = 'ok' | 'violation' | 'error' | 'timeout';

export interface SimEvent {
  /** Simulated time in seconds. */
  readonly t: number;
  readonly kind: string;
  readonly [detail: string]: unknown;
}

/** One evaluated invariant: margin > 0 holds, margin <= 0 is violated (in the limit's unit). */
export interface InvariantOutcome {
  readonly name: string;
  readonly limit?: number;
  readonly worst: number;
  readonly margin: number;
  readonly violated: boolean;
  /** Simulated time of the first violation, when violated. */
  readonly t?: number;
  readonly message?: string;
}

export interface EpisodeOutcome {
  readonly status: EpisodeStatus;
  readonly kpis: Readonly<Record<string, number>>;
  readonly events: readonly SimEvent[];
  readonly invariants: readonly InvariantOutcome[];
  /** sha256 of the canonical trace; equal digests mean identical simulated behaviour. */
  readonly trace_digest: string;
  readonly steps: number;
  readonly sim_time_s: number;
  readonly error?: { readonly message: string; readonly code?: string; readonly stack?: string };
  /** The range of every numeric feature the policy was offered: how much of its input it saw. */
  readonly observed?: Readonly<Record<string, readonly [number, number]>>;
}
