// Training data for grasp models, generated from the simulator's own parts: cell parameters
// resolved through the pick parameter registry, items drawn by the cell's item sampler, camera
// estimates with the cell's noise parameters, and labels from a physics teacher (pick-teacher.ts).
import { createHash } from 'node:crypto';
import { resolveParams } from '../../sim/params.js';
import {
  PICK_ACTION_FEATURES,
  PICK_OBSERVATION_FEATURES,
  type PickObservationName,
} from '../../sim/pick/features.js';
import { sampleItems } from '../../sim/pick/items.js';
import { PICK_PARAMS } from '../../sim/pick/params.js';
import { keyOf, rngStream } from '../../sim/rng.js';
import {
  type CellLimits,
  type HiddenDraw,
  legacyTeacherAction,
  type TrueItem,
  teacherAction,
} from './pick-teacher.js';

/**
 * The observation features of the production model pick-v1, in its input order: everything the
 * cell offered when it was trained. Test fixtures bind the same inputs.
 */
export const LEGACY_PICK_FEATURES: readonly PickObservationName[] = PICK_OBSERVATION_FEATURES.filter(
  (f) => f !== 'gripper.cup_diameter_m',
);

/** Ranges of cell parameters drawn per generated cell; each row is one item of one cell. */
export interface DataRecipe {
  readonly name: string;
  readonly cells: number;
  readonly itemsPerCell: number;
  /** The observation features of a row, in the model's input order. */
  readonly features: readonly PickObservationName[];
  /** Range of the item.visible_fraction drawn per row (the labels do not depend on it). */
  readonly visibleRange?: readonly [number, number];
  /** Who labels the rows: the physics teacher, or the production model's legacy labelling. */
  readonly teacher: 'physics' | 'legacy';
  readonly ranges: Readonly<Record<string, readonly [number, number]>>;
  /** Draws of the unobservable item/cell properties each physics label must hold for. */
  readonly hiddenDraws?: number;
  /**
   * Surfaces as a warehouse sees them: this share of cells holds porous items (cardboard, mesh
   * bags) with a mean porosity drawn from `range`; the other cells draw `items.porosity` from
   * `ranges` (sealed film, smooth cartons).
   */
  readonly porousCells?: { readonly share: number; readonly range: readonly [number, number] };
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
    const porous = recipe.porousCells;
    if (porous && r.next() < porous.share) overrides['items.porosity'] = r.uniform(...porous.range);
    const params = resolveParams(PICK_PARAMS, overrides);
    const p = (name: string) => params[name] as number;
    for (const item of sampleItems(params, keyOf('pick-data', recipe.name, c))) {
      const noise = () => r.normal(0, p('camera.noise_m'));
      const size = () => 1 + r.normal(0, p('camera.size_noise'));
      const [nx, ny] = [noise(), noise()];
      const stacked = r.uniform(0, 0.05);
      const [visLo, visHi] = recipe.visibleRange ?? [0.3, 1];
      const features: Record<PickObservationName, number> = {
        'item.est_x': r.uniform(-0.25, 0.25),
        'item.est_y': r.uniform(-0.15, 0.15),
        'item.est_z': 2 * item.hz + stacked + noise(),
        'item.est_yaw': item.spawnYaw + r.normal(0, p('camera.yaw_noise_rad')),
        'item.est_size_x': 2 * item.hx * size(),
        'item.est_size_y': 2 * item.hy * size(),
        'item.est_size_z': 2 * item.hz * size(),
        'item.est_mass_kg': item.catalogMassKg,
        'item.fragile': item.fragile ? 1 : 0,
        'item.visible_fraction': Math.round(r.uniform(visLo, visHi) * 16) / 16,
        'gripper.vacuum_kpa': p('gripper.vacuum_kpa'),
        'gripper.cup_diameter_m': p('gripper.cup_diameter_m'),
        'human.distance_m': r.next() < 0.7 ? 10 : r.uniform(1, 10),
      };
      const truth: TrueItem = {
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
      };
      const limits: CellLimits = {
        vacuumKpa: p('gripper.vacuum_kpa'),
        cupDiameterM: p('gripper.cup_diameter_m'),
        maxAccelMps2: p('gripper.max_accel_mps2'),
        maxSpeedMps: p('gripper.max_speed_mps'),
      };
      const action =
        recipe.teacher === 'legacy'
          ? legacyTeacherAction(truth, limits)
          : teacherAction(truth, limits, hiddenDraws(recipe, c, item.index, features));
      x.push(recipe.features.map((f) => features[f]));
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

/**
 * Fresh draws of what a policy cannot observe, given what it sees of the row, from the
 * distributions the recipe draws rows from: the surface porosity (a cell's mean porosity, sealed
 * or porous as `porousCells` says, and the item's ±50% around it) and where the cup lands
 * relative to the true face centre. That is the camera's error (its noise level drawn across the
 * recipe range, as the policy does not know the cell's), or, for a partly hidden item, anywhere
 * on what lies over the hidden part: with probability 1 − item.visible_fraction the cup meets
 * another face up to a half size from its centre. On a stream of their own, so the observed rows
 * never shift. Master-data mass errors are left to HOLD_SAFETY_FACTOR.
 */
function hiddenDraws(
  recipe: DataRecipe,
  cell: number,
  item: number,
  seen: Readonly<Record<PickObservationName, number>>,
): HiddenDraw[] {
  const r = rngStream('pick-data', recipe.name, 'hidden', cell, item);
  const range = (name: string): readonly [number, number] => {
    const spec = PICK_PARAMS.find((s) => s.name === name) as { default: number };
    return recipe.ranges[name] ?? [spec.default, spec.default];
  };
  const porous = recipe.porousCells;
  const hidden = 1 - seen['item.visible_fraction'];
  return Array.from({ length: recipe.hiddenDraws ?? 0 }, () => {
    const surface = porous && r.next() < porous.share ? porous.range : range('items.porosity');
    const porosity = Math.min(1, r.uniform(...surface) * r.uniform(0.5, 1.5));
    if (r.next() < hidden) {
      return {
        porosity,
        centreErrorX: (r.uniform(-1, 1) * seen['item.est_size_x']) / 2,
        centreErrorY: (r.uniform(-1, 1) * seen['item.est_size_y']) / 2,
      };
    }
    const centreNoise = r.uniform(...range('camera.noise_m'));
    return { porosity, centreErrorX: r.normal(0, centreNoise), centreErrorY: r.normal(0, centreNoise) };
  });
}

/** v1 (production): few light, sealed, sturdy items at nominal vacuum, legacy labels. */
export const PICK_V1_DATA: DataRecipe = {
  name: 'pick-v1',
  cells: 40,
  itemsPerCell: 5,
  features: LEGACY_PICK_FEATURES,
  teacher: 'legacy',
  ranges: {
    'items.mass_kg': [0.2, 0.5],
    'items.porosity': [0, 0.08],
    'items.fragile_fraction': [0, 0],
    'gripper.vacuum_kpa': [55, 65],
  },
};

/**
 * v2 (candidate): more data over the whole operating envelope, labelled with the fastest safe
 * action (pick-teacher.ts). The model observes the cup fitted to the cell (20-60 mm), so each
 * label is the physics of that cup. What it cannot observe is drawn across its realistic range:
 * surfaces (three cells in four sealed, porosity up to 0.1; one in four porous, 0.2-0.6), crush
 * ratings of fragile items, master-data mass error, camera noise (up to 6 mm: commissioned
 * cameras) and what lies over a partly hidden item; 48 hidden draws per row make each label
 * hold across porosity and where the cup lands. Observed quantities (mass, size, vacuum, cup,
 * visible share of the top face) span light to heavy, small to large, weak to strong, fully
 * visible to mostly hidden.
 */
export const PICK_V2_DATA: DataRecipe = {
  name: 'pick-v2',
  cells: 1200,
  itemsPerCell: 6,
  features: PICK_OBSERVATION_FEATURES,
  visibleRange: [0.1, 1],
  teacher: 'physics',
  hiddenDraws: 48,
  porousCells: { share: 0.25, range: [0.2, 0.6] },
  ranges: {
    'items.mass_kg': [0.05, 5],
    'items.size_m': [0.05, 0.22],
    'items.porosity': [0, 0.1],
    'items.fragile_fraction': [0, 0.6],
    'items.fragile_force_limit_n': [8, 40],
    'items.mass_error': [0, 0.15],
    'gripper.vacuum_kpa': [25, 85],
    'gripper.cup_diameter_m': [0.02, 0.06],
    'camera.noise_m': [0, 0.006],
    'camera.size_noise': [0, 0.15],
    'camera.yaw_noise_rad': [0, 0.2],
  },
};
