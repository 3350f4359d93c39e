// The one-sample mean test at its edges: which method answers (sign count, sign flip, Student t),
// single values and all-zero samples, and bounds at an α that equals an exact p-value. Expected
// values are worked out in the comments (enumerations of ± signs, binomial counts) or scipy's.
import { describe, expect, it } from 'vitest';
import { FLIP_ENUMERATION_MAX, oneSampleMeanTest } from '../../../../harness/gate/stats/meanTest.js';

describe('one-sample mean test: method and p-values', () => {
  it('a single value: no spread, no degrees of freedom, a sign count of one', () => {
    const r = oneSampleMeanTest([5], 0);
    expect([r.n, r.df, r.standardError, r.method]).toEqual([1, 0, 0, 'sign-count']);
    // One positive sign of one: P(X ≥ 1) = ½, P(X ≤ 1) = 1.
    expect([r.pAbove, r.pBelow]).toEqual([0.5, 1]);
  });

  it('an all-zero sample at 0 decides nothing', () => {
    const r = oneSampleMeanTest([0, 0, 0, 0], 0);
    expect([r.method, r.pAbove, r.pBelow]).toEqual(['sign-count', 1, 1]);
  });

  it('equal magnitudes other than 1 are counted by sign', () => {
    // Shifted values ±2, three positive of four: P(X ≥ 3) = 5/16, P(X ≤ 3) = 15/16.
    const r = oneSampleMeanTest([2, -2, 2, 2], 0);
    expect([r.method, r.pAbove, r.pBelow]).toEqual(['sign-count', 5 / 16, 15 / 16]);
  });

  it(`enumerates sign flips up to ${FLIP_ENUMERATION_MAX} values, Student's t above`, () => {
    const values = Array.from({ length: 13 }, (_, i) => i + 1);
    expect(oneSampleMeanTest(values.slice(0, FLIP_ENUMERATION_MAX), 5).method).toBe('sign-flip');
    const t = oneSampleMeanTest(values, 5);
    // scipy: mean 7, s/√n = 1.0801234497346435, t = 1.8516 on 12 df.
    expect([t.method, t.df]).toEqual(['student-t', 12]);
    expect(t.standardError).toBeCloseTo(1.0801234497346435, 12);
    expect(t.pAbove).toBeCloseTo(0.04441485703826154, 12);
    expect(t.pBelow).toBeCloseTo(0.9555851429617385, 12);
    const b = t.bounds(0.05);
    expect(b.lower).toBeCloseTo(5.0749094169729325, 9);
    expect(b.upper).toBeCloseTo(8.925090583027067, 9);
  });

  it('sign flip of 1, 2, 3 against 0: the observed sum 6 is the largest of the 8 sums', () => {
    // Sums of ±1 ±2 ±3: 6, 4, 2, 0, 0, −2, −4, −6. P(sum ≥ 6) = 1/8, larger than the t-test's
    // 0.037; P(sum ≤ 6) = 1.
    const r = oneSampleMeanTest([1, 2, 3], 0);
    expect([r.method, r.pAbove, r.pBelow]).toEqual(['sign-flip', 0.125, 1]);
  });
});

describe('one-sample mean test: bounds by inversion', () => {
  it('bound the mean at α = 1/8, the smallest p-value three sign flips have; not below it', () => {
    // Below 1 every shifted value is positive: the flip p-value is exactly 1/8 (and the t-test's
    // smaller), so μ₀ < 1 is rejected at α = 1/8 and the lower bound is 1; above 3, symmetrically.
    const r = oneSampleMeanTest([1, 2, 3], 0);
    const b = r.bounds(0.125);
    expect(b.lower).toBeCloseTo(1, 6);
    expect(b.upper).toBeCloseTo(3, 6);
    expect(r.bounds(0.1)).toEqual({ lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY });
  });

  it('refuses an α outside (0, 1), an empty or non-finite sample and a non-finite null value', () => {
    for (const bad of [0, 1, Number.NaN])
      expect(() => oneSampleMeanTest([1, 2, 3], 0).bounds(bad)).toThrow(/alpha/);
    expect(() => oneSampleMeanTest([], 0)).toThrow(/at least one value/);
    expect(() => oneSampleMeanTest([1, Number.NaN], 0)).toThrow(/values must be finite/);
    expect(() => oneSampleMeanTest([1, 2], Number.POSITIVE_INFINITY)).toThrow(/null value must be finite/);
  });
});
