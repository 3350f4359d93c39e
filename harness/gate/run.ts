// `simgate gate` end to end: resolve the invocation (models, suite, gate config), run both
// models through the sweep engine with the gate's sequential looks as checkpoints, decide,
// and hand the report data to the reporters. `simgate report OUT` re-enters at `finishGate`
// with the results already on disk, so a re-render decides exactly as the run did.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadModel, type LoadedModel } from '../../policies/onnx/index.js';
import { createReporterMux, createReporters, type ReportData } from '../../reports/index.js';
import { displayPath } from '../../scenarios/problems.js';
import type { Scenario, Task } from '../../scenarios/types.js';
import { type SweepResult, runSweep } from '../sweep/engine.js';
import {
  decideGate,
  type GateDecision,
  type GateInput,
  gateConfigFor,
  gateReportData,
  loadApprovals,
  loadConfigFile,
  defaultGateConfigPath,
  type ModelLoad,
  type ResolvedGateConfig,
  type SimgateConfigFile,
} from './index.js';
import { coveredScenarios, type SkippedScenario } from '../sweep/coverage.js';
import { gatePairs, gateScenarios, pairOrder, replayCommandFor } from './pairs.js';
import type { GateInvocation } from './invocation.js';
import { packageRoot } from '../common/package-root.js';
import { type ModelRef, planSweep, type Shard, type SweepPlan } from '../sweep/plan.js';
import type { EpisodeResult } from '../sweep/results.js';
import { selectSuite } from '../sweep/suite.js';
import { componentVersions } from '../common/version.js';

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

export interface GateContext {
  readonly invocation: GateInvocation;
  readonly task: Task;
  readonly models: { readonly candidate: ModelLoad; readonly baseline: ModelLoad };
  readonly refs?: { readonly candidate: ModelRef; readonly baseline: ModelRef };
  readonly loaded: { readonly candidate?: LoadedModel; readonly baseline?: LoadedModel };
  /** The scenarios both models cover (an empty list decides ERROR). */
  readonly scenarios: readonly Scenario[];
  /** Scenarios of the suite a model does not cover (another task or sensor), with the reason. */
  readonly skipped: readonly SkippedScenario[];
  readonly config: ResolvedGateConfig;
  readonly configFile: { readonly path: string; readonly sha256: string };
  readonly approvals: readonly string[];
  readonly suiteSeed: number;
}

async function loadSide(path: string): Promise<{ load: ModelLoad; model?: LoadedModel }> {
  try {
    const model = await loadModel(path);
    return { load: { ok: true, sha256: model.sha256 }, model };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const bytes = existsSync(path) ? sha256(readFileSync(path)) : undefined;
    return { load: { ok: false, message, ...(bytes ? { sha256: bytes } : {}) } };
  }
}

function configOf(invocation: GateInvocation): SimgateConfigFile {
  return invocation.config ? loadConfigFile(invocation.config) : {};
}

function suitePaths(invocation: GateInvocation, file: SimgateConfigFile, task: Task): string[] {
  if (invocation.suite && invocation.suite.length > 0) return [...invocation.suite];
  if (file.suite !== undefined && invocation.config) {
    const base = resolve(invocation.config, '..');
    return (typeof file.suite === 'string' ? [file.suite] : [...file.suite]).map((p) => resolve(base, p));
  }
  return [join(packageRoot(), 'scenarios', 'library', task)];
}

/** `--approvals FILE`, else the config's `approvals_file` (relative to the config file). */
function approvalsOf(invocation: GateInvocation, fromConfig: string | null): readonly string[] {
  if (invocation.approvals) return loadApprovals(invocation.approvals);
  if (fromConfig && invocation.config) return loadApprovals(resolve(invocation.config, '..', fromConfig));
  return [];
}

/** Resolves everything a gate run needs; model load failures are kept (they decide ERROR). */
export async function prepareGate(invocation: GateInvocation): Promise<GateContext> {
  const file = configOf(invocation);
  const [candidate, baseline] = await Promise.all([
    loadSide(invocation.candidate),
    loadSide(invocation.baseline),
  ]);
  const task: Task =
    candidate.model?.card.task ?? baseline.model?.card.task ?? file.gate?.task ?? ('pick' as Task);
  const models = { candidate: candidate.load, baseline: baseline.load };
  if (candidate.model && baseline.model && candidate.model.card.task !== baseline.model.card.task) {
    models.baseline = {
      ok: false,
      sha256: baseline.model.sha256,
      message: `baseline is a ${baseline.model.card.task} model but the candidate is a ${task} model`,
    };
  }
  const suite = selectSuite({
    paths: suitePaths(invocation, file, task),
    tags: invocation.tags,
    requirements: invocation.requirements,
  });
  const configPath = invocation.config ?? defaultGateConfigPath(task);
  const config = gateConfigFor(file, task, displayPath(configPath));
  const refOf = (role: 'candidate' | 'baseline', m: LoadedModel): ModelRef => ({
    role,
    kind: 'onnx',
    task: m.card.task,
    path: m.onnxPath,
    sha256: m.sha256,
    ...(m.card.sensor ? { sensor: m.card.sensor } : {}),
  });
  // Each scenario must be covered by both models (same task and, for streams, sensor); with a
  // model that failed to load, only the task is known and the decision is ERROR anyway.
  const covering = [candidate.model, baseline.model]
    .filter((m): m is LoadedModel => m !== undefined)
    .map((m) => refOf('candidate', m));
  const { covered: scenarios, skipped } =
    covering.length > 0
      ? coveredScenarios(suite.scenarios, covering)
      : { covered: suite.scenarios.filter((s) => s.task === task), skipped: [] };
  const bothLoaded = models.candidate.ok && models.baseline.ok && candidate.model && baseline.model;
  return {
    invocation,
    task,
    models,
    refs: bothLoaded
      ? { candidate: refOf('candidate', candidate.model!), baseline: refOf('baseline', baseline.model!) }
      : undefined,
    loaded: { candidate: candidate.model, baseline: baseline.model },
    scenarios,
    skipped,
    config,
    configFile: { path: displayPath(configPath), sha256: sha256(readFileSync(configPath)) },
    approvals: approvalsOf(invocation, config.approvals_file),
    suiteSeed: invocation.seed ?? file.seed ?? 0,
  };
}

/** The engine's plan for this gate: both models, the gate's checkpoints as stages. */
export function gatePlan(ctx: GateContext): SweepPlan | undefined {
  if (!ctx.refs) return undefined;
  return planSweep({
    scenarios: ctx.scenarios,
    models: [ctx.refs.candidate, ctx.refs.baseline],
    suiteSeed: ctx.suiteSeed,
    samples: ctx.invocation.samples,
    looks: Math.max(1, ctx.config.checkpoints.length),
  });
}

export function gateInput(ctx: GateContext, plan: SweepPlan | undefined, results: readonly EpisodeResult[]) {
  const order = plan ? pairOrder(plan) : { order: [], lookPairs: [] };
  const input: GateInput = {
    config: ctx.config,
    scenarios: gateScenarios(ctx.scenarios, displayPath),
    pairs: gatePairs(order, results, ctx.suiteSeed),
    planned_pairs: order.order.length,
    look_pairs: order.lookPairs,
    models: ctx.models,
    approvals: ctx.approvals,
    replayCommand: replayCommandFor(
      { candidate: displayPath(ctx.invocation.candidate), baseline: displayPath(ctx.invocation.baseline) },
      ctx.invocation.samples,
    ),
    seed: ctx.suiteSeed,
  };
  return input;
}

export interface GateRun {
  readonly ctx: GateContext;
  readonly plan?: SweepPlan;
  readonly sweep?: SweepResult;
}

/** Runs the sweep, stopping at the first look that decides. */
export async function executeGate(
  ctx: GateContext,
  engine: {
    workers: number;
    outDir: string;
    cacheDir: string | false;
    resume?: boolean;
    signal?: AbortSignal;
    /** One shard of the plan: no early stop (the decision needs every shard, after merge). */
    shard?: Shard;
    onEpisodeEnd?: Parameters<typeof runSweep>[0]['onEpisodeEnd'];
  },
): Promise<GateRun> {
  const plan = gatePlan(ctx);
  if (!plan || plan.episodes.length === 0) return { ctx, plan };
  const sweep = await runSweep({
    scenarios: ctx.scenarios,
    models: [ctx.refs!.candidate, ctx.refs!.baseline],
    suiteSeed: ctx.suiteSeed,
    samples: ctx.invocation.samples,
    looks: plan.looks,
    workers: engine.workers,
    outDir: engine.outDir,
    cacheDir: engine.cacheDir,
    resume: engine.resume,
    signal: engine.signal,
    onEpisodeEnd: engine.onEpisodeEnd,
    ...(engine.shard
      ? { shard: engine.shard }
      : {
          onCheckpoint: ({ results }) => {
            const decision = decideGate(gateInput(ctx, plan, results));
            return decision.decision === 'INCONCLUSIVE' ? 'continue' : 'stop';
          },
        }),
  });
  return { ctx, plan, sweep };
}

function modelProvenance(path: string, load: ModelLoad, model?: LoadedModel) {
  return {
    path: displayPath(path),
    sha256: model?.sha256 ?? load.sha256 ?? '',
    card: model ? { path: displayPath(model.cardPath ?? model.onnxPath), sha256: model.cardSha256 } : null,
  };
}

/** Decides from plan-ordered results and builds the report data (pure apart from hashing inputs). */
export function finishGate(
  run: GateRun,
  results: readonly EpisodeResult[],
  counts: { planned: number; run: number; cached: number },
): { decision: GateDecision; report: ReportData } {
  const { ctx, plan } = run;
  const input = gateInput(ctx, plan, results);
  const decision = decideGate(input);
  const report = gateReportData(input, decision, {
    episodes: {
      planned: counts.planned,
      run: counts.run,
      cached: counts.cached,
      errored: results.filter((r) => r.status === 'error' || r.status === 'timeout').length,
    },
    provenance: {
      models: {
        candidate: modelProvenance(ctx.invocation.candidate, ctx.models.candidate, ctx.loaded.candidate),
        baseline: modelProvenance(ctx.invocation.baseline, ctx.models.baseline, ctx.loaded.baseline),
      },
      scenarios: ctx.scenarios.map((s) => ({ id: s.id, path: displayPath(s.file), sha256: s.sha256 })),
      config: ctx.configFile,
      versions: componentVersions(),
      seeds: { suite: ctx.suiteSeed },
      shard: null,
    },
  });
  return { decision, report };
}

/** Writes every report through the reporter multiplexer; a failing reporter never hides the decision. */
export async function writeReports(
  report: ReportData,
  options: { outDir: string; reporters: readonly string[]; quiet?: boolean; signingKeyPem?: string },
): Promise<string[]> {
  const reporters = createReporters(options.reporters, {
    outDir: options.outDir,
    write: (text) => process.stdout.write(text),
    quiet: options.quiet,
    stepSummaryPath: process.env.GITHUB_STEP_SUMMARY || undefined,
    signingKeyPem: options.signingKeyPem,
    inputsBase: process.cwd(),
  });
  const mux = createReporterMux(reporters);
  await mux.onEnd(report);
  return mux.failures.map((f) => `reporter ${f.reporter} failed in ${f.hook}: ${f.message}`);
}
