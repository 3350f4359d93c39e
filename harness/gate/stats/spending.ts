// Group-sequential alpha spending: the Lan–DeMets spending function of O'Brien–Fleming type,
// α*(t) = 2 − 2·Φ(z_{1−α/2} / √t), spends almost nothing at early looks and nearly all of α
// at the end of the plan. Each look tests at the increment α*(t_k) − α*(t_{k−1}); by the
// union bound the chance of a false decision over all looks stays ≤ α whatever test runs at
// each look (conservative next to boundaries from recursive integration, which would assume
// every look's statistic is an exact Z).
import { normalCdf, normalQuantile } from './normal.js';

/** Cumulative alpha spent by information fraction t ∈ [0, 1] for overall level `alpha`. */
export function obrienFlemingSpent(t: number, alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
  // At t = 0 the formula gives 2 − 2Φ(∞) = 0 as well (a negative t is tested).
  // Stryker disable next-line EqualityOperator: see above
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  return 2 - 2 * normalCdf(normalQuantile(1 - alpha / 2) / Math.sqrt(t));
}

export interface SpendingLook {
  /** Information fraction of the look. */
  readonly fraction: number;
  readonly cumulativeAlpha: number;
  /** Alpha spent at this look: the nominal level its tests run at. */
  readonly nominalAlpha: number;
}

/** Nominal levels for looks at increasing fractions (the last should be 1). */
export function spendingSchedule(fractions: readonly number[], alpha: number): SpendingLook[] {
  let previous = 0;
  return fractions.map((fraction) => {
    const cumulativeAlpha = obrienFlemingSpent(fraction, alpha);
    const look = { fraction, cumulativeAlpha, nominalAlpha: Math.max(0, cumulativeAlpha - previous) };
    previous = cumulativeAlpha;
    return look;
  });
}
