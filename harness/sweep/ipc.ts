// Every message that crosses the pool's thread boundary. Plain, structured-clone-safe data
// tagged with `type`: ids, seeds, params and file paths travel, never live objects. The
// worker rebuilds worlds and policies from these and caches what is expensive per thread.
import type { WasmModule } from '../../sim/physics.js';
import type { CellStart } from '../../sim/pick/recording.js';
import type { ResolvedParams } from '../../sim/params.js';
import type { EpisodeStatus, InvariantOutcome } from '../../sim/result.js';
import type { FaultSpec, InvariantSpec, Task } from '../../scenarios/types.js';

/** An error as it crosses the boundary (and as it is written to results). */
export interface WireError {
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

/** What acts in the episodes of a batch: a scripted reference policy or an ONNX file. */
export type PolicyRef =
  | { readonly kind: 'reference'; readonly task: Task }
  | {
      readonly kind: 'onnx';
      readonly task: Task;
      readonly path: string;
      readonly sha256: string;
      /** The card the plan was bound to; the thread refuses another. */
      readonly cardSha256?: string;
    };

/** One episode as the worker needs it to simulate; everything else stays main-side. */
export interface EpisodeTask {
  readonly id: string;
  readonly seed: string;
  readonly params: ResolvedParams;
  readonly invariants: readonly InvariantSpec[];
  /** Stream episodes: the fault schedule and horizon. */
  readonly faults?: readonly FaultSpec[];
  readonly horizon_h?: number;
  /** Step budget checked inside the episode loop; exceeding it yields `timeout`. */
  readonly maxSteps?: number;
  /** Pick: the recorded scene the episode starts from (an incident scenario). */
  readonly start?: CellStart;
}

/**
 * Test-only fault injection, honoured by the worker so crash isolation can be tested with
 * real threads: `exit` ends the thread (as a WASM abort or OOM would), `throw` fails the batch.
 */
export interface InjectedFault {
  readonly action: 'exit' | 'throw';
  /** The fault fires when the batch holds this episode id. */
  readonly episode: string;
}

/**
 * Main → every worker once, at thread start (piscina's workerData): the physics WASM compiled
 * by the main thread, shared so its machine code is compiled once per process (absent: each
 * thread compiles rapier's own bytes; the numbers are the same either way).
 */
export interface EpisodeWorkerData {
  readonly rapier?: WasmModule;
}

/** Main → worker: simulate one lockstep batch (same scenario, same policy, same task). */
export interface RunBatchRequest {
  readonly type: 'run-batch';
  readonly batch: string;
  readonly task: Task;
  readonly policy: PolicyRef;
  /** What every pick trace's meta says about the run (the policy, versions). */
  readonly traceMeta?: Readonly<Record<string, unknown>>;
  readonly episodes: readonly EpisodeTask[];
  readonly fault?: InjectedFault;
  /**
   * A differential safety search's baseline (pick only): asked for its action on every
   * observation the policy gets, never acted on; each episode reports how far apart they were.
   */
  readonly shadow?: PolicyRef;
}

/** Summary of the events of one episode: how many of each kind. */
export type EventCounts = Readonly<Record<string, number>>;

/** What one episode produced, as it crosses back from the worker. No timing fields. */
export interface EpisodeReport {
  readonly id: string;
  readonly status: EpisodeStatus;
  readonly kpis: Readonly<Record<string, number>>;
  readonly invariants: readonly InvariantOutcome[];
  readonly events: EventCounts;
  readonly trace_digest: string;
  readonly steps: number;
  readonly sim_time_s: number;
  readonly error?: WireError;
  /** Range of every observation feature the policy was offered. */
  readonly observed?: Readonly<Record<string, readonly [number, number]>>;
  /**
   * With a shadow policy: the largest difference between the policy's action and the shadow's on
   * the same observation, over the episode's decisions (a share of each action's range; 0 = the
   * same actions throughout).
   */
  readonly divergence?: number;
}

/** What an episode came to, without its id and error: the fields a result line and a cache entry keep. */
export function reportOutcome(r: Omit<EpisodeReport, 'id'>): Omit<EpisodeReport, 'id' | 'error'> {
  return {
    status: r.status,
    kpis: r.kpis,
    invariants: r.invariants,
    events: r.events,
    trace_digest: r.trace_digest,
    steps: r.steps,
    sim_time_s: r.sim_time_s,
    ...(r.observed ? { observed: r.observed } : {}),
    ...(r.divergence !== undefined ? { divergence: r.divergence } : {}),
  };
}

/** Worker → main: the batch's episodes, in the request's order. */
export interface BatchDone {
  readonly type: 'batch-done';
  readonly batch: string;
  readonly episodes: readonly EpisodeReport[];
}

export type WorkerRequest = RunBatchRequest;
export type WorkerResponse = BatchDone;

/** Any thrown value as a plain, serialisable error. */
export function toWireError(error: unknown): WireError {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    return {
      message: error.message,
      ...(code ? { code } : {}),
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { message: String(error) };
}

/** The report of an episode that produced nothing but an error. */
export function errorReport(id: string, error: WireError): EpisodeReport {
  return {
    id,
    status: 'error',
    kpis: {},
    invariants: [],
    events: {},
    trace_digest: '',
    steps: 0,
    sim_time_s: 0,
    error,
  };
}
