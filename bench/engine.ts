// Sweep engine figures, printed side by side in one run: episodes/s through the engine; its
// overhead against a bare loop running the same batches in one fresh thread; the 2-worker speed-up
// next to the speed-up of two bare loops in two threads sharing the same episodes (this
// machine's limit); cold against warm-cache run time; resident memory after 1,000 and 5,000
// episodes. Very short pick episodes (one box, 5 simulated seconds) keep the engine's own
// costs visible. bench/index.ts calls benchEngine().
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runSweep, type SweepOptions } from '../harness/sweep/engine.js';
import { type PlanInput, planSweep } from '../harness/sweep/plan.js';
import { loadSuite } from '../scenarios/load.js';
import type { Scenario } from '../scenarios/types.js';
import { rapierModule } from '../sim/physics.js';
import type { BareLoopJob } from './engine-bare.js';
import { spread } from './rounds.js';

export interface EngineBenchResult {
  readonly episodes: number;
  /** Interleaved rounds the throughput figures are medians of. */
  readonly rounds: number;
  readonly engine_1_worker_eps: number;
  readonly bare_1_thread_eps: number;
  /** Engine throughput / bare loop throughput, one thread each (1.0 = no overhead): median of the rounds. */
  readonly engine_over_bare: number;
  /** (max − min) / median of that ratio over the rounds. */
  readonly engine_over_bare_spread: number;
  /** Wall time of a one-episode sweep: pool start, thread and rapier init, files. */
  readonly engine_startup_s: number;
  readonly engine_2_workers_eps: number;
  readonly engine_2_over_1: number;
  readonly bare_2_threads_eps: number;
  /** The machine's limit for two threads of this work. */
  readonly bare_2_over_1: number;
  /** Engine with 2 workers / two bare threads (1.0 = at the machine's limit): median of the rounds. */
  readonly engine_2_over_bare_2: number;
  readonly engine_2_over_bare_2_spread: number;
  /**
   * The same two ratios in process CPU time per episode (bare / engine, 1.0 = no overhead): what
   * the engine adds in work, unmoved by time the machine gives to other processes, which a
   * wall-clock ratio on a shared VM is not. Medians of the rounds, and (max − min) / median.
   */
  readonly engine_over_bare_cpu: number;
  readonly engine_over_bare_cpu_spread: number;
  readonly engine_2_over_bare_2_cpu: number;
  readonly engine_2_over_bare_2_cpu_spread: number;
  readonly cold_cache_s: number;
  readonly warm_cache_s: number;
  readonly rss_mb_after_1000: number;
  readonly rss_mb_after_5000: number;
}

const SCENARIO = (samples: number) => `id: bench-short
title: One light box for five seconds
task: pick
samples: ${samples}
seed: 1
duration_s: 5
params:
  items.count: 1
  items.shape: box
invariants:
  - no_hazardous_drop
`;

function shortScenario(dir: string, samples: number): Scenario[] {
  writeFileSync(join(dir, 'bench-short.yaml'), SCENARIO(samples));
  return loadSuite([join(dir, 'bench-short.yaml')]).scenarios;
}

async function bareJob(scenarios: Scenario[], samples: number): Promise<BareLoopJob> {
  const plan = planSweep({
    scenarios,
    models: [{ role: 'reference', kind: 'reference' }],
    suiteSeed: 1,
    samples,
  });
  const byId = new Map(plan.episodes.map((e) => [e.id, e]));
  return {
    batches: plan.batches.map((b) =>
      b.episodes.map((id) => ({ params: byId.get(id)!.params, seed: byId.get(id)!.seed })),
    ),
    // The engine's threads run on the physics module this process compiled; so do the bare ones.
    rapier: await rapierModule(),
  };
}

function bareInThread(job: BareLoopJob): Promise<{ episodes: number; seconds: number }> {
  const worker = new Worker(new URL('./engine-bare.js', import.meta.url), { workerData: { bareLoop: job } });
  return new Promise((resolve, reject) => {
    worker.once('message', (r) => {
      resolve(r);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** Every other batch of a job, from batch `k`: one of two threads' share of it. */
function halfOf(job: BareLoopJob, k: number): BareLoopJob {
  return { ...job, batches: job.batches.filter((_, i) => i % 2 === k) };
}

type BenchSweep = Omit<SweepOptions, 'plan'> & Omit<PlanInput, 'sample'>;

/** Process CPU seconds (every thread, user + system) spent while `work` runs, and its value. */
async function withCpu<T>(work: () => Promise<T>): Promise<{ value: T; cpu: number }> {
  const before = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(before);
  return { value, cpu: (used.user + used.system) / 1e6 };
}

/** The plan is built outside the timed region: the engine's cost is what is measured. */
function sweepOptions(o: BenchSweep): SweepOptions {
  const { scenarios, models, suiteSeed, samples, batchSize, looks, maxSteps, ...run } = o;
  return { ...run, plan: planSweep({ scenarios, models, suiteSeed, samples, batchSize, looks, maxSteps }) };
}

async function timedSweep(o: BenchSweep): Promise<{ eps: number; seconds: number }> {
  const options = sweepOptions(o);
  const start = performance.now();
  const run = await runSweep(options);
  const seconds = (performance.now() - start) / 1000;
  return { eps: run.counts.run / seconds, seconds };
}

export async function benchEngine(
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  sizes: { episodes?: number; memoryEpisodes?: readonly [number, number]; rounds?: number } = {},
): Promise<EngineBenchResult> {
  const n = sizes.episodes ?? 256;
  const rounds = sizes.rounds ?? 5;
  const [memA, memB] = sizes.memoryEpisodes ?? [1000, 5000];
  const dir = mkdtempSync(join(tmpdir(), 'simgate-bench-engine-'));
  try {
    const scenarios = shortScenario(dir, n);
    const base = {
      scenarios,
      models: [{ role: 'reference', kind: 'reference' }] as const,
      suiteSeed: 1,
      samples: n,
      cacheDir: false as const,
    };
    await timedSweep({ ...base, samples: 16, workers: 1, outDir: join(dir, 'warmup') });
    const startup = await timedSweep({ ...base, samples: 1, workers: 1, outDir: join(dir, 'startup') });
    const job = await bareJob(scenarios, n);
    await bareInThread(await bareJob(scenarios, 16));

    // Every round runs the four side by side, the order reversed every other round, so a change
    // of the machine's load falls on both sides of each ratio.
    const engine1: number[] = [];
    const bare1: number[] = [];
    const engine2: number[] = [];
    const bare2: number[] = [];
    // CPU seconds per episode of each, by round.
    const [engine1Cpu, bare1Cpu, engine2Cpu, bare2Cpu]: number[][] = [[], [], [], []];
    for (let r = 0; r < rounds; r++) {
      const steps: (() => Promise<void>)[] = [
        async () => {
          const { value, cpu } = await withCpu(() =>
            timedSweep({ ...base, workers: 1, outDir: join(dir, `e1-${r}`) }),
          );
          engine1.push(value.eps);
          engine1Cpu.push(cpu / n);
        },
        async () => {
          // In a thread of its own, started for the round as the engine's 1-worker pool is: both
          // sides pay a thread's start and its code's warm-up (a loop in this long-lived thread
          // ran warm code against a cold pool thread, and the ratio moved by ±20% or more).
          const start = performance.now();
          const { value: bare, cpu } = await withCpu(() => bareInThread(job));
          bare1.push(bare.episodes / ((performance.now() - start) / 1000));
          bare1Cpu.push(cpu / bare.episodes);
        },
        async () => {
          const { value, cpu } = await withCpu(() =>
            timedSweep({ ...base, workers: 2, outDir: join(dir, `e2-${r}`) }),
          );
          engine2.push(value.eps);
          engine2Cpu.push(cpu / n);
        },
        async () => {
          // The same episodes as the 2-worker sweep, half each (alternate batches, as a pool
          // would deal them): each thread's start and warm-up is spread over the same work.
          const pairStart = performance.now();
          const { value: pair, cpu } = await withCpu(() =>
            Promise.all([0, 1].map((k) => bareInThread(halfOf(job, k)))),
          );
          const episodes = pair[0].episodes + pair[1].episodes;
          bare2.push(episodes / ((performance.now() - pairStart) / 1000));
          bare2Cpu.push(cpu / episodes);
        },
      ];
      for (const step of r % 2 === 0 ? steps : [steps[1], steps[0], steps[3], steps[2]]) await step();
    }
    const overBare = spread(engine1.map((e, r) => e / bare1[r]));
    const twoOverBare = spread(engine2.map((e, r) => e / bare2[r]));
    const [e1, b1, e2, b2] = [engine1, bare1, engine2, bare2].map((x) => spread(x).median);
    const overBareCpu = spread(engine1Cpu.map((e, r) => bare1Cpu[r] / e));
    const twoOverBareCpu = spread(engine2Cpu.map((e, r) => bare2Cpu[r] / e));

    const cacheDir = join(dir, 'cache');
    const cold = await timedSweep({ ...base, cacheDir, workers: 2, outDir: join(dir, 'cold') });
    const warm = await timedSweep({ ...base, cacheDir, workers: 2, outDir: join(dir, 'warm') });

    const rss: Record<number, number> = {};
    await runSweep(
      sweepOptions({
        ...base,
        samples: memB,
        workers: 2,
        outDir: join(dir, 'memory'),
        onEpisodeEnd: (_, p) => {
          if (p.done === memA || p.done === memB) rss[p.done] = process.memoryUsage().rss / 2 ** 20;
        },
      }),
    );

    const result: EngineBenchResult = {
      episodes: n,
      rounds,
      engine_1_worker_eps: e1,
      bare_1_thread_eps: b1,
      engine_over_bare: overBare.median,
      engine_over_bare_spread: overBare.relative,
      engine_startup_s: startup.seconds,
      engine_2_workers_eps: e2,
      engine_2_over_1: e2 / e1,
      bare_2_threads_eps: b2,
      bare_2_over_1: b2 / b1,
      engine_2_over_bare_2: twoOverBare.median,
      engine_2_over_bare_2_spread: twoOverBare.relative,
      engine_over_bare_cpu: overBareCpu.median,
      engine_over_bare_cpu_spread: overBareCpu.relative,
      engine_2_over_bare_2_cpu: twoOverBareCpu.median,
      engine_2_over_bare_2_cpu_spread: twoOverBareCpu.relative,
      cold_cache_s: cold.seconds,
      warm_cache_s: warm.seconds,
      rss_mb_after_1000: rss[memA],
      rss_mb_after_5000: rss[memB],
    };
    const f = (x: number, d = 1) => x.toFixed(d);
    const pct = (x: number) => `±${(x * 100).toFixed(0)}%`;
    log(
      `engine, ${n} short pick episodes, medians of ${rounds} interleaved rounds: 1 worker ${f(result.engine_1_worker_eps)} episodes/s, ` +
        `bare loop in one thread ${f(result.bare_1_thread_eps)} episodes/s, engine/bare ${f(result.engine_over_bare, 2)}× ` +
        `(spread ${pct(result.engine_over_bare_spread)}; a one-episode sweep takes ${f(result.engine_startup_s, 2)} s: pool, thread and rapier start)`,
    );
    log(
      `engine, 2 workers: ${f(result.engine_2_workers_eps)} episodes/s, 2/1 ${f(result.engine_2_over_1, 2)}× ` +
        `(two bare threads: ${f(result.bare_2_threads_eps)} episodes/s, 2/1 ${f(result.bare_2_over_1, 2)}× — machine limit); ` +
        `engine/two bare threads ${f(result.engine_2_over_bare_2, 2)}× (spread ${pct(result.engine_2_over_bare_2_spread)})`,
    );
    log(
      `engine in CPU time per episode (bare/engine, every thread of the process): 1 worker ` +
        `${f(result.engine_over_bare_cpu, 2)}× (spread ${pct(result.engine_over_bare_cpu_spread)}), ` +
        `2 workers against two bare threads ${f(result.engine_2_over_bare_2_cpu, 2)}× ` +
        `(spread ${pct(result.engine_2_over_bare_2_cpu_spread)}); ${f(spread(bare1Cpu).median * 1000, 1)} ms ` +
        `of CPU per bare episode`,
    );
    log(
      `engine cache: cold ${f(result.cold_cache_s, 2)} s, warm ${f(result.warm_cache_s, 2)} s ` +
        `(${f(result.cold_cache_s / result.warm_cache_s, 1)}× faster)`,
    );
    log(
      `engine memory: RSS ${f(result.rss_mb_after_1000, 0)} MB after ${memA} episodes, ${f(result.rss_mb_after_5000, 0)} MB after ${memB}`,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
