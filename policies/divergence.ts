// How differently two pick policies act on the same observation: the largest difference over the
// action features, each as a share of its physical range. A differential safety search asks the
// production model for its action on every observation the candidate gets: where the two act
// alike throughout an episode, the candidate's episode is the production model's, so any
// violation in it is shared, not the candidate's own. The search climbs toward where they differ.
import type { PickDecision } from '../sim/pick/features.js';
import { PICK_ACTION_FEATURES } from '../sim/pick/features.js';
import { PICK_PARAMS } from '../sim/pick/params.js';

function paramMax(name: string): number {
  const spec = PICK_PARAMS.find((p) => p.name === name);
  if (spec?.kind !== 'number') throw new Error(`pick parameter ${name} is not a number`);
  return spec.max;
}

/**
 * The scale of each action's difference: speeds and accelerations up to the gantry's largest
 * settable limit, a confidence as a fraction, and a grasp offset against the largest cup (an
 * offset of a whole cup diameter moves the seal off the spot either model chose).
 */
const SCALES: Readonly<Record<(typeof PICK_ACTION_FEATURES)[number], number>> = {
  'grasp.dx': paramMax('gripper.cup_diameter_m'),
  'grasp.dy': paramMax('gripper.cup_diameter_m'),
  'approach.speed_mps': paramMax('gripper.max_speed_mps'),
  'transfer.speed_mps': paramMax('gripper.max_speed_mps'),
  'transfer.accel_mps2': paramMax('gripper.max_accel_mps2'),
  confidence: 1,
};

/**
 * 0 for the same action (or two refusals), 1 when one acts and the other's output was refused
 * (non-finite, out of bounds, late), else the largest |a − b| / scale over the action features.
 */
export function pickDivergence(a: PickDecision, b: PickDecision): number {
  if (!a.ok || !b.ok) return a.ok === b.ok ? 0 : 1;
  let d = 0;
  for (const f of PICK_ACTION_FEATURES) {
    const x = Math.abs(a.action[f] - b.action[f]) / SCALES[f];
    // A NaN difference cannot come from two accepted actions; count it as the largest anyway.
    d = Math.max(d, Number.isNaN(x) ? 1 : x);
  }
  return d;
}
