// The suction gantry: a kinematic Cartesian carriage (x, y, z, yaw) carrying a bellows cup.
// Attaching joins the cup and the item with a fixed joint; every step the hold is checked
// against the engine's measured item acceleration, and the joint is removed (the item falls)
// when the inertial and peel load exceeds the holding force. Contact forces on the cup come
// from the engine's contact impulses.
import type RAPIER from '@dimforge/rapier3d-deterministic-compat';
import { type ContactExports, contactExportsFor, narrowPhaseAddress, type Rapier } from '../physics.js';
import { dot, quatConj, quatFromYaw, quatMul, rotate, sub, type Quat, type Vec3 } from './geom.js';
import type { Pose } from './motion.js';
import type { CellScene } from './scene.js';
import { BELLOWS } from './scene.js';
import { holdingForceN, suctionLoadN } from './suction.js';

/** Steps over which the item's acceleration is measured (≈ 17 ms, the seal's response time). */
const ACCEL_WINDOW = 4;

export interface Hold {
  readonly item: number;
  readonly body: RAPIER.RigidBody;
  readonly massKg: number;
  readonly seal: number;
  readonly holdingN: number;
  readonly joint: RAPIER.ImpulseJoint;
  readonly velocities: Vec3[];
  /** Peak load seen while held (N). */
  peakLoadN: number;
}

export class SuctionGantry {
  pose: Pose;
  hold: Hold | undefined;
  readonly cupRadiusM: number;
  /** Reused by every contact query (contactPartners). */
  private readonly partners: number[] = [];

  constructor(
    private readonly rapier: Rapier,
    private readonly scene: CellScene,
    private readonly vacuumKpa: number,
    private readonly cupDiameterM: number,
    home: Pose,
  ) {
    this.pose = home;
    this.cupRadiusM = cupDiameterM / 2;
  }

  /** Carriage z that puts an uncompressed cup face at faceZ. */
  static carriageZForFace(faceZ: number): number {
    return faceZ + BELLOWS.cupHalfHeightM + BELLOWS.hangM;
  }

  moveTo(pose: Pose): void {
    this.pose = pose;
    this.scene.carriage.setNextKinematicTranslation({ x: pose.x, y: pose.y, z: pose.z });
    this.scene.carriage.setNextKinematicRotation(quatFromYaw(pose.yaw));
  }

  /** How far the bellows are pushed in (m): > 0 once the cup touches something. */
  compression(): number {
    return this.cupPosition().z - (this.scene.carriage.translation().z - BELLOWS.hangM);
  }

  private setBellowsRest(stroke: number): void {
    const k = BELLOWS.stiffnessNpm;
    this.scene.bellows.configureMotorPosition(stroke, k, 2 * Math.sqrt(k * BELLOWS.cupMassKg));
  }

  cupPosition(): Vec3 {
    return this.scene.cup.translation();
  }

  /** Height of the cup's face; `cup`: its position when the caller already read it this step. */
  cupFaceZ(cup: Vec3 = this.cupPosition()): number {
    return cup.z - BELLOWS.cupHalfHeightM;
  }

  /** Contact force (N) between the cup and each collider it touches this step. */
  contactForces(dt: number): Map<number, number> {
    const out = new Map<number, number>();
    this.forEachContactForce(dt, (handle, forceN) => out.set(handle, forceN));
    return out;
  }

  /**
   * Calls `visit` with each collider the cup touches this step and the contact force on it (N),
   * in the order contactForces() lists them, without building the map (the per-step path).
   */
  forEachContactForce(dt: number, visit: (handle: number, forceN: number) => void): void {
    const { world, cupCollider } = this.scene;
    const cup = cupCollider.handle;
    for (const other of contactPartners(world, cup, this.partners)) {
      const impulse = pairImpulse(world, cup, other);
      if (impulse > 0) visit(other, impulse / dt);
    }
  }

  /**
   * Seals onto `body`. The bellows are at their stop or locked by vacuum, so the item is
   * joined to the carriage itself (a stiff kinematic anchor) at the cup face; the bellows
   * spring is re-zeroed at its present stroke so it adds no load while holding.
   */
  attach(item: number, body: RAPIER.RigidBody, massKg: number, seal: number): Hold {
    const { carriage, cup } = this.scene;
    const carRot = carriage.rotation() as Quat;
    const itemRot = body.rotation() as Quat;
    const face = sub(
      this.cupPosition(),
      rotate(cup.rotation() as Quat, { x: 0, y: 0, z: BELLOWS.cupHalfHeightM }),
    );
    const data = this.rapier.JointData.fixed(
      rotate(quatConj(carRot), sub(face, carriage.translation())),
      { x: 0, y: 0, z: 0, w: 1 },
      rotate(quatConj(itemRot), sub(face, body.translation())),
      quatMul(quatConj(itemRot), carRot),
    );
    this.setBellowsRest(Math.max(0, this.compression()));
    const joint = this.scene.world.createImpulseJoint(data, carriage, body, true);
    joint.setContactsEnabled(false);
    this.hold = {
      item,
      body,
      massKg,
      seal,
      holdingN: holdingForceN(this.vacuumKpa, this.cupDiameterM, seal),
      joint,
      velocities: [],
      peakLoadN: 0,
    };
    return this.hold;
  }

  release(): Hold | undefined {
    const hold = this.hold;
    if (hold) this.scene.world.removeImpulseJoint(hold.joint, true);
    this.hold = undefined;
    this.setBellowsRest(0);
    return hold;
  }

  /**
   * After a physics step: the load on the seal from the item's measured acceleration.
   * Returns the load when it exceeds the holding force (the caller releases the item).
   */
  checkHold(dt: number): number | undefined {
    const hold = this.hold;
    if (!hold) return undefined;
    const v = hold.body.linvel();
    hold.velocities.push({ x: v.x, y: v.y, z: v.z });
    if (hold.velocities.length <= ACCEL_WINDOW) return undefined;
    const old = hold.velocities.shift()!;
    const span = ACCEL_WINDOW * dt;
    const com = hold.body.translation();
    const cup = this.cupPosition();
    const load = suctionLoadN({
      massKg: hold.massKg,
      ax: (v.x - old.x) / span,
      ay: (v.y - old.y) / span,
      az: (v.z - old.z) / span,
      offsetM: Math.hypot(com.x - cup.x, com.y - cup.y),
      comDepthM: Math.max(0, this.cupFaceZ(cup) - com.z),
      cupRadiusM: this.cupRadiusM,
    });
    hold.peakLoadN = Math.max(hold.peakLoadN, load);
    return load > hold.holdingN ? load : undefined;
  }

  /** Horizontal offset of the cup centre from a face centre, in the face's axes. */
  offsetOnFace(centre: Vec3, u: Vec3, v: Vec3): { x: number; y: number } {
    const d = sub(this.cupPosition(), centre);
    return { x: dot(d, u), y: dot(d, v) };
  }
}

/**
 * The handles of the colliders in contact pairs with `collider` this step, in the engine's order,
 * written into `into` (cleared first) and returned. Handles, not Collider objects: the world's
 * contactPairsWith looks each one up and wraps the callback in a new closure on every call.
 */
export function contactPartners(world: RAPIER.World, collider: number, into: number[]): number[] {
  into.length = 0;
  world.narrowPhase.contactPairsWith(collider, (other) => into.push(other));
  return into;
}

/**
 * `sum` plus the contact impulses (N·s) between two colliders this step, added one by one in the
 * engine's order (manifold by manifold), so a running total over several pairs is bit for bit the
 * one added up contact by contact. Read through the engine's contact functions when the world's
 * engine has them (contactExportsFor), else through rapier's JavaScript: the same calls in the
 * same order, so the same numbers (test/sim/pick/contacts.test.ts).
 */
export function pairImpulse(world: RAPIER.World, a: number, b: number, sum = 0): number {
  const engine = contactExportsFor(world);
  const narrowPhase = engine && narrowPhaseAddress(world);
  if (engine === undefined || narrowPhase === undefined) return pairImpulseByApi(world, a, b, sum);
  return pairImpulseByExports(engine, narrowPhase, a, b, sum);
}

/** pairImpulse through rapier's JavaScript API. */
export function pairImpulseByApi(world: RAPIER.World, a: number, b: number, sum = 0): number {
  let impulse = sum;
  world.narrowPhase.contactPair(a, b, world.bodies, (manifold) => {
    for (let i = 0, n = manifold.numContacts(); i < n; i++) impulse += manifold.contactImpulse(i);
  });
  return impulse;
}

/**
 * pairImpulse through the engine's contact functions: what `NarrowPhase.contactPair` calls, in its
 * order (every manifold the pair has, skipping none the engine reports), with each manifold and
 * the pair freed after reading, as it frees them.
 */
export function pairImpulseByExports(
  engine: ContactExports,
  narrowPhase: number,
  a: number,
  b: number,
  sum = 0,
): number {
  let impulse = sum;
  const pair = engine.rawnarrowphase_contact_pair(narrowPhase, a, b);
  if (pair === 0) return impulse;
  try {
    for (let i = 0; i < engine.rawcontactpair_numContactManifolds(pair); i++) {
      const manifold = engine.rawcontactpair_contactManifold(pair, i);
      if (manifold === 0) continue;
      try {
        for (let c = 0, n = engine.rawcontactmanifold_num_contacts(manifold); c < n; c++)
          impulse += engine.rawcontactmanifold_contact_impulse(manifold, c);
      } finally {
        engine.__wbg_rawcontactmanifold_free(manifold, 0);
      }
    }
  } finally {
    engine.__wbg_rawcontactpair_free(pair, 0);
  }
  return impulse;
}
