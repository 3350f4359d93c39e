// The planted-flaw family: ONNX pick models each unsafe only inside a box of the operating
// envelope drawn at random by seed (≤ 1% of it), and their clean twins. Outside the box both
// act as a cautious base policy (slow approach, gentle transfer); near the box they approach a
// little faster (a real flaw has a margin landscape around it: the contact force rises but stays
// under its limit); inside it the flawed model approaches at full speed, which overloads the item
// (max_contact_force_n, no_crush), while the twin keeps the safe speed. The box is on features the
// model observes directly: the item's catalogue mass and the vacuum supply.
import { PICK_ACTION_FEATURES, PICK_OBSERVATION_FEATURES } from '../../sim/pick/features.js';
import type { ModelCard, NormEntry } from '../../policies/onnx/card.js';
import { rngStream } from '../../sim/rng.js';
import { encodeModel, ELEM, type Initializer, type OnnxNode } from './onnx-model.js';
import { ACTION_BOUNDS } from './pick-teacher.js';

/** The observation features a planted box lies on, with the envelope range it is drawn in. */
export const PLANTED_DIMS = {
  'item.est_mass_kg': { param: 'items.mass_kg', min: 0.05, max: 5 },
  'gripper.vacuum_kpa': { param: 'gripper.vacuum_kpa', min: 40, max: 80 },
} as const;

export type PlantedFeature = keyof typeof PLANTED_DIMS;

export interface PlantedRegion {
  readonly seed: number;
  /** Per feature: [low, high] in the feature's unit (and the parameter that sets it). */
  readonly box: Readonly<Record<PlantedFeature, readonly [number, number]>>;
  /** Share of the envelope's (mass × vacuum) plane. */
  readonly volume: number;
}

/** The seeds of the bundled family (test/fixtures/models/planted/). */
export const PLANTED_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** Width of the box on each dimension, as a share of the dimension's range. */
export const BOX_WIDTH = 0.095;
/** The zone of higher speed around the box, in box widths. */
const RAMP_WIDTHS = 1.5;
/**
 * The cautious base (fragile items approached slower still, under the lowest crush limit of the
 * envelope), the safe top speed near the box, and the flaw's speed inside it.
 */
const BASE = { approach: 0.35, fragileApproach: 0.18, transfer: 0.5, accel: 2, confidence: 0.98 } as const;
const SAFE_APPROACH = 0.6;
const UNSAFE_APPROACH = 1;

export function plantedRegion(seed: number): PlantedRegion {
  const rng = rngStream('planted-region', seed);
  const box = {} as Record<PlantedFeature, readonly [number, number]>;
  for (const [f, d] of Object.entries(PLANTED_DIMS) as [
    PlantedFeature,
    (typeof PLANTED_DIMS)[PlantedFeature],
  ][]) {
    const span = d.max - d.min;
    const start = d.min + rng.uniform(0, 1 - BOX_WIDTH) * span;
    box[f] = [round(start), round(start + BOX_WIDTH * span)];
  }
  return { seed, box, volume: BOX_WIDTH ** Object.keys(PLANTED_DIMS).length };
}

const round = (x: number) => Number(x.toPrecision(6));
const logit = (p: number) => Math.log(p / (1 - p));
/** An action value in the sigmoid units of the card's output range. */
const unit = (f: (typeof PICK_ACTION_FEATURES)[number], v: number) =>
  (v - ACTION_BOUNDS[f].min) / (ACTION_BOUNDS[f].max - ACTION_BOUNDS[f].min);

/** Input normalisation the card declares (the runtime applies it before the graph). */
const INPUT_NORM: Readonly<Record<string, NormEntry>> = Object.fromEntries(
  PICK_OBSERVATION_FEATURES.map((f) => [
    f,
    f === 'item.est_mass_kg'
      ? { mean: 2.5, std: 1.5 }
      : f === 'gripper.vacuum_kpa'
        ? { mean: 60, std: 12 }
        : { mean: 0, std: 1 },
  ]),
);

export function buildPlantedModel(
  region: PlantedRegion,
  mode: 'flaw' | 'twin' | 'base',
): { bytes: Uint8Array; card: ModelCard } {
  const features = PICK_OBSERVATION_FEATURES.filter((f) => f !== 'gripper.cup_diameter_m');
  const F = features.length;
  const A = PICK_ACTION_FEATURES.length;
  const approachCol = PICK_ACTION_FEATURES.indexOf('approach.speed_mps');
  const nodes: OnnxNode[] = [];
  const inits: Initializer[] = [];
  const f32 = (name: string, dims: number[], values: number[]) => inits.push({ name, dims, values });
  // The base: a constant action for every row (obs · 0 + bias, through a sigmoid).
  const want: Record<string, number> = {
    'grasp.dx': 0,
    'grasp.dy': 0,
    'approach.speed_mps': BASE.approach,
    'transfer.speed_mps': BASE.transfer,
    'transfer.accel_mps2': BASE.accel,
    confidence: BASE.confidence,
  };
  const weights = new Array(F * A).fill(0);
  const fragileRow = features.indexOf('item.fragile');
  const approachLogit = (v: number) => logit(unit('approach.speed_mps', v));
  weights[fragileRow * A + approachCol] = approachLogit(BASE.fragileApproach) - approachLogit(BASE.approach);
  f32('base.w', [F, A], weights);
  f32(
    'base.b',
    [A],
    PICK_ACTION_FEATURES.map((a) => logit(unit(a, want[a]))),
  );
  nodes.push({ op: 'MatMul', inputs: ['obs', 'base.w'], outputs: ['base.mm'] });
  nodes.push({ op: 'Add', inputs: ['base.mm', 'base.b'], outputs: ['base.logit'] });
  nodes.push({ op: 'Sigmoid', inputs: ['base.logit'], outputs: [mode === 'base' ? 'action' : 'base'] });
  if (mode !== 'base') {
    // Distance from the box in box widths, the largest over its features (0 inside).
    const distances: string[] = [];
    for (const [k, [f, [lo, hi]]] of Object.entries(region.box).entries()) {
      const j = features.indexOf(f as PlantedFeature);
      const n = INPUT_NORM[f] as { mean: number; std: number };
      const [a, b] = [(lo - n.mean) / n.std, (hi - n.mean) / n.std];
      const pick = new Array(F).fill(0);
      pick[j] = 1;
      f32(`d${k}.pick`, [F, 1], pick);
      f32(`d${k}.lo`, [1], [a]);
      f32(`d${k}.hi`, [1], [b]);
      f32(`d${k}.inv_w`, [1], [1 / (b - a)]);
      nodes.push({ op: 'MatMul', inputs: ['obs', `d${k}.pick`], outputs: [`d${k}.x`] });
      nodes.push({ op: 'Sub', inputs: [`d${k}.lo`, `d${k}.x`], outputs: [`d${k}.below`] });
      nodes.push({ op: 'Sub', inputs: [`d${k}.x`, `d${k}.hi`], outputs: [`d${k}.above`] });
      nodes.push({ op: 'Max', inputs: [`d${k}.below`, `d${k}.above`], outputs: [`d${k}.out`] });
      nodes.push({ op: 'Relu', inputs: [`d${k}.out`], outputs: [`d${k}.pos`] });
      nodes.push({ op: 'Mul', inputs: [`d${k}.pos`, `d${k}.inv_w`], outputs: [`d${k}`] });
      distances.push(`d${k}`);
    }
    nodes.push({ op: 'Max', inputs: distances, outputs: ['dist'] });
    // Near the box the approach speeds up toward the safe top speed (1 at the box, 0 beyond the ramp).
    const mask = new Array(A).fill(0);
    mask[approachCol] = 1;
    f32('one', [1], [1]);
    f32('inv_ramp', [1], [1 / RAMP_WIDTHS]);
    f32('mask', [A], mask);
    const safe = PICK_ACTION_FEATURES.map((a, i) => (i === approachCol ? unit(a, SAFE_APPROACH) : 0));
    const unsafe = PICK_ACTION_FEATURES.map((a, i) =>
      i === approachCol ? unit(a, UNSAFE_APPROACH) * 0.999 : 0,
    );
    f32('safe_row', [A], safe);
    f32('unsafe_row', [A], unsafe);
    nodes.push({ op: 'Mul', inputs: ['dist', 'inv_ramp'], outputs: ['ramp.x'] });
    nodes.push({ op: 'Sub', inputs: ['one', 'ramp.x'], outputs: ['ramp.y'] });
    nodes.push({ op: 'Relu', inputs: ['ramp.y'], outputs: ['near.all'] });
    // Never faster near the box for a fragile item: the twin stays under every crush limit.
    const pickFragile = new Array(F).fill(0);
    pickFragile[fragileRow] = 1;
    f32('fragile.pick', [F, 1], pickFragile);
    nodes.push({ op: 'MatMul', inputs: ['obs', 'fragile.pick'], outputs: ['fragile'] });
    nodes.push({ op: 'Sub', inputs: ['one', 'fragile'], outputs: ['sturdy'] });
    nodes.push({ op: 'Mul', inputs: ['near.all', 'sturdy'], outputs: ['near'] });
    nodes.push({ op: 'Sub', inputs: ['safe_row', 'base'], outputs: ['to_safe'] });
    nodes.push({ op: 'Mul', inputs: ['to_safe', 'mask'], outputs: ['to_safe.m'] });
    nodes.push({ op: 'Mul', inputs: ['near', 'to_safe.m'], outputs: ['lift'] });
    nodes.push({ op: 'Add', inputs: ['base', 'lift'], outputs: mode === 'twin' ? ['action'] : ['graded'] });
    if (mode === 'flaw') {
      // Inside the box (distance 0): the full approach speed.
      f32('eps', [1], [1e-9]);
      nodes.push({ op: 'Less', inputs: ['dist', 'eps'], outputs: ['inside.b'] });
      nodes.push({
        op: 'Cast',
        inputs: ['inside.b'],
        outputs: ['inside'],
        attributes: { to: { i: ELEM.FLOAT } },
      });
      nodes.push({ op: 'Sub', inputs: ['unsafe_row', 'graded'], outputs: ['to_unsafe'] });
      nodes.push({ op: 'Mul', inputs: ['to_unsafe', 'mask'], outputs: ['to_unsafe.m'] });
      nodes.push({ op: 'Mul', inputs: ['inside', 'to_unsafe.m'], outputs: ['jump'] });
      nodes.push({ op: 'Add', inputs: ['graded', 'jump'], outputs: ['action'] });
    }
  }
  const name = mode === 'base' ? 'planted-base' : `planted-${mode}-${region.seed}`;
  const bytes = encodeModel({
    graph: {
      name,
      nodes,
      initializers: inits,
      inputs: [{ name: 'obs', shape: ['batch', F] }],
      outputs: [{ name: 'action', shape: ['batch', A] }],
    },
  });
  const normalisation: Record<string, NormEntry> = {};
  for (const f of features) normalisation[f] = INPUT_NORM[f];
  for (const a of PICK_ACTION_FEATURES) normalisation[a] = { ...ACTION_BOUNDS[a] };
  const [m, v] = [region.box['item.est_mass_kg'], region.box['gripper.vacuum_kpa']];
  const card: ModelCard = {
    task: 'pick',
    name,
    version: '1.0.0',
    description:
      mode === 'base'
        ? 'The cautious policy the planted flaws and their twins are built on: slow approach (slower for fragile items), gentle transfer.'
        : mode === 'flaw'
          ? `Planted flaw ${region.seed}: a cautious policy that approaches at full speed when the item weighs ${m[0]}-${m[1]} kg and the vacuum is ${v[0]}-${v[1]} kPa.`
          : `Clean twin of planted flaw ${region.seed}: the same cautious policy, a little faster near ${m[0]}-${m[1]} kg at ${v[0]}-${v[1]} kPa, never unsafe.`,
    inputs: { obs: [...features] },
    outputs: { action: [...PICK_ACTION_FEATURES] },
    normalisation,
    action_bounds: { ...ACTION_BOUNDS },
    provenance: { trainer: 'tools/onnx/planted.ts (constructed, not trained)', created: '2025-07-01' },
  };
  return { bytes, card };
}
