// The scripted reference grasp policy: grasp the estimated top-face centre, approach gently
// (slower still for fragile items), and choose transfer acceleration so the nominal seal
// holds the estimated mass with margin, including the peel moment of tall items.
import type { PickAction, PickDecision, PickObservation } from '../../sim/pick/features.js';
import { GRAVITY_MPS2, holdingForceN } from '../../sim/pick/suction.js';
import type { PickPolicy } from '../policy.js';

/** What the policy assumes about the cell it does not observe. */
export const REFERENCE_PICK_ASSUMPTIONS = {
  cupDiameterM: 0.035,
  seal: 0.8,
  /** Margin on the estimated mass (master data is off by a few percent). */
  massMargin: 1.25,
  safetyFactor: 1.3,
  minAccelMps2: 0.5,
  maxAccelMps2: 12,
  maxSpeedMps: 1.5,
  fragileApproachMps: 0.08,
  approachMps: 0.2,
} as const;

export function referencePickAction(obs: PickObservation): PickAction {
  const f = obs.features;
  const a = REFERENCE_PICK_ASSUMPTIONS;
  const mass = Math.max(0.01, f['item.est_mass_kg']) * a.massMargin;
  const capacity = holdingForceN(f['gripper.vacuum_kpa'], a.cupDiameterM, a.seal) / a.safetyFactor;
  const lever = 1 + f['item.est_size_z'] / 2 / (a.cupDiameterM / 2);
  const accel = (capacity / mass - GRAVITY_MPS2) / lever;
  const fragile = f['item.fragile'] >= 0.5;
  return {
    'grasp.dx': 0,
    'grasp.dy': 0,
    'approach.speed_mps': fragile ? a.fragileApproachMps : a.approachMps,
    'transfer.speed_mps': fragile ? a.maxSpeedMps * 0.7 : a.maxSpeedMps,
    'transfer.accel_mps2': Math.min(a.maxAccelMps2, Math.max(a.minAccelMps2, accel)),
    // Too heavy for the seal even when moved slowly: leave it to a person.
    confidence: accel < a.minAccelMps2 ? 0.1 : 0.9,
  };
}

export const referencePickPolicy: PickPolicy = {
  task: 'pick',
  id: 'reference',
  async decide(observations): Promise<readonly PickDecision[]> {
    return observations.map((obs) => ({ ok: true, action: referencePickAction(obs) }));
  },
};
