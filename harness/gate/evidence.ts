// The evidence a gate left on disk (sweep.json, results.jsonl, run.json), checked before
// `simgate report OUT` decides from it: every line bound to sweep.json, the model and card files
// gate.json names still the bytes the results were produced by, and the resolved run (config,
// scenarios, plan, versions) the one sweep.json records. Anything else is refused, naming the
// file and both hashes; nothing is re-decided from results of other inputs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelPaths } from '../../policies/onnx/load.js';
import { displayPath } from '../../scenarios/problems.js';
import { UsageError } from '../common/errors.js';
import { sha256 } from '../common/hash.js';
import { componentVersions } from '../common/version.js';
import { checkResultsBinding, manifestDifferences } from '../sweep/binding.js';
import { manifestOf, manifestPath, readManifest, type SweepManifest } from '../sweep/manifest.js';
import { type EpisodeResult, readResultsFile, resultsPath } from '../sweep/results.js';
import { formatShard } from '../sweep/shard.js';
import type { GateCounts } from './run.js';
import type { GateInvocation } from './invocation.js';
import type { ResolvedRun } from './resolve.js';

export interface GateEvidence {
  /** Absent when the gate never reached the sweep (a model failed to load, an empty suite). */
  readonly manifest?: SweepManifest;
  readonly results: readonly EpisodeResult[];
  /** Where the episodes came from, as the run recorded it (run.json), when it did. */
  readonly sources?: { readonly run: number; readonly cached: number; readonly resumed: number };
}

function fileHash(path: string, what: string): string {
  try {
    return sha256(readFileSync(path));
  } catch (error) {
    throw new UsageError(
      `${displayPath(path)}: cannot read the ${what} of this run (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** The model and card files gate.json names must be the bytes sweep.json records. */
function checkModelFiles(invocation: GateInvocation, manifest: SweepManifest, manifestFile: string): void {
  const changed = (path: string, now: string, then: string | null, what: string) =>
    new UsageError(
      `${displayPath(path)}: sha256 ${now}, but the results in ${manifestFile} were produced with ${what} sha256 ${then} — it changed on disk since the run`,
      'run the gate again for the new model, or restore the file the run used',
    );
  for (const role of ['candidate', 'baseline'] as const) {
    const recorded = manifest.models.find((m) => m.role === role);
    if (!recorded) throw new UsageError(`${manifestFile}: models: no ${role} (not the output of a gate)`);
    let paths: { onnxPath: string; cardPath: string };
    try {
      paths = modelPaths(invocation[role]);
    } catch (error) {
      throw new UsageError(`gate.json: ${role}: ${(error as Error).message}`);
    }
    const onnx = fileHash(paths.onnxPath, `${role} model`);
    if (onnx !== recorded.model_sha256)
      throw changed(paths.onnxPath, onnx, recorded.model_sha256, `the ${role} model`);
    // A card embedded in the ONNX metadata is covered by the model's bytes.
    if (existsSync(paths.cardPath)) {
      const card = sha256(readFileSync(paths.cardPath).toString('utf8'));
      if (card !== recorded.card_sha256)
        throw changed(paths.cardPath, card, recorded.card_sha256, `the ${role} model card`);
    }
  }
}

function runCounts(out: string): GateEvidence['sources'] {
  try {
    const counts = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))?.counts;
    const n = (k: string) => (Number.isInteger(counts?.[k]) ? (counts[k] as number) : undefined);
    const [run, cached, resumed] = [n('run'), n('cached'), n('resumed')];
    return run !== undefined && cached !== undefined ? { run, cached, resumed: resumed ?? 0 } : undefined;
  } catch {
    return undefined; // counts are for display only
  }
}

/** Reads and checks OUT's results before the run is resolved again (no model is loaded here). */
export function readGateEvidence(out: string, invocation: GateInvocation): GateEvidence {
  const resultsFile = resultsPath(out);
  const manifestFile = manifestPath(out);
  if (!existsSync(manifestFile)) {
    if (existsSync(resultsFile) && readFileSync(resultsFile).length > 0)
      throw new UsageError(
        `${manifestFile}: not found, but ${resultsFile} holds results: nothing binds them to a run`,
      );
    return { results: [] };
  }
  const manifest = readManifest(out);
  if (manifest.shard) {
    throw new UsageError(
      `${out} is shard ${formatShard(manifest.shard)} of a gate: a decision needs every shard`,
      `merge them first: simgate merge SHARD_DIR... --out MERGED && simgate report MERGED`,
    );
  }
  checkModelFiles(invocation, manifest, manifestFile);
  const read = readResultsFile(resultsFile, { tornTail: 'refuse' });
  checkResultsBinding(resultsFile, read, manifest, manifestFile);
  return { manifest, results: read.results, sources: runCounts(out) };
}

/** The run resolved again from gate.json must be the one sweep.json records. */
export function checkRunMatches(run: ResolvedRun, manifest: SweepManifest, manifestFile: string): void {
  if (!run.fullPlan) {
    const failed = (['candidate', 'baseline'] as const).find((r) => !run.models[r].load.ok);
    const why = failed ? run.models[failed].load : undefined;
    throw new UsageError(
      `${manifestFile}: the run's ${failed ?? 'models'} no longer load${why && !why.ok ? `: ${why.message}` : ''}`,
    );
  }
  if (manifest.config_sha256 !== run.configFile.sha256) {
    throw new UsageError(
      `${run.configFile.path}: sha256 ${run.configFile.sha256}, but the results in ${manifestFile} were decided with config sha256 ${manifest.config_sha256} — the config changed since the run`,
      'run the gate again with this config, or restore the config the run used',
    );
  }
  for (const recorded of manifest.scenarios) {
    const now = run.scenarios.find((s) => s.id === recorded.id);
    if (now && now.sha256 !== recorded.sha256) {
      throw new UsageError(
        `${displayPath(now.file)}: sha256 ${now.sha256}, but the results in ${manifestFile} were produced with scenario ${recorded.id} sha256 ${recorded.sha256} — it changed since the run`,
      );
    }
  }
  const differs = manifestDifferences(
    manifest,
    manifestOf(run.fullPlan, componentVersions(), run.configFile.sha256),
  );
  if (differs.length > 0) {
    throw new UsageError(
      `${manifestFile} records another run than gate.json resolves to now: ${differs.join('; ')}`,
      'run the gate again; results are only decided with the inputs and simgate build that produced them',
    );
  }
}

/** The counts the report shows, from run.json when the run recorded them. */
export function evidenceCounts(evidence: GateEvidence, planned: number): GateCounts {
  const n = evidence.results.length;
  return evidence.sources ? { planned, ...evidence.sources } : { planned, run: n, cached: 0 };
}
