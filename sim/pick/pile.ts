// What the gantry must clear between the totes, from the overhead camera's depth images. In
// the source tote (the image taken with the detection): the highest point of the pile once the
// item about to be picked is masked out (it leaves with the cup); whatever lies under that item
// is no higher than its estimated underside, so the mask counts as that height rather than as
// empty. In the destination tote: the highest point of what has been placed so far.
import { CAMERA_Z, DESTINATION, SOURCE, TOTE_FLOOR_Z } from './layout.js';
import { type Detection, HEIGHTMAP_SIZE, heightmapCellXY, type OverheadCamera } from './sensors.js';

/** Added around the picked item's top face when masking it out of the depth image. */
const MASK_MARGIN_M = 0.01;

/** World z of the highest obstacle in the source tote besides `picked`, from a depth image. */
export function sourceObstacleTopZ(depth: Float32Array, picked: Detection): number {
  const n = HEIGHTMAP_SIZE;
  const cos = Math.cos(picked.yaw);
  const sin = Math.sin(picked.yaw);
  const halfU = picked.sizeX / 2 + MASK_MARGIN_M;
  const halfV = picked.sizeY / 2 + MASK_MARGIN_M;
  let top = TOTE_FLOOR_Z + picked.z - picked.sizeZ;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const cell = heightmapCellXY(r, c);
      const dx = cell.x - SOURCE.cx - picked.x;
      const dy = cell.y - SOURCE.cy - picked.y;
      const onPicked = Math.abs(dx * cos + dy * sin) <= halfU && Math.abs(dy * cos - dx * sin) <= halfV;
      if (!onPicked) top = Math.max(top, CAMERA_Z - depth[r * n + c]);
    }
  }
  return top;
}

/** World z of the highest point in the destination tote (its floor when empty). */
export function destinationTopZ(camera: OverheadCamera): number {
  let deepest = Number.POSITIVE_INFINITY;
  for (const depth of camera.heightmap(DESTINATION)) deepest = Math.min(deepest, depth);
  return CAMERA_Z - deepest;
}
