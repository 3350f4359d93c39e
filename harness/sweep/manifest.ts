// `OUT/sweep.json`: what a results directory is the output of — the plan hash, suite seed,
// the models (ONNX and card sha256), scenarios (content hashes, tags), the gate config's sha256,
// shard and component versions. Every line of results.jsonl carries the same hashes
// (binding.ts), so resume, merge and report can refuse a line, a shard or a directory that was
// produced by something else. Reproducible: no timings (those go to `OUT/run.json`).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Task } from '../../scenarios/types.js';
import { UsageError } from '../common/errors.js';
import { episodeId, modelId, type Shard, type SweepPlan } from './plan.js';
import { formatShapeProblem, manifestProblems } from './shapes.js';

export const MANIFEST_FILE = 'sweep.json';
export const MANIFEST_FORMAT = 'simgate.sweep/v2';

export interface ManifestModel {
  readonly role: string;
  readonly model_id: string;
  /** null for the reference policies. */
  readonly model_sha256: string | null;
  readonly card_sha256: string | null;
}

export interface SweepManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly plan_hash: string;
  readonly suite_seed: number;
  readonly batch_size: number;
  readonly looks: number;
  /** sha256 of the gate config file the run decided with; null for `simgate run`. */
  readonly config_sha256: string | null;
  readonly models: readonly ManifestModel[];
  readonly scenarios: readonly {
    readonly id: string;
    readonly task: Task;
    readonly sha256: string;
    readonly samples: number;
    readonly tags: readonly string[];
    readonly requirements: readonly string[];
  }[];
  readonly episodes_total: number;
  readonly shard: Shard | null;
  readonly shard_episodes: number;
  readonly versions: Readonly<Record<string, string>>;
}

export function manifestOf(
  plan: SweepPlan,
  versions: Readonly<Record<string, string>>,
  configSha256: string | null = null,
): SweepManifest {
  return {
    format: MANIFEST_FORMAT,
    plan_hash: plan.planHash,
    suite_seed: plan.suiteSeed,
    batch_size: plan.batchSize,
    looks: plan.looks,
    config_sha256: configSha256,
    models: plan.models.map((m) => ({
      role: m.role,
      model_id: modelId(m),
      model_sha256: m.kind === 'onnx' ? m.sha256 : null,
      card_sha256: m.kind === 'onnx' ? m.cardSha256 : null,
    })),
    scenarios: plan.scenarios.map((s) => ({
      id: s.id,
      task: s.task,
      sha256: s.sha256,
      samples: s.samples,
      tags: s.tags,
      requirements: s.requirements,
    })),
    episodes_total: plan.totalEpisodes,
    shard: plan.shard && plan.shard.total > 1 ? plan.shard : null,
    shard_episodes: plan.episodes.length,
    versions,
  };
}

export function writeManifest(outDir: string, manifest: SweepManifest): void {
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function manifestPath(outDir: string): string {
  return join(outDir, MANIFEST_FILE);
}

/** Reads and checks `outDir/sweep.json`; every problem names the file and the field. */
export function readManifest(outDir: string): SweepManifest {
  const path = manifestPath(outDir);
  if (!existsSync(path)) {
    throw new UsageError(`${path}: not found — is ${outDir} the --out directory of a simgate run?`);
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (format === 'simgate.sweep/v1') {
    throw new UsageError(
      `${path}: written by an older simgate (simgate.sweep/v1, without provenance hashes)`,
      'run it again with this version',
    );
  }
  const problems = manifestProblems(data);
  if (problems.length > 0) {
    throw new UsageError(
      problems.length === 1
        ? `${path}: ${formatShapeProblem(problems[0])}`
        : `${path}: not a simgate sweep manifest:\n${problems.map((p) => `  ${formatShapeProblem(p)}`).join('\n')}`,
    );
  }
  return data as SweepManifest;
}

/** The ids of every planned episode in plan order (scenario, sample, role), from the manifest alone. */
export function plannedEpisodeIds(manifest: SweepManifest, file: string): string[] {
  const ids: string[] = [];
  for (const s of manifest.scenarios)
    for (let sample = 0; sample < s.samples; sample++)
      for (const m of manifest.models) ids.push(episodeId(s.id, sample, m.role));
  if (ids.length !== manifest.episodes_total) {
    throw new UsageError(
      `${file}: episodes_total ${manifest.episodes_total} does not match its scenarios × samples × models (${ids.length})`,
    );
  }
  return ids;
}
