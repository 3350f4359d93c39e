// People on the walkway and the cell's speed-and-separation monitoring. Crossings follow a
// fixed schedule (first at people.first_s, then every 3600 / people.rate_per_h seconds,
// alternating direction); the safety scanner reports the nearest person's distance.
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

export interface SafetyLimits {
  readonly slowZoneM: number;
  readonly stopZoneM: number;
  readonly reducedSpeedMps: number;
  /** Worst-case walking speed, for the separation margin. */
  readonly personSpeedMps: number;
  readonly brakeAccelMps2: number;
}

export type SafetyMode = 'free' | 'reduced' | 'stop';

/** Extra distance a person must clear before a protective stop is released. */
export const RESUME_MARGIN_M = 0.3;

/** Speeds are held a little under the collaborative limit, as commissioned cells do. */
export const REDUCED_SPEED_FACTOR = 0.95;

/**
 * Speed-and-separation: the zones grow by the distance a person closes while the gantry
 * brakes from its current speed, so the limit already holds when someone enters a zone.
 */
export function safetyMode(
  l: SafetyLimits,
  distanceM: number,
  speedMps: number,
  previous: SafetyMode = 'free',
): SafetyMode {
  const brakeTime = speedMps / l.brakeAccelMps2;
  const closing = l.personSpeedMps * brakeTime + 0.05;
  // A protective stop is only released once the person is clearly outside the stop zone.
  const release = previous === 'stop' ? RESUME_MARGIN_M : 0;
  if (distanceM < l.stopZoneM + closing + release) return 'stop';
  const reduced = l.reducedSpeedMps * REDUCED_SPEED_FACTOR;
  const slowClosing = l.personSpeedMps * (Math.max(0, speedMps - reduced) / l.brakeAccelMps2) + 0.05;
  if (distanceM < l.slowZoneM + slowClosing) return 'reduced';
  return 'free';
}

export function speedLimitFor(l: SafetyLimits, mode: SafetyMode): number {
  if (mode === 'stop') return 0;
  if (mode === 'reduced') return l.reducedSpeedMps * REDUCED_SPEED_FACTOR;
  return Number.POSITIVE_INFINITY;
}
