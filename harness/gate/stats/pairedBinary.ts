// Non-inferiority of paired 0/1 outcomes. With b pairs where only the first model succeeded and c
// where only the second did (n pairs in all), Δ = π₁₀ − π₀₁ and H₀: Δ = δ₀ (δ₀ = −margin).
//
// Tango's (1998) score statistic orders the tables: it depends on b, c and n only, and at δ₀ = 0
// it is McNemar's z. Its normal tails are too liberal for small samples (an exhaustive enumeration
// at one-sided 0.025 finds true sizes up to 0.048 for n ≤ 30), so for n ≤ EXACT_MAX_PAIRS the
// p-values are exact unconditional ones (Sidik 2003): the largest probability, over the nuisance
// π₁₀ on the null boundary, of a table at least as extreme as the observed one. They never exceed
// the level they are compared with, at any n and margin. Beyond that size the normal tails are
// used; the score statistic's error is then small.
import { logChoose } from './binomial.js';
import { normalCdf, normalQuantile, normalUpperTail } from './normal.js';
import type { Interval } from './wilson.js';

/** Largest number of pairs whose p-values are exact unconditional (the cost grows as n²). */
export const EXACT_MAX_PAIRS = 100;

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
    // z(δ₀) falls as δ₀ rises; bisect for z(δ₀) = target.
    for (let i = 0; i < 100 && hi - lo > 1e-12; i++) {
      const mid = (lo + hi) / 2;
      if (tangoScore(b, c, n, mid) > target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  return {
    lower: estimate <= -1 ? -1 : root(z, -1, estimate),
    upper: estimate >= 1 ? 1 : root(-z, estimate, 1),
  };
}

interface Cell {
  readonly b: number;
  readonly c: number;
  readonly logCoefficient: number;
}

/** log of x·log(p) with 0·log 0 = 0. */
const xlog = (x: number, logp: number) => (x === 0 ? 0 : x * logp);

/** P(table in `cells`) for n pairs with π₁₀ = p10 and π₀₁ = p10 + |δ₀| on the boundary. */
function regionProbability(cells: readonly Cell[], n: number, p10: number, p01: number): number {
  const l10 = Math.log(p10);
  const l01 = Math.log(p01);
  const l00 = Math.log(Math.max(0, 1 - p10 - p01));
  let total = 0;
  for (const { b, c, logCoefficient } of cells) {
    const l = logCoefficient + xlog(b, l10) + xlog(c, l01) + xlog(n - b - c, l00);
    if (l > -745) total += Math.exp(l);
  }
  return Math.min(1, total);
}

/** Largest region probability over the nuisance π₁₀ ∈ [lo, hi]: a grid, then golden-section refinement. */
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
 * ordered by Tango's statistic; δ₀ ∈ (−1, 1).
 */
export function exactPairedPValues(
  b: number,
  c: number,
  n: number,
  delta0: number,
): { pAbove: number; pBelow: number } {
  const observed = tangoScore(b, c, n, delta0);
  const tolerance = 1e-9 * Math.max(1, Math.abs(observed));
  const above: Cell[] = [];
  const below: Cell[] = [];
  for (let bb = 0; bb <= n; bb++) {
    for (let cc = 0; cc + bb <= n; cc++) {
      const z = tangoScore(bb, cc, n, delta0);
      const cell = { b: bb, c: cc, logCoefficient: logChoose(n, bb) + logChoose(n - bb, cc) };
      if (z >= observed - tolerance) above.push(cell);
      if (z <= observed + tolerance) below.push(cell);
    }
  }
  // On the boundary π₁₀ − π₀₁ = δ₀: π₁₀ ∈ [max(0, δ₀), (1 + δ₀)/2].
  const lo = Math.max(0, delta0);
  const hi = (1 + delta0) / 2;
  const at = (cells: Cell[]) => (p10: number) => regionProbability(cells, n, p10, p10 - delta0);
  return { pAbove: supremum(at(above), lo, hi), pBelow: supremum(at(below), lo, hi) };
}

/** Asymptotic p-values from Tango's statistic (normal tails). */
export function tangoPValues(
  b: number,
  c: number,
  n: number,
  delta0: number,
): { pAbove: number; pBelow: number } {
  const z = tangoScore(b, c, n, delta0);
  return { pAbove: normalUpperTail(z), pBelow: normalCdf(z) };
}
