// The bootstrap and the floor test at their edges and argument checks. Expected values are
// closed forms or scipy / numpy figures written out here.
import { describe, expect, it } from 'vitest';
import {
  bootstrapMean,
  pairedBootstrapInterval,
  percentileInterval,
  sortedQuantile,
} from '../../../../harness/gate/stats/bootstrap.js';
import { floorTest } from '../../../../harness/gate/stats/floor.js';

const options = { resamples: 400, seed: ['edges'] };

describe('bootstrap of the mean', () => {
  it('estimates the sample mean; its standard error is the replicates’ sample standard deviation', () => {
    const values = [1, 2, 3, 10];
    const b = bootstrapMean(values, options);
    expect(b.estimate).toBe(4);
    expect(b.replicates).toHaveLength(400);
    // Every replicate is the mean of four of the values: a multiple of ¼ between 1 and 10.
    for (const r of b.replicates) {
      expect(r * 4).toBe(Math.round(r * 4));
      expect(r).toBeGreaterThanOrEqual(1);
      expect(r).toBeLessThanOrEqual(10);
    }
    for (let i = 1; i < b.replicates.length; i++)
      expect(b.replicates[i]).toBeGreaterThanOrEqual(b.replicates[i - 1]);
    const reps = [...b.replicates];
    const m = reps.reduce((a, x) => a + x, 0) / reps.length;
    const sd = Math.sqrt(reps.reduce((a, x) => a + (x - m) ** 2, 0) / (reps.length - 1));
    expect(b.standardError).toBeCloseTo(sd, 12);
    // The replicates centre on the estimate; their spread is near σ/√n = 3.5355/2 (population σ).
    expect(Math.abs(m - 4)).toBeLessThan(0.3);
    expect(sd).toBeGreaterThan(1.4);
    expect(sd).toBeLessThan(2.1);
  });

  it('has no spread from one resample, and the same replicates for the same key', () => {
    expect(bootstrapMean([1, 5], { resamples: 1, seed: ['one'] }).standardError).toBe(0);
    const again = bootstrapMean([1, 2, 3, 10], options);
    expect([...again.replicates]).toEqual([...bootstrapMean([1, 2, 3, 10], options).replicates]);
    // The stream is named: another name (or none) draws other resamples.
    expect([...bootstrapMean([1, 2, 3, 10], { ...options, seed: ['other'] }).replicates]).not.toEqual([
      ...again.replicates,
    ]);
  });

  it.each([
    [[], options, /at least one value/],
    [[1, 2], { ...options, resamples: 0 }, /resamples must be a positive integer \(got 0\)/],
    [[1, 2], { ...options, resamples: 2.5 }, /resamples must be a positive integer \(got 2.5\)/],
    [[1, Number.NaN], options, /values must be finite \(got NaN\)/],
    [[1, Number.POSITIVE_INFINITY], options, /values must be finite \(got Infinity\)/],
  ])('refuses %j with %j', (values, o, message) => {
    expect(() => bootstrapMean(values as number[], o)).toThrow(message);
  });

  it('quantiles interpolate linearly (type 7, as numpy) and clamp q to [0, 1]', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5]);
    expect(sortedQuantile(sorted, 0.3)).toBeCloseTo(2.2, 14);
    expect(sortedQuantile(sorted, 0.5)).toBe(3);
    expect([sortedQuantile(sorted, 0), sortedQuantile(sorted, 1)]).toEqual([1, 5]);
    expect([sortedQuantile(sorted, -0.5), sortedQuantile(sorted, 1.5)]).toEqual([1, 5]);
  });

  it('the percentile interval cuts (1 − confidence)/2 from each side', () => {
    const replicates = Float64Array.from({ length: 101 }, (_, i) => i);
    const interval = percentileInterval({ estimate: 50, standardError: 1, replicates }, 0.9);
    expect(interval.lower).toBeCloseTo(5, 12);
    expect(interval.upper).toBeCloseTo(95, 12);
  });

  it('a paired interval needs samples of one length', () => {
    expect(() => pairedBootstrapInterval([1, 2, 3], [1, 2], 0.95, options)).toThrow(
      /paired samples differ in length \(3 vs 2\)/,
    );
  });
});

describe('floor test', () => {
  const sevenOfTwenty = [...Array(7).fill(1), ...Array(13).fill(0)];

  it('binary: exact binomial tails on either side of the limit (scipy binom)', () => {
    const atLeastHalf = floorTest(sevenOfTwenty, { min: 0.5 }, { binary: true });
    expect(atLeastHalf.estimate).toBe(0.35);
    expect(atLeastHalf.standardError).toBeCloseTo(0.1066536450385077, 14);
    expect(atLeastHalf.pMeets).toBeCloseTo(0.9423408508300781, 12); // P(X ≥ 7 | 0.5)
    expect(atLeastHalf.pBroken).toBeCloseTo(0.13158798217773438, 12); // P(X ≤ 7 | 0.5)
    const atMostHalf = floorTest(sevenOfTwenty, { max: 0.5 }, { binary: true });
    expect(atMostHalf.pMeets).toBeCloseTo(0.13158798217773438, 12);
    expect(atMostHalf.pBroken).toBeCloseTo(0.9423408508300781, 12);
  });

  it('binary: Clopper–Pearson bounds (scipy beta), exactly 0 and 1 at the ends', () => {
    const b = floorTest(sevenOfTwenty, { min: 0.5 }, { binary: true }).bounds(0.05);
    expect(b.lower).toBeCloseTo(0.17731091757444914, 9);
    expect(b.upper).toBeCloseTo(0.5580345113154888, 9);
    expect(floorTest(Array(20).fill(0), { min: 0.5 }, { binary: true }).bounds(0.05).lower).toBe(0);
    expect(floorTest(Array(20).fill(1), { min: 0.5 }, { binary: true }).bounds(0.05).upper).toBe(1);
    for (const bad of [0, 1, Number.NaN])
      expect(() => floorTest(sevenOfTwenty, { min: 0.5 }, { binary: true }).bounds(bad)).toThrow(
        /alpha must be in \(0, 1\)/,
      );
  });

  it('continuous: bounds check their alpha too', () => {
    for (const bad of [0, 1, Number.NaN])
      expect(() => floorTest([1, 2, 3, 4, 5], { min: 2 }).bounds(bad)).toThrow(/alpha must be in \(0, 1\)/);
  });

  it.each([
    [{}, /a floor needs min, max or both/],
    [{ min: Number.NaN }, /min must be a finite number \(got NaN\)/],
    [{ max: Number.POSITIVE_INFINITY }, /max must be a finite number \(got Infinity\)/],
    [{ min: 3, max: 2 }, /min 3 must not exceed max 2/],
  ])('refuses the limits %j', (limits, message) => {
    expect(() => floorTest([1, 2, 3], limits)).toThrow(message);
  });

  it('accepts min equal to max, and refuses an empty sample', () => {
    expect(floorTest([1, 2, 3], { min: 2, max: 2 }).n).toBe(3);
    expect(() => floorTest([], { min: 2 })).toThrow(/at least one value/);
  });
});
