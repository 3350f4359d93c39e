// Training data for grasp models, generated from the simulator's own parts: cell parameters
// resolved through the pick parameter registry, items drawn by the cell's item sampler, camera
// estimates with the cell's noise parameters, and labels from the suction physics teacher.
import { createHash } from 'node:crypto';
import { resolveParams } from '../../sim/params.js';
import { PICK_ACTION_FEATURES, PICK_OBSERVATION_FEATURES } from '../../sim/pick/features.js';
import { sampleItems } from '../../sim/pick/items.js';
import { PICK_PARAMS } from '../../sim/pick/params.js';
import { keyOf, rngStream } from '../../sim/rng.js';
import { teacherAction } from './pick-teacher.js';

/** Ranges of cell parameters drawn per generated cell; each row is one item of one cell. */
export interface DataRecipe {
  readonly name: string;
  readonly cells: number;
  readonly itemsPerCell: number;
  readonly ranges: Readonly<Record<string, readonly [number, number]>>;
}

export interface PickDataset {
  readonly recipe: DataRecipe;
  readonly x: number[][];
  readonly y: number[][];
  /** md5 of the float32 rows (x then y, row by row): the training-data reference of the card. */
  readonly md5: string;
}

export function generatePickData(recipe: DataRecipe): PickDataset {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let c = 0; c < recipe.cells; c++) {
    const r = rngStream('pick-data', recipe.name, 'cell', c);
    const overrides: Record<string, number> = { 'items.count': recipe.itemsPerCell };
    for (const [name, [lo, hi]] of Object.entries(recipe.ranges)) overrides[name] = r.uniform(lo, hi);
    const params = resolveParams(PICK_PARAMS, overrides);
    const p = (name: string) => params[name] as number;
    for (const item of sampleItems(params, keyOf('pick-data', recipe.name, c))) {
      const noise = () => r.normal(0, p('camera.noise_m'));
      const size = () => 1 + r.normal(0, p('camera.size_noise'));
      const [nx, ny] = [noise(), noise()];
      const stacked = r.uniform(0, 0.05);
      const features: Record<string, number> = {
        'item.est_x': r.uniform(-0.25, 0.25),
        'item.est_y': r.uniform(-0.15, 0.15),
        'item.est_z': 2 * item.hz + stacked + noise(),
        'item.est_yaw': item.spawnYaw + r.normal(0, p('camera.yaw_noise_rad')),
        'item.est_size_x': 2 * item.hx * size(),
        'item.est_size_y': 2 * item.hy * size(),
        'item.est_size_z': 2 * item.hz * size(),
        'item.est_mass_kg': item.catalogMassKg,
        'item.fragile': item.fragile ? 1 : 0,
        'item.visible_fraction': Math.round(r.uniform(0.3, 1) * 16) / 16,
        'gripper.vacuum_kpa': p('gripper.vacuum_kpa'),
        'human.distance_m': r.next() < 0.7 ? 10 : r.uniform(1, 10),
      };
      const action = teacherAction(
        {
          shape: item.shape,
          halfX: item.hx,
          halfY: item.hy,
          comDepthM: item.hz,
          massKg: item.massKg,
          porosity: item.porosity,
          fragile: item.fragile,
          forceLimitN: item.forceLimitN,
          centreErrorX: -nx,
          centreErrorY: -ny,
        },
        {
          vacuumKpa: p('gripper.vacuum_kpa'),
          cupDiameterM: p('gripper.cup_diameter_m'),
          maxAccelMps2: p('gripper.max_accel_mps2'),
          maxSpeedMps: p('gripper.max_speed_mps'),
        },
      );
      x.push(PICK_OBSERVATION_FEATURES.map((f) => features[f]));
      y.push(PICK_ACTION_FEATURES.map((f) => action[f]));
    }
  }
  const h = createHash('md5');
  for (let i = 0; i < x.length; i++) {
    h.update(new Uint8Array(Float32Array.from(x[i]).buffer));
    h.update(new Uint8Array(Float32Array.from(y[i]).buffer));
  }
  return { recipe, x, y, md5: h.digest('hex') };
}

/** v1 (production): few light, sealed, sturdy items at nominal vacuum. */
export const PICK_V1_DATA: DataRecipe = {
  name: 'pick-v1',
  cells: 40,
  itemsPerCell: 5,
  ranges: {
    'items.mass_kg': [0.2, 0.5],
    'items.porosity': [0, 0.08],
    'items.fragile_fraction': [0, 0],
    'gripper.vacuum_kpa': [55, 65],
  },
};

/** v2 (candidate): more data and harder items: heavy, porous, fragile, weaker vacuum. */
export const PICK_V2_DATA: DataRecipe = {
  name: 'pick-v2',
  cells: 700,
  itemsPerCell: 6,
  ranges: {
    'items.mass_kg': [0.1, 4],
    'items.porosity': [0, 0.5],
    'items.fragile_fraction': [0, 0.6],
    'gripper.vacuum_kpa': [40, 80],
    'items.mass_error': [0, 0.15],
  },
};
