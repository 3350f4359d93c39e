// The statistics at their edges: far tails, both branches of every approximation, degenerate
// inputs and the argument checks. Reference values from scipy 1.17 / mpmath (30 digits), written
// out here; never computed by the functions under test.
import { describe, expect, it } from 'vitest';
import { binomialCdf, binomialUpperTail, logChoose } from '../../../../harness/gate/stats/binomial.js';
import { holmAdjust, holmReject } from '../../../../harness/gate/stats/holm.js';
import { minimumDetectableEffect, pairsForEffect } from '../../../../harness/gate/stats/mde.js';
import { normalCdf, normalQuantile, normalUpperTail } from '../../../../harness/gate/stats/normal.js';
import { obrienFlemingSpent } from '../../../../harness/gate/stats/spending.js';
import {
  incompleteBeta,
  logGamma,
  studentQuantile,
  studentUpperTail,
} from '../../../../harness/gate/stats/studentT.js';
import { wilsonInterval } from '../../../../harness/gate/stats/wilson.js';
import {
  trialsForZeroFailureBound,
  zeroFailureUpperBound,
} from '../../../../harness/gate/stats/zeroFailure.js';

/** |got / want − 1| ≤ tolerance: far tails are judged relative to their size. */
const relative = (got: number, want: number, tolerance: number) =>
  expect(Math.abs(got / want - 1), `${got} vs ${want}`).toBeLessThanOrEqual(tolerance);

describe('normal distribution, far tails', () => {
  it.each([
    [-6, 9.865876450376981e-10],
    [-7.1, 6.237844463331591e-13],
    [-7.5, 3.190891672910896e-14],
    [-8, 6.220960574271784e-16],
    [-10, 7.61985302416053e-24],
    [-20, 2.7536241186062337e-89],
    [-37, 5.725571222524577e-300],
  ])('Φ(%d) = %e', (z, p) => {
    relative(normalCdf(z), p, 1e-7);
    relative(normalUpperTail(-z), p, 1e-7);
  });

  it('is 0 and 1 beyond ±37 (below the smallest normal double), NaN for NaN', () => {
    expect(normalCdf(-38)).toBe(0);
    expect(normalCdf(38)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });

  it.each([
    [1e-300, -37.0470962993612],
    [1e-20, -9.262340089798409],
    [1e-10, -6.361340902404056],
    [0.01, -2.3263478740408408],
    [0.3, -0.5244005127080409],
    [0.6, 0.2533471031357997],
    [0.9999, 3.719016485455709],
  ])('quantile(%e) = %f', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 9);
  });

  it('quantile of 0 and 1 is ∓∞, of anything outside [0, 1] NaN', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    for (const p of [Number.NaN, -0.1, -1e-300, 1.1, 1 + 1e-15]) expect(normalQuantile(p)).toBeNaN();
  });
});

describe("Student's t", () => {
  it('log-gamma below ½ (reflection) and above', () => {
    expect(logGamma(0.1)).toBeCloseTo(2.2527126517342055, 12);
    expect(logGamma(0.3)).toBeCloseTo(1.0957979948180752, 12);
    expect(logGamma(2.5)).toBeCloseTo(0.2846828704729196, 12);
    expect(logGamma(30.2)).toBeCloseTo(71.93460296839497, 10);
  });

  it('regularized incomplete beta on both sides of its branch point, and outside (0, 1)', () => {
    relative(incompleteBeta(0.3, 2, 5), 0.5798250000000003, 1e-12);
    relative(incompleteBeta(0.9, 2, 5), 0.999945, 1e-12);
    // A lower tail of 3e-7: computed as 1 − (upper part) it would keep only ~9 digits.
    relative(incompleteBeta(0.01, 3, 0.5), 3.1367895544724357e-7, 1e-12);
    relative(1 - incompleteBeta(0.99, 0.5, 3), 1 - 0.9999996863210445, 1e-8);
    expect(incompleteBeta(0.5, 0.5, 0.5)).toBeCloseTo(0.5, 14);
    expect([incompleteBeta(0, 2, 3), incompleteBeta(-0.5, 2, 3)]).toEqual([0, 0]);
    expect([incompleteBeta(1, 2, 3), incompleteBeta(1.5, 2, 3)]).toEqual([1, 1]);
  });

  it.each([
    [2, 3, 0.06966298427942152],
    [-2, 3, 0.9303370157205785],
    [1.5, 1, 0.18716704181099886],
    [0.5, 2.5, 0.3288489599348574],
    [3, 30, 0.0026949820328259727],
    [10, 4, 0.0002810018113579955],
  ])('P(T > %d | ν = %d) = %e', (t, nu, p) => {
    relative(studentUpperTail(t, nu), p, 1e-12);
  });

  it('upper tail at 0 and ±∞', () => {
    expect(studentUpperTail(0, 5)).toBe(0.5);
    expect(studentUpperTail(Number.POSITIVE_INFINITY, 5)).toBe(0);
    expect(studentUpperTail(Number.NEGATIVE_INFINITY, 5)).toBe(1);
  });

  it.each([
    [0.975, 3, 3.1824463052837078],
    [0.025, 3, -3.1824463052837086],
    [0.95, 1, 6.313751514675037],
    [0.999, 2, 22.327124770119866],
    [0.6, 10, 0.2601848294920803],
    [0.5, 7, 0],
  ])('quantile(%f | ν = %d) = %f', (p, nu, t) => {
    expect(studentQuantile(p, nu)).toBeCloseTo(t, 9);
  });

  it('quantile of 0 and 1 (and beyond) is ∓∞', () => {
    expect([studentQuantile(0, 4), studentQuantile(-0.5, 4)]).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    expect([studentQuantile(1, 4), studentQuantile(1.5, 4)]).toEqual([
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
  });
});

describe('binomial', () => {
  it('log of n choose k, from either end', () => {
    expect(logChoose(10, 3)).toBeCloseTo(4.787491742782046, 12);
    expect(logChoose(10, 7)).toBeCloseTo(4.787491742782046, 12);
    expect(logChoose(50, 20)).toBeCloseTo(31.483914142189384, 11);
    expect(logChoose(7, 0)).toBe(0);
  });

  it('cdf and upper tail against scipy, and at the ends of k and p', () => {
    expect(binomialCdf(3, 10, 0.3)).toBeCloseTo(0.6496107184000002, 14);
    expect(binomialCdf(0, 5, 0.2)).toBeCloseTo(0.32768, 14);
    expect(binomialUpperTail(3, 10, 0.3)).toBeCloseTo(0.6172172136000003, 14);
    expect([binomialCdf(-1, 5, 0.3), binomialCdf(5, 5, 0.3), binomialCdf(9, 5, 0.3)]).toEqual([0, 1, 1]);
    expect([binomialCdf(2, 5, 0), binomialCdf(2, 5, 1)]).toEqual([1, 0]);
  });

  it('refuses a negative or fractional n', () => {
    expect(() => binomialCdf(1, -1, 0.5)).toThrow(/n must be a non-negative integer \(got -1\)/);
    expect(() => binomialCdf(1, 2.5, 0.5)).toThrow(/n must be a non-negative integer \(got 2.5\)/);
  });
});

describe('minimum detectable effect', () => {
  it('scales with the standard error', () => {
    // (z_0.95 + z_0.8) · 0.1
    expect(minimumDetectableEffect(0.1, 0.05, 0.8)).toBeCloseTo(0.24864748605243864, 12);
  });

  it('pairs for an effect: ⌈((z_{1−α} + z_power) · SE·√n / effect)²⌉', () => {
    // (2.486474860524386 · 0.1 · √50 / 0.05)² = 1236.51
    expect(pairsForEffect(0.05, 0.1, 50, 0.05, 0.8)).toBe(1237);
    for (const effect of [0, -0.1, Number.NaN])
      expect(pairsForEffect(effect, 0.1, 50, 0.05, 0.8)).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([0, 1, -0.1, Number.NaN])('refuses alpha or power %f', (bad) => {
    expect(() => minimumDetectableEffect(0.1, bad, 0.8)).toThrow(/alpha must be in \(0, 1\)/);
    expect(() => minimumDetectableEffect(0.1, 0.05, bad)).toThrow(/power must be in \(0, 1\)/);
  });
});

describe('spending, Wilson, zero-failure bound, Holm: edges and argument checks', () => {
  it("O'Brien–Fleming spends nothing before the start and everything at the end", () => {
    expect(obrienFlemingSpent(-0.5, 0.05)).toBe(0);
    expect(obrienFlemingSpent(0, 0.05)).toBe(0);
    expect(obrienFlemingSpent(1, 0.05)).toBe(0.05);
    expect(obrienFlemingSpent(0.5, 0.05)).toBeCloseTo(0.005574596680784305, 12);
    for (const bad of [0, 1, Number.NaN]) expect(() => obrienFlemingSpent(0.5, bad)).toThrow(/alpha must be/);
  });

  it('Wilson is exactly 0 at no successes and 1 at all', () => {
    expect(wilsonInterval(0, 7, 0.95).lower).toBe(0);
    expect(wilsonInterval(7, 7, 0.95).upper).toBe(1);
  });

  it.each([
    [3, 0, 0.95, /n must be a positive integer/],
    [1, 2.5, 0.95, /n must be a positive integer/],
    [-1, 10, 0.95, /successes must be an integer in \[0, n\]/],
    [11, 10, 0.95, /successes must be an integer in \[0, n\]/],
    [2.5, 10, 0.95, /successes must be an integer in \[0, n\]/],
    [3, 10, 0, /confidence must be in \(0, 1\)/],
    [3, 10, 1, /confidence must be in \(0, 1\)/],
    [3, 10, Number.NaN, /confidence must be in \(0, 1\)/],
  ])('Wilson refuses %f of %f at %f', (x, n, confidence, message) => {
    expect(() => wilsonInterval(x, n, confidence)).toThrow(message);
  });

  it('zero-failure bound: 1 with no trials, 1 − α^(1/n) otherwise; trials for a rate', () => {
    expect(zeroFailureUpperBound(0, 0.05)).toBe(1);
    expect(zeroFailureUpperBound(100, 0.05)).toBeCloseTo(0.029513049607039932, 14);
    expect(trialsForZeroFailureBound(0.01, 0.05)).toBe(299);
    for (const bad of [0, 1, Number.NaN]) {
      expect(() => zeroFailureUpperBound(10, bad)).toThrow(/alpha must be in \(0, 1\)/);
      expect(() => trialsForZeroFailureBound(bad, 0.05)).toThrow(/rate must be in \(0, 1\)/);
    }
    for (const bad of [-1, 2.5])
      expect(() => zeroFailureUpperBound(bad, 0.05)).toThrow(/n must be a non-negative integer/);
  });

  it('Holm rejects a p-value exactly at its threshold', () => {
    // α/m = 0.025 exactly in binary floating point.
    expect(holmReject([0.5, 0.025], 0.05)).toEqual([false, true]);
    expect(holmReject([0.5, 0.0250001], 0.05)).toEqual([false, false]);
    expect(holmAdjust([])).toEqual([]);
  });
});
