// What the gantry must clear between the totes, from the overhead camera's depth images (only
// their shallowest points are needed: OverheadCamera.shallowestDepth). In the source tote: the highest point of the pile once the
// item about to be picked is masked out (it leaves with the cup); whatever lies under that item
// is no higher than its estimated underside, so the mask counts as that height rather than as
// empty. In the destination tote: the highest point of what has been placed so far.
import { CAMERA_Z, DESTINATION, SOURCE, TOTE_FLOOR_Z } from './layout.js';
import type { Detection, OverheadCamera } from './sensors.js';

/** Added around the picked item's top face when masking it out of the depth image. */
const MASK_MARGIN_M = 0.01;

/** World z of the highest obstacle in the source tote besides `picked`, from a depth image. */
export function sourceObstacleTopZ(camera: OverheadCamera, picked: Detection): number {
  const cos = Math.cos(picked.yaw);
  const sin = Math.sin(picked.yaw);
  const halfU = picked.sizeX / 2 + MASK_MARGIN_M;
  const halfV = picked.sizeY / 2 + MASK_MARGIN_M;
  const onPicked = (x: number, y: number) => {
    const dx = x - SOURCE.cx - picked.x;
    const dy = y - SOURCE.cy - picked.y;
    return Math.abs(dx * cos + dy * sin) <= halfU && Math.abs(dy * cos - dx * sin) <= halfV;
  };
  const underside = TOTE_FLOOR_Z + picked.z - picked.sizeZ;
  return Math.max(underside, CAMERA_Z - camera.shallowestDepth(SOURCE, onPicked));
}

/** World z of the highest point in the destination tote (its floor when empty). */
export function destinationTopZ(camera: OverheadCamera): number {
  return CAMERA_Z - camera.shallowestDepth(DESTINATION);
}
