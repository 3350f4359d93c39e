// Resolves one episode to exactly what a simulator runs: from a scenario file, a sample index
// and a suite seed (the same params, seed, invariants, faults and horizon the sweep plan gives
// that sample), or from flags (task defaults plus --set, --invariant, --fault). Also formats
// the one-line replay command that reports print for a failing episode.
import type { CellStart } from '../../sim/pick/recording.js';
import { statSync } from 'node:fs';
import {
  nearestName,
  ParamError,
  type ParamValue,
  type ResolvedParams,
  resolveParams,
} from '../../sim/params.js';
import { loadScenarioFile } from '../../scenarios/load.js';
import { taskRegistry } from '../../scenarios/registry.js';
import type { FaultSpec, InvariantSpec, Scenario, Task } from '../../scenarios/types.js';
import { UsageError } from '../common/errors.js';
import { episodeId, planSweep } from '../sweep/plan.js';

/** The suite seed `simgate run` uses when --seed is not given. */
export const DEFAULT_SUITE_SEED = 0;

/** Where a replayed episode comes from in a sweep. */
export interface EpisodeSource {
  readonly scenario_id: string;
  /** The scenario file as given on the command line. */
  readonly file: string;
  readonly sample: number;
  readonly suite_seed: number;
}

/** Everything a simulator needs to run one episode (a PlannedEpisode without the sweep's bookkeeping). */
export interface ResolvedEpisode {
  readonly task: Task;
  readonly seed: string;
  readonly params: ResolvedParams;
  readonly invariants: readonly InvariantSpec[];
  readonly faults: readonly FaultSpec[];
  /** Stream episodes: horizon in hours. */
  readonly horizon_h?: number;
  /** Pick: a recorded scene the episode starts from (an incident scenario), not items from the seed. */
  readonly start?: CellStart;
  readonly source?: EpisodeSource;
}

/**
 * The episode the sweep engine runs for (scenario, sample, suite seed): params from
 * the one plan builds (`planSweep`, the same params, seed, invariants and faults). Pure; `samples` is the sample count the
 * sweep used (the scenario's own unless `--samples` overrode it).
 */
export function episodeOfScenario(
  scenario: Scenario,
  sample: number,
  suiteSeed: number,
  samples: number = scenario.samples,
): ResolvedEpisode {
  if (!Number.isInteger(sample) || sample < 0 || sample >= samples) {
    throw new UsageError(
      `${scenario.id}: sample ${sample} is out of range: the scenario has ${samples} sample(s), 0 to ${samples - 1}`,
      samples === scenario.samples
        ? 'when the sweep ran with --samples N, pass the same --samples N'
        : undefined,
    );
  }
  // The one plan: the episode a replay rebuilds is the one the sweep planned, not a re-derivation.
  const plan = planSweep({
    scenarios: [scenario],
    models: [{ role: 'replay', kind: 'reference' }],
    suiteSeed,
    samples,
  });
  const e = plan.episodes.find((x) => x.sample === sample)!;
  return {
    task: e.task,
    seed: e.seed,
    params: e.params,
    invariants: e.invariants,
    faults: e.faults,
    ...(e.horizon_h !== undefined ? { horizon_h: e.horizon_h } : {}),
    ...(e.start !== undefined ? { start: e.start } : {}),
    source: { scenario_id: scenario.id, file: scenario.file, sample, suite_seed: suiteSeed },
  };
}

/** Loads one scenario file (positioned errors for a bad file) and resolves one of its samples. */
export function episodeFromScenario(
  file: string,
  sample: number,
  suiteSeed: number = DEFAULT_SUITE_SEED,
  samples?: number,
): ResolvedEpisode {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new UsageError(`${file}: scenario file not found`);
  }
  if (!isFile) throw new UsageError(`${file}: --scenario takes one scenario file, not a folder`);
  const scenario = loadScenarioFile(file);
  const episode = episodeOfScenario(scenario, sample, suiteSeed, samples ?? scenario.samples);
  return { ...episode, source: { ...episode.source!, file } };
}

/** The results.jsonl episode id of a replayed episode for a model role. */
export function replayedEpisodeId(source: EpisodeSource, role: string): string {
  return episodeId(source.scenario_id, source.sample, role);
}

/**
 * `base` (a scenario's draw; the task defaults when absent) overlaid with `--set`, every value
 * checked against the task's registry; an unknown name gets the nearest name or the list.
 */
export function paramsWithOverrides(
  task: Task,
  overrides: Readonly<Record<string, ParamValue>>,
  base?: ResolvedParams,
): ResolvedParams {
  const registry = taskRegistry(task).params;
  // Untouched params pass through as they are: their key order is part of the pick trace.
  if (base !== undefined && Object.keys(overrides).length === 0) return base;
  try {
    return resolveParams(registry, { ...(base ?? {}), ...overrides });
  } catch (error) {
    if (!(error instanceof ParamError)) throw error;
    const names = registry.map((p) => p.name);
    // The message already names the nearest parameter when there is one.
    const hint = names.includes(error.param)
      ? `see its range with: simgate params --task ${task}`
      : `valid parameters: ${names.join(', ')}`;
    throw new UsageError(`--set ${error.message}`, hint);
  }
}

/** One `--invariant name[=limit]` flag, checked against the task's invariant library. */
export function parseInvariantFlag(task: Task, text: string): InvariantSpec {
  const library = taskRegistry(task).invariants;
  const [name, raw] = text.split('=', 2);
  const def = library.find((d) => d.name === name);
  if (!def) {
    const near = nearestName(
      name,
      library.map((d) => d.name),
    );
    throw new UsageError(
      `--invariant: unknown ${task} invariant "${name}"`,
      near ? `did you mean ${near}?` : `known: ${library.map((d) => d.name).join(', ')}`,
    );
  }
  if (raw === undefined) {
    if (def.limit === 'required')
      throw new UsageError(`--invariant ${name} needs a limit in ${def.unit} (${name}=VALUE)`);
    return { name };
  }
  const limit = Number(raw);
  if (def.limit === 'none') throw new UsageError(`--invariant ${name} takes no limit`);
  if (raw.trim() === '' || !Number.isFinite(limit))
    throw new UsageError(`--invariant ${name}: limit must be a number (got "${raw}")`);
  return { name, limit };
}

/**
 * One `--fault` flag: a JSON object (`{"kind":"spike","magnitude":8}`) or the short form
 * `kind:key=value,key=value` (`spike:start_h=0.5,magnitude=8`), checked like a scenario entry.
 */
export function parseFaultFlag(text: string): FaultSpec {
  let fault: Record<string, unknown>;
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      fault = JSON.parse(trimmed) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`--fault ${text}: invalid JSON: ${(error as Error).message}`);
    }
    if (!fault || typeof fault !== 'object' || Array.isArray(fault))
      throw new UsageError(`--fault ${text}: expected a JSON object with a "kind"`);
  } else {
    const colon = trimmed.indexOf(':');
    const kind = colon < 0 ? trimmed : trimmed.slice(0, colon);
    fault = { kind };
    const rest = colon < 0 ? '' : trimmed.slice(colon + 1);
    for (const pair of rest.split(',').filter((p) => p.trim() !== '')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--fault ${text}: expected key=value (got "${pair}")`);
      const raw = pair.slice(eq + 1).trim();
      const num = Number(raw);
      fault[pair.slice(0, eq).trim()] = raw !== '' && Number.isFinite(num) ? num : raw;
    }
  }
  const problems = taskRegistry('stream').faultProblems(fault);
  if (problems.length > 0) throw new UsageError(`--fault ${text}: ${problems.join('; ')}`);
  return fault as unknown as FaultSpec;
}

export interface ReplayCommandInput {
  /** The scenario file, as the reader should type it (relative to where they run simgate). */
  readonly file: string;
  readonly sample: number;
  readonly suiteSeed: number;
  /** An ONNX path, or undefined for the reference policy. */
  readonly model?: string;
  /** The sweep's --samples override, when it had one. */
  readonly samples?: number;
  /** The sweep's --max-steps budget, when it had one. */
  readonly maxSteps?: number;
  readonly trace?: string;
  /** Invariants the gate checked that the scenario does not list (`--invariant name=limit`). */
  readonly invariants?: readonly { readonly name: string; readonly limit?: number }[];
}

/** `simgate episode --scenario FILE --sample N --suite-seed S (--model PATH | --policy reference) ...` */
export function replayCommand(input: ReplayCommandInput): string {
  const words = [
    'simgate',
    'episode',
    '--scenario',
    shellWord(input.file),
    '--sample',
    String(input.sample),
    '--suite-seed',
    String(input.suiteSeed),
    ...(input.model !== undefined ? ['--model', shellWord(input.model)] : ['--policy', 'reference']),
    ...(input.samples !== undefined ? ['--samples', String(input.samples)] : []),
    ...(input.maxSteps !== undefined ? ['--max-steps', String(input.maxSteps)] : []),
    ...(input.trace !== undefined ? ['--trace', shellWord(input.trace)] : []),
    ...(input.invariants ?? []).flatMap((i) => [
      '--invariant',
      i.limit === undefined ? i.name : `${i.name}=${i.limit}`,
    ]),
  ];
  return words.join(' ');
}

/** Quotes a word for POSIX shells only when it needs it. */
function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
