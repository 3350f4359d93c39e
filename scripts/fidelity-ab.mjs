#!/usr/bin/env node
// Physics-fidelity A/B: runs the bundled pick library twice with the reference policy, once with
// the engine as shipped and once with one physics setting changed, and compares the two runs
// episode by episode (same seeds, same params): KPIs as paired differences with 95% intervals,
// invariant outcomes (violations, episodes that disagree) and the worst values the limit
// invariants measured, and the CPU time of each arm. This is the evidence a change that alters
// trajectories on purpose must bring (docs/engine.md, "Cheaper physics steps").
//
// The variant: rapier's solver iterations (--iterations N), and/or free items put to sleep once
// they have rested for S seconds (--sleep-after S) instead of after rapier's own 2 s of low
// speed. An item rests while it moves slower than 1 cm/s, turns slower than 0.05 rad/s and
// touches nothing that moves; an item joined to the gantry (held) and the cup never sleep early.
//
// Usage (after npm run build):
//   node scripts/fidelity-ab.mjs [--iterations N] [--sleep-after S] [--samples K] [--suite DIR]
// Defaults: --iterations 2 when --sleep-after is not given, --samples 32,
// --suite scenarios/library/pick.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(join(root, 'dist', path));
const { values } = parseArgs({
  options: {
    iterations: { type: 'string' },
    'sleep-after': { type: 'string' },
    samples: { type: 'string', default: '32' },
    suite: { type: 'string', default: join(root, 'scenarios/library/pick') },
  },
});
const sleepAfterS = values['sleep-after'] === undefined ? undefined : Number(values['sleep-after']);
const iterations =
  values.iterations === undefined ? (sleepAfterS === undefined ? 2 : undefined) : Number(values.iterations);
const samples = Number(values.samples);
if (
  (iterations !== undefined && (!Number.isInteger(iterations) || iterations < 1)) ||
  (sleepAfterS !== undefined && !(sleepAfterS > 0 && sleepAfterS < 2)) ||
  !Number.isInteger(samples) ||
  samples < 2
) {
  process.stderr.write(
    'fidelity-ab: --iterations must be an integer ≥ 1, --sleep-after a number of seconds in (0, 2) and --samples an integer ≥ 2\n',
  );
  process.exit(2);
}

const { loadRapier } = await dist('sim/physics.js');
const { loadSuite } = await dist('scenarios/load.js');
const { episodeOfScenario } = await dist('harness/episode/spec.js');
const { runPickEpisodes } = await dist('sim/pick/episode.js');
const { referencePickPolicy } = await dist('policies/reference/pick.js');
const { meanInterval } = await dist('harness/sweep/summary.js');

const rapier = await loadRapier();
// The scene sets its world's timestep once, right after creating it: the variant arm changes the
// world there. Nothing else of the engine or the cell changes.
const timestep = Object.getOwnPropertyDescriptor(rapier.World.prototype, 'timestep');
let variant = false;
Object.defineProperty(rapier.World.prototype, 'timestep', {
  ...timestep,
  set(dt) {
    timestep.set.call(this, dt);
    if (!variant) return;
    if (iterations !== undefined) this.numSolverIterations = iterations;
    if (sleepAfterS !== undefined) sleepResting(this, Math.round(sleepAfterS / dt));
  },
});

/** After every step of `world`, puts to sleep a free dynamic body that has rested `steps` steps. */
function sleepResting(world, steps) {
  const raw = world.physicsPipeline.raw;
  const step = raw.step.bind(raw);
  const resting = new Map();
  raw.step = (...args) => {
    step(...args);
    world.bodies.forEach((body) => {
      const handle = body.handle;
      let joined = false;
      if (body.isDynamic() && !body.isSleeping() && body.isEnabled())
        world.impulseJoints.forEachJointHandleAttachedToRigidBody(handle, () => {
          joined = true;
        });
      else joined = true;
      // Only an item whose every contact is with something that cannot move (the totes, the
      // floor) or is itself asleep: a body put to sleep against a moving one freezes a support.
      if (!joined)
        for (let c = 0, n = body.numColliders(); c < n && !joined; c++)
          world.narrowPhase.contactPairsWith(body.collider(c).handle, (other) => {
            const parent = world.getCollider(other).parent();
            if (parent?.isDynamic() && !parent.isSleeping()) joined = true;
          });
      const v = body.linvel();
      const w = body.angvel();
      if (
        joined ||
        v.x * v.x + v.y * v.y + v.z * v.z >= 1e-4 ||
        w.x * w.x + w.y * w.y + w.z * w.z >= 0.0025
      ) {
        resting.delete(handle);
        return;
      }
      const n = (resting.get(handle) ?? 0) + 1;
      if (n < steps) resting.set(handle, n);
      else {
        body.sleep();
        resting.delete(handle);
      }
    });
  };
}
const shipped = (() => {
  const w = new rapier.World({ x: 0, y: 0, z: -9.81 });
  const n = w.numSolverIterations;
  w.free();
  return n;
})();

let suite;
try {
  suite = loadSuite([values.suite]);
} catch (error) {
  // A scenario problem names its file, line and field.
  process.stderr.write(`fidelity-ab: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(3);
}
const batches = [];
for (const scenario of suite.scenarios) {
  if (scenario.task !== 'pick') continue;
  const specs = [];
  for (let s = 0; s < samples; s++) {
    const e = episodeOfScenario(scenario, s, 0, Math.max(samples, scenario.samples));
    specs.push({
      params: e.params,
      seed: e.seed,
      invariants: e.invariants,
      ...(e.start ? { start: e.start } : {}),
    });
  }
  for (let b = 0; b < specs.length; b += 16)
    batches.push({ scenario: scenario.id, first: b, specs: specs.slice(b, b + 16) });
}

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const arms = { shipped: [], variant: [] };
const cpu = { shipped: 0, variant: 0 };
// Batch by batch, the arms alternating which goes first, so machine noise hits both alike.
for (const [i, batch] of batches.entries()) {
  const order = i % 2 === 0 ? ['shipped', 'variant'] : ['variant', 'shipped'];
  for (const arm of order) {
    variant = arm === 'variant';
    const t0 = cpuMs();
    const runs = await runPickEpisodes(rapier, batch.specs, referencePickPolicy.decide);
    cpu[arm] += cpuMs() - t0;
    for (const [k, run] of runs.entries())
      arms[arm].push({ id: `${batch.scenario}#${batch.first + k}`, run });
  }
  process.stderr.write(`\r${i + 1}/${batches.length} batches`);
}
process.stderr.write('\n');

const A = arms.shipped;
const B = new Map(arms.variant.map((e) => [e.id, e.run]));
// The project's mean with its two-sided 95% t-interval (the summaries' one implementation).
const meanCi = (xs) => {
  const { mean, lo, hi } = meanInterval(xs);
  return { m: mean, half: (hi - lo) / 2 };
};
const fmt = (x) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(4));
const out = (line) => process.stdout.write(`${line}\n`);
const change = [
  ...(iterations !== undefined ? [`solver iterations ${shipped} → ${iterations}`] : []),
  ...(sleepAfterS !== undefined ? [`resting items asleep after ${sleepAfterS} s`] : []),
];
out(`variant: ${change.join(', ')}; ${A.length} paired episodes`);
out(
  `CPU per episode: ${(cpu.shipped / A.length).toFixed(1)} ms vs ${(cpu.variant / A.length).toFixed(1)} ms (${(cpu.shipped / cpu.variant).toFixed(2)}×)`,
);
out(
  `identical trace digests: ${A.filter((e) => B.get(e.id).trace_digest === e.run.trace_digest).length} of ${A.length}`,
);
out(`same status: ${A.filter((e) => B.get(e.id).status === e.run.status).length} of ${A.length}`);
out('KPI: shipped mean, variant mean, paired difference ± 95% interval (* = the interval excludes 0)');
for (const kpi of Object.keys(A[0].run.kpis)) {
  const pairs = A.map((e) => [e.run.kpis[kpi], B.get(e.id).kpis[kpi]]).filter(
    ([a, b]) => Number.isFinite(a) && Number.isFinite(b),
  );
  const d = meanCi(pairs.map(([a, b]) => b - a));
  const flag = Math.abs(d.m) > d.half && d.half > 0 ? ' *' : '';
  out(
    `  ${kpi.padEnd(26)} ${fmt(meanCi(pairs.map((p) => p[0])).m).padStart(9)} ${fmt(meanCi(pairs.map((p) => p[1])).m).padStart(9)}   ${fmt(d.m)} ± ${fmt(d.half)}${flag}`,
  );
}
out(
  'invariants: violations shipped / variant, episodes that disagree; worst value: mean difference ± 95% interval, largest in each arm',
);
const names = [...new Set(A.flatMap((e) => e.run.invariants.map((v) => v.name)))];
for (const name of names) {
  const rows = [];
  for (const e of A) {
    const a = e.run.invariants.find((v) => v.name === name);
    const b = B.get(e.id).invariants.find((v) => v.name === name);
    if (a && b) rows.push([a, b]);
  }
  const va = rows.filter(([a]) => a.violated).length;
  const vb = rows.filter(([, b]) => b.violated).length;
  const disagree = rows.filter(([a, b]) => a.violated !== b.violated).length;
  const worst = rows.filter(([a, b]) => Number.isFinite(a.worst) && Number.isFinite(b.worst));
  const d = meanCi(worst.map(([a, b]) => b.worst - a.worst));
  const flag = Math.abs(d.m) > d.half && d.half > 0 ? ' *' : '';
  const max = (k) => Math.max(...worst.map((p) => p[k].worst));
  out(
    `  ${name.padEnd(26)} ${va}/${rows.length} vs ${vb}/${rows.length}, ${disagree} disagree; worst ${fmt(d.m)} ± ${fmt(d.half)}${flag}, max ${fmt(max(0))} vs ${fmt(max(1))}`,
  );
}
