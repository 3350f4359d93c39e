// People on the walkway and the safety scanner. Crossings follow a fixed schedule (first at
// people.first_s, then every 3600 / people.rate_per_h seconds, alternating direction); the
// scanner reports the nearest person's distance. What the cell does about it is safety.ts.
import { WALKWAY } from './layout.js';

export const SCANNER_MAX_M = 10;

export interface PeopleSchedule {
  readonly ratePerH: number;
  readonly firstS: number;
  readonly speedMps: number;
}

/** x positions of everyone on the walkway at time t. */
export function peopleAt(s: PeopleSchedule, t: number): number[] {
  if (s.ratePerH <= 0 || t < s.firstS) return [];
  const period = 3600 / s.ratePerH;
  const span = WALKWAY.xEnd - WALKWAY.xStart;
  const duration = span / s.speedMps;
  const out: number[] = [];
  const last = Math.floor((t - s.firstS) / period);
  for (let k = Math.max(0, Math.ceil((t - s.firstS - duration) / period)); k <= last; k++) {
    const walked = (t - (s.firstS + k * period)) * s.speedMps;
    if (walked < 0 || walked > span) continue;
    out.push(k % 2 === 0 ? WALKWAY.xStart + walked : WALKWAY.xEnd - walked);
  }
  return out;
}

/** Distance (m) from the nearest person to the gantry at (x, y), capped at the scanner range. */
export function nearestPersonM(s: PeopleSchedule, t: number, x: number, y: number): number {
  let best = SCANNER_MAX_M;
  for (const px of peopleAt(s, t)) best = Math.min(best, Math.hypot(px - x, WALKWAY.pathY - y));
  return best;
}
