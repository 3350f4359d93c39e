// The cell's sensors: an overhead camera (noisy, biased, occlusion-aware item detections and an
// optional depth heightmap, both by ray casts against the live world). The vacuum reading is
// vacuum x seal (cell.ts); the safety scanner lives with the people model (people.ts).
import type RAPIER from '@dimforge/rapier3d-deterministic-compat';
import type { ResolvedParams } from '../params.js';
import type { Rapier } from '../physics.js';
import type { Rng } from '../rng.js';
import { add, type Quat, scale } from './geom.js';
import { type ItemSpec, type TopFace, topFace } from './items.js';
import { CAMERA_Z, SOURCE, TOTE_FLOOR_Z, TOTE_INNER_X, TOTE_INNER_Y, type Tote } from './layout.js';
import { CAMERA_RAY_GROUPS } from './scene.js';

/** Rays per face axis when measuring how much of an item's top face the camera sees. */
const VISIBILITY_GRID = 4;
export const HEIGHTMAP_SIZE = 32;
/** Added to a mover's bounding box before a heightmap cell is taken to be out of its reach. */
const REACH_MARGIN_M = 0.005;
const D = Math.SQRT1_2;
/** rapier's QueryFilterFlags: none (every collider kind answers, as `World.castRay` without flags). */
const NO_FILTER_FLAGS = 0;
/** Eight unit directions around a disk's rim (exact constants: no trigonometry in the sim path). */
const RIM_DIRECTIONS = [
  [1, 0],
  [D, D],
  [0, 1],
  [-D, D],
  [-1, 0],
  [-D, -D],
  [0, -1],
  [D, -D],
] as const;

/** The centre of a disk of `radius` at (x, y) and eight points on its rim. */
export function diskFootprint(x: number, y: number, radius: number): { x: number; y: number }[] {
  return [{ x, y }, ...RIM_DIRECTIONS.map(([dx, dy]) => ({ x: x + dx * radius, y: y + dy * radius }))];
}

export interface Detection {
  readonly item: number;
  /** Estimated top-face centre in the tote frame, yaw and sizes. */
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
  readonly sizeX: number;
  readonly sizeY: number;
  readonly sizeZ: number;
  readonly visibleFraction: number;
}

export interface CameraItem {
  readonly spec: ItemSpec;
  readonly body: RAPIER.RigidBody;
  readonly collider: RAPIER.Collider;
}

/** World (x, y) of the centre of heightmap cell (row, column); row 0 is the tote's +y side. */
export function heightmapCellXY(row: number, col: number, tote: Tote = SOURCE): { x: number; y: number } {
  const n = HEIGHTMAP_SIZE;
  return {
    x: tote.cx + ((col + 0.5) / n - 0.5) * TOTE_INNER_X,
    y: tote.cy + (0.5 - (row + 0.5) / n) * TOTE_INNER_Y,
  };
}

export class OverheadCamera {
  /** The rays' direction (straight down) as the engine's own vector, made once. */
  private readonly down: ReturnType<Rapier['VectorOps']['intoRaw']>;
  /** The rays' origin as the engine's own vector, made once and moved to each ray's (x, y). */
  private readonly origin: ReturnType<Rapier['VectorOps']['intoRaw']>;

  /**
   * @param movers every body that can stand above a tote's floor (the items); a heightmap cell
   *   no mover can reach is imaged with one shared ray (see heightmap()).
   */
  constructor(
    rapier: Rapier,
    private readonly world: RAPIER.World,
    private readonly params: ResolvedParams,
    private readonly rng: Rng,
    private readonly movers: readonly CameraItem[],
  ) {
    this.down = rapier.VectorOps.intoRaw({ x: 0, y: 0, z: -1 });
    this.origin = rapier.VectorOps.intoRaw({ x: 0, y: 0, z: CAMERA_Z });
  }

  /**
   * First collider under (x, y) seen from the camera, and the depth of the hit below the camera.
   * The ray is cast through the broad phase the way `World.castRay` casts it, with three costs left
   * out (1,600 rays per default episode): the ray's direction is made into an engine vector once;
   * its origin is made once and moved to each ray (two writes, where a new vector per ray is an
   * allocation and a finaliser registration in the engine's JavaScript, and its free); and no filter
   * callback is passed. `World.castRay` always passes one (a closure that accepts every collider
   * when the caller gave none), so the engine called back into JavaScript for every collider along
   * the ray. Same query, same filter, so the same hits (the golden episodes,
   * test/sim/sensors.test.ts).
   */
  private castDown(
    x: number,
    y: number,
    exclude?: RAPIER.RigidBody,
  ): { handle: number; depth: number } | null {
    const { world, origin } = this;
    origin.x = x;
    origin.y = y;
    const hit = world.broadPhase.raw.castRay(
      world.narrowPhase.raw,
      world.bodies.raw,
      world.colliders.raw,
      origin,
      this.down,
      CAMERA_Z + 1,
      true,
      NO_FILTER_FLAGS,
      CAMERA_RAY_GROUPS,
      undefined,
      exclude?.handle,
      // No filter callback: the engine checks whether this is a function.
      undefined as unknown as () => boolean,
    );
    if (!hit) return null;
    const found = { handle: hit.colliderHandle(), depth: hit.timeOfImpact() };
    hit.free();
    return found;
  }

  /** Share of grid points on the item's top face whose first hit from above is this item. */
  visibleFraction(item: CameraItem, face: TopFace): number {
    let seen = 0;
    const n = VISIBILITY_GRID;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const fu = ((i + 0.5) / n - 0.5) * 2 * face.halfU * 0.9;
        const fv = ((j + 0.5) / n - 0.5) * 2 * face.halfV * 0.9;
        const p = add(face.centre, add(scale(face.u, fu), scale(face.v, fv)));
        const hit = this.castDown(p.x, p.y);
        if (hit && hit.handle === item.collider.handle) seen++;
      }
    }
    return seen / (n * n);
  }

  /** One frame: detections of the candidate items, in item order. */
  detect(items: readonly CameraItem[]): Detection[] {
    const p = (name: string) => this.params[name] as number;
    const out: Detection[] = [];
    for (const item of items) {
      const t = item.body.translation();
      const face = topFace(item.spec, t, item.body.rotation() as Quat);
      const visible = this.visibleFraction(item, face);
      // Draws happen for every candidate so one item's visibility never shifts another's noise.
      const missed = this.rng.next() < p('camera.miss_rate');
      const noise = [0, 0, 0, 0, 0, 0, 0].map(() => this.rng.normal(0, 1));
      if (visible < Math.max(p('camera.min_visible'), 1e-9) || missed) continue;
      const sizeNoise = p('camera.size_noise');
      out.push({
        item: item.spec.index,
        x: face.centre.x - SOURCE.cx + p('camera.bias_x_m') + noise[0] * p('camera.noise_m'),
        y: face.centre.y - SOURCE.cy + p('camera.bias_y_m') + noise[1] * p('camera.noise_m'),
        z: face.centre.z - TOTE_FLOOR_Z + noise[2] * p('camera.noise_m'),
        yaw: Math.atan2(face.u.y, face.u.x) + noise[3] * p('camera.yaw_noise_rad'),
        sizeX: 2 * face.halfU * Math.max(0.1, 1 + noise[4] * sizeNoise),
        sizeY: 2 * face.halfV * Math.max(0.1, 1 + noise[5] * sizeNoise),
        sizeZ: face.heightM * Math.max(0.1, 1 + noise[6] * sizeNoise),
        visibleFraction: visible,
      });
    }
    return out;
  }

  // Heightmaps and their shallowest points. A vertical ray over the inner floor that passes
  // outside every mover's bounding box can only hit the tote's base, an axis-aligned box, and
  // a ray straight down meets its top face at the same distance wherever it starts: one ray gives
  // the depth of all such cells, bit for bit. A cell a mover does reach cannot be shallower than
  // the top of that mover's box, which lets shallowestDepth() skip the cells that cannot matter.

  /** Row-major depth image (m below the camera) over a tote's inner floor (the source's by default). */
  heightmap(tote: Tote = SOURCE): Float32Array {
    const n = HEIGHTMAP_SIZE;
    const data = new Float32Array(n * n);
    const reach = this.moverReach();
    let floor: number | undefined;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const { x, y } = heightmapCellXY(r, c, tote);
        const covered = highestReach(reach, x, y) > Number.NEGATIVE_INFINITY;
        if (!covered && floor !== undefined) {
          data[r * n + c] = floor;
          continue;
        }
        const depth = this.depthAt(x, y);
        if (!covered) floor = depth;
        data[r * n + c] = depth;
      }
    }
    return data;
  }

  /**
   * The smallest value of `heightmap(tote)` over the cells `skip` leaves in (+∞ when it skips
   * them all), casting only the cells that could hold it.
   */
  shallowestDepth(tote: Tote, skip?: (x: number, y: number) => boolean): number {
    const n = HEIGHTMAP_SIZE;
    const reach = this.moverReach();
    let best = Number.POSITIVE_INFINITY;
    let floorSeen = false;
    /** (least possible depth, x, y) of each cell a mover reaches. */
    const reached: number[][] = [];
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const { x, y } = heightmapCellXY(r, c, tote);
        if (skip?.(x, y)) continue;
        const top = highestReach(reach, x, y);
        if (top > Number.NEGATIVE_INFINITY) reached.push([CAMERA_Z - top, x, y]);
        else if (!floorSeen) {
          floorSeen = true;
          best = Math.min(best, Math.fround(this.depthAt(x, y)));
        }
      }
    }
    reached.sort((a, b) => a[0] - b[0]);
    for (const [least, x, y] of reached) {
      if (least > best) break;
      best = Math.min(best, Math.fround(this.depthAt(x, y)));
    }
    return best;
  }

  /** Depth of the first hit under (x, y) as a heightmap records it (the floor's when none). */
  private depthAt(x: number, y: number): number {
    const hit = this.castDown(x, y);
    return hit ? hit.depth : CAMERA_Z - TOTE_FLOOR_Z;
  }

  /**
   * Each mover's centre (x, y), the half sizes (x, y) of a box around it its collider never
   * leaves, and the top of that box (world z), flattened.
   */
  private moverReach(): number[] {
    const out: number[] = [];
    for (const { spec, body } of this.movers) {
      const p = body.translation();
      const { x, y, z, w } = body.rotation();
      // The body's rotation matrix; the collider lies inside the box ±(hx, hy, hz) in its frame
      // (a cylinder's too: its axis is the body's z, its radius hx = hy).
      const e = (m0: number, m1: number, m2: number) =>
        Math.abs(m0) * spec.hx + Math.abs(m1) * spec.hy + Math.abs(m2) * spec.hz + REACH_MARGIN_M;
      out.push(
        p.x,
        p.y,
        e(1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)),
        e(2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)),
        p.z + e(2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)),
      );
    }
    return out;
  }

  /** Highest surface (world z) under any of `points`, ignoring `exclude` (a held item). */
  highestUnder(
    points: readonly { readonly x: number; readonly y: number }[],
    exclude?: RAPIER.RigidBody,
  ): number {
    let top = 0;
    for (const p of points) top = Math.max(top, this.surfaceZ(p.x, p.y, exclude));
    return top;
  }

  /** Height (world z) of the first surface under (x, y), ignoring `exclude` (a held item). */
  surfaceZ(x: number, y: number, exclude?: RAPIER.RigidBody): number {
    const hit = this.castDown(x, y, exclude);
    return hit ? CAMERA_Z - hit.depth : 0;
  }
}

/** The highest box top of the movers whose box covers (x, y) (moverReach); −∞ when none does. */
function highestReach(reach: readonly number[], x: number, y: number): number {
  let top = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < reach.length; i += 5) {
    if (Math.abs(x - reach[i]) <= reach[i + 2] && Math.abs(y - reach[i + 1]) <= reach[i + 3])
      top = Math.max(top, reach[i + 4]);
  }
  return top;
}
