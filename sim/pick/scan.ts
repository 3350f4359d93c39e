// One look into the source tote: which item the cell offers the policy next (the topmost
// detection, or in order picking the first requested item the camera detects, which may lie
// partly under others), what the gantry must clear between the totes (pile.ts), and the
// observation the item is offered with (docs/pick-features.md, plus the heightmap when the
// scenario renders one).
import type { PickObservation } from './features.js';
import type { ItemRuntime } from './cell-log.js';
import type { Rng } from '../rng.js';
import { destinationTopZ, sourceObstacleTopZ } from './pile.js';
import { HEIGHTMAP_SIZE, type Detection, type OverheadCamera } from './sensors.js';

export type ScanOutcome =
  /** Nothing left to pick, and nothing still moving that could come back. */
  | { readonly kind: 'empty' }
  /** Nothing left to pick right now, but items are still held or falling. */
  | { readonly kind: 'settling' }
  /** Candidates are there, the camera found none this frame. */
  | { readonly kind: 'unseen'; readonly candidates: readonly ItemRuntime[] }
  | {
      readonly kind: 'found';
      readonly item: ItemRuntime;
      readonly detection: Detection;
      /** How many candidates the frame detected. */
      readonly detected: number;
      /** World z of the highest obstacle in either tote besides the found item. */
      readonly obstacleTopZ: number;
    };

/** Item indices 0..count-1 in the order an order-picking cell requests them (seeded shuffle). */
export function requestOrder(count: number, rng: Rng): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * The next item to offer: the topmost detection, or with `requested` (item indices in request
 * order) the earliest requested item the camera detects, however much of it is hidden.
 */
export function scanSourceTote(
  items: readonly ItemRuntime[],
  camera: OverheadCamera,
  requested?: readonly number[],
): ScanOutcome {
  const candidates = items.filter((it) => it.state === 'source');
  if (candidates.length === 0) {
    return items.some((it) => it.state === 'falling' || it.state === 'held')
      ? { kind: 'settling' }
      : { kind: 'empty' };
  }
  const detections = camera.detect(candidates);
  if (requested) {
    const rank = new Map(requested.map((item, i) => [item, i]));
    detections.sort((a, b) => (rank.get(a.item) ?? 0) - (rank.get(b.item) ?? 0));
  } else detections.sort((a, b) => b.z - a.z || a.item - b.item);
  const found = detections[0];
  if (!found) return { kind: 'unseen', candidates };
  return {
    kind: 'found',
    item: items[found.item],
    detection: found,
    detected: detections.length,
    obstacleTopZ: Math.max(sourceObstacleTopZ(camera, found), destinationTopZ(camera)),
  };
}

export interface ObservationInputs {
  readonly vacuumKpa: number;
  /** Diameter of the cup fitted to the gripper (m). */
  readonly cupDiameterM: number;
  /** Safety scanner distance to the nearest person (m). */
  readonly humanDistanceM: number;
  /** The frame's depth image, offered as the heightmap feature (camera.heightmap = 1). */
  readonly heightmap?: Float32Array;
}

export function pickObservation(
  item: ItemRuntime,
  found: Detection,
  inputs: ObservationInputs,
): PickObservation {
  const features = {
    'item.est_x': found.x,
    'item.est_y': found.y,
    'item.est_z': found.z,
    'item.est_yaw': found.yaw,
    'item.est_size_x': found.sizeX,
    'item.est_size_y': found.sizeY,
    'item.est_size_z': found.sizeZ,
    'item.est_mass_kg': item.spec.catalogMassKg,
    'item.fragile': item.spec.fragile ? 1 : 0,
    'item.visible_fraction': found.visibleFraction,
    'gripper.vacuum_kpa': inputs.vacuumKpa,
    'gripper.cup_diameter_m': inputs.cupDiameterM,
    'human.distance_m': inputs.humanDistanceM,
  };
  return inputs.heightmap
    ? {
        features,
        heightmap: { height: HEIGHTMAP_SIZE, width: HEIGHTMAP_SIZE, data: inputs.heightmap },
      }
    : { features };
}
