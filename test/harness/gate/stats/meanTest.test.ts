// The shared one-sample mean test: Student's t against scipy's ttest_1samp, the sign-flip and
// sign-count paths against exact counts written as fractions, and the properties the gate needs
// (one value never decides; bounds agree with the p-values).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneSampleMeanTest } from '../../../../harness/gate/stats/meanTest.js';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const Y = [
  3.1, 2.2, 4.8, 1.9, 5.5, 2.6, 3.3, 4.1, 2.9, 3.7, 1.4, 6.2, 3.0, 2.5, 4.4, 3.9, 2.8, 5.1, 3.6, 2.0,
];

describe('one-sample mean test', () => {
  it('Student t path matches scipy.stats.ttest_1samp', () => {
    // 1..15 against 5: t = 2.598076, df 14, one-sided p = 0.010528009 (scipy 1.17).
    const r = oneSampleMeanTest(range(1, 15), 5);
    expect(r.method).toBe('student-t');
    expect(r.pAbove).toBeCloseTo(0.010528009201657793, 9);
    expect(r.pBelow).toBeCloseTo(1 - 0.010528009201657793, 9);
    expect(r.standardError).toBeCloseTo(Math.sqrt(20 / 15), 12);
    // Half-width t₀.₉₇₅,₁₄ · s/√n = 2.476586.
    const b = r.bounds(0.025);
    expect(b.lower).toBeCloseTo(8 - 2.47658634324734, 6);
    expect(b.upper).toBeCloseTo(8 + 2.47658634324734, 6);
    const s = oneSampleMeanTest(Y, 3);
    expect(s.pAbove).toBeCloseTo(0.06549811698463982, 9);
    expect(s.pBelow).toBeCloseTo(0.9345018830153602, 9);
    expect(s.bounds(0.01).lower).toBeCloseTo(3.45 - 0.7240398976775902, 6);
  });

  it("small samples take the larger of the t and exact sign-flip p-values (Student's sleep data)", () => {
    // Cushny–Peebles differences: nine positive, one zero. t = 4.0621 (p = 0.0014 one-sided), but
    // only 2 of the 2¹⁰ sign patterns reach the observed sum: p = 2/1024.
    const sleep = [1.2, 2.4, 1.3, 1.3, 0, 1.0, 1.8, 0.8, 4.6, 1.4];
    const r = oneSampleMeanTest(sleep, 0);
    expect(r.method).toBe('sign-flip');
    expect(r.pAbove).toBeCloseTo(2 / 1024, 12);
    expect(r.pBelow).toBe(1);
  });

  it('equal magnitudes give the exact sign count at any n (0/1 differences: exact McNemar)', () => {
    // 9 × (+1), 1 × (−1), 5 × 0 against 0: P(Bin(10, ½) ≥ 9) = 11/1024.
    const d = [...Array(9).fill(1), -1, ...Array(5).fill(0)];
    const r = oneSampleMeanTest(d, 0);
    expect(r.method).toBe('sign-count');
    expect(r.pAbove).toBeCloseTo(11 / 1024, 14);
    expect(r.pBelow).toBeCloseTo(1 - 1 / 1024, 14);
    const big = [...Array(60).fill(1), ...Array(40).fill(-1)];
    // P(Bin(100, ½) ≥ 60) = 0.028443966820490392 (scipy binom.sf(59, 100, 0.5)).
    expect(oneSampleMeanTest(big, 0).pAbove).toBeCloseTo(0.028443966820490392, 12);
  });

  it('constant samples, with or without floating noise, are an exact count: 2⁻ⁿ', () => {
    const noisy = [0.3, 0.1 + 0.2, 0.3, 0.6 - 0.3];
    const r = oneSampleMeanTest(noisy, 0);
    expect(r.method).toBe('sign-count');
    expect(r.standardError).toBe(0);
    expect(r.pAbove).toBeCloseTo(1 / 16, 14);
    expect(r.pBelow).toBe(1);
    expect(oneSampleMeanTest(Array(30).fill(2), 2)).toMatchObject({ pAbove: 1, pBelow: 1 });
    expect(oneSampleMeanTest(Array(30).fill(1e6 + 1), 1e6).pAbove).toBeCloseTo(2 ** -30, 20);
    // A distance of 1e-11 relative to the data is rounding, not evidence.
    expect(oneSampleMeanTest(Array(30).fill(1e6 + 1e-5), 1e6)).toMatchObject({ pAbove: 1, pBelow: 1 });
    // At 1e-9 relative, the spread of 1e6 ± 1e-7 is rounding noise, not evidence of a t of 1e13.
    const huge = Array.from({ length: 20 }, (_, i) => 1e6 + (i % 2 ? 1e-7 : -1e-7));
    expect(oneSampleMeanTest(huge, 1e6 - 1).pAbove).toBeCloseTo(2 ** -20, 20);
  });

  it('one value never gives a p-value below ½ (fast-check, seed 3141)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        (x, mu) => {
          const r = oneSampleMeanTest([x], mu);
          expect(Math.min(r.pAbove, r.pBelow)).toBeGreaterThanOrEqual(0.5);
        },
      ),
      { seed: 3141, numRuns: 300 },
    );
  });

  it('the bounds agree with the p-values at the null value (fast-check, seed 2718)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 2, maxLength: 30 }),
        fc.integer({ min: -10, max: 10 }),
        fc.constantFrom(0.001, 0.025, 0.1),
        (xs, mu, alpha) => {
          const values = xs.map((x) => x / 4);
          const r = oneSampleMeanTest(values, mu / 4);
          const b = r.bounds(alpha);
          expect(b.lower).toBeLessThanOrEqual(b.upper);
          if (r.pAbove <= alpha * 0.999) expect(b.lower).toBeGreaterThanOrEqual(mu / 4 - 1e-6);
          if (r.pAbove > alpha * 1.001) expect(b.lower).toBeLessThanOrEqual(mu / 4 + 1e-6);
          if (r.pBelow <= alpha * 0.999) expect(b.upper).toBeLessThanOrEqual(mu / 4 + 1e-6);
        },
      ),
      { seed: 2718, numRuns: 200 },
    );
  });

  it('three values cannot bound the mean at 2.5%: the sign-flip p-value is at least 1/8', () => {
    const r = oneSampleMeanTest([5, 6, 7], 0);
    expect(r.pAbove).toBeCloseTo(1 / 8, 12);
    expect(r.bounds(0.025)).toEqual({ lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY });
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => oneSampleMeanTest([], 0)).toThrow(/at least one value/);
    expect(() => oneSampleMeanTest([1, Number.NaN], 0)).toThrow(/finite/);
    expect(() => oneSampleMeanTest([1], Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });
});
