// Non-inferiority of paired 0/1 outcomes. With b pairs where only the first model succeeded and c
// where only the second did (n pairs in all), Δ = π₁₀ − π₀₁ and H₀: Δ = δ₀ (δ₀ = −margin).
//
// Tango's (1998) score statistic orders the tables: it depends on b, c and n only, and at δ₀ = 0
// it is McNemar's z. Its normal tails are too liberal, and not only for small samples: at one-sided
// 0.025 an exhaustive enumeration finds true sizes up to 0.048 for n ≤ 30 and still 0.052 at
// n = 200 with margin 0.02, where discordant pairs are rare (as they are between two similar
// models). The p-values are therefore exact unconditional ones (Sidik 2003) at every n: the
// largest probability, over the nuisance π₁₀ on the null boundary, of a table at least as extreme
// as the observed one. They never exceed the level they are compared with. Tango's score interval
// gives the bounds.
import { normalQuantile } from './normal.js';
import { incompleteBeta, logGamma } from './studentT.js';
import type { Interval } from './wilson.js';

/** Tango's score statistic for H₀: π₁₀ − π₀₁ = δ₀ (positive: the first model is better). */
export function tangoScore(b: number, c: number, n: number, delta0: number): number {
  const A = 2 * n;
  const B = -b - c + (2 * n - b + c) * delta0;
  const C = -c * delta0 * (1 - delta0);
  // The restricted maximum-likelihood estimate of π₀₁ under H₀.
  const p01 = (Math.sqrt(Math.max(0, B * B - 4 * A * C)) - B) / (2 * A);
  const variance = n * (2 * p01 + delta0 * (1 - delta0));
  const distance = b - c - n * delta0;
  if (variance > 1e-12 * n) return distance / Math.sqrt(variance);
  // Only possible at δ₀ = 0 with no discordant pair: no evidence either way.
  return distance > 0 ? Number.POSITIVE_INFINITY : distance < 0 ? Number.NEGATIVE_INFINITY : 0;
}

/** Tango's score interval: one-sided bounds at level α each side (the root of z(δ₀) = ±z₁₋α). */
export function tangoBounds(b: number, c: number, n: number, alpha: number): Interval {
  const z = normalQuantile(1 - alpha);
  const estimate = (b - c) / n;
  const root = (target: number, lo: number, hi: number) => {
    // z(δ₀) falls as δ₀ rises; bisect for z(δ₀) = target. The width of 2 falls below 1e-12 in 41
    // halvings, so the count never binds and more halvings only refine the root below 1e-12; on
    // which side an exact tie goes moves it by at most the final width.
    // Stryker disable next-line all: equivalent (see above)
    for (let i = 0; i < 100 && hi - lo > 1e-12; i++) {
      const mid = (lo + hi) / 2;
      // Stryker disable next-line EqualityOperator: equivalent (see above)
      if (tangoScore(b, c, n, mid) > target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  // At an estimate of ±1 the bisection's interval is empty and returns that end too: the guards
  // save the calls only.
  return {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (see above)
    lower: estimate <= -1 ? -1 : root(z, -1, estimate),
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (see above)
    upper: estimate >= 1 ? 1 : root(-z, estimate, 1),
  };
}

/** log C(n, k) through log-gamma: O(1) for the thousands of pairs a large suite produces. */
const logChooseFast = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/** P(Binomial(k, θ) ≥ t). */
function binomialAtLeast(t: number, k: number, theta: number): number {
  if (t <= 0) return 1;
  if (t > k) return 0;
  return incompleteBeta(theta, t, k - t + 1);
}

/**
 * For each discordant total k = b + c, the extreme tables form a run of b: Tango's z is
 * non-decreasing in b at fixed k (checked numerically for n ≤ 2000 over margins in (−1, 1)).
 * `atLeast[k]` is the smallest b with z ≥ z_obs (k + 1 if none); `atMost[k]` the largest b with
 * z ≤ z_obs (−1 if none).
 */
function extremeRuns(
  n: number,
  delta0: number,
  observed: number,
): { atLeast: Int32Array; atMost: Int32Array } {
  const tolerance = 1e-9 * Math.max(1, Math.abs(observed));
  const atLeast = new Int32Array(n + 1);
  const atMost = new Int32Array(n + 1);
  const firstAbove = (k: number, limit: number) => {
    let lo = 0;
    let hi = k + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tangoScore(mid, k - mid, n, delta0) > limit) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  for (let k = 0; k <= n; k++) {
    atLeast[k] = firstAbove(k, observed - tolerance - Number.EPSILON);
    atMost[k] = firstAbove(k, observed + tolerance) - 1;
  }
  return { atLeast, atMost };
}

/**
 * P(table at least as extreme) at π₁₀ on the boundary π₁₀ − π₀₁ = δ₀: the discordant total K is
 * Binomial(n, π₁₀ + π₀₁) and, given K = k, b is Binomial(k, π₁₀ / (π₁₀ + π₀₁)).
 */
function tailAt(runs: Int32Array, above: boolean, n: number, p10: number, p01: number): number {
  const s = p10 + p01;
  if (!(s > 0)) return above ? (runs[0] <= 0 ? 1 : 0) : runs[0] >= 0 ? 1 : 0;
  const theta = p10 / s;
  const mode = Math.min(n, Math.floor((n + 1) * s));
  const logPmf = (k: number) =>
    logChooseFast(n, k) + (k > 0 ? k * Math.log(s) : 0) + (n - k > 0 ? (n - k) * Math.log1p(-s) : 0);
  const peak = logPmf(mode);
  let total = 0;
  // Sum outwards from the mode; terms 40 nats below the peak cannot move a p-value.
  for (const step of [1, -1]) {
    for (let k = step > 0 ? mode : mode - 1; k >= 0 && k <= n; k += step) {
      const l = logPmf(k);
      if (l < peak - 40) break;
      const inner = above ? binomialAtLeast(runs[k], k, theta) : 1 - binomialAtLeast(runs[k] + 1, k, theta);
      total += Math.exp(l) * inner;
    }
  }
  return Math.min(1, total);
}

/** Largest probability over the nuisance π₁₀ ∈ [lo, hi]: a grid, then golden-section refinement. */
function supremum(f: (p10: number) => number, lo: number, hi: number): number {
  const steps = 48;
  let best = 0;
  let at = lo;
  for (let i = 0; i <= steps; i++) {
    const p = lo + ((hi - lo) * i) / steps;
    const v = f(p);
    if (v > best) [best, at] = [v, p];
  }
  let a = Math.max(lo, at - (hi - lo) / steps);
  let d = Math.min(hi, at + (hi - lo) / steps);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 30; i++) {
    const x1 = d - g * (d - a);
    const x2 = a + g * (d - a);
    const f1 = f(x1);
    const f2 = f(x2);
    best = Math.max(best, f1, f2);
    if (f1 >= f2) d = x2;
    else a = x1;
  }
  return Math.min(1, best);
}

/**
 * Exact unconditional one-sided p-values of H₀: Δ = δ₀ against Δ > δ₀ (pAbove) and Δ < δ₀ (pBelow),
 * ordered by Tango's statistic; δ₀ ∈ (−1, 1). The cost grows as n·log n per nuisance value.
 */
export function exactPairedPValues(
  b: number,
  c: number,
  n: number,
  delta0: number,
): { pAbove: number; pBelow: number } {
  const { atLeast, atMost } = extremeRuns(n, delta0, tangoScore(b, c, n, delta0));
  // On the boundary π₁₀ − π₀₁ = δ₀: π₁₀ ∈ [max(0, δ₀), (1 + δ₀)/2].
  const lo = Math.max(0, delta0);
  const hi = (1 + delta0) / 2;
  return {
    pAbove: supremum((p10) => tailAt(atLeast, true, n, p10, p10 - delta0), lo, hi),
    pBelow: supremum((p10) => tailAt(atMost, false, n, p10, p10 - delta0), lo, hi),
  };
}
