// Builds one picking cell's rapier world in a fixed creation order: floor, stands, the two
// totes (walls with thickness), the items dropped into the source tote, and the gantry
// (kinematic carriage + bellows suction cup). The caller owns the world and frees it.
import type RAPIER from '@dimforge/rapier3d-deterministic-compat';
import { type Rapier, worldStepper } from '../physics.js';
import { quatFromYaw } from './geom.js';
import type { ItemSpec } from './items.js';
import {
  DESTINATION,
  HOME,
  SOURCE,
  STAND_TOP_Z,
  TOTE_BASE_M,
  TOTE_FLOOR_Z,
  TOTE_INNER_H,
  TOTE_INNER_X,
  TOTE_INNER_Y,
  TOTE_WALL_M,
  type Tote,
} from './layout.js';

export const TIMESTEP_S = 1 / 240;
/** Collision groups: scene and items answer camera rays; the cup does not. */
export const SCENE_GROUP = (0x0001 << 16) | 0xffff;
export const CUP_GROUP = (0x0002 << 16) | 0xffff;
export const CAMERA_RAY_GROUPS = (0xffff << 16) | 0x0001;

/** Bellows between carriage and cup: stroke, spring and cup mass. */
export const BELLOWS = {
  strokeM: 0.03,
  stiffnessNpm: 1000,
  cupMassKg: 0.08,
  cupHalfHeightM: 0.01,
  hangM: 0.03,
};

/** rapier cylinders stand along local y; this turns them to stand along z. */
const AXIS_Y_TO_Z = { x: Math.SQRT1_2, y: 0, z: 0, w: Math.SQRT1_2 };

export interface CellScene {
  readonly world: RAPIER.World;
  readonly items: readonly {
    readonly spec: ItemSpec;
    readonly body: RAPIER.RigidBody;
    readonly collider: RAPIER.Collider;
  }[];
  readonly walls: ReadonlySet<number>;
  readonly carriage: RAPIER.RigidBody;
  readonly cup: RAPIER.RigidBody;
  readonly cupCollider: RAPIER.Collider;
  readonly bellows: RAPIER.PrismaticImpulseJoint;
  /** One physics step of `world` (worldStepper: the pipeline without World.step()'s extra costs). */
  readonly step: () => void;
}

/** A recorded placement of an item: pose (x, y, z, qx, qy, qz, qw) and velocity (v, ω). */
export interface ItemPlacement {
  readonly pose: readonly number[];
  readonly velocity: readonly number[];
}

export function buildScene(
  rapier: Rapier,
  items: readonly ItemSpec[],
  cupDiameterM: number,
  placements?: readonly ItemPlacement[],
): CellScene {
  const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
  world.timestep = TIMESTEP_S;
  const ground = world.createRigidBody(rapier.RigidBodyDesc.fixed());
  const fixedBox = (hx: number, hy: number, hz: number, x: number, y: number, z: number) =>
    world.createCollider(
      rapier.ColliderDesc.cuboid(hx, hy, hz)
        .setTranslation(x, y, z)
        .setFriction(0.5)
        .setCollisionGroups(SCENE_GROUP),
      ground,
    );
  fixedBox(4, 4, 0.05, 0.45, -0.5, -0.05);
  const walls = new Set<number>();
  for (const tote of [SOURCE, DESTINATION]) {
    const outerX = TOTE_INNER_X / 2 + TOTE_WALL_M;
    const outerY = TOTE_INNER_Y / 2 + TOTE_WALL_M;
    fixedBox(outerX, outerY, STAND_TOP_Z / 2, tote.cx, tote.cy, STAND_TOP_Z / 2);
    fixedBox(outerX, outerY, TOTE_BASE_M / 2, tote.cx, tote.cy, STAND_TOP_Z + TOTE_BASE_M / 2);
    for (const c of toteWalls(tote)) walls.add(fixedBox(c.hx, c.hy, c.hz, c.x, c.y, c.z).handle);
  }
  const bodies = items.map((spec, i) =>
    spawnItem(rapier, world, spec, placements?.[i] ?? spawnPlacement(items, i)),
  );
  const carriage = world.createRigidBody(
    rapier.RigidBodyDesc.kinematicPositionBased().setTranslation(HOME.x, HOME.y, HOME.z),
  );
  const cup = world.createRigidBody(
    rapier.RigidBodyDesc.dynamic()
      .setTranslation(HOME.x, HOME.y, HOME.z - BELLOWS.hangM)
      .setCcdEnabled(true)
      .setCanSleep(false),
  );
  const cupCollider = world.createCollider(
    rapier.ColliderDesc.cylinder(BELLOWS.cupHalfHeightM, cupDiameterM / 2)
      .setRotation(AXIS_Y_TO_Z)
      .setMass(BELLOWS.cupMassKg)
      .setFriction(1)
      .setCollisionGroups(CUP_GROUP),
    cup,
  );
  const joint = rapier.JointData.prismatic(
    { x: 0, y: 0, z: -BELLOWS.hangM },
    { x: 0, y: 0, z: 0 },
    { x: 0, y: 0, z: 1 },
  );
  joint.limitsEnabled = true;
  joint.limits = [0, BELLOWS.strokeM];
  const bellows = world.createImpulseJoint(joint, carriage, cup, true) as RAPIER.PrismaticImpulseJoint;
  bellows.setContactsEnabled(false);
  bellows.configureMotorModel(rapier.MotorModel.ForceBased);
  bellows.configureMotorPosition(
    0,
    BELLOWS.stiffnessNpm,
    2 * Math.sqrt(BELLOWS.stiffnessNpm * BELLOWS.cupMassKg),
  );
  return {
    world,
    items: bodies,
    walls,
    carriage,
    cup,
    cupCollider,
    bellows,
    step: worldStepper(rapier, world),
  };
}

function toteWalls(tote: Tote) {
  const z = TOTE_FLOOR_Z + TOTE_INNER_H / 2;
  const hz = TOTE_INNER_H / 2;
  const w = TOTE_WALL_M / 2;
  const ox = TOTE_INNER_X / 2 + w;
  const oy = TOTE_INNER_Y / 2 + w;
  return [
    { hx: w, hy: oy + w, hz, x: tote.cx - ox, y: tote.cy, z },
    { hx: w, hy: oy + w, hz, x: tote.cx + ox, y: tote.cy, z },
    { hx: ox - w, hy: w, hz, x: tote.cx, y: tote.cy - oy, z },
    { hx: ox - w, hy: w, hz, x: tote.cx, y: tote.cy + oy, z },
  ];
}

/** Items fall in layers over a 3×2 grid of the source tote, heavier spread by their jitter. */
function spawnPlacement(items: readonly ItemSpec[], i: number): ItemPlacement {
  const perLayer = 6;
  const layer = Math.floor(i / perLayer);
  const slot = i % perLayer;
  const maxHalf = items.reduce((m, s) => Math.max(m, s.hx, s.hy, s.hz), 0);
  const spec = items[i];
  const q = quatFromYaw(spec.spawnYaw);
  return {
    pose: [
      SOURCE.cx + ((slot % 3) - 1) * (TOTE_INNER_X / 3) + spec.jitterX,
      SOURCE.cy + (Math.floor(slot / 3) - 0.5) * (TOTE_INNER_Y / 2) + spec.jitterY,
      TOTE_FLOOR_Z + maxHalf * 1.8 + 0.01 + layer * (maxHalf * 2.4 + 0.02),
      q.x,
      q.y,
      q.z,
      q.w,
    ],
    velocity: [0, 0, 0, 0, 0, 0],
  };
}

function spawnItem(rapier: Rapier, world: RAPIER.World, spec: ItemSpec, at: ItemPlacement) {
  const [x, y, z, qx, qy, qz, qw] = at.pose;
  const [vx, vy, vz, wx, wy, wz] = at.velocity;
  const desc = rapier.RigidBodyDesc.dynamic()
    .setTranslation(x, y, z)
    .setRotation({ x: qx, y: qy, z: qz, w: qw })
    .setCcdEnabled(true);
  // A recorded item may be moving; a spawned one starts at rest (and its build stays unchanged).
  if (vx !== 0 || vy !== 0 || vz !== 0) desc.setLinvel(vx, vy, vz);
  if (wx !== 0 || wy !== 0 || wz !== 0) desc.setAngvel({ x: wx, y: wy, z: wz });
  const body = world.createRigidBody(desc);
  const shape =
    spec.shape === 'box'
      ? rapier.ColliderDesc.cuboid(spec.hx, spec.hy, spec.hz)
      : rapier.ColliderDesc.cylinder(spec.hz, spec.hx).setRotation(AXIS_Y_TO_Z);
  const collider = world.createCollider(
    shape
      .setMass(spec.massKg)
      .setFriction(spec.friction)
      .setRestitution(spec.restitution)
      .setCollisionGroups(SCENE_GROUP),
    body,
  );
  return { spec, body, collider };
}
