// Paired rate non-inferiority: the linearised standard error by hand, the exact no-event case,
// and the zero-exposure signal.
import { describe, expect, it } from 'vitest';
import { rateNonInferiority, ZeroExposureError } from '../../../../harness/gate/stats/rate.js';

const obs = (counts: number[], exposures: number[]) =>
  counts.map((count, i) => ({ count, exposure: exposures[i] }));

describe('rate non-inferiority', () => {
  it('ratio estimators and the delta-method standard error, by hand', () => {
    // Candidate 3 drops in 300 picks, baseline 4 in 300: 1.0 vs 1.333 per 100 picks.
    const cand = obs([1, 0, 2], [100, 50, 150]);
    const base = obs([2, 1, 1], [100, 100, 100]);
    const r = rateNonInferiority(cand, base, 0.5, 'lower', { per: 100 });
    expect(r.candidateRate).toBeCloseTo(1, 12);
    expect(r.baselineRate).toBeCloseTo(4 / 3, 12);
    expect(r.estimate).toBeCloseTo(1 / 3, 12);
    // Pseudo-values Δ̂ + z_i = 1, 0.5, −0.5: s² = 7/12, SE = √(7/36).
    expect(r.standardError).toBeCloseTo(Math.sqrt(7 / 36), 12);
    // Three pairs: the sign-flip p-value is at least 1/8.
    expect(r.pNonInferior).toBeGreaterThanOrEqual(1 / 8);
  });

  it('without any event the test is exact under the Poisson bound: p = e^(−margin·exposure)', () => {
    const none = obs(Array(8).fill(0), Array(8).fill(100));
    const r = rateNonInferiority(none, none, 0.5, 'lower', { per: 100 });
    expect(r.method).toBe('poisson-no-events');
    expect(r.pNonInferior).toBeCloseTo(Math.exp(-4), 14);
    expect(r.pWorse).toBe(1);
    expect(r.bounds(0.025).lower).toBeCloseTo((100 * Math.log(0.025)) / 800, 12);
    expect(rateNonInferiority(none, none, 0, 'lower').pNonInferior).toBe(1);
    // 'higher' (events are good): H₀ needs the baseline's events that did not happen.
    const r2 = rateNonInferiority(obs([0, 0], [1, 1]), obs([0, 0], [3, 3]), 0.5, 'higher');
    expect(r2.pNonInferior).toBeCloseTo(Math.exp(-3), 14);
  });

  it('large samples: Student t on the pseudo-values, and orientation by `better`', () => {
    const cand = obs(
      Array.from({ length: 40 }, (_, i) => i % 4),
      Array.from({ length: 40 }, (_, i) => 100 + (i % 7) * 10),
    );
    const base = obs(
      Array.from({ length: 40 }, (_, i) => (i * 7) % 5),
      Array.from({ length: 40 }, (_, i) => 110 + (i % 3) * 20),
    );
    const lower = rateNonInferiority(cand, base, 0.2, 'lower', { per: 100 });
    const higher = rateNonInferiority(cand, base, 0.2, 'higher', { per: 100 });
    expect(lower.method).toBe('student-t');
    expect(lower.estimate).toBeCloseTo(-higher.estimate, 12);
    expect(lower.standardError).toBeCloseTo(higher.standardError, 12);
    const i = lower.bounds(0.025);
    expect(i.lower).toBeLessThan(lower.estimate);
    expect(i.upper).toBeGreaterThan(lower.estimate);
  });

  it('zero total exposure is signalled by ZeroExposureError (code ZERO_EXPOSURE), bad input by RangeError', () => {
    const some = obs([1, 0], [10, 10]);
    const none = obs([0, 0], [0, 0]);
    expect(() => rateNonInferiority(none, some, 0.1, 'lower')).toThrow(ZeroExposureError);
    try {
      rateNonInferiority(some, none, 0.1, 'lower');
    } catch (e) {
      expect(e).toBeInstanceOf(ZeroExposureError);
      expect((e as ZeroExposureError).code).toBe('ZERO_EXPOSURE');
      expect((e as ZeroExposureError).model).toBe('baseline');
    }
    expect(() => rateNonInferiority(obs([-1], [1]), some.slice(0, 1), 0.1, 'lower')).toThrow(RangeError);
    expect(() => rateNonInferiority(some, some.slice(0, 1), 0.1, 'lower')).toThrow(/differ in length/);
    expect(() => rateNonInferiority([], [], 0.1, 'lower')).toThrow(/at least one pair/);
  });
});
