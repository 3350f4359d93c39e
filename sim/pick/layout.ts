// Fixed geometry of the picking cell (metres, z up): two totes on stands, the walkway beside
// the cell, gantry heights. The tote frame of observations has its origin at the centre of
// the source tote's inner floor.

export interface Tote {
  readonly name: 'source' | 'destination';
  readonly cx: number;
  readonly cy: number;
}

export const STAND_TOP_Z = 0.75;
export const TOTE_BASE_M = 0.02;
export const TOTE_WALL_M = 0.02;
export const TOTE_INNER_X = 0.6;
export const TOTE_INNER_Y = 0.4;
export const TOTE_INNER_H = 0.2;
export const TOTE_FLOOR_Z = STAND_TOP_Z + TOTE_BASE_M;
export const TOTE_RIM_Z = TOTE_FLOOR_Z + TOTE_INNER_H;

export const SOURCE: Tote = { name: 'source', cx: 0, cy: 0 };
export const DESTINATION: Tote = { name: 'destination', cx: 0.9, cy: 0 };

/** The walkway: a strip beside the cell, people cross it along x. */
export const WALKWAY = { yMin: -1.15, yMax: -0.55, pathY: -0.85, xStart: -3, xEnd: 4 } as const;

/** Overhead camera height (ray origin) and the gantry's parking pose. */
export const CAMERA_Z = 2.2;
export const HOME = { x: 0.45, y: 0, z: TOTE_RIM_Z + 0.25, yaw: 0 } as const;

/** Clearance kept between a carried item's underside and the tote rims (or the pile) while travelling. */
export const TRAVEL_CLEARANCE_M = 0.06;

/** Top of the carriage's Z travel: a 0.8 m stroke above the source tote's floor. */
export const GANTRY_Z_MAX = TOTE_FLOOR_Z + 0.8;

export type RestLocation = 'source' | 'destination' | 'floor' | 'walkway';

export function insideTote(tote: Tote, x: number, y: number, margin = 0): boolean {
  return (
    Math.abs(x - tote.cx) <= TOTE_INNER_X / 2 + margin && Math.abs(y - tote.cy) <= TOTE_INNER_Y / 2 + margin
  );
}

/** Where a body at rest at (x, y, z) lies. Anything not in a tote is hazardous. */
export function classifyRest(x: number, y: number, z: number): RestLocation {
  if (z > STAND_TOP_Z - 0.05) {
    if (insideTote(SOURCE, x, y)) return 'source';
    if (insideTote(DESTINATION, x, y)) return 'destination';
  }
  return y >= WALKWAY.yMin && y <= WALKWAY.yMax ? 'walkway' : 'floor';
}

export function isHazardous(location: RestLocation): boolean {
  return location === 'floor' || location === 'walkway';
}
