// The engine's setup: rapier's internal profiling timers run on a clock that stands still, so a
// step never reads the real clock, and the real `performance` is back for everything else.
// (That the results are unchanged is pinned by the golden episodes.)
import { describe, expect, it } from 'vitest';
import { loadRapier, type Rapier, worldStepper } from '../../sim/physics.js';

describe('loadRapier', () => {
  it('steps worlds without reading the real clock, and leaves performance.now() to everyone else', async () => {
    const realPerformance = globalThis.performance;
    const rapier = await loadRapier();
    expect(globalThis.performance).toBe(realPerformance);
    const now = performance.now;
    let reads = 0;
    performance.now = () => {
      reads++;
      return now.call(performance);
    };
    try {
      const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
      const box = world.createRigidBody(rapier.RigidBodyDesc.dynamic().setTranslation(0, 0, 1));
      world.createCollider(rapier.ColliderDesc.cuboid(0.1, 0.1, 0.1), box);
      world.createCollider(rapier.ColliderDesc.cuboid(1, 1, 0.1));
      for (let i = 0; i < 240; i++) world.step();
      // The box fell and landed: the world really stepped.
      expect(box.translation().z).toBeLessThan(0.25);
      world.free();
      expect(reads).toBe(0);
      const before = performance.now();
      expect(reads).toBe(1);
      expect(before).toBeGreaterThan(0);
    } finally {
      performance.now = now;
    }
  });
});

describe('worldStepper', () => {
  // A world with what the cell does mid-episode: a kinematic carriage moved every step, a dynamic
  // cup on a motorised prismatic joint, boxes falling with CCD, a suction joint made and removed,
  // a body and a collider added after the first steps, contact queries.
  function run(rapier: Rapier, stepper: (world: InstanceType<Rapier['World']>) => () => void) {
    const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
    world.timestep = 1 / 240;
    const step = stepper(world);
    world.createCollider(rapier.ColliderDesc.cuboid(1, 1, 0.05));
    const carriage = world.createRigidBody(
      rapier.RigidBodyDesc.kinematicPositionBased().setTranslation(0, 0, 0.6),
    );
    const cup = world.createRigidBody(
      rapier.RigidBodyDesc.dynamic().setTranslation(0, 0, 0.5).setCcdEnabled(true).setCanSleep(false),
    );
    const cupCollider = world.createCollider(rapier.ColliderDesc.cylinder(0.01, 0.02).setMass(0.1), cup);
    const prismatic = rapier.JointData.prismatic(
      { x: 0, y: 0, z: -0.1 },
      { x: 0, y: 0, z: 0 },
      { x: 0, y: 0, z: 1 },
    );
    prismatic.limitsEnabled = true;
    prismatic.limits = [0, 0.05];
    const bellows = world.createImpulseJoint(prismatic, carriage, cup, true) as InstanceType<
      Rapier['PrismaticImpulseJoint']
    >;
    bellows.configureMotorModel(rapier.MotorModel.ForceBased);
    bellows.configureMotorPosition(0, 400, 2 * Math.sqrt(400 * 0.1));
    const box = (x: number, z: number) => {
      const body = world.createRigidBody(
        rapier.RigidBodyDesc.dynamic().setTranslation(x, 0, z).setCcdEnabled(true),
      );
      world.createCollider(rapier.ColliderDesc.cuboid(0.04, 0.04, 0.03).setFriction(0.7), body);
      return body;
    };
    const boxes = [box(0, 0.2), box(0.09, 0.25)];
    const out: number[] = [];
    let suction: ReturnType<typeof world.createImpulseJoint> | undefined;
    for (let i = 0; i < 720; i++) {
      carriage.setNextKinematicTranslation({
        x: 0.1 * Math.sin(i / 120),
        y: 0,
        z: 0.6 - Math.min(i, 240) / 1000,
      });
      if (i === 60) boxes.push(box(-0.1, 0.3));
      if (i === 300) {
        const data = rapier.JointData.fixed(
          { x: 0, y: 0, z: -0.01 },
          { w: 1, x: 0, y: 0, z: 0 },
          { x: 0, y: 0, z: 0.03 },
          { w: 1, x: 0, y: 0, z: 0 },
        );
        suction = world.createImpulseJoint(data, cup, boxes[0], true);
      }
      if (i === 500 && suction) world.removeImpulseJoint(suction, true);
      step();
      let touching = 0;
      world.contactPairsWith(cupCollider, () => touching++);
      out.push(touching);
    }
    for (const b of [...boxes, cup]) {
      const p = b.translation();
      out.push(p.x, p.y, p.z, b.linvel().z);
    }
    const handles = boxes.map((b) => b.handle);
    const maps = {
      bodies: world.bodies.len(),
      colliders: world.colliders.len(),
      joints: world.impulseJoints.len(),
      added: world.getRigidBody(handles[2])?.handle,
      addedCollider: world.getRigidBody(handles[2])?.collider(0)?.handle !== undefined,
    };
    world.free();
    return { out, maps };
  }

  it('steps to the same bits as World.step() and keeps the JavaScript maps of bodies, colliders and joints', async () => {
    const rapier = await loadRapier();
    const viaWorld = run(rapier, (w) => () => w.step());
    const viaPipeline = run(rapier, (w) => worldStepper(rapier, w));
    // The boxes fell and the carriage moved them: the world really did something.
    expect(viaWorld.out.slice(720).some((v) => Math.abs(v) > 0.05)).toBe(true);
    expect(viaPipeline.out).toStrictEqual(viaWorld.out);
    expect(viaPipeline.maps).toStrictEqual({
      bodies: 5,
      colliders: 5,
      joints: 1,
      added: viaWorld.maps.added,
      addedCollider: true,
    });
    expect(viaWorld.maps).toStrictEqual(viaPipeline.maps);
  });
});
