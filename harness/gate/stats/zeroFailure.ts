// What zero observed failures say about the failure rate: with n independent clean
// episodes, the one-sided upper confidence bound on the rate is 1 − α^(1/n) (the "rule of
// three" is its approximation 3/n at α = 0.05).

/** Upper bound on the failure rate after `n` failure-free trials, at level `alpha`. */
export function zeroFailureUpperBound(n: number, alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer (got ${n})`);
  // Stryker disable next-line ConditionalExpression: −expm1(log α / 0) = −expm1(−∞) = 1 as well
  if (n === 0) return 1;
  return -Math.expm1(Math.log(alpha) / n);
}

/** Failure-free trials needed before the upper bound drops to `rate`. */
export function trialsForZeroFailureBound(rate: number, alpha: number): number {
  if (!(rate > 0 && rate < 1)) throw new RangeError(`rate must be in (0, 1) (got ${rate})`);
  return Math.ceil(Math.log(alpha) / Math.log1p(-rate));
}
