// Episode results on disk. `OUT/results.jsonl` gets one line per finished episode, appended
// (and fsynced) as each batch finishes, in completion order; readers return plan order, so
// every summary is independent of timing. After a complete run the file is rewritten in plan
// order, which makes it byte-identical across worker counts and shard splits. Every line
// carries the provenance of what produced it (binding.ts). Reading checks every line's shape
// and names `file:line` and the field of each problem; a torn last line (a crash mid-write) is
// cut off on resume and refused everywhere else.
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
import { UsageError } from '../common/errors.js';
import { sortedKeys } from '../common/hash.js';
import { type EpisodeReport, errorReport, reportOutcome, type WireError } from './ipc.js';
import { episodeId, type PlannedEpisode, type SweepPlan } from './plan.js';
import { formatShapeProblem, resultLineProblems } from './shapes.js';

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
  /** What produced the line besides the model bytes (model_sha256): checked by resume, merge, report. */
  readonly provenance: LineProvenance;
}

/**
 * The hashes a result line is bound to (besides `model_sha256`): the model card, the scenario
 * file, the gate config (null for `simgate run`), the plan and the component versions. Equal for
 * every worker count and shard split, so the lines stay byte-identical.
 */
export interface LineProvenance {
  /** null for the reference policies. */
  readonly card_sha256: string | null;
  readonly config_sha256: string | null;
  readonly plan_hash: string;
  readonly scenario_sha256: string;
  readonly versions: Readonly<Record<string, string>>;
}

/** The result line of `episode` from what the worker (or the cache) reported. */
export function toResult(
  episode: PlannedEpisode,
  report: Omit<EpisodeReport, 'id'>,
  bound: { readonly model_sha256: string | null; readonly provenance: LineProvenance },
): EpisodeResult {
  return {
    episode_id: episode.id,
    scenario_id: episode.scenario_id,
    sample: episode.sample,
    role: episode.role,
    model_id: episode.model_id,
    model_sha256: bound.model_sha256,
    task: episode.task,
    seed: episode.seed,
    ...reportOutcome(report),
    // Stacks name files and lines of this machine: they stay out of the reproducible record.
    ...(report.error ? { error: withoutStack(report.error) } : {}),
    provenance: bound.provenance,
  };
}

/** An `error` result for an episode that never reported (its thread died, its batch threw). */
export function errorResult(
  episode: PlannedEpisode,
  error: WireError,
  bound: Parameters<typeof toResult>[2],
): EpisodeResult {
  const { id: _id, ...report } = errorReport(episode.id, error);
  return toResult(episode, report, bound);
}

function withoutStack(error: WireError): { message: string; code?: string } {
  return error.code ? { message: error.message, code: error.code } : { message: error.message };
}

/** JSON with object keys sorted below the top level (whose order toResult fixes). */
export function resultLine(result: EpisodeResult): string {
  const top: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) top[key] = sortedKeys(value);
  return `${JSON.stringify(top)}\n`;
}

export interface ResultsRead {
  readonly results: EpisodeResult[];
  /** 1-based line number of each result in the file (for located messages). */
  readonly lines: number[];
  /** Length in bytes of the well-formed prefix (everything before a torn last line). */
  readonly validBytes: number;
  readonly torn: boolean;
}

/** Problems listed in one error before the rest are only counted. */
const MAX_LISTED = 20;

/** One UsageError naming every problem of a file (each `file:line: field: message`). */
export function fileProblemsError(file: string, problems: readonly string[], hint?: string): UsageError {
  if (problems.length === 1) return new UsageError(problems[0], hint);
  const listed = problems.slice(0, MAX_LISTED).map((p) => `  ${p}`);
  if (problems.length > MAX_LISTED) listed.push(`  ... and ${problems.length - MAX_LISTED} more`);
  return new UsageError(`${file}: ${problems.length} problems:\n${listed.join('\n')}`, hint);
}

/** The problems of one parsed line (its shape, then its id against scenario, sample and role). */
function lineProblems(value: unknown, where: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return [`${where}: not a result object (got ${got})`];
  }
  const shape = resultLineProblems(value);
  if (shape.length > 0) return shape.slice(0, 3).map((p) => `${where}: ${formatShapeProblem(p)}`);
  const r = value as EpisodeResult;
  const expected = episodeId(r.scenario_id, r.sample, r.role);
  return r.episode_id === expected
    ? []
    : [`${where}: episode_id: "${r.episode_id}" does not match scenario_id, sample and role ("${expected}")`];
}

/**
 * Every line of a results file, each checked (shape, id, no duplicate episode). A torn last line
 * (no newline: a crash mid-append) is left out and reported with `tornTail: 'cut'` (resume cuts
 * it off), and refused with `tornTail: 'refuse'` (merge and report decide on complete files only).
 * Any other problem is refused in both modes, every one located as `file:line: field: message`.
 */
export function readResultsFile(path: string, options: { tornTail: 'cut' | 'refuse' }): ResultsRead {
  if (!existsSync(path)) return { results: [], lines: [], validBytes: 0, torn: false };
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    throw new UsageError(
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const results: EpisodeResult[] = [];
  const lines: number[] = [];
  const problems: string[] = [];
  const firstLine = new Map<string, number>();
  let start = 0;
  let lineNo = 0;
  let torn = false;
  while (start < buffer.length) {
    const end = buffer.indexOf(0x0a, start);
    lineNo++;
    const where = `${path}:${lineNo}`;
    if (end < 0) {
      if (options.tornTail === 'cut') {
        torn = true;
        break;
      }
      problems.push(`${where}: truncated line (no newline at the end: an unfinished run or a cut file)`);
      break;
    }
    const text = buffer.subarray(start, end).toString('utf8');
    start = end + 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      problems.push(
        `${where}: ${text.trim() === '' ? 'empty line' : `not JSON (${(error as Error).message})`}`,
      );
      continue;
    }
    const found = lineProblems(value, where);
    if (found.length > 0) {
      problems.push(...found);
      continue;
    }
    const result = value as EpisodeResult;
    const earlier = firstLine.get(result.episode_id);
    if (earlier !== undefined) {
      problems.push(`${where}: episode ${result.episode_id} appears again (first at line ${earlier})`);
      continue;
    }
    firstLine.set(result.episode_id, lineNo);
    results.push(result);
    lines.push(lineNo);
  }
  if (problems.length > 0) throw fileProblemsError(path, problems);
  const validBytes = torn ? buffer.lastIndexOf(0x0a, buffer.length - 1) + 1 : buffer.length;
  return { results, lines, validBytes, torn };
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
