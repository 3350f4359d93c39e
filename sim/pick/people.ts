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

/** Calls `visit(k, x)` for each crossing k of the schedule on the walkway at time t. */
function forEachCrossing(s: PeopleSchedule, t: number, visit: (k: number, x: number) => void): void {
  if (s.ratePerH <= 0 || t < s.firstS) return;
  const period = 3600 / s.ratePerH;
  const span = WALKWAY.xEnd - WALKWAY.xStart;
  const duration = span / s.speedMps;
  const last = Math.floor((t - s.firstS) / period);
  for (let k = Math.max(0, Math.ceil((t - s.firstS - duration) / period)); k <= last; k++) {
    const walked = (t - (s.firstS + k * period)) * s.speedMps;
    if (walked < 0 || walked > span) continue;
    visit(k, k % 2 === 0 ? WALKWAY.xStart + walked : WALKWAY.xEnd - walked);
  }
}

/** x positions of everyone on the walkway at time t. */
export function peopleAt(s: PeopleSchedule, t: number): number[] {
  const out: number[] = [];
  forEachCrossing(s, t, (_, x) => out.push(x));
  return out;
}

/** One person's recorded path: samples [t, x, y] in time order (a replay's people). */
export interface PersonTrack {
  readonly id: number;
  readonly samples: readonly (readonly [number, number, number])[];
}

/** People as recorded: each on the walkway from its first sample to its last. */
export interface RecordedPeople {
  readonly tracks: readonly PersonTrack[];
}

export type People = PeopleSchedule | RecordedPeople;

/** Where everyone is at time t: the schedule's crossings (id = crossing number) or the tracks. */
export function peoplePositions(p: People, t: number): { id: number; x: number; y: number }[] {
  if ('tracks' in p) {
    const out: { id: number; x: number; y: number }[] = [];
    for (const track of p.tracks) {
      const at = trackAt(track, t);
      if (at) out.push({ id: track.id, x: at[0], y: at[1] });
    }
    return out;
  }
  const out: { id: number; x: number; y: number }[] = [];
  forEachCrossing(p, t, (id, x) => out.push({ id, x, y: WALKWAY.pathY }));
  return out;
}

/** A track's position at t, linear between its samples; undefined outside its first and last. */
function trackAt(track: PersonTrack, t: number): readonly [number, number] | undefined {
  const s = track.samples;
  if (s.length === 0 || t < s[0][0] || t > s[s.length - 1][0]) return undefined;
  let lo = 0;
  let hi = s.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (s[mid][0] <= t) lo = mid;
    else hi = mid;
  }
  const [t0, x0, y0] = s[lo];
  const [t1, x1, y1] = s[hi];
  const f = t1 > t0 ? (t - t0) / (t1 - t0) : 0;
  return [x0 + (x1 - x0) * f, y0 + (y1 - y0) * f];
}

/** Distance (m) from the nearest person to the gantry at (x, y), capped at the scanner range. */
export function nearestPersonM(p: People, t: number, x: number, y: number): number {
  let best = SCANNER_MAX_M;
  if ('tracks' in p) {
    for (const q of peoplePositions(p, t)) best = Math.min(best, Math.hypot(q.x - x, q.y - y));
  } else forEachCrossing(p, t, (_, px) => (best = Math.min(best, Math.hypot(px - x, WALKWAY.pathY - y))));
  return best;
}
