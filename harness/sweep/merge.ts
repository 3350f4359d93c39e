// Merging shard outputs (`simgate merge OUT... --out DIR`) into the results and summary a
// single-machine run gives. Refuses shards of different plans (plan hash, seeds, models,
// versions), overlapping or missing shards, and unfinished shards, each with a clear message.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../common/errors.js';
import { GATE_FILE } from '../gate/invocation.js';
import { readManifest, type SweepManifest, writeManifest } from './manifest.js';
import { type EpisodeResult, readResultsFile, resultsPath, writeResultsFile } from './results.js';
import { formatShard } from './shard.js';
import { type SweepSummary, summarize } from './summary.js';

export interface MergeResult {
  readonly manifest: SweepManifest;
  readonly results: readonly EpisodeResult[];
  readonly summary: SweepSummary;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function checkSamePlan(inputs: readonly { dir: string; manifest: SweepManifest }[]): void {
  const [first, ...rest] = inputs;
  for (const other of rest) {
    const a = first.manifest;
    const b = other.manifest;
    const differs: string[] = [];
    if (a.plan_hash !== b.plan_hash) differs.push('plan hash');
    if (a.suite_seed !== b.suite_seed) differs.push(`suite seed (${a.suite_seed} vs ${b.suite_seed})`);
    if (!sameJson(a.models, b.models)) differs.push('models');
    if (!sameJson(a.scenarios, b.scenarios)) differs.push('scenarios');
    if (!sameJson(a.versions, b.versions)) differs.push('component versions');
    if ((a.shard?.total ?? 1) !== (b.shard?.total ?? 1)) differs.push('shard count');
    if (differs.length > 0) {
      throw new UsageError(
        `${other.dir} and ${first.dir} are not shards of one plan: ${differs.join(', ')} differ`,
        'run every shard with the same suite, --seed, --samples, models and simgate build',
      );
    }
  }
}

function checkShardSet(inputs: readonly { dir: string; manifest: SweepManifest }[]): void {
  const total = inputs[0].manifest.shard?.total ?? 1;
  const byIndex = new Map<number, string>();
  for (const { dir, manifest } of inputs) {
    const index = manifest.shard?.index ?? 1;
    const earlier = byIndex.get(index);
    if (earlier) {
      const name = manifest.shard ? `shard ${formatShard(manifest.shard)}` : 'the full run';
      throw new UsageError(`overlapping inputs: ${name} is given twice (${earlier} and ${dir})`);
    }
    byIndex.set(index, dir);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new UsageError(
      `missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} of ${total}`,
    );
  }
}

/** Plan order (scenario, sample, role) rebuilt from the manifest. */
function planOrder(manifest: SweepManifest): (a: EpisodeResult, b: EpisodeResult) => number {
  const scenario = new Map(manifest.scenarios.map((s, i) => [s.id, i]));
  const role = new Map(manifest.models.map((m, i) => [m.role, i]));
  return (a, b) =>
    scenario.get(a.scenario_id)! - scenario.get(b.scenario_id)! ||
    a.sample - b.sample ||
    role.get(a.role)! - role.get(b.role)!;
}

/**
 * Shards of a gate carry its invocation (gate.json); the merged output keeps it, so
 * `simgate report DIR` decides on the merged results. Shards of different gates are refused.
 */
function carryGateInvocation(dirs: readonly string[], outDir: string): void {
  const texts = dirs.map((dir) => {
    const path = join(dir, GATE_FILE);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  });
  if (texts.every((t) => t === undefined)) return;
  const first = texts[0];
  const odd = texts.findIndex((t) => t !== first);
  if (odd >= 0) {
    throw new UsageError(
      `${dirs[odd]} and ${dirs[0]} come from different gate invocations (${GATE_FILE} differs or is missing)`,
    );
  }
  writeFileSync(join(outDir, GATE_FILE), first!);
}

export function mergeShards(dirs: readonly string[], outDir: string): MergeResult {
  if (dirs.length === 0) throw new UsageError('merge needs at least one shard output directory');
  const inputs = dirs.map((dir) => ({ dir, manifest: readManifest(dir) }));
  checkSamePlan(inputs);
  checkShardSet(inputs);
  const seen = new Map<string, string>();
  const all: EpisodeResult[] = [];
  for (const { dir, manifest } of inputs) {
    const read = readResultsFile(resultsPath(dir));
    const ids = new Set(read.results.map((r) => r.episode_id));
    if (read.torn || ids.size !== manifest.shard_episodes) {
      throw new UsageError(
        `${dir} is unfinished: ${ids.size} of ${manifest.shard_episodes} episodes have results`,
        `finish it with: simgate run ... --out ${dir} --resume`,
      );
    }
    for (const r of read.results) {
      const other = seen.get(r.episode_id);
      if (other)
        throw new UsageError(`overlapping inputs: episode ${r.episode_id} is in ${other} and ${dir}`);
      seen.set(r.episode_id, dir);
      all.push(r);
    }
  }
  const first = inputs[0].manifest;
  if (all.length !== first.episodes_total) {
    throw new UsageError(`the shards hold ${all.length} episodes but the plan has ${first.episodes_total}`);
  }
  const results = all.sort(planOrder(first));
  const manifest: SweepManifest = { ...first, shard: null, shard_episodes: first.episodes_total };
  const summary = summarize(manifest, results);
  mkdirSync(outDir, { recursive: true });
  writeManifest(outDir, manifest);
  writeResultsFile(resultsPath(outDir), results);
  writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  carryGateInvocation(dirs, outDir);
  return { manifest, results, summary };
}
