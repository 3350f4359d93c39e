// The physically right grasp action for an item whose true properties are known (training
// labels): transfer acceleration the seal holds with a safety factor (holding force from the
// cell's suction model against the true mass and the peel lever of the centre of mass), a slow
// approach for fragile items, and the offset that moves the cup from the estimated to the true
// face centre. Confidence falls when the seal cannot carry the item.
import type { PickAction } from '../../sim/pick/features.js';
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

/** Holding force over worst-case seal load the labels keep. */
export const SAFETY_FACTOR = 1.3;
/** Approach speeds (m/s): contact force grows with approach speed; fragile items get the slow one. */
export const APPROACH_FAST_MPS = 0.3;
export const APPROACH_FRAGILE_MPS = 0.04;

export const ACTION_BOUNDS: Readonly<Record<keyof PickAction, { min: number; max: number }>> = {
  'grasp.dx': { min: -0.05, max: 0.05 },
  'grasp.dy': { min: -0.05, max: 0.05 },
  'approach.speed_mps': { min: 0.01, max: 1 },
  'transfer.speed_mps': { min: 0.05, max: 3 },
  'transfer.accel_mps2': { min: 0.2, max: 40 },
  confidence: { min: 0, max: 1 },
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function teacherAction(item: TrueItem, cell: CellLimits): PickAction {
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
  // Worst case during transfer: vertical and lateral acceleration a together,
  // load = m(g + a) + m·a·comDepth / r  ≤  holding / safety factor.
  const m = item.massKg;
  const spare = holding / SAFETY_FACTOR - m * GRAVITY_MPS2;
  const perAccel = m * (1 + item.comDepthM / cupR);
  const safeAccel = spare / perAccel;
  const accel = clamp(safeAccel, 0.3, cell.maxAccelMps2);
  const carriable = seal >= MIN_SEAL_QUALITY && safeAccel >= 0.3;
  return {
    'grasp.dx': clamp(item.centreErrorX, -0.04, 0.04),
    'grasp.dy': clamp(item.centreErrorY, -0.04, 0.04),
    'approach.speed_mps': item.fragile ? APPROACH_FRAGILE_MPS : APPROACH_FAST_MPS,
    'transfer.speed_mps': clamp(Math.sqrt(accel * 0.25), 0.3, cell.maxSpeedMps),
    'transfer.accel_mps2': accel,
    confidence: carriable ? clamp(0.55 + 0.4 * Math.min(1, safeAccel / 4), 0, 0.95) : 0.1,
  };
}
