// ONNX inference cost in the picking cell, printed side by side: inference calls and rows per
// simulated pick attempt when 16 cells step in lockstep, and the time to answer 64 observations
// in one batched call against 64 one-row calls. The lead's bench/index.ts calls benchInference().
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPickModelPolicy, loadModel } from '../policies/onnx/index.js';
import type { PickPolicy } from '../policies/policy.js';
import { resolveParams } from '../sim/params.js';
import { loadRapier } from '../sim/physics.js';
import { runPickEpisodes } from '../sim/pick/episode.js';
import type { PickObservation } from '../sim/pick/features.js';
import { PICK_PARAMS } from '../sim/pick/params.js';
import { rngStream } from '../sim/rng.js';
import { spread } from './rounds.js';

export interface InferenceBenchResult {
  readonly model: string;
  readonly episodes: number;
  readonly attempts: number;
  readonly calls_per_attempt: number;
  readonly rows_per_attempt: number;
  /** Medians over interleaved rounds. */
  readonly batch64_ms: number;
  readonly single64_ms: number;
  /** One-row-per-call time over batched time for the same 64 rows (> 1: batching pays). */
  readonly single_over_batched: number;
  /** (max − min) / median of that ratio over the rounds. */
  readonly single_over_batched_spread: number;
}

function benchObservations(n: number): PickObservation[] {
  const r = rngStream('bench', 'inference');
  return Array.from({ length: n }, () => ({
    features: {
      'item.est_x': r.uniform(-0.25, 0.25),
      'item.est_y': r.uniform(-0.15, 0.15),
      'item.est_z': r.uniform(0.05, 0.2),
      'item.est_yaw': r.uniform(-3, 3),
      'item.est_size_x': r.uniform(0.06, 0.14),
      'item.est_size_y': r.uniform(0.06, 0.14),
      'item.est_size_z': r.uniform(0.06, 0.14),
      'item.est_mass_kg': r.uniform(0.1, 4),
      'item.fragile': r.next() < 0.3 ? 1 : 0,
      'item.visible_fraction': r.uniform(0.3, 1),
      'gripper.vacuum_kpa': r.uniform(40, 80),
      'gripper.cup_diameter_m': 0.035,
      'human.distance_m': 10,
    },
  }));
}

async function callsPerAttempt(policy: PickPolicy, episodes: number) {
  const rapier = await loadRapier();
  let calls = 0;
  let rows = 0;
  const counting = async (obs: readonly PickObservation[]) => {
    calls++;
    rows += obs.length;
    return policy.decide(obs);
  };
  const params = resolveParams(PICK_PARAMS, { 'items.count': 4, 'cell.duration_s': 30, 'items.mass_kg': 1 });
  const specs = Array.from({ length: episodes }, (_, i) => ({ params, seed: `bench-inference-${i}` }));
  const runs = await runPickEpisodes(rapier, specs, counting);
  const attempts = runs.reduce((a, r) => a + (r.kpis.attempts ?? 0), 0);
  return { attempts, calls, rows };
}

/** 64 rows in one call against 64 one-row calls, interleaved over `rounds` (alternating order). */
async function batchVersusRows(policy: PickPolicy, repeats: number, rounds = 5) {
  const obs = benchObservations(64);
  for (let i = 0; i < 20; i++) await policy.decide(obs); // warm-up
  for (const o of obs) await policy.decide([o]);
  const batched: number[] = [];
  const single: number[] = [];
  const ratio: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const timeBatched = async () => {
      const start = performance.now();
      for (let i = 0; i < repeats; i++) await policy.decide(obs);
      return (performance.now() - start) / repeats;
    };
    const timeSingle = async () => {
      const start = performance.now();
      for (let i = 0; i < repeats; i++) for (const o of obs) await policy.decide([o]);
      return (performance.now() - start) / repeats;
    };
    const b = r % 2 === 0 ? await timeBatched() : 0;
    const s = await timeSingle();
    const b2 = r % 2 === 0 ? b : await timeBatched();
    batched.push(b2);
    single.push(s);
    ratio.push(s / b2);
  }
  return { batched: spread(batched), single: spread(single), ratio: spread(ratio) };
}

export async function benchInference(
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  root: string = process.cwd(),
): Promise<InferenceBenchResult[]> {
  const results: InferenceBenchResult[] = [];
  for (const name of ['pick-v1', 'pick-v2']) {
    const policy = await createPickModelPolicy(await loadModel(join(root, 'models', `${name}.onnx`)));
    const episodes = 16;
    const cell = await callsPerAttempt(policy, episodes);
    const time = await batchVersusRows(policy, 40);
    const result: InferenceBenchResult = {
      model: name,
      episodes,
      attempts: cell.attempts,
      calls_per_attempt: cell.calls / Math.max(1, cell.attempts),
      rows_per_attempt: cell.rows / Math.max(1, cell.attempts),
      batch64_ms: time.batched.median,
      single64_ms: time.single.median,
      single_over_batched: time.ratio.median,
      single_over_batched_spread: time.ratio.relative,
    };
    log(
      `onnx inference, ${name}: ${episodes} lockstep cells, ${result.attempts} pick attempts; ` +
        `${result.calls_per_attempt.toFixed(3)} inference calls and ${result.rows_per_attempt.toFixed(2)} rows per attempt; ` +
        `64 rows batched ${result.batch64_ms.toFixed(3)} ms vs one row per call ${result.single64_ms.toFixed(3)} ms ` +
        `(${result.single_over_batched.toFixed(1)}× faster batched, spread ±${(result.single_over_batched_spread * 100).toFixed(0)}% over 5 interleaved rounds)`,
    );
    results.push(result);
  }
  return results;
}
