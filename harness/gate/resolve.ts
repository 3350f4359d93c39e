// Resolve once: the command line (or a saved gate.json), the config file and the bundled
// defaults become one `ResolvedRun` — task, models, suite, samples, workers, seeds, looks,
// rules, reporters, output — validated in one pass, with the plan built from it. Flags win
// over the config file, which wins over the bundled defaults; nothing reads raw flags later.
import { createHash, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { type LoadedModel, loadModel } from '../../policies/onnx/index.js';
import type { HashedFile } from '../../reports/types.js';
import { displayPath } from '../../scenarios/problems.js';
import type { InvariantSpec, Scenario } from '../../scenarios/types.js';
import { withTaskInvariants } from '../check/invariants.js';
import { gateInvariants } from './safety-config.js';
import type { Task } from '../../sim/task.js';
import { UsageError } from '../common/errors.js';
import { packageRoot } from '../common/package-root.js';
import { coveredScenarios, type SkippedScenario } from '../sweep/coverage.js';
import { type ModelRef, onnxModelRef, planSweep, type Shard, type SweepPlan } from '../sweep/plan.js';
import { resolveWorkers } from '../sweep/pool.js';
import { parseShard, shardPlan } from '../sweep/shard.js';
import { selectSuite } from '../sweep/suite.js';
import { loadApprovals } from './approvals.js';
import type { ResolvedGateConfig, SimgateConfigFile } from './config.js';
import { defaultGateConfigPath, gateConfigFor, loadConfigFile } from './configFile.js';
import { inSlice } from './input.js';
import type { ModelLoad } from './input.js';
import type { GateInvocation } from './invocation.js';
import { REPORTER_NAMES } from '../../reports/index.js';

/** What the user asked for: flags of `gate`/`demo`, or a saved gate.json plus report flags. */
export interface GateRequest {
  readonly invocation: GateInvocation;
  /** Raw `--workers` (a number or 'auto'); the config's `workers`, then 'auto', when absent. */
  readonly workers?: string;
  readonly out: string;
  readonly reporters?: string;
  readonly cacheDir?: string | false;
  readonly resume?: boolean;
  readonly shard?: string;
  readonly quiet?: boolean;
  /** `--sign-key FILE`; without it, the PEM in $SIMGATE_SIGNING_KEY signs when set. */
  readonly signKey?: string;
}

/** Every report a gate writes unless `--reporter` says otherwise (attestation always last). */
export const DEFAULT_REPORTERS = 'console,json,junit,markdown,html,prometheus,canary,attestation';

export function reporterList(value: string = DEFAULT_REPORTERS): string[] {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!(REPORTER_NAMES as readonly string[]).includes(n)) {
      throw new UsageError(`--reporter: unknown reporter "${n}" (known: ${REPORTER_NAMES.join(', ')})`);
    }
  }
  if (names.length === 0) throw new UsageError('--reporter: name at least one reporter');
  return names;
}

export interface ResolvedModel {
  readonly path: string;
  readonly load: ModelLoad;
  readonly model?: LoadedModel;
}

export interface ResolvedRun {
  readonly invocation: GateInvocation;
  readonly task: Task;
  readonly models: { readonly candidate: ResolvedModel; readonly baseline: ResolvedModel };
  /** Both models as the plan names them (absent when either failed to load). */
  readonly refs?: { readonly candidate: ModelRef; readonly baseline: ModelRef };
  /** The scenarios both models cover (an empty list decides ERROR). */
  readonly scenarios: readonly Scenario[];
  readonly skipped: readonly SkippedScenario[];
  /** Each scenario's own invariants, as its file lists them (the plan adds the task's). */
  readonly ownInvariants: ReadonlyMap<string, readonly string[]>;
  /** Bundled slices no scenario of the suite falls in: not applied (said on stderr and in the report). */
  readonly inapplicable: readonly string[];
  /** The safety search on the candidate (paths resolved), or null when the config turns it off. */
  readonly search:
    | (NonNullable<ResolvedGateConfig['safety']['search']> & {
        readonly invariants: readonly InvariantSpec[];
      })
    | null;
  /** Every scenario's sample count when set (flag, else config `samples`). */
  readonly samples?: number;
  readonly suiteSeed: number;
  readonly workers: number;
  readonly gate: ResolvedGateConfig;
  readonly configFile: HashedFile;
  readonly approvals: readonly string[];
  readonly reporters: readonly string[];
  readonly out: string;
  readonly cacheDir: string | false;
  readonly resume: boolean;
  readonly shard?: Shard;
  readonly quiet: boolean;
  readonly signingKeyPem?: string;
  /** The one plan of this run (the shard's part of it with --shard); absent when a model failed. */
  readonly plan?: SweepPlan;
  /** The whole plan, which the decision's looks and a merge are measured against. */
  readonly fullPlan?: SweepPlan;
}

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

async function loadSide(path: string): Promise<ResolvedModel> {
  try {
    const model = await loadModel(path);
    return { path, load: { ok: true, sha256: model.sha256 }, model };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const bytes = existsSync(path) && statSync(path).isFile() ? sha256(readFileSync(path)) : undefined;
    return { path, load: { ok: false, message, ...(bytes ? { sha256: bytes } : {}) } };
  }
}

function configOf(path: string | undefined): SimgateConfigFile {
  if (path === undefined) return {};
  if (!existsSync(path)) throw new UsageError(`--config ${path}: file not found`);
  if (!statSync(path).isFile()) throw new UsageError(`--config ${path}: not a file`);
  return loadConfigFile(path);
}

function suitePaths(invocation: GateInvocation, file: SimgateConfigFile, task: Task): string[] {
  if (invocation.suite && invocation.suite.length > 0) return [...invocation.suite];
  if (file.suite !== undefined && invocation.config) {
    const base = resolvePath(invocation.config, '..');
    return (typeof file.suite === 'string' ? [file.suite] : [...file.suite]).map((p) => resolvePath(base, p));
  }
  // The bundled library, and the user's own incident scenarios (`simgate replay --to-scenario`).
  const incidents = resolvePath(USER_INCIDENTS_DIR);
  const withIncidents = task === 'pick' && existsSync(incidents) && statSync(incidents).isDirectory();
  return [join(packageRoot(), 'scenarios', 'library', task), ...(withIncidents ? [incidents] : [])];
}

/** The folder of incident scenarios a gate on the bundled suite picks up from the working directory. */
export const USER_INCIDENTS_DIR = join('scenarios', 'incidents');

/** `--approvals FILE`, else the config's `approvals_file` (relative to the config file). */
function approvalsOf(invocation: GateInvocation, fromConfig: string | null): readonly string[] {
  if (invocation.approvals) return readApprovals(invocation.approvals, '--approvals');
  if (fromConfig && invocation.config)
    return readApprovals(
      resolvePath(invocation.config, '..', fromConfig),
      `${invocation.config}: gate.approvals_file`,
    );
  return [];
}

/** A missing or unreadable approvals file names where it was asked for and the path, never a stack. */
function readApprovals(path: string, source: string): readonly string[] {
  if (!existsSync(path)) throw new UsageError(`${source} ${displayPath(path)}: file not found`);
  if (!statSync(path).isFile()) throw new UsageError(`${source} ${displayPath(path)}: not a file`);
  return loadApprovals(path);
}

/** Resolves a gate request in one pass; model load failures are kept (they decide ERROR). */
export async function resolveGateRun(request: GateRequest): Promise<ResolvedRun> {
  const { invocation } = request;
  // Flags first: a bad flag costs nothing to report.
  const reporters = reporterList(request.reporters);
  const shard = request.shard !== undefined ? parseShard(request.shard) : undefined;
  const envKey = process.env.SIMGATE_SIGNING_KEY || undefined;
  const signingKeyPem =
    request.signKey !== undefined
      ? readSigningKey(request.signKey)
      : envKey !== undefined
        ? checkSigningKey(envKey, '$SIMGATE_SIGNING_KEY')
        : undefined;
  const file = configOf(invocation.config);
  const workers = resolveWorkers(request.workers ?? file.workers ?? 'auto');
  const [candidate, baseline] = await Promise.all([
    loadSide(invocation.candidate),
    loadSide(invocation.baseline),
  ]);
  if (
    candidate.model &&
    baseline.model &&
    candidate.model.sha256 === baseline.model.sha256 &&
    !invocation.aa
  ) {
    throw new UsageError(
      `--candidate ${invocation.candidate} and --baseline ${invocation.baseline} are the same model (sha256 ${candidate.model.sha256.slice(0, 12)}…): a gate of a model against itself decides nothing`,
      'pass --aa to run an A/A comparison on purpose',
    );
  }
  const task: Task = candidate.model?.card.task ?? baseline.model?.card.task ?? file.gate?.task ?? 'pick';
  const models = { candidate, baseline };
  if (candidate.model && baseline.model && candidate.model.card.task !== baseline.model.card.task) {
    models.baseline = {
      ...baseline,
      load: {
        ok: false,
        sha256: baseline.model.sha256,
        message: `baseline is a ${baseline.model.card.task} model but the candidate is a ${task} model`,
      },
    };
  }
  const suite = selectSuite({
    paths: suitePaths(invocation, file, task),
    tags: invocation.tags,
    requirements: invocation.requirements,
  });
  const configPath = invocation.config ?? defaultGateConfigPath(task);
  const gateConfig = gateConfigFor(file, task, displayPath(configPath));
  const loaded = [models.candidate, models.baseline].filter((m) => m.load.ok && m.model);
  const refs =
    loaded.length === 2
      ? {
          candidate: onnxModelRef('candidate', candidate.model!),
          baseline: onnxModelRef('baseline', baseline.model!),
        }
      : undefined;
  // Each scenario must be covered by both models (same task and, for streams, sensor); with a
  // model that failed to load, only the task is known and the decision is ERROR anyway.
  const covering = [candidate.model, baseline.model]
    .filter((m): m is LoadedModel => m !== undefined)
    .map((m) => onnxModelRef('candidate', m));
  const { covered, skipped } =
    covering.length > 0
      ? coveredScenarios(suite.scenarios, covering)
      : { covered: suite.scenarios.filter((s) => s.task === task), skipped: [] };
  // A bundled slice that no scenario of this suite falls in does not apply (a user's must match).
  const inapplicable = gateConfig.slices.filter(
    (sl) => sl.origin === 'default' && !covered.some((sc) => inSlice(sc, sl.selector)),
  );
  const gate = { ...gateConfig, slices: gateConfig.slices.filter((sl) => !inapplicable.includes(sl)) };
  // Every invariant of the task on every episode (a scenario's own limits win; waivers excepted).
  const streamKind = candidate.model?.card.kind ?? baseline.model?.card.kind;
  const invariants = gateInvariants(task, gate.safety, streamKind);
  const scenarios = covered.map((s) => ({ ...s, invariants: withTaskInvariants(s.invariants, invariants) }));
  const base = invocation.config ? resolvePath(invocation.config, '..') : process.cwd();
  const search = gate.safety.search
    ? {
        ...gate.safety.search,
        envelope: gate.safety.search.envelope ? resolvePath(base, gate.safety.search.envelope) : null,
        corpus: resolvePath(base, gate.safety.search.corpus),
        invariants,
      }
    : null;
  const samples = invocation.samples ?? file.samples;
  const suiteSeed = invocation.seed ?? file.seed ?? 0;
  const fullPlan = refs
    ? planSweep({
        scenarios,
        models: [refs.candidate, refs.baseline],
        suiteSeed,
        samples,
        looks: Math.max(1, gate.checkpoints.length),
      })
    : undefined;
  return {
    invocation,
    task,
    models,
    refs,
    scenarios,
    skipped,
    inapplicable: inapplicable.map((sl) => sl.name),
    ownInvariants: new Map(covered.map((sc) => [sc.id, sc.invariants.map((i) => i.name)])),
    search,
    ...(samples !== undefined ? { samples } : {}),
    suiteSeed,
    workers,
    gate,
    configFile: { path: displayPath(configPath), sha256: sha256(readFileSync(configPath)) },
    approvals: approvalsOf(invocation, gate.approvals_file),
    reporters,
    out: request.out,
    cacheDir: request.cacheDir ?? false,
    resume: request.resume ?? false,
    ...(shard ? { shard } : {}),
    quiet: request.quiet ?? false,
    ...(signingKeyPem ? { signingKeyPem } : {}),
    ...(fullPlan ? { fullPlan, plan: shardPlan(fullPlan, shard) } : {}),
  };
}

function readSigningKey(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--sign-key ${path}: cannot read the key file`);
  }
  return checkSigningKey(pem, `--sign-key ${path}`);
}

/** Checked before any episode runs: a key that cannot sign must not cost a whole gate. */
export function checkSigningKey(pem: string, source: string): string {
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch (error) {
    throw new UsageError(`${source}: not a private key in PEM form (${(error as Error).message})`);
  }
  if (type !== 'ed25519') throw new UsageError(`${source}: an Ed25519 private key is required, got ${type}`);
  return pem;
}
