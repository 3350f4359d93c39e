// Items of one episode: sampled properties (shape, size, mass, surface, fragility, master-data
// mass error) from the cell parameters and per-item streams rngStream(seed, 'items', i), and
// the geometry of whichever face of an item currently points up.
import type { ResolvedParams } from '../params.js';
import { rngStream } from '../rng.js';
import { clamp, type Quat, rotate, type Vec3 } from './geom.js';

export interface ItemSpec {
  readonly index: number;
  readonly shape: 'box' | 'cylinder';
  /** Half extents in the body frame; a cylinder's axis is body z and hx = hy = radius. */
  readonly hx: number;
  readonly hy: number;
  readonly hz: number;
  readonly massKg: number;
  readonly friction: number;
  readonly restitution: number;
  readonly porosity: number;
  readonly fragile: boolean;
  readonly forceLimitN: number;
  /** What the warehouse master data says the item weighs. */
  readonly catalogMassKg: number;
  /** Spawn yaw (rad) and position jitter (m). */
  readonly spawnYaw: number;
  readonly jitterX: number;
  readonly jitterY: number;
}

const num = (p: ResolvedParams, name: string): number => p[name] as number;

export function sampleItems(params: ResolvedParams, seed: string): ItemSpec[] {
  const count = num(params, 'items.count');
  const shapeParam = params['items.shape'] as string;
  const size = num(params, 'items.size_m');
  const items: ItemSpec[] = [];
  for (let i = 0; i < count; i++) {
    const r = rngStream(seed, 'items', i);
    const shape = shapeParam === 'mixed' ? (r.next() < 0.5 ? 'box' : 'cylinder') : shapeParam;
    const dim = () => (size * r.uniform(0.7, 1.3)) / 2;
    const hx = dim();
    const hy = shape === 'cylinder' ? hx : dim();
    const hz = dim();
    const spread = num(params, 'items.mass_spread');
    const massKg = num(params, 'items.mass_kg') * r.uniform(1 - spread, 1 + spread);
    const catalog = massKg * Math.max(0.2, 1 + r.normal(0, num(params, 'items.mass_error')));
    items.push({
      index: i,
      shape: shape as ItemSpec['shape'],
      hx,
      hy,
      hz,
      massKg,
      friction: num(params, 'items.friction') * r.uniform(0.9, 1.1),
      restitution: num(params, 'items.restitution'),
      porosity: clamp(num(params, 'items.porosity') * r.uniform(0.5, 1.5), 0, 1),
      fragile: r.next() < num(params, 'items.fragile_fraction'),
      forceLimitN: num(params, 'items.fragile_force_limit_n'),
      catalogMassKg: catalog,
      spawnYaw: r.uniform(-Math.PI, Math.PI),
      jitterX: r.uniform(-0.02, 0.02),
      jitterY: r.uniform(-0.02, 0.02),
    });
  }
  return items;
}

export interface TopFace {
  /** World position of the face centre. */
  readonly centre: Vec3;
  /** Unit vectors (world) of the face's two in-plane axes and their half extents. */
  readonly u: Vec3;
  readonly v: Vec3;
  readonly halfU: number;
  readonly halfV: number;
  readonly shape: 'rect' | 'disk';
  /** Angle between the face normal and world z. */
  readonly tiltRad: number;
  /** Extent of the item along world z (m), an estimate of its standing height. */
  readonly heightM: number;
}

const AXES: readonly Vec3[] = [
  { x: 1, y: 0, z: 0 },
  { x: 0, y: 1, z: 0 },
  { x: 0, y: 0, z: 1 },
];

/** The face whose normal points most nearly up. A cylinder lying down has a curved top: tilt π/2. */
export function topFace(spec: ItemSpec, pos: Vec3, rot: Quat): TopFace {
  const half = [spec.hx, spec.hy, spec.hz];
  const world = AXES.map((a) => rotate(rot, a));
  let k = 2;
  if (spec.shape === 'box') {
    for (let i = 0; i < 3; i++) if (Math.abs(world[i].z) > Math.abs(world[k].z)) k = i;
  }
  const sign = world[k].z >= 0 ? 1 : -1;
  const n = { x: world[k].x * sign, y: world[k].y * sign, z: world[k].z * sign };
  const [iu, iv] = [0, 1, 2].filter((i) => i !== k);
  const heightM =
    Math.abs(world[0].z) * half[0] * 2 +
    Math.abs(world[1].z) * half[1] * 2 +
    Math.abs(world[2].z) * half[2] * 2;
  const lying = spec.shape === 'cylinder' && Math.abs(world[2].z) < Math.SQRT1_2;
  if (lying) {
    // A cylinder on its side: a curved top no cup seals on; report the ridge line.
    return {
      centre: { x: pos.x, y: pos.y, z: pos.z + spec.hx },
      u: world[2],
      v: world[0],
      halfU: spec.hz,
      halfV: spec.hx,
      shape: 'rect',
      tiltRad: Math.PI / 2,
      heightM: 2 * spec.hx,
    };
  }
  return {
    centre: { x: pos.x + n.x * half[k], y: pos.y + n.y * half[k], z: pos.z + n.z * half[k] },
    u: world[iu],
    v: world[iv],
    halfU: half[iu],
    halfV: half[iv],
    tiltRad: Math.acos(clamp(n.z, -1, 1)),
    heightM,
    shape: spec.shape === 'cylinder' ? 'disk' : 'rect',
  };
}
