// Floors: exact binomial tails and Clopper–Pearson bounds against scipy; the continuous floor
// against scipy's one-sample t; the combination of min and max.
import { describe, expect, it } from 'vitest';
import { floorTest } from '../../../../harness/gate/stats/floor.js';

const successes = (x: number, n: number) => [...Array(x).fill(1), ...Array(n - x).fill(0)];

describe('floor test', () => {
  it('binary floors use exact binomial tails (scipy binom) and Clopper–Pearson bounds (scipy beta)', () => {
    const r = floorTest(successes(18, 20), { min: 0.7 }, { binary: true });
    expect(r.method).toBe('exact-binomial');
    expect(r.pMeets).toBeCloseTo(0.035483132298468646, 12); // P(X ≥ 18 | 0.7)
    expect(r.pBroken).toBeCloseTo(0.9923627402258, 12); // P(X ≤ 18 | 0.7)
    const b = r.bounds(0.025);
    expect(b.lower).toBeCloseTo(0.6830172859809177, 9); // Beta(18, 3) 2.5% quantile
    expect(b.upper).toBeCloseTo(0.9876514728297052, 9); // Beta(19, 2) 97.5% quantile
    const c = floorTest(successes(18, 20), { max: 0.95 }, { binary: true });
    expect(c.pMeets).toBeCloseTo(0.2641604750561504, 12); // P(X ≤ 18 | 0.95)
    expect(c.pBroken).toBeCloseTo(0.9245163262115035, 12); // P(X ≥ 18 | 0.95)
  });

  it('all successes bound the rate below by α^(1/n), not by a sign-flip count', () => {
    const r = floorTest(successes(20, 20), { min: 0.9 }, { binary: true });
    expect(r.pMeets).toBeCloseTo(0.9 ** 20, 14);
    expect(r.bounds(0.025).lower).toBeCloseTo(0.025 ** (1 / 20), 9);
    expect(r.bounds(0.025).upper).toBe(1);
    expect(floorTest([0, 0, 0], { max: 0.5 }, { binary: true }).pMeets).toBeCloseTo(0.125, 14);
  });

  it('continuous floors are the one-sample t test against the limit (scipy ttest_1samp)', () => {
    const values = Array.from({ length: 15 }, (_, i) => i + 1);
    const min = floorTest(values, { min: 5 });
    expect(min.method).toBe('student-t');
    expect(min.pMeets).toBeCloseTo(0.010528009201657793, 9);
    expect(min.pBroken).toBeCloseTo(1 - 0.010528009201657793, 9);
    const max = floorTest(values, { max: 11 }); // the mirror image: 8 against 11 is 8 against 5 reversed
    expect(max.pMeets).toBeCloseTo(0.010528009201657793, 9);
    // Both sides: meeting needs both shown (the larger p); broken is Bonferroni over the two.
    const both = floorTest(values, { min: 5, max: 11 });
    expect(both.pMeets).toBeCloseTo(0.010528009201657793, 9);
    expect(both.pBroken).toBe(1);
    // 1..15 lies below 12 with one-sided p = 0.0018983 (scipy): broken against min 12 at 2 × that.
    expect(floorTest(values, { min: 12 }).pBroken).toBeCloseTo(0.0018983435199570666, 9);
    expect(floorTest(values, { min: 12, max: 20 }).pBroken).toBeCloseTo(2 * 0.0018983435199570666, 9);
    expect(floorTest(values, { min: 9, max: 20 }).pBroken).toBeCloseTo(2 * 0.2005372248079096, 9);
  });

  it('one value never meets or breaks a floor at p < ½; small samples cannot at 2.5%', () => {
    for (const v of [0, 5, 100]) {
      const r = floorTest([v], { min: 3 });
      expect(Math.min(r.pMeets, r.pBroken)).toBeGreaterThanOrEqual(0.5);
    }
    expect(floorTest([1, 1.5, 1.2], { min: 10 }).pBroken).toBeCloseTo(1 / 8, 12);
  });

  it('rejects floors without limits, inverted limits and non-0/1 binary values', () => {
    expect(() => floorTest([1], {})).toThrow(/min, max or both/);
    expect(() => floorTest([1], { min: 2, max: 1 })).toThrow(/must not exceed/);
    expect(() => floorTest([], { min: 1 })).toThrow(/at least one value/);
    expect(() => floorTest([1, 0.5], { min: 0.2 }, { binary: true })).toThrow(/0 or 1/);
  });
});
