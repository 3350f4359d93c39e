// The cell's physics against closed-form mechanics. Every expected value below is worked out by
// hand from the formula beside it, with g = 9.81 m/s²; none is computed by the code under test
// (sim/pick/suction.ts, the gantry's hold check), so a change of the suction model, of the
// units or of the engine's configuration shows up here as a number that moved.
//
//   free fall of h:              t = √(2h/g)
//   sliding on a floor at μ:     deceleration μ·g
//   suction holding force:       F = vacuum · π(d/2)² · seal
//   heaviest item held:          m = F / ((g + a) · (1 + e/r))   (e: cup offset from the centre of
//                                mass, r: cup radius; the peel moment m(g+a)·e acts on the rim)
import type RAPIER from '@dimforge/rapier3d-deterministic-compat';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRapier, type Rapier } from '../../../sim/physics.js';
import { SuctionGantry } from '../../../sim/pick/gantry.js';
import type { ItemSpec } from '../../../sim/pick/items.js';
import { TOTE_RIM_Z } from '../../../sim/pick/layout.js';
import { type Pose, TrapezoidMove } from '../../../sim/pick/motion.js';
import { buildScene, TIMESTEP_S } from '../../../sim/pick/scene.js';

const relErr = (measured: number, expected: number) => Math.abs(measured - expected) / expected;

let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier();
});

function emptyCell(): RAPIER.World {
  return buildScene(rapier, [], 0.035).world;
}

function box(
  world: RAPIER.World,
  at: { x: number; y: number; z: number },
  friction: number,
): RAPIER.RigidBody {
  const body = world.createRigidBody(rapier.RigidBodyDesc.dynamic().setTranslation(at.x, at.y, at.z));
  world.createCollider(rapier.ColliderDesc.cuboid(0.05, 0.05, 0.05).setMass(1).setFriction(friction), body);
  return body;
}

describe('engine against analytic mechanics', () => {
  it('a box dropped from 1.5 m lands after √(2·1.5/9.81) = 0.5530 s, within 1%', () => {
    const world = emptyCell();
    const body = box(world, { x: 3, y: 3, z: 0.05 + 1.5 }, 0.5);
    let steps = 0;
    while (body.translation().z > 0.05 + 0.002 && steps < 10_000) {
      world.step();
      steps++;
    }
    world.free();
    expect(relErr(steps * TIMESTEP_S, 0.553)).toBeLessThan(0.01);
  });

  it('a box falling for 0.25 s moves ½·9.81·0.25² = 0.3066 m and reaches 2.4525 m/s, within 1%', () => {
    const world = emptyCell();
    const body = box(world, { x: 3, y: 3, z: 2 }, 0.5);
    for (let i = 0; i < 60; i++) world.step(); // 60 × 1/240 s = 0.25 s
    const fallen = 2 - body.translation().z;
    const speed = -body.linvel().z;
    world.free();
    expect(relErr(fallen, 0.3066)).toBeLessThan(0.01);
    expect(relErr(speed, 2.4525)).toBeLessThan(0.01);
  });

  it('a box sliding on the floor at μ = 0.5 decelerates at 0.5·9.81 = 4.905 m/s², within 5%', () => {
    const world = emptyCell();
    const body = box(world, { x: 3, y: 3, z: 0.05 }, 0.5); // floor friction 0.5: equal coefficients combine to 0.5
    for (let i = 0; i < 60; i++) world.step();
    body.setLinvel({ x: 2, y: 0, z: 0 }, true);
    for (let i = 0; i < 12; i++) world.step();
    const v0 = body.linvel().x;
    const n = 48;
    for (let i = 0; i < n; i++) world.step();
    const v1 = body.linvel().x;
    world.free();
    expect(v1).toBeGreaterThan(0);
    expect(relErr((v0 - v1) / (n * TIMESTEP_S), 4.905)).toBeLessThan(0.05);
  });
});

const VACUUM_KPA = 50;
const CUP_M = 0.03; // radius 0.015 m, area π·0.015² = 7.0686e-4 m²

function item(massKg: number): ItemSpec {
  return {
    index: 0,
    shape: 'box',
    hx: 0.05,
    hy: 0.05,
    hz: 0.04,
    massKg,
    friction: 0.6,
    restitution: 0,
    porosity: 0,
    fragile: false,
    forceLimitN: 30,
    catalogMassKg: massKg,
    spawnYaw: 0,
    jitterX: 0,
    jitterY: 0,
  };
}

/**
 * Seals the cup on one item `offsetM` off its centre along x with the given seal quality, then
 * lifts at `accel`; true when the item is still held at the top. Also returns the holding force
 * the gantry computed, for the closed-form check.
 */
function lift(massKg: number, accel: number, seal: number, offsetM = 0): { held: boolean; holdingN: number } {
  const scene = buildScene(rapier, [item(massKg)], CUP_M);
  const { world } = scene;
  try {
    for (let i = 0; i < 240; i++) world.step();
    const body = scene.items[0].body;
    const top = body.translation().z + 0.04;
    const c = scene.carriage.translation();
    const gantry = new SuctionGantry(rapier, scene, VACUUM_KPA, CUP_M, { x: c.x, y: c.y, z: c.z, yaw: 0 });
    const run = (to: Pose, speed: number, a: number, until?: () => boolean): boolean => {
      const move = new TrapezoidMove(gantry.pose, to, speed, a);
      for (let i = 0; i < 4000 && !move.done; i++) {
        gantry.moveTo(move.step(TIMESTEP_S, until?.() ? 0 : Number.POSITIVE_INFINITY, 20));
        world.step();
        if (gantry.checkHold(TIMESTEP_S) !== undefined) return false;
        if (until?.() && move.speed === 0) break;
      }
      return true;
    };
    const p = body.translation();
    run({ x: p.x + offsetM, y: p.y, z: SuctionGantry.carriageZForFace(top + 0.02), yaw: 0 }, 1, 10);
    run(
      { ...gantry.pose, z: SuctionGantry.carriageZForFace(top - 0.02) },
      0.05,
      10,
      () => gantry.compression() > 0.002,
    );
    const hold = gantry.attach(0, body, massKg, seal);
    const held = run({ ...gantry.pose, z: SuctionGantry.carriageZForFace(TOTE_RIM_Z + 0.3) }, 3, accel);
    return { held, holdingN: hold.holdingN };
  } finally {
    world.free();
  }
}

/** The heaviest item the engine's cell holds, by bisection between 0.6× and 1.4× `expected`. */
function measuredMaxMass(expected: number, accel: number, seal: number, offsetM = 0): number {
  let lo = expected * 0.6;
  let hi = expected * 1.4;
  expect(lift(lo, accel, seal, offsetM).held).toBe(true);
  expect(lift(hi, accel, seal, offsetM).held).toBe(false);
  for (let i = 0; i < 7; i++) {
    const mid = (lo + hi) / 2;
    if (lift(mid, accel, seal, offsetM).held) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('suction hold threshold in the engine', () => {
  // F = 50 kPa · 7.0686e-4 m² · seal; m = F / (g + a), centred (e = 0).
  const CASES = [
    { accel: 4, seal: 0.9, forceN: 31.8086, massKg: 2.3033 }, // 31.8086 / 13.81
    { accel: 10, seal: 0.6, forceN: 21.2058, massKg: 1.0705 }, // 21.2058 / 19.81
  ];
  for (const c of CASES) {
    it(`a centred cup at a=${c.accel} m/s², seal ${c.seal} holds ${c.forceN} N: at most ${c.massKg} kg, within 5%`, () => {
      expect(lift(1, c.accel, c.seal).holdingN).toBeCloseTo(c.forceN, 3);
      expect(relErr(measuredMaxMass(c.massKg, c.accel, c.seal), c.massKg)).toBeLessThan(0.05);
    });
  }

  // The peel moment: the same seal 0.015 m (one cup radius) off the centre of mass holds half the
  // mass, 31.8086 / (13.81 · (1 + 0.015/0.015)) = 1.1517 kg, and half a radius off 2/3 of it,
  // 31.8086 / (13.81 · 1.5) = 1.5355 kg.
  it('a cup one radius off the centre of mass holds half the centred mass (1.1517 kg), within 5%', () => {
    expect(relErr(measuredMaxMass(1.1517, 4, 0.9, 0.015), 1.1517)).toBeLessThan(0.05);
  });
  it('a cup half a radius off the centre holds two thirds of the centred mass (1.5355 kg), within 5%', () => {
    expect(relErr(measuredMaxMass(1.5355, 4, 0.9, 0.0075), 1.5355)).toBeLessThan(0.05);
  });
});
