// `OUT/sweep.json`: what a results directory is the output of — the plan hash, suite seed,
// models, scenarios (with content hashes and tags), shard and component versions. Resume
// checks it before continuing a run; merge checks every shard came from the same plan.
// Reproducible: no timings (those go to `OUT/run.json`).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Task } from '../../scenarios/types.js';
import { UsageError } from '../common/errors.js';
import { modelId, type Shard, type SweepPlan } from './plan.js';

export const MANIFEST_FILE = 'sweep.json';

export interface SweepManifest {
  readonly format: 'simgate.sweep/v1';
  readonly plan_hash: string;
  readonly suite_seed: number;
  readonly batch_size: number;
  readonly looks: number;
  readonly models: readonly { readonly role: string; readonly model_id: string }[];
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

export function manifestOf(plan: SweepPlan, versions: Readonly<Record<string, string>>): SweepManifest {
  return {
    format: 'simgate.sweep/v1',
    plan_hash: plan.planHash,
    suite_seed: plan.suiteSeed,
    batch_size: plan.batchSize,
    looks: plan.looks,
    models: plan.models.map((m) => ({ role: m.role, model_id: modelId(m) })),
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

export function readManifest(outDir: string): SweepManifest {
  const path = join(outDir, MANIFEST_FILE);
  if (!existsSync(path)) {
    throw new UsageError(`${path}: not found — is ${outDir} the --out directory of a simgate run?`);
  }
  let manifest: SweepManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as SweepManifest;
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (manifest.format !== 'simgate.sweep/v1') {
    throw new UsageError(
      `${path}: format must be "simgate.sweep/v1" (got ${JSON.stringify(manifest.format)})`,
    );
  }
  return manifest;
}
