// Sharding: `--shard I/N` keeps the lockstep batches whose stable hash falls in shard I. The
// hash is of (scenario id, first sample of the batch), so a shard gets the same work every
// run, every role of a sample (candidate/baseline pair) lands in the same shard, and batch
// composition — which fixes the numbers — is identical to the unsharded run.
import { UsageError } from '../common/errors.js';
import type { PlannedBatch, Shard, SweepPlan } from './plan.js';

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UsageError(`--shard expects I/N, e.g. 2/4 (got "${text}")`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || index < 1 || index > total) {
    throw new UsageError(`--shard ${text}: the index must be between 1 and the shard count ${total}`);
  }
  return { index, total };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.total}`;
}

export function batchInShard(batch: PlannedBatch, shard: Shard): boolean {
  return batch.shardKey % shard.total === shard.index - 1;
}

/** The part of `plan` that shard `shard` runs; plan hash and total stay the full plan's. */
export function shardPlan(plan: SweepPlan, shard: Shard | undefined): SweepPlan {
  if (!shard || shard.total === 1) return shard ? { ...plan, shard } : plan;
  const batches = plan.batches.filter((b) => batchInShard(b, shard));
  const keep = new Set(batches.map((b) => b.id));
  return {
    ...plan,
    batches,
    episodes: plan.episodes.filter((e) => keep.has(e.batch)),
    shard,
  };
}
