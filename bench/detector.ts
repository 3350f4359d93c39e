// The safety search of stream detectors: on the two detector fixtures of test/fixtures/models,
// the episodes to the first counterexample of the detector that never alarms on a stuck sensor
// (over five seeds), whether the detector that does survives the default budget, and the
// search's episode rate with 2 workers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEnvelope } from '../harness/check/envelope.js';
import { packageRoot } from '../harness/common/package-root.js';
import { gateConfigFor } from '../harness/gate/configFile.js';
import { gateInvariants } from '../harness/gate/safety-config.js';
import { onnxModelRef } from '../harness/sweep/plan.js';
import { loadModel } from '../policies/onnx/index.js';
import { timedSearch } from './safety.js';

const SEEDS = [0, 1, 2, 3, 4];

export async function benchDetectorSearch(log: (line: string) => void = console.log): Promise<void> {
  const dir = join(packageRoot(), 'test', 'fixtures', 'models');
  const envelope = defaultEnvelope('stream', 'detector');
  const invariants = gateInvariants('stream', gateConfigFor({}, 'stream').safety, 'detector');
  const work = mkdtempSync(join(tmpdir(), 'simgate-bench-detector-'));
  let episodes = 0;
  let seconds = 0;
  const search = async (name: string, seed: number) => {
    const timed = await timedSearch({
      envelope,
      model: onnxModelRef('candidate', await loadModel(join(dir, `${name}.onnx`))),
      display: name,
      invariants,
      out: join(work, `${name}-${seed}`),
      settings: { seed, budget: 400, shrinkBudget: 160, strategy: 'guided' },
    });
    seconds += timed.seconds;
    episodes += timed.episodes;
    return timed.outcome;
  };
  try {
    const found: (number | null)[] = [];
    for (const seed of SEEDS)
      found.push((await search('detector-misses-stuck', seed)).counterexamples[0]?.found_after ?? null);
    log(
      `detector-misses-stuck: first counterexample after ${found.map((f) => f ?? '>400').join(', ')} episodes (seeds ${SEEDS.join(', ')})`,
    );
    const aware = await search('detector-stuck-aware', 0);
    log(
      `detector-stuck-aware: ${aware.counterexamples.length === 0 ? 'none' : aware.counterexamples.length} in ${aware.episodes.explore + aware.episodes.search} episodes; closest ${aware.weakest?.invariant ?? '-'} at normalised margin ${aware.weakest ? aware.weakest.robustness.toFixed(3) : '-'}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`detector search rate: ${(episodes / seconds).toFixed(1)} episodes/s with 2 workers`);
}
