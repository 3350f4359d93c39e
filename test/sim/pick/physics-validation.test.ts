// The engine as configured for the cell, checked against analytic mechanics: free fall,
// Coulomb sliding friction, and the suction hold threshold vacuum·area·seal/(g+a).
import type RAPIER from '@dimforge/rapier3d-deterministic-compat';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRapier, type Rapier } from '../../../sim/physics.js';
import { SuctionGantry } from '../../../sim/pick/gantry.js';
import type { ItemSpec } from '../../../sim/pick/items.js';
import { TOTE_RIM_Z } from '../../../sim/pick/layout.js';
import { type Pose, TrapezoidMove } from '../../../sim/pick/motion.js';
import { buildScene, TIMESTEP_S } from '../../../sim/pick/scene.js';
import { GRAVITY_MPS2, holdingForceN, maxHeldMassKg } from '../../../sim/pick/suction.js';

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
  it('free fall time matches sqrt(2h/g) within 1%', () => {
    const world = emptyCell();
    const h = 1.5;
    const body = box(world, { x: 3, y: 3, z: 0.05 + h }, 0.5);
    let steps = 0;
    while (body.translation().z > 0.05 + 1e-9 && steps < 10_000) {
      const before = body.translation().z;
      world.step();
      steps++;
      if (body.translation().z <= 0.05 + 0.002 || body.translation().z >= before) break;
    }
    const t = steps * TIMESTEP_S;
    world.free();
    expect(Math.abs(t - Math.sqrt((2 * h) / GRAVITY_MPS2)) / Math.sqrt((2 * h) / GRAVITY_MPS2)).toBeLessThan(
      0.01,
    );
  });

  it('a box sliding on the floor decelerates at mu*g within 5%', () => {
    const world = emptyCell();
    const mu = 0.5; // floor friction is 0.5; equal coefficients combine to mu
    const body = box(world, { x: 3, y: 3, z: 0.05 }, mu);
    for (let i = 0; i < 60; i++) world.step();
    body.setLinvel({ x: 2, y: 0, z: 0 }, true);
    for (let i = 0; i < 12; i++) world.step();
    const v0 = body.linvel().x;
    const n = 48;
    for (let i = 0; i < n; i++) world.step();
    const v1 = body.linvel().x;
    world.free();
    expect(v1).toBeGreaterThan(0);
    const decel = (v0 - v1) / (n * TIMESTEP_S);
    expect(Math.abs(decel - mu * GRAVITY_MPS2) / (mu * GRAVITY_MPS2)).toBeLessThan(0.05);
  });
});

const VACUUM_KPA = 50;
const CUP_M = 0.03;

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

/** Seals a centred cup on one item with the given seal quality and lifts at `accel`; true when held. */
function liftHolds(massKg: number, accel: number, seal: number): boolean {
  const scene = buildScene(rapier, [item(massKg)], CUP_M);
  const { world } = scene;
  try {
    for (let i = 0; i < 240; i++) world.step();
    const body = scene.items[0].body;
    const top = body.translation().z + 0.04;
    let pose: Pose = scene.carriage.translation() as unknown as Pose;
    pose = { x: pose.x, y: pose.y, z: pose.z, yaw: 0 };
    const gantry = new SuctionGantry(rapier, scene, VACUUM_KPA, CUP_M, pose);
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
    run({ x: p.x, y: p.y, z: SuctionGantry.carriageZForFace(top + 0.02), yaw: 0 }, 1, 10);
    run(
      { ...gantry.pose, z: SuctionGantry.carriageZForFace(top - 0.02) },
      0.05,
      10,
      () => gantry.compression() > 0.002,
    );
    gantry.attach(0, body, massKg, seal);
    expect(gantry.hold!.holdingN).toBeCloseTo(holdingForceN(VACUUM_KPA, CUP_M, seal), 9);
    return run({ ...gantry.pose, z: SuctionGantry.carriageZForFace(TOTE_RIM_Z + 0.3) }, 3, accel);
  } finally {
    world.free();
  }
}

describe('suction hold threshold', () => {
  for (const [accel, seal] of [
    [4, 0.9],
    [10, 0.6],
  ] as const) {
    it(`heaviest item held at a=${accel} m/s², seal ${seal} is vacuum·area·seal/(g+a) within 5%`, () => {
      const analytic = maxHeldMassKg(VACUUM_KPA, CUP_M, seal, accel);
      let lo = analytic * 0.7;
      let hi = analytic * 1.3;
      expect(liftHolds(lo, accel, seal)).toBe(true);
      expect(liftHolds(hi, accel, seal)).toBe(false);
      for (let i = 0; i < 7; i++) {
        const mid = (lo + hi) / 2;
        if (liftHolds(mid, accel, seal)) lo = mid;
        else hi = mid;
      }
      const measured = (lo + hi) / 2;
      expect(Math.abs(measured - analytic) / analytic).toBeLessThan(0.05);
    });
  }
});
