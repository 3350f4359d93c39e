// Wilson score interval for a binomial rate: well-behaved at 0 and n, never outside [0, 1].
import { normalQuantile } from './normal.js';

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** Two-sided Wilson interval for `successes` of `n` at the given confidence (e.g. 0.95). */
export function wilsonInterval(successes: number, n: number, confidence: number): Interval {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`n must be a positive integer (got ${n})`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be an integer in [0, n] (got ${successes} of ${n})`);
  }
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // The exact endpoints at 0 and n are 0 and 1; clamp the rounding error there.
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}
