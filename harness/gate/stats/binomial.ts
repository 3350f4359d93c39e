// Exact binomial tail probabilities, summed in log space so they stay accurate for the
// thousands of trials a large suite produces.

function logChoose(n: number, k: number): number {
  let s = 0;
  const m = Math.min(k, n - k);
  for (let i = 1; i <= m; i++) s += Math.log(n - m + i) - Math.log(i);
  return s;
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer (got ${n})`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  // Sum the terms relative to the largest one, then scale back (log-sum-exp).
  const logs: number[] = [];
  let logTerm = n * lq; // i = 0
  for (let i = 0; i <= k; i++) {
    if (i > 0) logTerm += Math.log(n - i + 1) - Math.log(i) + lp - lq;
    logs.push(logTerm);
  }
  const max = Math.max(...logs);
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - max);
  return Math.min(1, Math.exp(max + Math.log(sum)));
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  // Shortcuts: at k = 0 the cdf below gives 1 and above n it gives 0 all the same.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
  if (k <= 0) return 1;
  // Stryker disable next-line ConditionalExpression: see above
  if (k > n) return 0;
  // P(X ≥ k) = P(n − X ≤ n − k) with n − X ~ Binomial(n, 1 − p).
  return binomialCdf(n - k, n, 1 - p);
}

export { logChoose };
