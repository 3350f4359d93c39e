// The exact unconditional paired-binary p-values (stats/pairedBinary.ts) against an independent
// brute-force reference written here: every table (n11, b, c, n00) of n pairs with its multinomial
// probability, Tango's statistic from its closed form (Tango 1998, eq. 3), and the supremum over
// the nuisance parameter on a fine grid of the null boundary. Small n keeps it fast; the module's
// own shortcuts (runs of b per discordant total, a coarse grid with golden-section refinement,
// log-space binomial tails) must reproduce it.
import { describe, expect, it } from 'vitest';
import { exactPairedPValues, tangoBounds, tangoScore } from '../../../../harness/gate/stats/pairedBinary.js';

/** Tango's score z for H₀: π₁₀ − π₀₁ = d (restricted MLE of π₀₁ from the quadratic of eq. 3). */
function tango(b: number, c: number, n: number, d: number): number {
  const A = 2 * n;
  const B = -b - c + (2 * n - b + c) * d;
  const C = -c * d * (1 - d);
  const q01 = (-B + Math.sqrt(B * B - 4 * A * C)) / (2 * A);
  const v = n * (2 * q01 + d * (1 - d));
  const diff = b - c - n * d;
  if (v <= 0) return diff > 0 ? Infinity : diff < 0 ? -Infinity : 0;
  return diff / Math.sqrt(v);
}

function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

/** max over π₁₀ on the boundary of P(z ≥ z_obs) and of P(z ≤ z_obs), by brute force. */
function reference(b0: number, c0: number, n: number, d: number): { pAbove: number; pBelow: number } {
  const z0 = tango(b0, c0, n, d);
  const eps = 1e-9 * Math.max(1, Math.abs(z0));
  const tables: { b: number; c: number; rest: number; logCoef: number; z: number }[] = [];
  for (let b = 0; b <= n; b++)
    for (let c = 0; b + c <= n; c++) {
      const rest = n - b - c;
      // The concordant cells pool into one outcome of probability 1 − π₁₀ − π₀₁.
      const logCoef = logFactorial(n) - logFactorial(b) - logFactorial(c) - logFactorial(rest);
      tables.push({ b, c, rest, logCoef, z: tango(b, c, n, d) });
    }
  const lo = Math.max(0, d);
  const hi = (1 + d) / 2;
  let pAbove = 0;
  let pBelow = 0;
  const grid = 4000;
  for (let i = 0; i <= grid; i++) {
    const p10 = lo + ((hi - lo) * i) / grid;
    const p01 = p10 - d;
    const pc = 1 - p10 - p01;
    let above = 0;
    let below = 0;
    for (const t of tables) {
      const logTerm = (k: number, p: number) => (k === 0 ? 0 : p <= 0 ? -Infinity : k * Math.log(p));
      const pr = Math.exp(t.logCoef + logTerm(t.b, p10) + logTerm(t.c, p01) + logTerm(t.rest, pc));
      if (t.z >= z0 - eps) above += pr;
      if (t.z <= z0 + eps) below += pr;
    }
    pAbove = Math.max(pAbove, above);
    pBelow = Math.max(pBelow, below);
  }
  return { pAbove: Math.min(1, pAbove), pBelow: Math.min(1, pBelow) };
}

describe('Tango’s score statistic', () => {
  it.each([
    [5, 1, 20, 0],
    [1, 5, 20, 0],
    [3, 3, 20, -0.1],
    [0, 0, 12, -0.05],
    [7, 2, 30, 0.05],
    [59, 6, 161, 0],
  ])('z(b=%i, c=%i, n=%i, δ₀=%d) matches the closed form', (b, c, n, d) => {
    expect(tangoScore(b, c, n, d)).toBeCloseTo(tango(b, c, n, d), 10);
  });
  it('at δ₀ = 0 it is McNemar’s z = (b − c)/√(b + c)', () => {
    expect(tangoScore(9, 4, 50, 0)).toBeCloseTo(5 / Math.sqrt(13), 10);
    expect(tangoScore(0, 0, 50, 0)).toBe(0);
    expect(tangoScore(0, 0, 50, 0.1)).toBeLessThan(0);
  });
  it('with no discordant pair and a δ₀ within 1e-12 of 0, the sign of the distance alone: ±∞', () => {
    // b = c = 0: π̃₀₁ = 0, variance n·δ₀(1 − δ₀) ≈ 1e-13 n ≤ 1e-12 n, distance −n·δ₀.
    expect(tangoScore(0, 0, 100, 1e-13)).toBe(Number.NEGATIVE_INFINITY);
    expect(tangoScore(0, 0, 100, -1e-13)).toBe(Number.POSITIVE_INFINITY);
    // Just above the floor (variance 1e-11 n) it is a finite z: −n·δ₀/√(n·δ₀) = −√(n·δ₀).
    expect(tangoScore(0, 0, 100, 1e-11)).toBeCloseTo(-Math.sqrt(100 * 1e-11), 12);
  });
  it('the score interval inverts the statistic: z at each bound is ±z₀.₉₇₅ = ±1.959964', () => {
    const { lower, upper } = tangoBounds(16, 6, 161, 0.025);
    expect(tangoScore(16, 6, 161, lower)).toBeCloseTo(1.959964, 4);
    expect(tangoScore(16, 6, 161, upper)).toBeCloseTo(-1.959964, 4);
    expect(lower).toBeLessThan(10 / 161);
    expect(upper).toBeGreaterThan(10 / 161);
    expect(tangoBounds(5, 0, 5, 0.025).upper).toBe(1);
    expect(tangoBounds(0, 5, 5, 0.025).lower).toBe(-1);
  });
});

describe('exact unconditional p-values against brute-force enumeration', () => {
  const CASES: [number, number, number, number][] = [
    // b, c, n, δ₀ (= −margin)
    [0, 0, 8, 0],
    [4, 0, 8, 0],
    [0, 4, 8, 0],
    [3, 1, 10, -0.1],
    [1, 3, 10, -0.1],
    [0, 0, 10, -0.1],
    [2, 2, 12, -0.05],
    [5, 1, 14, 0],
    [0, 2, 14, -0.2],
    [6, 0, 12, 0.1],
  ];
  it.each(CASES)('b=%i, c=%i, n=%i, δ₀=%d', (b, c, n, d) => {
    const got = exactPairedPValues(b, c, n, d);
    const want = reference(b, c, n, d);
    // The reference grid is a lower bound of the supremum; the module refines past it.
    expect(got.pAbove).toBeGreaterThanOrEqual(want.pAbove - 1e-9);
    expect(got.pAbove - want.pAbove).toBeLessThan(2e-4);
    expect(got.pBelow).toBeGreaterThanOrEqual(want.pBelow - 1e-9);
    expect(got.pBelow - want.pBelow).toBeLessThan(2e-4);
  });
});
