// Where the gantry goes in a pick: carriage heights for travelling empty or loaded (clear of
// the rims and of a pile standing above them), the approach and search depths over an item's
// estimated top face, and the place slots in the destination tote (six, filled in turn). Pure
// geometry over the layout.
import type { PickAction } from './features.js';
import { SuctionGantry } from './gantry.js';
import {
  DESTINATION,
  GANTRY_Z_MAX,
  SOURCE,
  TOTE_FLOOR_Z,
  TOTE_INNER_X,
  TOTE_INNER_Y,
  TOTE_RIM_Z,
  TRAVEL_CLEARANCE_M,
} from './layout.js';
import type { Pose } from './motion.js';
import type { Detection } from './sensors.js';

/** Clearance of the empty cup over its target's top face and over obstacles. */
const EMPTY_CLEARANCE_M = 0.05;
/** Cup height over the estimated top face where the slow approach starts. */
const APPROACH_CLEARANCE_M = 0.03;
/** How far below the estimated top face the approach searches for contact. */
const SEARCH_DEPTH_M = 0.04;
const PLACE_SLOTS = 6;
/** Gap left under a held item when it is set down (it drops this far on release). */
const PLACE_GAP_M = 0.02;

/**
 * Carriage height for travelling empty over the totes towards a face at `targetTop`, the cup
 * clear of the rims and of the highest obstacle in either tote (`obstacleTopZ`, world z).
 */
export function emptyTravelZ(targetTop: number, obstacleTopZ: number): number {
  const face = Math.max(TOTE_RIM_Z + 0.08, targetTop + EMPTY_CLEARANCE_M, obstacleTopZ + EMPTY_CLEARANCE_M);
  return Math.min(GANTRY_Z_MAX, SuctionGantry.carriageZForFace(face));
}

/**
 * Carriage height that carries an item of `heldHeightM` clear of the tote rims and of the
 * highest obstacle the camera saw in either tote (`obstacleTopZ`, world z), within the gantry's
 * Z travel.
 */
export function loadedTravelZ(heldHeightM: number, obstacleTopZ: number): number {
  const clear = Math.max(TOTE_RIM_Z, obstacleTopZ) + TRAVEL_CLEARANCE_M + heldHeightM;
  return Math.min(GANTRY_Z_MAX, SuctionGantry.carriageZForFace(clear));
}

/** World z of the estimated top face of a detection. */
export function estimatedTopZ(detection: Detection): number {
  return TOTE_FLOOR_Z + detection.z;
}

/** Above the grasp point, at empty travel height, cup turned to the item's yaw. */
export function overItemPose(detection: Detection, action: PickAction, obstacleTopZ: number): Pose {
  return {
    x: SOURCE.cx + detection.x + action['grasp.dx'],
    y: SOURCE.cy + detection.y + action['grasp.dy'],
    z: emptyTravelZ(estimatedTopZ(detection), obstacleTopZ),
    yaw: wrapHalfTurn(detection.yaw),
  };
}

/** Carriage z where the fast descent ends and the approach begins. */
export function approachStartZ(topZ: number): number {
  return SuctionGantry.carriageZForFace(topZ + APPROACH_CLEARANCE_M);
}

/** Carriage z the approach aims for: past the face, so contact stops it first. */
export function searchEndZ(topZ: number): number {
  return SuctionGantry.carriageZForFace(topZ - SEARCH_DEPTH_M);
}

/** The destination slot for the `placed`-th item, at carriage height z. */
export function placeSlotPose(placed: number, z: number): Pose {
  const slot = placed % PLACE_SLOTS;
  const x = DESTINATION.cx + ((slot % 3) - 1) * (TOTE_INNER_X / 3.5);
  const y = DESTINATION.cy + (Math.floor(slot / 3) - 0.5) * (TOTE_INNER_Y / 2.5);
  return { x, y, z, yaw: 0 };
}

/** Carriage z that sets a held item of `heldHeightM` down just above the surface at `surfaceZ`. */
export function placeZ(surfaceZ: number, heldHeightM: number): number {
  return SuctionGantry.carriageZForFace(surfaceZ + heldHeightM + PLACE_GAP_M);
}

/** A suction cup is symmetric under half turns: the shortest equivalent yaw. */
function wrapHalfTurn(yaw: number): number {
  let y = yaw;
  while (y > Math.PI / 2) y -= Math.PI;
  while (y <= -Math.PI / 2) y += Math.PI;
  return y;
}
