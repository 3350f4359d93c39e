// A profiling target: default pick episodes (reference policy, seeds bench-0..N-1) and nothing
// else, for `node --cpu-prof --cpu-prof-dir=prof dist/bench/episodes.js [episodes]`; then
// `node scripts/profile-top.mjs prof` lists where the time went (docs/engine.md).
import { referencePickPolicy } from '../policies/reference/pick.js';
import { resolveParams } from '../sim/params.js';
import { runPickEpisodes } from '../sim/pick/episode.js';
import { PICK_PARAMS } from '../sim/pick/params.js';
import { loadRapier } from '../sim/physics.js';

const episodes = Number(process.argv[2] ?? 16);
const rapier = await loadRapier();
const params = resolveParams(PICK_PARAMS, {});
const seeds = Array.from({ length: episodes }, (_, i) => `bench-${i % 8}`);
const start = performance.now();
const runs = await runPickEpisodes(
  rapier,
  seeds.map((seed) => ({ params, seed })),
  referencePickPolicy.decide,
);
const ms = performance.now() - start;
const steps = runs.reduce((n, r) => n + r.steps, 0);
process.stdout.write(`${episodes} episodes, ${steps} steps, ${(ms / episodes).toFixed(0)} ms per episode\n`);
