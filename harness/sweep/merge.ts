// Merging shard outputs (`simgate merge OUT... --out DIR`) into the results and summary a
// single-machine run gives. Refuses, naming the file (and line) and the differing hash: shards
// whose sweep.json describe different plans, configs, models, cards, scenarios or versions;
// overlapping or missing shards; unfinished shards; any line that is not an episode of the plan,
// appears twice, or whose hashes differ from its shard's sweep.json. Nothing is dropped: the
// merged output holds every planned episode exactly once, or the merge fails.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../common/errors.js';
import { GATE_FILE } from '../gate/invocation.js';
import { checkResultsBinding, manifestDifferences } from './binding.js';
import {
  manifestPath,
  plannedEpisodeIds,
  readManifest,
  type SweepManifest,
  writeManifest,
} from './manifest.js';
import {
  type EpisodeResult,
  fileProblemsError,
  readResultsFile,
  resultsPath,
  writeResultsFile,
} from './results.js';
import { formatShard } from './shard.js';
import { type SweepSummary, summarize } from './summary.js';

export interface MergeResult {
  readonly manifest: SweepManifest;
  readonly results: readonly EpisodeResult[];
  readonly summary: SweepSummary;
}

interface ShardInput {
  readonly dir: string;
  readonly manifest: SweepManifest;
}

function checkSamePlan(inputs: readonly ShardInput[]): void {
  const [first, ...rest] = inputs;
  for (const other of rest) {
    const differs = manifestDifferences(first.manifest, other.manifest);
    if ((first.manifest.shard?.total ?? 1) !== (other.manifest.shard?.total ?? 1))
      differs.push(
        `shard count ${other.manifest.shard?.total ?? 1} differs from ${first.manifest.shard?.total ?? 1}`,
      );
    if (differs.length > 0) {
      throw new UsageError(
        `${manifestPath(other.dir)} and ${manifestPath(first.dir)} are not shards of one plan: ${differs.join('; ')}`,
        'run every shard with the same models and cards, config, suite, --seed, --samples and simgate build',
      );
    }
  }
}

function checkShardSet(inputs: readonly ShardInput[]): void {
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

/**
 * Shards of a gate carry its invocation (gate.json); the merged output keeps it, so
 * `simgate report DIR` decides on the merged results. Shards of different gates are refused.
 */
function gateInvocationOf(dirs: readonly string[]): string | undefined {
  const texts = dirs.map((dir) => {
    const path = join(dir, GATE_FILE);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  });
  const odd = texts.findIndex((t) => t !== texts[0]);
  if (odd >= 0) {
    throw new UsageError(
      `${join(dirs[odd], GATE_FILE)} and ${join(dirs[0], GATE_FILE)} come from different gate invocations (${GATE_FILE} differs or is missing)`,
    );
  }
  return texts[0];
}

/** How many episodes each shard simulated, took from the cache or resumed (run.json), summed. */
function mergedCounts(dirs: readonly string[]): { run: number; cached: number; resumed: number } | null {
  const sum = { run: 0, cached: 0, resumed: 0 };
  for (const dir of dirs) {
    try {
      const counts = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))?.counts;
      for (const k of ['run', 'cached', 'resumed'] as const) {
        if (!Number.isInteger(counts?.[k])) return null;
        sum[k] += counts[k];
      }
    } catch {
      return null; // counts are for display; without them the merged run.json says so
    }
  }
  return sum;
}

export function mergeShards(dirs: readonly string[], outDir: string): MergeResult {
  if (dirs.length === 0) throw new UsageError('merge needs at least one shard output directory');
  const inputs = dirs.map((dir) => ({ dir, manifest: readManifest(dir) }));
  checkSamePlan(inputs);
  checkShardSet(inputs);
  const gateInvocation = gateInvocationOf(dirs);
  const first = inputs[0].manifest;
  const planned = plannedEpisodeIds(first, manifestPath(inputs[0].dir));
  const plannedSet = new Set(planned);
  const seen = new Map<string, string>();
  const byId = new Map<string, EpisodeResult>();
  const problems: string[] = [];
  for (const { dir, manifest } of inputs) {
    const file = resultsPath(dir);
    const read = readResultsFile(file, { tornTail: 'refuse' });
    checkResultsBinding(file, read, manifest, manifestPath(dir), (id) => plannedSet.has(id));
    read.results.forEach((r, i) => {
      const where = `${file}:${read.lines[i]}`;
      const other = seen.get(r.episode_id);
      if (other) problems.push(`${where}: episode ${r.episode_id} is also in ${other}`);
      else {
        seen.set(r.episode_id, where);
        byId.set(r.episode_id, r);
      }
    });
    if (read.results.length !== manifest.shard_episodes) {
      problems.push(
        `${file}: ${read.results.length} result(s), but ${manifestPath(dir)} planned ${manifest.shard_episodes} episode(s) for this shard` +
          (read.results.length < manifest.shard_episodes
            ? ` (unfinished: simgate run ... --out ${dir} --resume)`
            : ''),
      );
    }
  }
  const missing = planned.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    problems.push(
      `the shards hold ${byId.size} of the plan's ${planned.length} episodes; missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? `, ... (${missing.length} in all)` : ''}`,
    );
  }
  if (problems.length > 0) throw fileProblemsError('merge', problems);
  // Plan order (scenario, sample, role), as a single-machine run writes it.
  const results = planned.map((id) => byId.get(id)!);
  const manifest: SweepManifest = { ...first, shard: null, shard_episodes: first.episodes_total };
  const summary = summarize(manifest, results);
  mkdirSync(outDir, { recursive: true });
  writeManifest(outDir, manifest);
  writeResultsFile(resultsPath(outDir), results);
  writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  if (gateInvocation !== undefined) writeFileSync(join(outDir, GATE_FILE), gateInvocation);
  const counts = mergedCounts(dirs);
  writeFileSync(
    join(outDir, 'run.json'),
    `${JSON.stringify({ status: 'merged', shards: dirs.length, counts }, null, 2)}\n`,
  );
  return { manifest, results, summary };
}
