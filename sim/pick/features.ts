// The pick feature vocabulary (DESIGN.md "Pick features"): what a grasp policy observes and
// what it must answer. The cell offers every observation feature to every policy; a model card
// binds tensor positions to the names it uses, any subset of them (docs/pick-features.md).

export const PICK_OBSERVATION_FEATURES = [
  'item.est_x',
  'item.est_y',
  'item.est_z',
  'item.est_yaw',
  'item.est_size_x',
  'item.est_size_y',
  'item.est_size_z',
  'item.est_mass_kg',
  'item.fragile',
  'item.visible_fraction',
  'gripper.vacuum_kpa',
  /** The cell's suction cup diameter (m): the cup fitted for the shift, as commissioned. */
  'gripper.cup_diameter_m',
  'human.distance_m',
] as const;

export const PICK_IMAGE_FEATURES = ['camera.heightmap'] as const;

export const PICK_ACTION_FEATURES = [
  'grasp.dx',
  'grasp.dy',
  'approach.speed_mps',
  'transfer.speed_mps',
  'transfer.accel_mps2',
  'confidence',
] as const;

export type PickObservationName = (typeof PICK_OBSERVATION_FEATURES)[number];
export type PickActionName = (typeof PICK_ACTION_FEATURES)[number];

/** One grasp decision request: scalar features, plus the heightmap when the scenario renders it. */
export interface PickObservation {
  readonly features: Readonly<Record<PickObservationName, number>>;
  /** Row-major H×W depth image in metres below the camera, when camera.heightmap = 1. */
  readonly heightmap?: { readonly height: number; readonly width: number; readonly data: Float32Array };
}

export type PickAction = Readonly<Record<PickActionName, number>>;

/**
 * A policy's answer for one observation. A guarded model output that is non-finite, out of
 * its declared bounds or late is not an action: it is a violation the cell records, and the
 * cell then takes its safe fallback (no pick).
 */
export type PickDecision =
  | { readonly ok: true; readonly action: PickAction }
  | {
      readonly ok: false;
      readonly invariant: 'finite_actions' | 'action_bounds' | 'model_timeout';
      readonly message: string;
    };

/**
 * Asks a policy for a whole lockstep batch of observations in one call; `lanes` says which
 * episode of the batch (its index in the batch) each observation comes from, when the caller
 * runs several.
 */
export type DecideBatch = (
  observations: readonly PickObservation[],
  lanes?: readonly number[],
) => Promise<readonly PickDecision[]>;
