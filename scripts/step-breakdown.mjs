#!/usr/bin/env node
// Where rapier's physics step spends its time in default pick episodes, by the engine's own
// profiler: its phases (collision detection, solver, CCD, islands), and the solver's time by what
// the cell has awake at that step (the cup alone, the cup and a held item, the cup pressing on a
// free item, a free item still moving or already at rest but not yet asleep). The episodes are recorded with the reference
// policy and replayed in the fair bare loop (bench/fair-bare.ts), so the figures are the engine's
// alone. The engine is loaded here without the still clock `loadRapier` gives it (its timers would
// read 0); the program and its numbers are the same.
//
// Usage (after npm run build): node scripts/step-breakdown.mjs [--episodes N]   (default 8)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(join(root, 'dist', path));
const { values } = parseArgs({ options: { episodes: { type: 'string', default: '8' } } });
const episodes = Number(values.episodes);
if (!Number.isInteger(episodes) || episodes < 1) {
  process.stderr.write('step-breakdown: --episodes must be an integer ≥ 1\n');
  process.exit(2);
}

const { recordEpisode, replaySteps } = await dist('bench/fair-bare.js');
const { resolveParams } = await dist('sim/params.js');
const { PICK_PARAMS } = await dist('sim/pick/params.js');
const { PickCell } = await dist('sim/pick/cell.js');

// The package's module (the build's copy of it is the same program, test/sim/vendored-engine.test.ts),
// initialised with the real clock.
const { default: rapier } = await import('@dimforge/rapier3d-deterministic-compat');
await rapier.init();

const PHASES = [
  ['timingStep', 'whole step'],
  ['timingCollisionDetection', 'collision detection'],
  ['timingBroadPhase', '  broad phase'],
  ['timingNarrowPhase', '  narrow phase'],
  ['timingSolver', 'solver'],
  ['timingVelocityAssembly', '  constraint assembly'],
  ['timingVelocityResolution', '  velocity resolution'],
  ['timingCcd', 'CCD'],
  ['timingIslandConstruction', 'islands (sleep)'],
  ['timingUserChanges', 'user changes'],
];
const AT_REST_MPS = 0.01;
const phase = Object.fromEntries(PHASES.map(([k]) => [k, 0]));
const byState = new Map();
let steps = 0;
const params = resolveParams(PICK_PARAMS, {});
for (let e = 0; e < episodes; e++) {
  const episode = await recordEpisode(rapier, params, `bench-${e}`);
  const scene = new PickCell(rapier, episode.params, episode.seed).scene;
  const { world, cup, cupCollider } = scene;
  world.profilerEnabled = true;
  replaySteps(scene, episode, () => {
    steps++;
    for (const [k] of PHASES) phase[k] += world[k]();
    const state = stateOf(world, cup, cupCollider);
    byState.set(state, add(byState.get(state), world.timingVelocityResolution()));
  });
  world.free();
  process.stderr.write(`\r${e + 1}/${episodes} episodes`);
}
process.stderr.write('\n');

function add(acc = { steps: 0, ms: 0 }, ms) {
  return { steps: acc.steps + 1, ms: acc.ms + ms };
}

/** What is awake after a step, as the solver sees it. */
function stateOf(world, cup, cupCollider) {
  const awake = [];
  world.bodies.forEach((b) => {
    if (b.isDynamic() && b.isEnabled() && !b.isSleeping() && b.handle !== cup.handle) awake.push(b);
  });
  if (awake.length === 0) return 'cup alone';
  if (awake.length > 1) return 'cup and several items (settling, a pile disturbed)';
  const held = world.impulseJoints.len() > 1;
  if (held) return 'cup and the held item';
  let touched = false;
  world.narrowPhase.contactPair(cupCollider.handle, awake[0].collider(0).handle, world.bodies, (manifold) => {
    if (manifold.numContacts() > 0) touched = true;
  });
  if (touched) return 'cup and a free item it touches (pressing, before the seal)';
  const v = awake[0].linvel();
  return Math.hypot(v.x, v.y, v.z) < AT_REST_MPS
    ? `cup and a free item elsewhere at rest (< ${AT_REST_MPS * 100} cm/s), not yet asleep`
    : 'cup and a free item elsewhere, moving';
}

const per = (ms) => `${(ms / episodes).toFixed(1)} ms`;
const out = (line) => process.stdout.write(`${line}\n`);
out(
  `${episodes} default episodes, reference policy, ${steps} steps (${(steps / episodes).toFixed(0)} per episode)`,
);
out('rapier step phases, per episode (share of the whole step):');
for (const [k, label] of PHASES)
  out(
    `  ${label.padEnd(24)} ${per(phase[k]).padStart(9)}  ${((100 * phase[k]) / phase.timingStep).toFixed(1)}%`,
  );
out('velocity resolution by what is awake, per episode:');
for (const [state, { steps: n, ms }] of [...byState].sort((a, b) => b[1].ms - a[1].ms))
  out(
    `  ${state.padEnd(62)} ${String(Math.round(n / episodes)).padStart(5)} steps ${per(ms).padStart(9)}  ${((1000 * ms) / n).toFixed(1)} µs/step`,
  );
