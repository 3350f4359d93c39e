// `simgate gate` end to end on a resolved run: both models through the sweep engine with the
// gate's looks as checkpoints (each look evaluated once, in the memo), then the decision and
// the report data. `simgate report OUT` re-enters at `finishGate` with the results on disk,
// so a re-render decides exactly as the run did.
import { createReporterMux, createReporters, type ReportData } from '../../reports/index.js';
import { displayPath } from '../../scenarios/problems.js';
import { componentVersions } from '../common/version.js';
import { runSweep, type SweepCounts, type SweepResult } from '../sweep/engine.js';
import type { EpisodeResult } from '../sweep/results.js';
import { decideGate, type GateDecision, type LookMemo } from './decide.js';
import { gateInputOf } from './pairs.js';
import { gateReportData } from './report.js';
import { type GateSearchRecord, runGateSearch } from './search.js';
import type { ResolvedModel, ResolvedRun } from './resolve.js';

export interface GateRun {
  readonly run: ResolvedRun;
  readonly sweep?: SweepResult;
  /** Every look evaluated during the run, reused by the final decision. */
  readonly memo: LookMemo;
  /** The safety search on the candidate, when the config asks for one. */
  readonly search?: GateSearchRecord;
}

/** Runs the sweep, stopping the KPI comparison at the first look that decides. */
export async function executeGate(
  run: ResolvedRun,
  hooks: {
    readonly signal?: AbortSignal;
    readonly onEpisodeEnd?: Parameters<typeof runSweep>[0]['onEpisodeEnd'];
    /** Progress lines of the safety search. */
    readonly log?: (line: string) => void;
  } = {},
): Promise<GateRun> {
  const memo: LookMemo = new Map();
  // An empty shard still runs: its manifest tells `merge` the shard exists and is finished.
  if (!run.plan || run.plan.totalEpisodes === 0) return { run, memo };
  // The search runs once per gate: on a single machine, or on shard 1 of a split gate.
  const search =
    !run.shard || run.shard.index === 1 ? await runGateSearch(run, hooks.signal, hooks.log) : undefined;
  if (hooks.signal?.aborted) return { run, memo, ...(search ? { search } : {}) };
  // A counterexample decides REJECT: no comparison is needed (shards still run theirs for merge).
  if (search && search.counterexamples.length > 0 && !run.shard) return { run, memo, search };
  const sweep = await runSweep({
    plan: run.plan,
    workers: run.workers,
    outDir: run.out,
    // Every result line and sweep.json record the config the results are decided with.
    configSha256: run.configFile.sha256,
    cacheDir: run.cacheDir,
    resume: run.resume,
    signal: hooks.signal,
    onEpisodeEnd: hooks.onEpisodeEnd,
    // One shard of the plan has no early stop: the decision needs every shard, after merge.
    ...(run.shard
      ? {}
      : {
          onCheckpoint: ({ results }) => {
            const next = decideGate(gateInputOf(run, results, search), memo).next;
            return next === 'candidate' ? { onlyRole: 'candidate' } : next;
          },
        }),
  });
  return { run, sweep, memo, ...(search ? { search } : {}) };
}

function modelProvenance(side: ResolvedModel) {
  const model = side.model;
  return {
    path: displayPath(side.path),
    sha256: model?.sha256 ?? side.load.sha256 ?? '',
    card: model ? { path: displayPath(model.cardPath ?? model.onnxPath), sha256: model.cardSha256 } : null,
  };
}

/** Where the episodes came from: `run` (simulated, here or before a --resume) and `cached`. */
export type GateCounts = Pick<SweepCounts, 'planned' | 'run' | 'cached'> & { readonly resumed?: number };

/** Decides from plan-ordered results and builds the report data. */
export function finishGate(
  gate: { readonly run: ResolvedRun; readonly memo?: LookMemo; readonly search?: GateSearchRecord },
  results: readonly EpisodeResult[],
  counts: GateCounts,
): { decision: GateDecision; report: ReportData } {
  const { run } = gate;
  const input = gateInputOf(run, results, gate.search ?? (run.search ? missingSearch(run) : undefined));
  const decision = decideGate(input, gate.memo ?? new Map());
  const report = gateReportData(input, decision, {
    episodes: {
      planned: counts.planned,
      run: counts.run + (counts.resumed ?? 0),
      cached: counts.cached,
      errored: results.filter((r) => r.status === 'error' || r.status === 'timeout').length,
    },
    provenance: {
      models: {
        candidate: modelProvenance(run.models.candidate),
        baseline: modelProvenance(run.models.baseline),
      },
      scenarios: run.scenarios.map((s) => ({ id: s.id, path: displayPath(s.file), sha256: s.sha256 })),
      config: run.configFile,
      versions: componentVersions(),
      seeds: { suite: run.suiteSeed },
      shard: null,
    },
  });
  return { decision, report };
}

/** Writes every report through the reporter multiplexer; a failing reporter never hides the decision. */
export async function writeReports(
  report: ReportData,
  run: Pick<ResolvedRun, 'out' | 'reporters' | 'quiet' | 'signingKeyPem'>,
): Promise<string[]> {
  const reporters = createReporters(run.reporters, {
    outDir: run.out,
    write: (text) => process.stdout.write(text),
    quiet: run.quiet,
    stepSummaryPath: process.env.GITHUB_STEP_SUMMARY || undefined,
    signingKeyPem: run.signingKeyPem,
    inputsBase: process.cwd(),
  });
  const mux = createReporterMux(reporters);
  await mux.onEnd(report);
  return mux.failures.map((f) => `reporter ${f.reporter} failed in ${f.hook}: ${f.message}`);
}

/** A search the config asked for but that never ran (interrupted before it finished): not evidence. */
function missingSearch(run: ResolvedRun): GateSearchRecord {
  return {
    schema: 'simgate.search/v1',
    model_sha256: run.models.candidate.load.sha256 ?? '',
    envelope: { source: 'default', sha256: '' },
    seed: run.suiteSeed,
    complete: false,
    budget: run.search?.budget ?? 0,
    episodes: 0,
    counterexamples: [],
    weakest: null,
    shared: [],
    unconfirmed: 0,
    landscape: [],
  };
}
