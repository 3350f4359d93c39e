// Episode results on disk. `OUT/results.jsonl` gets one line per finished episode, appended
// (and fsynced) as each batch finishes, in completion order; readers return plan order, so
// every summary is independent of timing. After a complete run the file is rewritten in plan
// order, which makes it byte-identical across worker counts and shard splits. A torn last
// line (a crash mid-write) is dropped on read and cut off before appending on resume.
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Task } from '../../scenarios/types.js';
import type { EpisodeReport, WireError } from './ipc.js';
import type { PlannedEpisode, SweepPlan } from './plan.js';

export const RESULTS_FILE = 'results.jsonl';

/** One line of results.jsonl. No timing fields: equal inputs give equal lines. */
export interface EpisodeResult extends Omit<EpisodeReport, 'id' | 'error'> {
  readonly episode_id: string;
  readonly scenario_id: string;
  readonly sample: number;
  readonly role: string;
  readonly model_id: string;
  readonly model_sha256: string | null;
  readonly task: Task;
  readonly seed: string;
  /** The worker's error without its stack: the line must not depend on the machine. */
  readonly error?: { readonly message: string; readonly code?: string };
}

/** The result line of `episode` from what the worker (or the cache) reported. */
export function toResult(episode: PlannedEpisode, report: Omit<EpisodeReport, 'id'>): EpisodeResult {
  return {
    episode_id: episode.id,
    scenario_id: episode.scenario_id,
    sample: episode.sample,
    role: episode.role,
    model_id: episode.model_id,
    model_sha256: episode.model_id.startsWith('onnx:') ? episode.model_id.slice(5) : null,
    task: episode.task,
    seed: episode.seed,
    status: report.status,
    kpis: report.kpis,
    invariants: report.invariants,
    events: report.events,
    trace_digest: report.trace_digest,
    steps: report.steps,
    sim_time_s: report.sim_time_s,
    // Stacks name files and lines of this machine: they stay out of the reproducible record.
    ...(report.error ? { error: withoutStack(report.error) } : {}),
  };
}

/** An `error` result for an episode that never reported (its thread died, its batch threw). */
export function errorResult(episode: PlannedEpisode, error: WireError): EpisodeResult {
  return toResult(episode, {
    status: 'error',
    kpis: {},
    invariants: [],
    events: {},
    trace_digest: '',
    steps: 0,
    sim_time_s: 0,
    error,
  });
}

function withoutStack(error: WireError): { message: string; code?: string } {
  return error.code ? { message: error.message, code: error.code } : { message: error.message };
}

/** JSON with object keys sorted below the top level (whose order toResult fixes). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function resultLine(result: EpisodeResult): string {
  const top: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) top[key] = canonical(value);
  return `${JSON.stringify(top)}\n`;
}

export interface ResultsRead {
  readonly results: EpisodeResult[];
  /** Length in bytes of the well-formed prefix (everything before a torn last line). */
  readonly validBytes: number;
  readonly torn: boolean;
}

/** Every complete line of a results file; a torn last line is reported, not thrown. */
export function readResultsFile(path: string): ResultsRead {
  if (!existsSync(path)) return { results: [], validBytes: 0, torn: false };
  const buffer = readFileSync(path);
  const results: EpisodeResult[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < buffer.length) {
    const end = buffer.indexOf(0x0a, start);
    lineNo++;
    if (end < 0) return { results, validBytes: start, torn: true };
    const text = buffer.subarray(start, end).toString('utf8');
    try {
      results.push(JSON.parse(text) as EpisodeResult);
    } catch {
      // Only the last line may be torn; garbage in the middle is a corrupt file.
      if (end + 1 >= buffer.length) return { results, validBytes: start, torn: true };
      throw new Error(`${path}:${lineNo}: not a JSON result line`);
    }
    start = end + 1;
  }
  return { results, validBytes: start, torn: false };
}

/** `results` restricted to the plan's episodes, in plan order (missing episodes omitted). */
export function inPlanOrder(plan: SweepPlan, results: Iterable<EpisodeResult>): EpisodeResult[] {
  const byId = new Map<string, EpisodeResult>();
  for (const r of results) byId.set(r.episode_id, r);
  const out: EpisodeResult[] = [];
  for (const e of plan.episodes) {
    const r = byId.get(e.id);
    if (r) out.push(r);
  }
  return out;
}

/** Appends finished results durably: each batch is on disk before the call returns. */
export class ResultsAppender {
  private fd: number;

  /** Opens `dir/results.jsonl`, fresh or (resume) cut back to its last complete line. */
  constructor(
    readonly path: string,
    resume: { validBytes: number } | undefined,
  ) {
    if (resume) {
      if (existsSync(path)) truncateSync(path, resume.validBytes);
      this.fd = openSync(path, 'a');
    } else {
      this.fd = openSync(path, 'w');
    }
  }

  append(results: readonly EpisodeResult[]): void {
    if (results.length === 0) return;
    const text = results.map(resultLine).join('');
    writeSync(this.fd, text);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Rewrites `path` atomically with exactly `results` (already in plan order). */
export function writeResultsFile(path: string, results: readonly EpisodeResult[]): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, results.map(resultLine).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function resultsPath(outDir: string): string {
  return join(outDir, RESULTS_FILE);
}
