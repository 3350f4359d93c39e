// contactSeal (sim/pick/grasp.ts) in the real engine: the cup pressed onto a box resting in the
// source tote seals on that box, with the seal quality of where it sits — worked out by hand from
// the geometry (box half side 0.05 m, cup radius 0.0175 m, quarter radius 0.004375 m).
import type RAPIER from '@dimforge/rapier3d-deterministic-compat';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRapier, type Rapier } from '../../../sim/physics.js';
import type { ItemRuntime, ItemState } from '../../../sim/pick/cell-log.js';
import { SuctionGantry } from '../../../sim/pick/gantry.js';
import { contactSeal } from '../../../sim/pick/grasp.js';
import type { ItemSpec } from '../../../sim/pick/items.js';
import { type Pose, TrapezoidMove } from '../../../sim/pick/motion.js';
import { buildScene, TIMESTEP_S } from '../../../sim/pick/scene.js';

let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier();
});

const CUP_M = 0.035;

function box(index: number, porosity: number, jitterX = 0): ItemSpec {
  return {
    index,
    shape: 'box',
    hx: 0.05,
    hy: 0.05,
    hz: 0.04,
    massKg: 0.5,
    friction: 0.6,
    restitution: 0,
    porosity,
    fragile: false,
    forceLimitN: 30,
    catalogMassKg: 0.5,
    spawnYaw: 0,
    jitterX,
    jitterY: 0,
  };
}

/**
 * Settles `specs` in the source tote, then presses the cup down `offsetX` off the first item's
 * centre until the bellows compress; returns contactSeal over items in the given states.
 */
function pressOn(specs: ItemSpec[], offsetX: number, states: ItemState[] = specs.map(() => 'source')) {
  const scene = buildScene(rapier, specs, CUP_M);
  const { world } = scene;
  try {
    for (let i = 0; i < 240; i++) world.step();
    const items: ItemRuntime[] = scene.items.map((it, i) => ({
      spec: it.spec,
      body: it.body as RAPIER.RigidBody,
      collider: it.collider,
      state: states[i],
      attempts: 0,
      crushed: false,
    }));
    const target = scene.items[0].body;
    const top = target.translation().z + 0.04;
    const c = scene.carriage.translation();
    const gantry = new SuctionGantry(rapier, scene, 60, CUP_M, { x: c.x, y: c.y, z: c.z, yaw: 0 });
    const run = (to: Pose, speed: number, until?: () => boolean) => {
      const move = new TrapezoidMove(gantry.pose, to, speed, 10);
      for (let i = 0; i < 4000 && !move.done; i++) {
        gantry.moveTo(move.step(TIMESTEP_S, until?.() ? 0 : Number.POSITIVE_INFINITY, 20));
        world.step();
        if (until?.() && move.speed === 0) break;
      }
    };
    const p = target.translation();
    run({ x: p.x + offsetX, y: p.y, z: SuctionGantry.carriageZForFace(top + 0.02), yaw: 0 }, 1);
    run(
      { ...gantry.pose, z: SuctionGantry.carriageZForFace(top - 0.02) },
      0.05,
      () => gantry.compression() > 0.002,
    );
    return { seal: contactSeal(gantry, items, TIMESTEP_S), items };
  } finally {
    world.free();
  }
}

describe('contactSeal in the engine', () => {
  it('a centred cup on a flat sealed box seals fully, on that box', () => {
    const { seal, items } = pressOn([box(0, 0)], 0);
    expect(seal?.item).toBe(items[0]);
    expect(seal!.quality).toBeCloseTo(1, 2);
    expect(Math.abs(seal!.offset.x)).toBeLessThan(0.003);
    expect(Math.abs(seal!.tiltRad)).toBeLessThan(0.02);
  });

  it('porosity 0.3 leaves 1 − 0.3 = 0.7 of the seal', () => {
    expect(pressOn([box(0, 0.3)], 0).seal!.quality).toBeCloseTo(0.7, 2);
  });

  it('0.035 m off the centre the rim overhangs the edge by 0.0025 m: 1 − 0.0025/0.004375 = 0.43', () => {
    const { seal } = pressOn([box(0, 0)], 0.035);
    // The offset the cup really sits at, within a millimetre of the commanded one.
    expect(Math.abs(seal!.offset.x)).toBeCloseTo(0.035, 2);
    const overhang = Math.abs(seal!.offset.x) + 0.0175 - 0.05;
    expect(seal!.quality).toBeCloseTo(1 - overhang / 0.004375, 1);
    expect(seal!.quality).toBeGreaterThan(0.2);
    expect(seal!.quality).toBeLessThan(0.7);
  });

  it('an item no longer in the source tote is never the one gripped', () => {
    const { seal } = pressOn([box(0, 0)], 0, ['held']);
    expect(seal).toBeUndefined();
  });
});

// Which item the cup grips when it touches several: the source item it presses hardest on, the
// first of equals — decided from the contact forces alone (a stand-in gantry reports them).
describe('contactSeal chooses among the items it touches', () => {
  const at = { x: 0, y: 0, z: 0.1 };
  const still = { x: 0, y: 0, z: 0, w: 1 };
  const item = (handle: number, state: ItemState = 'source'): ItemRuntime =>
    ({
      spec: box(handle, 0),
      body: { translation: () => at, rotation: () => still },
      collider: { handle },
      state,
      attempts: 0,
      crushed: false,
    }) as unknown as ItemRuntime;
  const gantry = (forces: [number, number][]) =>
    ({
      contactForces: () => new Map(forces),
      offsetOnFace: () => ({ x: 0, y: 0 }),
      cupRadiusM: CUP_M / 2,
    }) as unknown as SuctionGantry;
  const gripped = (items: ItemRuntime[], forces: [number, number][]) =>
    contactSeal(gantry(forces), items, TIMESTEP_S)?.item.collider.handle;

  it('the hardest-pressed source item, wherever it is in the list', () => {
    expect(
      gripped(
        [item(1), item(2), item(3)],
        [
          [1, 4],
          [2, 9],
          [3, 2],
        ],
      ),
    ).toBe(2);
    expect(
      gripped(
        [item(1), item(2), item(3)],
        [
          [1, 9],
          [2, 4],
          [3, 2],
        ],
      ),
    ).toBe(1);
    expect(
      gripped(
        [item(1), item(2), item(3)],
        [
          [1, 2],
          [2, 4],
          [3, 9],
        ],
      ),
    ).toBe(3);
  });
  it('the first of two pressed equally hard', () => {
    expect(
      gripped(
        [item(1), item(2)],
        [
          [1, 5],
          [2, 5],
        ],
      ),
    ).toBe(1);
  });
  it('never an item out of the source tote or one it does not touch, however hard it is pressed', () => {
    expect(
      gripped(
        [item(1, 'held'), item(2)],
        [
          [1, 50],
          [2, 1],
        ],
      ),
    ).toBe(2);
    expect(gripped([item(1), item(2)], [[2, 3]])).toBe(2);
    expect(gripped([item(1), item(2)], [])).toBeUndefined();
  });
});
