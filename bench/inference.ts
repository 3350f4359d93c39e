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
  /** The same figures in process CPU time. */
  readonly batch64_cpu_ms: number;
  readonly single64_cpu_ms: number;
  readonly single_over_batched_cpu: number;
  readonly single_over_batched_cpu_spread: number;
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

/** Wall and process CPU time of `fn` run `repeats` times, per run, in ms. */
async function timed(fn: () => Promise<unknown>, repeats: number): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < repeats; i++) await fn();
  const wall = (performance.now() - start) / repeats;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 / repeats };
}

/**
 * 64 rows in one call against 64 one-row calls, interleaved over `rounds` (alternating order).
 * The batched call is repeated 10× as often, so both sides of a round take similar time. CPU
 * time is reported beside wall time: on a loaded machine it is far less disturbed by the
 * scheduler (the session runs on the calling thread).
 */
async function batchVersusRows(policy: PickPolicy, repeats: number, rounds = 9) {
  const obs = benchObservations(64);
  for (let i = 0; i < 20; i++) await policy.decide(obs); // warm-up
  for (const o of obs) await policy.decide([o]);
  const batched: { wall: number; cpu: number }[] = [];
  const single: { wall: number; cpu: number }[] = [];
  const timeBatched = () => timed(() => policy.decide(obs), repeats * 10);
  const timeSingle = () =>
    timed(async () => {
      for (const o of obs) await policy.decide([o]);
    }, repeats);
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      batched.push(await timeBatched());
      single.push(await timeSingle());
    } else {
      single.push(await timeSingle());
      batched.push(await timeBatched());
    }
  }
  const of = (k: 'wall' | 'cpu') => ({
    batched: spread(batched.map((b) => b[k])),
    single: spread(single.map((s) => s[k])),
    ratio: spread(single.map((s, r) => s[k] / batched[r][k])),
  });
  return { wall: of('wall'), cpu: of('cpu'), rounds };
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
      batch64_ms: time.wall.batched.median,
      single64_ms: time.wall.single.median,
      single_over_batched: time.wall.ratio.median,
      single_over_batched_spread: time.wall.ratio.relative,
      batch64_cpu_ms: time.cpu.batched.median,
      single64_cpu_ms: time.cpu.single.median,
      single_over_batched_cpu: time.cpu.ratio.median,
      single_over_batched_cpu_spread: time.cpu.ratio.relative,
    };
    const us = (ms: number) => (ms * 1000).toFixed(2);
    const pct = (x: number) => `±${(x * 100).toFixed(0)}%`;
    log(
      `onnx inference, ${name}: ${episodes} lockstep cells, ${result.attempts} pick attempts; ` +
        `${result.calls_per_attempt.toFixed(3)} inference calls and ${result.rows_per_attempt.toFixed(2)} rows per attempt; ` +
        `64 rows batched ${result.batch64_ms.toFixed(3)} ms (${us(result.batch64_ms / 64)} µs/row) vs one row per call ` +
        `${result.single64_ms.toFixed(3)} ms (${us(result.single64_ms / 64)} µs/row): ` +
        `${result.single_over_batched.toFixed(1)}× faster batched (spread ${pct(result.single_over_batched_spread)} over ${time.rounds} interleaved rounds); ` +
        `CPU time ${us(result.batch64_cpu_ms / 64)} vs ${us(result.single64_cpu_ms / 64)} µs/row, ` +
        `${result.single_over_batched_cpu.toFixed(1)}× (spread ${pct(result.single_over_batched_cpu_spread)})`,
    );
    results.push(result);
  }
  return results;
}
