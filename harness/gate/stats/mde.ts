// Minimum detectable effect: the smallest true difference the achieved sample would have
// detected with the configured power in a one-sided test at level α — what an INCONCLUSIVE
// decision reports so the reader knows whether more samples could settle it.
import { normalQuantile } from './normal.js';

/** (z_{1−α} + z_{power}) · SE for a statistic with standard error `standardError`. */
export function minimumDetectableEffect(standardError: number, alpha: number, power: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be in (0, 1) (got ${power})`);
  return (normalQuantile(1 - alpha) + normalQuantile(power)) * standardError;
}

/** Pairs needed for an effect `effect` at the same α and power, given the SE at `n` pairs. */
export function pairsForEffect(
  effect: number,
  standardError: number,
  n: number,
  alpha: number,
  power: number,
): number {
  if (!(effect > 0)) return Number.POSITIVE_INFINITY;
  const sd = standardError * Math.sqrt(n);
  const z = normalQuantile(1 - alpha) + normalQuantile(power);
  return Math.ceil(((z * sd) / effect) ** 2);
}
