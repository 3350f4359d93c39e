// Training labels for grasp models: the fastest physically safe action for an item whose true
// properties are known. Each speed and acceleration sits just inside a limit of the cell's own
// physics (sim/pick/suction.ts, the bellows in sim/pick/scene.ts) with a documented safety factor:
// - transfer acceleration: the larger of the vertical and the lateral (peel) seal loads stays
//   under holding force / HOLD_SAFETY_FACTOR — heavy items get a gentler transfer, not manual;
// - transfer speed: the gantry's limit — the seal carries acceleration, not speed;
// - what the policy cannot observe (surface porosity) is drawn again from the training
//   distribution, and every label must hold across those draws (see HIDDEN_QUANTILE); the cup
//   diameter is observed (gripper.cup_diameter_m), so the labels use the cell's own cup;
// - approach speed: the bellows contact force stays under the crush rating / CONTACT_SAFETY_FACTOR;
// - confidence: the share of hidden conditions (porosity) for which a hold is feasible;
//   low only when no admissible action carries the item.
// `legacyTeacherAction` is the labelling the production model pick-v1 was trained with; it is
// kept unchanged so that model rebuilds byte for byte.
import type { PickAction } from '../../sim/pick/features.js';
import { TOTE_INNER_X, TOTE_INNER_Y } from '../../sim/pick/layout.js';
import { BELLOWS } from '../../sim/pick/scene.js';
import { GRAVITY_MPS2, holdingForceN, MIN_SEAL_QUALITY, sealQuality } from '../../sim/pick/suction.js';

export interface TrueItem {
  readonly shape: 'box' | 'cylinder';
  readonly halfX: number;
  readonly halfY: number;
  /** Depth of the centre of mass below the top face (m). */
  readonly comDepthM: number;
  readonly massKg: number;
  readonly porosity: number;
  readonly fragile: boolean;
  readonly forceLimitN: number;
  /** True minus estimated face centre, in the tote frame (m). */
  readonly centreErrorX: number;
  readonly centreErrorY: number;
}

export interface CellLimits {
  readonly vacuumKpa: number;
  readonly cupDiameterM: number;
  readonly maxAccelMps2: number;
  readonly maxSpeedMps: number;
}

/**
 * Holding force over the largest planned seal load. Covers the measured dynamic overshoot of a
 * held item over the static load model (≈ 1.1 in the cell) and master-data mass errors of ~15%.
 */
export const HOLD_SAFETY_FACTOR = 1.3;
/** Crush rating over the largest contact force of the bellows model. */
export const CONTACT_SAFETY_FACTOR = 1.3;
/**
 * Observations flag fragility, never an item's crush rating, so a fragile label must hold for
 * the weakest fragile item the model may meet: the lowest rating of the fragile class (N).
 */
export const FRAGILE_DESIGN_LIMIT_N = 8;
/** Contact rating of sturdy items (N): the cell's contact-force limit. */
export const STURDY_CONTACT_LIMIT_N = 40;
/** Above this the 7 cm approach stroke is acceleration-limited: a faster command gains no time. */
export const APPROACH_MAX_MPS = 0.5;
export const APPROACH_MIN_MPS = 0.02;
/** Slowest transfer the labels use; an item that needs less is not carried. */
export const TRANSFER_MIN_ACCEL_MPS2 = 0.3;
/**
 * Largest half-extent (m) an item may have to fit every destination slot: the cell places items
 * on a 3 × 2 grid with pitches TOTE_INNER_X / 3.5 and TOTE_INNER_Y / 2.5 (sim/pick), so the
 * outer slots leave this much room from slot centre to tote wall. A larger item lands on the
 * rim and can fall off the tote: it is not carriable, however well the seal holds.
 */
export const PLACEABLE_HALF_EXTENT_M = Math.min(
  TOTE_INNER_X / 2 - TOTE_INNER_X / 3.5,
  TOTE_INNER_Y / 2 - (0.5 * TOTE_INNER_Y) / 2.5,
);
/** Bellows compression at which the cell registers contact and brakes (sim/pick cell, 2 mm). */
const CONTACT_COMPRESSION_M = 0.002;
/** The cell's physics step (s): contact is seen one step late. */
const STEP_S = 1 / 240;

export const ACTION_BOUNDS: Readonly<Record<keyof PickAction, { min: number; max: number }>> = {
  'grasp.dx': { min: -0.05, max: 0.05 },
  'grasp.dy': { min: -0.05, max: 0.05 },
  'approach.speed_mps': { min: 0.01, max: 1 },
  'transfer.speed_mps': { min: 0.05, max: 3 },
  'transfer.accel_mps2': { min: 0.2, max: 40 },
  confidence: { min: 0, max: 1 },
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * Peak contact force (N) of the bellows cup approaching at v until the carriage, braking at
 * `brakeMps2` once contact is registered, stops: cup weight + spring force at the deepest
 * compression (trigger + one step late + braking distance) + the critical damping force at v.
 * Conservative: the simulated peak is below it at every speed (≈ 10 N at 0.3 m/s vs 13 N).
 */
export function bellowsContactForceN(v: number, brakeMps2: number): number {
  const k = BELLOWS.stiffnessNpm;
  const damping = 2 * Math.sqrt(k * BELLOWS.cupMassKg);
  const compression = CONTACT_COMPRESSION_M + v * STEP_S + (v * v) / (2 * brakeMps2);
  return BELLOWS.cupMassKg * GRAVITY_MPS2 + k * compression + damping * v;
}

/** The fastest approach whose contact force stays at or under `forceN` (0 when none does). */
export function approachSpeedFor(forceN: number, brakeMps2: number): number {
  if (bellowsContactForceN(0, brakeMps2) > forceN) return 0;
  let [lo, hi] = [0, ACTION_BOUNDS['approach.speed_mps'].max];
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (bellowsContactForceN(mid, brakeMps2) <= forceN) lo = mid;
    else hi = mid;
  }
  return lo;
}

export interface HoldBudget {
  /** Seal quality at the residual offset of the labelled grasp. */
  readonly seal: number;
  readonly holdingN: number;
  /** Largest transfer acceleration whose vertical and peel loads stay inside the budget. */
  readonly spareAccelMps2: number;
}

/**
 * The hold of a grasp `offX, offY` from the true face centre. Lift and lowering load the seal
 * axially, m(g + a)(1 + e/r); the horizontal transfer adds peel, m·g(1 + e/r) + m·a·d/r
 * (e: grasp offset, d: depth of the centre of mass, r: cup radius). The moves run one after
 * another, so the larger of the two must stay under holding / HOLD_SAFETY_FACTOR.
 */
export function holdBudget(item: TrueItem, cell: CellLimits, offX: number, offY: number): HoldBudget {
  const r = cell.cupDiameterM / 2;
  const seal = sealQuality({
    offsetX: offX,
    offsetY: offY,
    face: item.shape === 'cylinder' ? 'disk' : 'rect',
    faceHalfX: item.halfX,
    faceHalfY: item.halfY,
    cupRadiusM: r,
    tiltRad: 0,
    porosity: item.porosity,
  });
  const holdingN = holdingForceN(cell.vacuumKpa, cell.cupDiameterM, seal);
  const budget = holdingN / HOLD_SAFETY_FACTOR;
  const m = item.massKg;
  const lever = 1 + Math.hypot(offX, offY) / r;
  const vertical = budget / (m * lever) - GRAVITY_MPS2;
  const lateral = ((budget - m * GRAVITY_MPS2 * lever) * r) / (m * Math.max(item.comDepthM, 1e-3));
  return {
    seal,
    holdingN,
    spareAccelMps2: Math.min(vertical, lateral),
  };
}

/**
 * What the policy cannot observe about one labelled row, drawn again from what its observation
 * allows: the surface porosity, and where the true face centre lies relative to the estimated
 * one the cup lands on. A draw replaces the row's truth where it names a value.
 */
export type HiddenDraw = Partial<Pick<TrueItem, 'porosity' | 'centreErrorX' | 'centreErrorY'>>;

/**
 * Share of the hidden draws a labelled acceleration may fail to fit (before the safety
 * factor): the label's acceleration is this low quantile of the spare accelerations of the
 * draws that hold. A policy that cannot see porosity trades speed on sealed items against drops
 * of porous ones: at 0.05 every item was carried as if it might be the most porous one it can
 * hold at all, and light sealed items (most of a warehouse) took 3-8% longer per pick than with
 * the production model; at 0.15 they move as fast as the gantry allows, while a porous item is
 * still carried gently enough to be held in all but the leakiest draws.
 */
export const HIDDEN_QUANTILE = 0.15;

/**
 * The fastest physically safe grasp action for `item` in a cell with `cell` limits. A model
 * sees the same observation whatever the hidden properties are, so the label must be right for
 * them all: the hold is evaluated for the true item and every `hidden` draw; confidence is the
 * share of them a hold is feasible for, and the transfer fits all but HIDDEN_QUANTILE of those.
 * The grasp aims at the estimated face centre (no offset): where the true centre lies is what
 * the camera got wrong, which the observation does not tell; each case holds at its own error.
 */
export function teacherAction(
  item: TrueItem,
  cell: CellLimits,
  hidden: readonly HiddenDraw[] = [],
): PickAction {
  const cases = [item, ...hidden.map((h): TrueItem => ({ ...item, ...h }))];
  const spares: number[] = [];
  for (const c of cases) {
    const hold = holdBudget(c, cell, c.centreErrorX, c.centreErrorY);
    if (hold.seal >= MIN_SEAL_QUALITY && hold.spareAccelMps2 >= TRANSFER_MIN_ACCEL_MPS2)
      spares.push(hold.spareAccelMps2);
  }
  spares.sort((a, b) => a - b);
  const quantile = (q: number) => (spares.length > 0 ? spares[Math.floor(q * (spares.length - 1))] : 0);
  const spare = quantile(HIDDEN_QUANTILE);
  // Fragile and sturdy items alike: the fastest approach under the crush rating with margin.
  const crushLimit = item.fragile
    ? Math.min(item.forceLimitN, FRAGILE_DESIGN_LIMIT_N)
    : STURDY_CONTACT_LIMIT_N;
  const approach = approachSpeedFor(crushLimit / CONTACT_SAFETY_FACTOR, cell.maxAccelMps2);
  const placeable = Math.max(item.halfX, item.halfY) <= PLACEABLE_HALF_EXTENT_M;
  const feasible = approach >= APPROACH_MIN_MPS && placeable ? spares.length / cases.length : 0;
  return {
    'grasp.dx': 0,
    'grasp.dy': 0,
    'approach.speed_mps': clamp(approach, APPROACH_MIN_MPS, APPROACH_MAX_MPS),
    // The seal load comes from acceleration only: cruise at the gantry's limit (the cell's safety
    // controller lowers it near people).
    'transfer.speed_mps': cell.maxSpeedMps,
    'transfer.accel_mps2': clamp(spare, TRANSFER_MIN_ACCEL_MPS2, cell.maxAccelMps2),
    confidence: 0.05 + 0.9 * feasible,
  };
}

/** Approach speeds of the production model's labels (m/s). */
const LEGACY_APPROACH_MPS = 0.3;
const LEGACY_APPROACH_FRAGILE_MPS = 0.04;

/**
 * The production model's labels (pick-v1): axial and peel loads summed, a fixed slow approach
 * for fragile items, transfer speed from acceleration only. Kept so pick-v1 rebuilds unchanged.
 */
export function legacyTeacherAction(item: TrueItem, cell: CellLimits): PickAction {
  const cupR = cell.cupDiameterM / 2;
  const seal = sealQuality({
    offsetX: 0,
    offsetY: 0,
    face: item.shape === 'cylinder' ? 'disk' : 'rect',
    faceHalfX: item.halfX,
    faceHalfY: item.halfY,
    cupRadiusM: cupR,
    tiltRad: 0,
    porosity: item.porosity,
  });
  const holding = holdingForceN(cell.vacuumKpa, cell.cupDiameterM, seal);
  const m = item.massKg;
  const spare = holding / HOLD_SAFETY_FACTOR - m * GRAVITY_MPS2;
  const safeAccel = spare / (m * (1 + item.comDepthM / cupR));
  const accel = clamp(safeAccel, 0.3, cell.maxAccelMps2);
  const carriable = seal >= MIN_SEAL_QUALITY && safeAccel >= 0.3;
  return {
    'grasp.dx': clamp(item.centreErrorX, -0.04, 0.04),
    'grasp.dy': clamp(item.centreErrorY, -0.04, 0.04),
    'approach.speed_mps': item.fragile ? LEGACY_APPROACH_FRAGILE_MPS : LEGACY_APPROACH_MPS,
    'transfer.speed_mps': clamp(Math.sqrt(accel * 0.25), 0.3, cell.maxSpeedMps),
    'transfer.accel_mps2': accel,
    confidence: carriable ? clamp(0.55 + 0.4 * Math.min(1, safeAccel / 4), 0, 0.95) : 0.1,
  };
}
