// Picking-cell throughput: simulated steps per second of full episodes (controller, sensors,
// reference policy) beside a bare loop stepping the same rapier worlds (same bodies, nothing
// else), measured in one run so the ratio is the cell's own overhead on this machine.
import { performance } from 'node:perf_hooks';
import { referencePickPolicy } from '../policies/reference/pick.js';
import { resolveParams } from '../sim/params.js';
import { PickCell } from '../sim/pick/cell.js';
import { runPickEpisodes } from '../sim/pick/episode.js';
import { PICK_PARAMS } from '../sim/pick/params.js';
import { loadRapier } from '../sim/physics.js';

export interface PickCellBenchResult {
  readonly name: string;
  readonly episodes: number;
  readonly steps: number;
  readonly simulated_s: number;
  readonly cell_steps_per_s: number;
  readonly bare_steps_per_s: number;
  readonly cell_over_bare: number;
  readonly realtime_factor: number;
}

export async function benchPickCell(
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  episodes = 8,
): Promise<PickCellBenchResult> {
  const rapier = await loadRapier();
  const params = resolveParams(PICK_PARAMS, {});
  const seeds = Array.from({ length: episodes }, (_, i) => `bench-${i}`);
  // Warm-up: JIT and WASM tiers, so neither side pays them.
  await runPickEpisodes(rapier, [{ params, seed: 'warm-up' }], referencePickPolicy.decide);

  const t0 = performance.now();
  const runs = await runPickEpisodes(
    rapier,
    seeds.map((seed) => ({ params, seed })),
    referencePickPolicy.decide,
  );
  const cellMs = performance.now() - t0;
  const steps = runs.reduce((n, r) => n + r.steps, 0);

  let bareMs = 0;
  runs.forEach((run, i) => {
    const cell = new PickCell(rapier, params, seeds[i]);
    const world = cell.scene.world;
    const start = performance.now();
    for (let s = 0; s < run.steps; s++) world.step();
    bareMs += performance.now() - start;
    world.free();
  });

  const cellRate = steps / (cellMs / 1000);
  const bareRate = steps / (bareMs / 1000);
  const simulated = runs.reduce((n, r) => n + r.sim_time_s, 0);
  const result: PickCellBenchResult = {
    name: 'pick cell, reference policy, default params',
    episodes,
    steps,
    simulated_s: simulated,
    cell_steps_per_s: cellRate,
    bare_steps_per_s: bareRate,
    cell_over_bare: cellRate / bareRate,
    realtime_factor: simulated / (cellMs / 1000),
  };
  log(
    `${result.name}: ${episodes} episodes, ${steps} steps (${simulated.toFixed(0)} s simulated); ` +
      `cell ${Math.round(cellRate)} steps/s, bare world ${Math.round(bareRate)} steps/s, ` +
      `ratio ${result.cell_over_bare.toFixed(2)}×; ${result.realtime_factor.toFixed(0)}× real time, ` +
      `${(cellMs / episodes).toFixed(0)} ms per episode`,
  );
  return result;
}
