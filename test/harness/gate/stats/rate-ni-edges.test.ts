// Rate and non-inferiority tests at their edges: no event in either model (exact Poisson), the
// paired pseudo-values worked out by hand, the argument checks. Expected values are closed forms
// (written with their arithmetic) or scipy's.
import { describe, expect, it } from 'vitest';
import {
  binaryNonInferiority,
  continuousNonInferiority,
} from '../../../../harness/gate/stats/nonInferiority.js';
import { rateNonInferiority, ZeroExposureError } from '../../../../harness/gate/stats/rate.js';

const obs = (counts: number[], exposures: number[]) =>
  counts.map((count, i) => ({ count, exposure: exposures[i] }));

describe('rate non-inferiority', () => {
  it('no event in either model: the Poisson chance of none where H₀ expects some', () => {
    const candidate = obs([0, 0], [10, 20]);
    const baseline = obs([0, 0], [5, 5]);
    const lower = rateNonInferiority(candidate, baseline, 2, 'lower', { per: 100 });
    expect([lower.method, lower.standardError, lower.pWorse]).toEqual(['poisson-no-events', 0, 1]);
    // 'lower' is better: H₀ puts the candidate's rate at the margin, e^(−2/100 · 30).
    expect(lower.pNonInferior).toBeCloseTo(0.5488116360940264, 14);
    // Bounds: 100 · ln(0.05) / 30 and −100 · ln(0.05) / 10.
    expect(lower.bounds(0.05).lower).toBeCloseTo(-9.98577424517997, 10);
    expect(lower.bounds(0.05).upper).toBeCloseTo(29.957322735539908, 10);
    const higher = rateNonInferiority(candidate, baseline, 2, 'higher', { per: 100 });
    // 'higher' is better: H₀ puts the baseline's rate at the margin, e^(−2/100 · 10).
    expect(higher.pNonInferior).toBeCloseTo(0.8187307530779818, 14);
    expect(higher.bounds(0.05).lower).toBeCloseTo(-29.957322735539908, 10);
    expect(higher.bounds(0.05).upper).toBeCloseTo(9.98577424517997, 10);
    for (const bad of [0, 1, Number.NaN])
      expect(() => lower.bounds(bad)).toThrow(/alpha must be in \(0, 1\)/);
  });

  it('events in one model only go to the paired test', () => {
    const r = rateNonInferiority(obs([0, 0], [10, 10]), obs([1, 0], [10, 10]), 0.1, 'lower');
    expect(r.method).not.toBe('poisson-no-events');
  });

  it('pairs become pseudo-values estimate − z_i (rates lower-is-better), tested against −margin', () => {
    // Candidate counts 3, 0, 0 and baseline 0, 1, 2 over exposures of 10: both rates 0.1, estimate 0.
    // z_i = (c_i − 0.1·10)/10 − (b_i − 0.1·10)/10 = 0.3, −0.1, −0.2; pseudo = −z = −0.3, 0.1, 0.2.
    const r = rateNonInferiority(obs([3, 0, 0], [10, 10, 10]), obs([0, 1, 2], [10, 10, 10]), 0.1, 'lower');
    expect(r.estimate).toBeCloseTo(0, 14);
    // s = √(0.07 / 2), s/√3 = √(0.07 / 3).
    expect(r.standardError).toBeCloseTo(0.15275252316519466, 12);
    // Against −0.1 the shifted values are −0.2, 0.2, 0.3 (sum 0.3). Of the 8 sums ±0.2 ±0.2 ±0.3,
    // 3 are ≥ 0.3 and 7 are ≤ 0.3; Student's t (t = 0.655, 2 df) gives 0.290 and 0.710: the larger.
    expect(r.method).toBe('sign-flip');
    expect(r.pNonInferior).toBeCloseTo(3 / 8, 12);
    expect(r.pWorse).toBeCloseTo(7 / 8, 12);
  });

  it.each([
    [{ per: 0 }, 0.1, /per must be a positive number \(got 0\)/],
    [{ per: Number.POSITIVE_INFINITY }, 0.1, /per must be a positive number/],
    [{}, -0.1, /margin must be a finite number ≥ 0 \(got -0.1\)/],
    [{}, Number.NaN, /margin must be a finite number ≥ 0/],
  ])('refuses %j with margin %f', (options, margin, message) => {
    expect(() => rateNonInferiority(obs([1], [10]), obs([1], [10]), margin, 'lower', options)).toThrow(
      message,
    );
  });

  it('refuses bad counts and exposures by index, and a model without exposure', () => {
    expect(() => rateNonInferiority(obs([1, -1], [10, 10]), obs([1, 1], [10, 10]), 0.1, 'lower')).toThrow(
      /candidate\[1\]\.count must be a finite number ≥ 0 \(got -1\)/,
    );
    expect(() =>
      rateNonInferiority(obs([1, 1], [10, 10]), obs([1, 1], [10, Number.NaN]), 0.1, 'lower'),
    ).toThrow(/baseline\[1\]\.exposure must be a finite number ≥ 0 \(got NaN\)/);
    const zero = () => rateNonInferiority(obs([0], [10]), obs([0], [0]), 0.1, 'lower');
    expect(zero).toThrow(ZeroExposureError);
    expect(zero).toThrow('the baseline has no exposure in these episodes: its rate is undefined');
    try {
      zero();
    } catch (error) {
      expect((error as Error).name).toBe('ZeroExposureError');
    }
  });
});

describe('non-inferiority: margins and bounds', () => {
  it.each([Number.NaN, -0.1, 1])('a binary margin of %f is refused', (margin) => {
    expect(() => binaryNonInferiority([1, 0], [1, 1], margin, 'higher')).toThrow(
      /margin must be a finite number in \[0, 1\)/,
    );
  });

  it('a continuous margin must be finite and ≥ 0; its bounds come from the mean test', () => {
    for (const margin of [Number.NaN, -1, Number.POSITIVE_INFINITY])
      expect(() => continuousNonInferiority([1, 2, 3], margin)).toThrow(/margin must be a finite number/);
    const b = continuousNonInferiority([1, 2, 3], 0.5).bounds(0.125);
    expect(b.lower).toBeCloseTo(1, 6);
    expect(b.upper).toBeCloseTo(3, 6);
  });

  it('binary: exact unconditional p-values; the standard error is the 95% Tango interval over 2 · 1.96', () => {
    const r = binaryNonInferiority([1, 1, 1, 0, 1, 1], [1, 0, 1, 1, 0, 1], 0.1, 'higher');
    expect(r.method).toBe('exact-unconditional');
    const ci = r.bounds(0.025);
    expect(r.standardError).toBeCloseTo((ci.upper - ci.lower) / (2 * 1.959963984540054), 12);
    for (const bad of [0, 1, Number.NaN]) expect(() => r.bounds(bad)).toThrow(/alpha must be in \(0, 1\)/);
  });
});
