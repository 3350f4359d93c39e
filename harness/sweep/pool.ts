// The worker pool: piscina with a fixed thread count (minThreads = maxThreads), one batch per
// thread at a time. A thread that dies mid-batch (process.exit, WASM abort, out of memory) is
// a result, not an exception: the batch's episodes come back as `error` reports and piscina
// starts a fresh thread for the next batch. Tasks are never aborted to enforce budgets.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { rapierModule, type WasmModule } from '../../sim/physics.js';
import { UsageError } from '../common/errors.js';
import {
  type BatchDone,
  type EpisodeWorkerData,
  errorReport,
  type RunBatchRequest,
  type WireError,
} from './ipc.js';

export interface EpisodePool {
  readonly threads: number;
  /** Runs one batch; resolves with error reports if the thread running it dies. */
  run(request: RunBatchRequest): Promise<BatchDone>;
  /** Waits for running batches, then ends every thread. */
  close(): Promise<void>;
}

/**
 * `--workers N|auto`. Auto is `SIMGATE_WORKERS` when it is set, else the machine's available
 * parallelism (which counts the CPUs the process may run on, not a container's CPU quota: a job
 * limited to 2 CPUs on a 64-core host sets SIMGATE_WORKERS=2). Results do not depend on it.
 */
export function resolveWorkers(
  value: string | number | undefined,
  env: NodeJS.ProcessEnv = process.env,
): number {
  if (value !== undefined && value !== 'auto')
    return threadCount(typeof value === 'number' ? value : Number(value), '--workers', value);
  const fromEnv = env.SIMGATE_WORKERS;
  if (fromEnv === undefined || fromEnv === '' || fromEnv === 'auto') return availableParallelism();
  return threadCount(/^[0-9]+$/.test(fromEnv) ? Number(fromEnv) : Number.NaN, 'SIMGATE_WORKERS', fromEnv);
}

/** `n` when it is a thread count (1–256); else a usage error naming where `given` came from. */
function threadCount(n: number, source: string, given: string | number): number {
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new UsageError(`${source} must be a positive integer or "auto" (got "${given}")`);
  }
  return n;
}

/**
 * The built worker file. From dist/ it sits beside this module; when this module is loaded
 * from TypeScript source (tests), the worker still runs from the build (`npm test` builds).
 */
export function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts'))
    return here.replace(/harness[\\/]sweep[\\/]pool\.ts$/, 'dist/harness/sweep/worker/episode-worker.js');
  return fileURLToPath(new URL('./worker/episode-worker.js', import.meta.url));
}

/**
 * The physics WASM compiled once in this process and handed to every thread (the threads then
 * share its machine code, so V8 optimises the engine's hot functions once, not once per thread
 * and pool); undefined when it cannot be had, and each thread compiles its own.
 */
let sharedPhysics: Promise<WasmModule | undefined> | undefined;
function physicsModule(): Promise<WasmModule | undefined> {
  sharedPhysics ??= rapierModule().catch(() => undefined);
  return sharedPhysics;
}

export function createEpisodePool(options: { threads: number; idleTimeoutMs?: number }): EpisodePool {
  const pool = physicsModule().then((rapier) => {
    const piscina = new Piscina<RunBatchRequest, BatchDone>({
      filename: workerFile(),
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: options.idleTimeoutMs ?? 60_000,
      concurrentTasksPerWorker: 1,
      workerData: { rapier } satisfies EpisodeWorkerData,
    });
    // A thread dying with no task in hand is reported here; piscina replaces it by itself.
    piscina.on('error', () => {});
    return piscina;
  });
  return {
    threads: options.threads,
    async run(request) {
      try {
        return await (await pool).run(request);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const wire: WireError = {
          message: `worker thread died while running batch ${request.batch} (${message})`,
          code: 'SIMGATE_WORKER_DIED',
        };
        return {
          type: 'batch-done',
          batch: request.batch,
          episodes: request.episodes.map((e) => errorReport(e.id, wire)),
        };
      }
    },
    async close() {
      await (await pool).close();
    },
  };
}
