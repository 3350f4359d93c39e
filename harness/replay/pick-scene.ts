// Foxglove's 3D view of a pick trace: `foxglove.SceneUpdate` entities (stands, totes, walkway,
// gripper, items, people) and `foxglove.FrameTransforms` (world → gripper), rebuilt from the
// telemetry records alone, so a field recording and a simulated trace draw the same way. Only
// what the trace records is drawn: item poses at each `scene` record (an item leaves the view
// when it is picked or handed to manual handling; poses in between are not recorded), the
// gripper at each periodic `sensor` reading, people where the reading puts them (`people`), or
// from the walkway schedule in the meta parameters when it has none (sim/pick/people.ts).
import type {
  Color,
  CubePrimitive,
  CylinderPrimitive,
  FrameTransforms,
  SceneEntity,
  SceneEntityDeletion,
  SceneUpdate,
  Time,
} from '@foxglove/schemas';
import {
  DESTINATION,
  STAND_TOP_Z,
  TOTE_BASE_M,
  TOTE_INNER_H,
  TOTE_INNER_X,
  TOTE_INNER_Y,
  TOTE_WALL_M,
  type Tote,
  WALKWAY,
  SOURCE,
} from '../../sim/pick/layout.js';
import { type PeopleSchedule, peopleAt } from '../../sim/pick/people.js';
import { BELLOWS } from '../../sim/pick/scene.js';
import { canonical, type TelemetryMeta, TelemetryError, type TelemetryRecord } from '../../sim/telemetry.js';

export const WORLD_FRAME = 'world';
export const GRIPPER_FRAME = 'gripper';

export type DerivedMessage =
  | { readonly channel: 'scene_update'; readonly data: SceneUpdate }
  | { readonly channel: 'transforms'; readonly data: FrameTransforms };

const MATCHING_ID = 0 as SceneEntityDeletion['type'];
const IDENTITY = { x: 0, y: 0, z: 0, w: 1 };
const COLOURS = {
  stand: { r: 0.35, g: 0.35, b: 0.38, a: 1 },
  tote: { r: 0.2, g: 0.4, b: 0.75, a: 0.6 },
  walkway: { r: 0.95, g: 0.8, b: 0.1, a: 0.35 },
  carriage: { r: 0.6, g: 0.6, b: 0.6, a: 1 },
  cup: { r: 0.1, g: 0.1, b: 0.1, a: 1 },
  item: { r: 0.76, g: 0.6, b: 0.42, a: 1 },
  fragile: { r: 0.85, g: 0.25, b: 0.25, a: 1 },
  person: { r: 0.1, g: 0.7, b: 0.3, a: 0.8 },
} satisfies Record<string, Color>;
const PERSON = { diameterM: 0.5, heightM: 1.7 };

/** Nanoseconds as Foxglove's `Time`. */
export function foxgloveTime(ns: bigint): Time {
  return { sec: Number(ns / 1_000_000_000n), nsec: Number(ns % 1_000_000_000n) };
}

/** Builds the scene messages of a pick trace record by record; `source` names errors. */
export class PickScene {
  private readonly people: PeopleSchedule | undefined;
  private readonly cupDiameterM: number;
  private peopleShown = false;

  constructor(
    meta: TelemetryMeta,
    private readonly source: string,
  ) {
    const params = (meta.params ?? {}) as Record<string, unknown>;
    const num = (key: string): number | undefined =>
      typeof params[key] === 'number' ? (params[key] as number) : undefined;
    const ratePerH = num('people.rate_per_h');
    const firstS = num('people.first_s');
    const speedMps = num('people.speed_mps');
    this.people =
      ratePerH !== undefined && firstS !== undefined && speedMps !== undefined && speedMps > 0
        ? { ratePerH, firstS, speedMps }
        : undefined;
    this.cupDiameterM = num('gripper.cup_diameter_m') ?? 0.035;
  }

  /** The fixed cell (stands, totes, walkway) and the gripper, at the trace's first time. */
  start(ns: bigint): DerivedMessage[] {
    const time = foxgloveTime(ns);
    const entities = [
      toteEntity(time, SOURCE),
      toteEntity(time, DESTINATION),
      entity(time, 'walkway', {
        cubes: [
          cube(
            (WALKWAY.xStart + WALKWAY.xEnd) / 2,
            (WALKWAY.yMin + WALKWAY.yMax) / 2,
            0.005,
            WALKWAY.xEnd - WALKWAY.xStart,
            WALKWAY.yMax - WALKWAY.yMin,
            0.01,
            COLOURS.walkway,
          ),
        ],
      }),
      this.gripperEntity(time),
    ];
    return [sceneUpdate(entities, [])];
  }

  /** The scene messages one telemetry record gives (none for most). */
  onRecord(record: TelemetryRecord, line: number, ns: bigint): DerivedMessage[] {
    const time = foxgloveTime(ns);
    if (record.type === 'scene') return [sceneUpdate(this.items(record, line, time), [])];
    if (record.type === 'event') return this.event(record, line, time);
    if (record.type === 'sensor' && record.gantry !== undefined) {
      const [x, y, z, yaw] = this.numbers(record.gantry, 4, 'gantry', line);
      const out: DerivedMessage[] = [transform(time, x, y, z, yaw)];
      const people = this.peopleUpdate(record, line, time);
      if (people) out.push(people);
      return out;
    }
    return [];
  }

  private event(record: TelemetryRecord, line: number, time: Time): DerivedMessage[] {
    if (record.kind !== 'pick_success' && record.kind !== 'manual_handling') return [];
    const item = this.integer(record.item, 'item', line);
    return [sceneUpdate([], [{ timestamp: time, type: MATCHING_ID, id: `item-${item}` }])];
  }

  private items(record: TelemetryRecord, line: number, time: Time): SceneEntity[] {
    if (!Array.isArray(record.items)) this.fail(line, 'items must be an array');
    return (record.items as unknown[]).map((raw, i) => {
      const path = `items[${i}]`;
      if (!raw || typeof raw !== 'object') this.fail(line, `${path} must be an object`);
      const it = raw as Record<string, unknown>;
      const id = this.integer(it.id, `${path}.id`, line);
      if (it.shape !== 'box' && it.shape !== 'cylinder')
        this.fail(line, `${path}.shape must be "box" or "cylinder" (got ${JSON.stringify(it.shape)})`);
      const [hx, hy, hz] = this.numbers(it.half, 3, `${path}.half`, line);
      const [x, y, z, qx, qy, qz, qw] = this.numbers(it.pose, 7, `${path}.pose`, line);
      const pose = { position: { x, y, z }, orientation: { x: qx, y: qy, z: qz, w: qw } };
      const size = { x: 2 * hx, y: 2 * hy, z: 2 * hz };
      const color = it.fragile === true ? COLOURS.fragile : COLOURS.item;
      const metadata = [
        { key: 'shape', value: String(it.shape) },
        { key: 'mass_kg', value: String(it.mass_kg) },
        { key: 'fragile', value: String(it.fragile === true) },
      ];
      return entity(time, `item-${id}`, {
        metadata,
        ...(it.shape === 'box'
          ? { cubes: [{ pose, size, color }] }
          : { cylinders: [{ pose, size, bottom_scale: 1, top_scale: 1, color }] }),
      });
    });
  }

  /**
   * People on the walkway now, when there are any or there were some at the last update: where the
   * reading puts them (`people`, a field recording's tracked people), else the schedule of the
   * meta parameters.
   */
  private peopleUpdate(record: TelemetryRecord, line: number, time: Time): DerivedMessage | undefined {
    let at: { x: number; y: number }[];
    if (Array.isArray(record.people)) {
      at = record.people.map((q: unknown, i: number) => {
        const p = q as { x?: unknown; y?: unknown } | null;
        if (!p || !Number.isFinite(p.x) || !Number.isFinite(p.y))
          this.fail(line, `people[${i}] must be {id, x, y} in metres (got ${JSON.stringify(q)})`);
        return { x: p.x as number, y: p.y as number };
      });
    } else if (this.people) {
      at = peopleAt(this.people, record.t).map((x) => ({ x, y: WALKWAY.pathY }));
    } else return undefined;
    if (at.length === 0 && !this.peopleShown) return undefined;
    this.peopleShown = at.length > 0;
    const cylinders = at.map((q) =>
      cylinder(q.x, q.y, PERSON.heightM / 2, PERSON.diameterM, PERSON.heightM, COLOURS.person),
    );
    return sceneUpdate([entity(time, 'people', { cylinders })], []);
  }

  private gripperEntity(time: Time): SceneEntity {
    const cupZ = -BELLOWS.hangM;
    return {
      ...entity(time, 'gripper', {
        cubes: [cube(0, 0, 0.02, 0.08, 0.08, 0.04, COLOURS.carriage)],
        cylinders: [
          cylinder(0, 0, cupZ / 2, 0.012, BELLOWS.hangM, COLOURS.carriage),
          cylinder(0, 0, cupZ, this.cupDiameterM, 2 * BELLOWS.cupHalfHeightM, COLOURS.cup),
        ],
      }),
      frame_id: GRIPPER_FRAME,
      frame_locked: true,
    };
  }

  private numbers(value: unknown, n: number, field: string, line: number): number[] {
    if (!Array.isArray(value) || value.length !== n || !value.every((v) => Number.isFinite(v)))
      this.fail(line, `${field} must be an array of ${n} finite numbers (got ${JSON.stringify(value)})`);
    return value as number[];
  }

  private integer(value: unknown, field: string, line: number): number {
    if (!Number.isInteger(value))
      this.fail(line, `${field} must be an integer (got ${JSON.stringify(value)})`);
    return value as number;
  }

  private fail(line: number, message: string): never {
    throw new TelemetryError(message, this.source, line);
  }
}

function sceneUpdate(entities: SceneEntity[], deletions: SceneEntityDeletion[]): DerivedMessage {
  return { channel: 'scene_update', data: canonical({ deletions, entities }) as SceneUpdate };
}

function transform(time: Time, x: number, y: number, z: number, yaw: number): DerivedMessage {
  const data: FrameTransforms = {
    transforms: [
      {
        timestamp: time,
        parent_frame_id: WORLD_FRAME,
        child_frame_id: GRIPPER_FRAME,
        translation: { x, y, z },
        rotation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) },
      },
    ],
  };
  return { channel: 'transforms', data: canonical(data) as FrameTransforms };
}

function entity(time: Time, id: string, parts: Partial<SceneEntity>): SceneEntity {
  return {
    timestamp: time,
    frame_id: WORLD_FRAME,
    id,
    lifetime: { sec: 0, nsec: 0 },
    frame_locked: false,
    metadata: [],
    arrows: [],
    cubes: [],
    spheres: [],
    cylinders: [],
    lines: [],
    triangles: [],
    texts: [],
    models: [],
    ...parts,
  };
}

function cube(
  x: number,
  y: number,
  z: number,
  sx: number,
  sy: number,
  sz: number,
  color: Color,
): CubePrimitive {
  return { pose: { position: { x, y, z }, orientation: IDENTITY }, size: { x: sx, y: sy, z: sz }, color };
}

function cylinder(x: number, y: number, z: number, d: number, h: number, color: Color): CylinderPrimitive {
  return {
    pose: { position: { x, y, z }, orientation: IDENTITY },
    size: { x: d, y: d, z: h },
    bottom_scale: 1,
    top_scale: 1,
    color,
  };
}

/** A tote on its stand: the stand, the base and four walls (inner size from the layout). */
function toteEntity(time: Time, tote: Tote): SceneEntity {
  const { cx, cy } = tote;
  const outerX = TOTE_INNER_X + 2 * TOTE_WALL_M;
  const outerY = TOTE_INNER_Y + 2 * TOTE_WALL_M;
  const wallZ = STAND_TOP_Z + TOTE_BASE_M + TOTE_INNER_H / 2;
  const wallX = (TOTE_INNER_X + TOTE_WALL_M) / 2;
  const wallY = (TOTE_INNER_Y + TOTE_WALL_M) / 2;
  return entity(time, `tote-${tote.name}`, {
    metadata: [{ key: 'tote', value: tote.name }],
    cubes: [
      cube(cx, cy, STAND_TOP_Z / 2, outerX, outerY, STAND_TOP_Z, COLOURS.stand),
      cube(cx, cy, STAND_TOP_Z + TOTE_BASE_M / 2, outerX, outerY, TOTE_BASE_M, COLOURS.tote),
      cube(cx - wallX, cy, wallZ, TOTE_WALL_M, outerY, TOTE_INNER_H, COLOURS.tote),
      cube(cx + wallX, cy, wallZ, TOTE_WALL_M, outerY, TOTE_INNER_H, COLOURS.tote),
      cube(cx, cy - wallY, wallZ, TOTE_INNER_X, TOTE_WALL_M, TOTE_INNER_H, COLOURS.tote),
      cube(cx, cy + wallY, wallZ, TOTE_INNER_X, TOTE_WALL_M, TOTE_INNER_H, COLOURS.tote),
    ],
  });
}
