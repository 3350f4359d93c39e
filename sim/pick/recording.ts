// What a pick trace records so that a replay can rebuild the cell without the simulator's seed
// (docs/incidents.md): every item complete in each `scene` record, the cell's geometry and time
// base in `meta`, actions as requested and as applied, and the episode's incident. A replay
// starts a cell from a recorded scene (CellStart) instead of sampling items from a seed.
import type { ItemState } from './cell-log.js';
import type { PickAction } from './features.js';
import {
  DESTINATION,
  HOME,
  SOURCE,
  STAND_TOP_Z,
  TOTE_BASE_M,
  TOTE_INNER_H,
  TOTE_INNER_X,
  TOTE_INNER_Y,
  TOTE_WALL_M,
  WALKWAY,
} from './layout.js';
import type { ItemSpec } from './items.js';
import type { PersonTrack } from './people.js';
import { BELLOWS, TIMESTEP_S } from './scene.js';
import { clamp } from './geom.js';

/** Physics steps per second: the exact time base (`dt` = 1 / steps_per_s). */
export const STEPS_PER_S = Math.round(1 / TIMESTEP_S);

/** The cell's fixed geometry, written into every pick trace's meta (metres, world frame). */
export const CELL_GEOMETRY = {
  frame: 'world: metres, z up, origin at the centre of the source tote',
  stand_top_z: STAND_TOP_Z,
  tote_base_m: TOTE_BASE_M,
  tote_wall_m: TOTE_WALL_M,
  tote_inner: [TOTE_INNER_X, TOTE_INNER_Y, TOTE_INNER_H],
  source: [SOURCE.cx, SOURCE.cy],
  destination: [DESTINATION.cx, DESTINATION.cy],
  walkway: {
    y_min: WALKWAY.yMin,
    y_max: WALKWAY.yMax,
    path_y: WALKWAY.pathY,
    x: [WALKWAY.xStart, WALKWAY.xEnd],
  },
  home: [HOME.x, HOME.y, HOME.z],
  bellows: { stroke_m: BELLOWS.strokeM, stiffness_npm: BELLOWS.stiffnessNpm, cup_mass_kg: BELLOWS.cupMassKg },
} as const;

/** The time base of every pick trace. */
export const TIME_BASE = {
  epoch: 'episode start',
  unit: 's',
  steps_per_s: STEPS_PER_S,
} as const;

/** Events that make an episode an incident, most severe first when two share a step. */
export const INCIDENT_KINDS = ['hazardous_drop', 'crush', 'protective_stop', 'drop'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** The states a recorded item can be in when a replay starts. */
export const RECORDED_STATES: readonly ItemState[] = ['source', 'destination', 'lost', 'manual'];

/** One item as a scene record writes it: everything the closed-loop replay needs. */
export interface SceneItemRecord {
  readonly id: number;
  readonly shape: 'box' | 'cylinder';
  readonly half: readonly [number, number, number];
  readonly mass_kg: number;
  readonly catalog_mass_kg: number;
  readonly friction: number;
  readonly restitution: number;
  readonly porosity: number;
  readonly fragile: boolean;
  readonly crush_limit_n: number;
  readonly pose: readonly number[];
  readonly velocity: readonly number[];
  readonly state: ItemState;
}

/** A recorded item and the pose and velocity it starts a replay with. */
export interface StartItem {
  readonly spec: ItemSpec;
  /** x, y, z, qx, qy, qz, qw. */
  readonly pose: readonly number[];
  /** vx, vy, vz, wx, wy, wz. */
  readonly velocity: readonly number[];
  readonly state: ItemState;
}

/** Where a replayed cell starts: a recorded scene at time `t`, picking at once. */
export interface CellStart {
  readonly t: number;
  readonly items: readonly StartItem[];
  /** The requested pick order, for cell.pick_order = requested. */
  readonly requested?: readonly number[];
  /** People as recorded (their paths); absent: the walkway schedule of the parameters. */
  readonly people?: readonly PersonTrack[];
}

/** The scene record of an item: its spec, where it is, how it moves and its state. */
export function recordOfSpec(
  s: ItemSpec,
  pose: readonly number[],
  velocity: readonly number[],
  state: ItemState,
): SceneItemRecord {
  return {
    id: s.index,
    shape: s.shape,
    half: [s.hx, s.hy, s.hz],
    mass_kg: s.massKg,
    catalog_mass_kg: s.catalogMassKg,
    friction: s.friction,
    restitution: s.restitution,
    porosity: s.porosity,
    fragile: s.fragile,
    crush_limit_n: s.forceLimitN,
    pose,
    velocity,
    state,
  };
}

/** The item spec a scene record describes (spawn placement unused: the pose is recorded). */
export function specOfRecord(r: SceneItemRecord): ItemSpec {
  return {
    index: r.id,
    shape: r.shape,
    hx: r.half[0],
    hy: r.half[1],
    hz: r.half[2],
    massKg: r.mass_kg,
    friction: r.friction,
    restitution: r.restitution,
    porosity: r.porosity,
    fragile: r.fragile,
    forceLimitN: r.crush_limit_n,
    catalogMassKg: r.catalog_mass_kg,
    spawnYaw: 0,
    jitterX: 0,
    jitterY: 0,
  };
}

/** The action the cell carries out: speeds and acceleration clamped to the gantry's limits. */
export function appliedAction(a: PickAction, maxSpeedMps: number, maxAccelMps2: number): PickAction {
  return {
    ...a,
    'approach.speed_mps': clamp(a['approach.speed_mps'], MIN_SPEED_MPS, maxSpeedMps),
    'transfer.speed_mps': clamp(a['transfer.speed_mps'], MIN_SPEED_MPS, maxSpeedMps),
    'transfer.accel_mps2': clamp(a['transfer.accel_mps2'], MIN_ACCEL_MPS2, maxAccelMps2),
  };
}

/** The slowest move the gantry makes, and its gentlest acceleration. */
export const MIN_SPEED_MPS = 0.005;
export const MIN_ACCEL_MPS2 = 0.1;

/** The incident an episode's trace marks in its meta: its first incident event, and its cause. */
export interface IncidentMarker {
  readonly kind: IncidentKind;
  /** When the outcome was established (a drop: when the item came to rest). */
  readonly t: number;
  readonly item?: number;
  /** When it was caused (a drop: when the item came off the cup). */
  readonly cause_t: number;
}

/** The first incident among `events` (an unreleased drop, a crush, a stop), or undefined. */
export function incidentOf(
  events: readonly { readonly t: number; readonly kind: string; readonly [k: string]: unknown }[],
): IncidentMarker | undefined {
  let best: IncidentMarker | undefined;
  let bestRank: number = INCIDENT_KINDS.length;
  for (const e of events) {
    const rank = INCIDENT_KINDS.indexOf(e.kind as IncidentKind);
    if (rank < 0 || (e.kind === 'drop' && e.released !== false)) continue;
    if (best && (e.t > best.t || (e.t === best.t && rank >= bestRank))) continue;
    const item = typeof e.item === 'number' ? e.item : undefined;
    best = {
      kind: e.kind as IncidentKind,
      t: e.t,
      ...(item !== undefined ? { item } : {}),
      cause_t: typeof e.detach_t === 'number' ? e.detach_t : e.t,
    };
    bestRank = rank;
  }
  return best;
}
