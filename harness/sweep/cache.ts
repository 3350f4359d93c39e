// The episode result cache, content-addressed: the key is the sha256 of everything that decides
// an episode's numbers — the policy (model and card sha256, or reference), the scenario file's
// sha256, the seed, the sampled params, the lockstep batch it ran in, the versions of simgate,
// node, rapier and onnxruntime, and a fingerprint of simgate's own code. Reusing the production
// model's results across runs means only the changed model is simulated again. Errors and
// timeouts are never cached (a dead thread is not a property of the model).
//
// Entries check themselves: each holds its key, the key material (which must hash to the key),
// the outcome with a sha256 over it, and where non-finite numbers were (JSON writes them as null).
// An entry that fails any check — unreadable, not JSON, wrong shape, another key, edited
// outcome, a null where the entry recorded a finite number, a status its invariants contradict —
// is a miss with one warning naming the file, never a hit. The hash detects corruption and edits;
// it is not a signature (see docs/security-integrity.md).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Json } from '../common/hash.js';
import { type EpisodeReport, reportOutcome } from './ipc.js';
import type { ModelRef, PlannedBatch, PlannedEpisode, SweepPlan } from './plan.js';
import { cacheEntryProblems, formatShapeProblem } from './shapes.js';

export const DEFAULT_CACHE_DIR = '.simgate-cache';
export const CACHE_FORMAT = 'simgate.cache/v2';

export type CachedOutcome = Omit<EpisodeReport, 'id' | 'error'>;

/** Everything that decides an episode's numbers; its sha256 is the key. */
export type CacheKeyMaterial = Readonly<Record<string, unknown>>;

export interface CacheKey {
  readonly key: string;
  readonly material: CacheKeyMaterial;
}

/** Who wrote an entry (recorded, not part of the key: a plan or config change reuses the episode). */
export interface CacheProducer {
  readonly plan_hash: string;
  readonly config_sha256: string | null;
}

export interface CacheKeyContext {
  readonly scenarioSha: ReadonlyMap<string, string>;
  readonly models: ReadonlyMap<
    string,
    { readonly model_sha256: string | null; readonly card_sha256: string | null }
  >;
  readonly versions: Readonly<Record<string, string>>;
  /** simgate's own code (codeFingerprint): a rebuilt or patched simgate of the same version misses. */
  readonly code: string;
  /** The shadow policy of a differential search: its episodes also record their divergence. */
  readonly shadow?: { readonly model_sha256: string | null; readonly card_sha256: string | null };
}

/** The folders of simgate's code that decide an episode's numbers or how they are recorded. */
const CODE_DIRS = ['sim', 'policies', 'scenarios', 'harness', 'reports'];
let fingerprint: string | undefined;

/**
 * sha256 over simgate's code as it runs (the compiled .js of an install, or the sources when run
 * from them): the version alone would let a locally patched or rebuilt simgate serve results its
 * code no longer computes. Read once per process (about 250 files).
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const here = fileURLToPath(import.meta.url);
  const root = dirname(dirname(dirname(here)));
  const ext = extname(here);
  const hash = createHash('sha256');
  const walk = (rel: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && e.name.endsWith(ext))
        hash.update(`${path}\0`).update(readFileSync(join(root, path)));
    }
  };
  for (const dir of CODE_DIRS) walk(dir);
  fingerprint = hash.digest('hex');
  return fingerprint;
}

/** What identifies a model in a key: its bytes and card, or null for a reference policy. */
function modelKey(m: ModelRef): { model_sha256: string | null; card_sha256: string | null } {
  return m.kind === 'onnx'
    ? { model_sha256: m.sha256, card_sha256: m.cardSha256 }
    : { model_sha256: null, card_sha256: null };
}

export function cacheContext(
  plan: SweepPlan,
  versions: Readonly<Record<string, string>>,
  shadow?: ModelRef,
): CacheKeyContext {
  return {
    ...(shadow ? { shadow: modelKey(shadow) } : {}),
    code: codeFingerprint(),
    scenarioSha: new Map(plan.scenarios.map((s) => [s.id, s.sha256])),
    models: new Map(plan.models.map((m) => [m.role, modelKey(m)])),
    versions,
  };
}

/** Keys of every episode of `batch`, in lane order. */
export function batchCacheKeys(
  batch: PlannedBatch,
  episodes: readonly PlannedEpisode[],
  context: CacheKeyContext,
): CacheKey[] {
  // Lockstep lanes share inference calls, so the batch's composition is part of the key.
  const composition = episodes.map((e) => e.seed).join(',');
  return episodes.map((e, lane) => {
    const model = context.models.get(e.role);
    const material: CacheKeyMaterial = {
      format: CACHE_FORMAT,
      model_id: e.model_id,
      model_sha256: model?.model_sha256 ?? null,
      card_sha256: model?.card_sha256 ?? null,
      task: e.task,
      scenario_sha256: context.scenarioSha.get(e.scenario_id) ?? '',
      seed: e.seed,
      params: e.params,
      invariants: e.invariants,
      faults: e.faults,
      horizon_h: e.horizon_h ?? null,
      max_steps: e.maxSteps ?? null,
      // Only incident episodes carry a start: other keys stay as they were.
      ...(e.start !== undefined ? { start: e.start } : {}),
      // Likewise only a differential search's trials carry a shadow (their outcome has a divergence).
      ...(context.shadow && e.task === 'pick' ? { shadow: context.shadow } : {}),
      batch_size: batch.episodes.length,
      lane,
      composition,
      versions: context.versions,
      code: context.code,
    };
    return { key: sha256Json(material), material };
  });
}

type NonFinite = 'NaN' | 'Infinity' | '-Infinity';

const pointer = (path: string, key: string | number) =>
  `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** JSON Pointers (`/kpis/mae`, `/invariants/1/worst`) of every non-finite number in `value`. */
function nonFiniteNumbers(value: unknown, path = '', out: Record<string, NonFinite> = {}) {
  if (typeof value === 'number' && !Number.isFinite(value))
    out[path] = Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  else if (Array.isArray(value)) value.forEach((v, i) => void nonFiniteNumbers(v, pointer(path, i), out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) nonFiniteNumbers(v, pointer(path, k), out);
  return out;
}

/** JSON Pointers of every null in `value` (JSON's spelling of a non-finite number). */
function nullPaths(value: unknown, path = '', out: string[] = []): string[] {
  if (value === null) out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => void nullPaths(v, pointer(path, i), out));
  else if (typeof value === 'object')
    for (const [k, v] of Object.entries(value as object)) nullPaths(v, pointer(path, k), out);
  return out;
}

/** Puts the recorded non-finite numbers back where JSON wrote null. */
function restoreNonFinite(
  outcome: CachedOutcome,
  nonfinite: Readonly<Record<string, NonFinite>>,
): CachedOutcome {
  const copy = structuredClone(outcome) as unknown as Record<string, unknown>;
  for (const [path, kind] of Object.entries(nonfinite)) {
    const parts = path
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node = copy;
    for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
    node[parts[parts.length - 1]] = Number(kind);
  }
  return copy as unknown as CachedOutcome;
}

interface CacheEntry {
  readonly format: typeof CACHE_FORMAT;
  readonly key: string;
  readonly material: CacheKeyMaterial;
  readonly outcome: CachedOutcome;
  readonly nonfinite: Readonly<Record<string, NonFinite>>;
  readonly outcome_sha256: string;
  readonly producer: CacheProducer;
}

const outcomeHash = (outcome: unknown, nonfinite: unknown) => sha256Json({ outcome, nonfinite });

/** Why a parsed entry must not be used for `key`, or undefined when it checks out. */
function entryProblem(data: unknown, key: CacheKey): string | undefined {
  const shape = cacheEntryProblems(data);
  if (shape.length > 0)
    return `not a ${CACHE_FORMAT} entry (${shape.slice(0, 3).map(formatShapeProblem).join('; ')})`;
  const entry = data as CacheEntry;
  if (entry.key !== key.key) return `holds the entry of key ${entry.key}, not ${key.key}`;
  if (sha256Json(entry.material) !== entry.key) return 'its key material does not hash to its key';
  if (outcomeHash(entry.outcome, entry.nonfinite) !== entry.outcome_sha256)
    return 'its outcome does not match its content hash (edited or corrupt)';
  const nulls = nullPaths(entry.outcome);
  const unexplained = nulls.find((p) => !(p in entry.nonfinite));
  if (unexplained !== undefined)
    return `${unexplained} is not a finite number, but the entry records it as one`;
  const missing = Object.keys(entry.nonfinite).find((p) => !nulls.includes(p));
  if (missing !== undefined) return `${missing} is recorded as non-finite but holds a value`;
  const violated = entry.outcome.invariants.some((i) => i.violated);
  if (violated !== (entry.outcome.status === 'violation'))
    return `status "${entry.outcome.status}" contradicts its invariants`;
  return undefined;
}

export class ResultCache {
  hits = 0;
  stores = 0;
  /** Entries found but refused (each warned about once). */
  rejected = 0;

  constructor(
    readonly dir: string,
    private readonly warn: (line: string) => void = (line) => process.stderr.write(`simgate: ${line}\n`),
  ) {}

  file(key: string): string {
    return join(this.dir, 'episodes', key.slice(0, 2), `${key}.json`);
  }

  get(key: CacheKey): CachedOutcome | undefined {
    const file = this.file(key.key);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      return this.refuse(
        file,
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return this.refuse(file, `not JSON (${(error as Error).message})`);
    }
    const problem = entryProblem(data, key);
    if (problem !== undefined) return this.refuse(file, problem);
    const entry = data as CacheEntry;
    this.hits++;
    return restoreNonFinite(entry.outcome, entry.nonfinite);
  }

  private refuse(file: string, reason: string): undefined {
    this.rejected++;
    this.warn(`cache entry ${file}: ${reason}; not used, the episode is simulated again`);
    return undefined;
  }

  put(key: CacheKey, report: Omit<EpisodeReport, 'id'>, producer: CacheProducer): void {
    if (report.status === 'error' || report.status === 'timeout') return;
    const outcome: CachedOutcome = reportOutcome(report);
    const nonfinite = nonFiniteNumbers(outcome);
    const entry: CacheEntry = {
      format: CACHE_FORMAT,
      key: key.key,
      material: key.material,
      outcome,
      nonfinite,
      outcome_sha256: outcomeHash(outcome, nonfinite),
      producer,
    };
    const file = this.file(key.key);
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(entry)}\n`);
    renameSync(tmp, file);
    this.stores++;
  }
}
