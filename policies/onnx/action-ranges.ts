// The physical range of each pick action, taken from the simulator parameter that limits it:
// the cell clamps approach and transfer speeds to the gantry's speed limit and accelerations to
// its acceleration limit, whose largest settable values the parameter registry publishes
// (`simgate params`), and a confidence is a fraction like the cell's threshold. A card's
// action_bounds must lie inside these ranges. An action without a published range (the grasp
// offsets) has none here: its bounds need only be finite and ordered.
import type { NumberParamSpec } from '../../sim/params.js';
import { PICK_PARAMS } from '../../sim/pick/params.js';

export interface PhysicalRange {
  readonly min: number;
  readonly max: number;
  readonly unit: string;
  /** Where the range comes from, for messages. */
  readonly from: string;
}

function numberParam(name: string): NumberParamSpec | undefined {
  const spec = PICK_PARAMS.find((p) => p.name === name);
  return spec?.kind === 'number' ? spec : undefined;
}

/** A magnitude from 0 to the largest value a scenario may give the limiting parameter. */
function upToLimit(param: string): PhysicalRange | undefined {
  const spec = numberParam(param);
  return spec && { min: 0, max: spec.max, unit: spec.unit, from: `0 to the largest ${param}` };
}

function sameAs(param: string): PhysicalRange | undefined {
  const spec = numberParam(param);
  return spec && { min: spec.min, max: spec.max, unit: spec.unit, from: `the range of ${param}` };
}

const PICK_ACTION_RANGES: Readonly<Record<string, PhysicalRange | undefined>> = {
  'approach.speed_mps': upToLimit('gripper.max_speed_mps'),
  'transfer.speed_mps': upToLimit('gripper.max_speed_mps'),
  'transfer.accel_mps2': upToLimit('gripper.max_accel_mps2'),
  confidence: sameAs('cell.confidence_threshold'),
};

/** The physical range of an action feature of `task`, when the simulator publishes one. */
export function actionRange(task: string, feature: string): PhysicalRange | undefined {
  return task === 'pick' && Object.hasOwn(PICK_ACTION_RANGES, feature)
    ? PICK_ACTION_RANGES[feature]
    : undefined;
}
