// Statistics against published figures: Wilson (Newcombe 1998b), Newcombe differences
// (independent: Newcombe 1998b Table II; paired: Fagerland et al. 2014, Cavo 2012 data),
// exact McNemar (Bentur 2009 data), normal quantiles, O'Brien–Fleming spending.
import { describe, expect, it } from 'vitest';
import { binomialCdf } from '../../../../harness/gate/stats/binomial.js';
import { holmAdjust, holmReject } from '../../../../harness/gate/stats/holm.js';
import { exactMcNemar } from '../../../../harness/gate/stats/mcnemar.js';
import { minimumDetectableEffect } from '../../../../harness/gate/stats/mde.js';
import { newcombeIndependent, newcombePaired } from '../../../../harness/gate/stats/newcombe.js';
import { normalCdf, normalQuantile } from '../../../../harness/gate/stats/normal.js';
import { obrienFlemingSpent, spendingSchedule } from '../../../../harness/gate/stats/spending.js';
import { wilsonInterval } from '../../../../harness/gate/stats/wilson.js';
import {
  trialsForZeroFailureBound,
  zeroFailureUpperBound,
} from '../../../../harness/gate/stats/zeroFailure.js';

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

describe('normal distribution', () => {
  it('matches tabulated quantiles and tails', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 12);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 9);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 9);
  });
});

describe('Wilson score interval', () => {
  it('8/10 at 95% is [0.4902, 0.9433]', () => {
    const w = wilsonInterval(8, 10, 0.95);
    expect([round4(w.lower), round4(w.upper)]).toEqual([0.4902, 0.9433]);
  });
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i matches Newcombe 1998b', (x, n, lo, hi) => {
    const w = wilsonInterval(x, n, 0.95);
    expect([round4(w.lower), round4(w.upper)]).toEqual([lo, hi]);
  });
});

describe('Newcombe difference intervals', () => {
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
  ])('independent %i/%i − %i/%i (method 10)', (x1, n1, x2, n2, lo, hi) => {
    const d = newcombeIndependent(x1, n1, x2, n2, 0.95);
    expect([round4(d.lower), round4(d.upper)]).toEqual([lo, hi]);
  });
  it('paired Cavo 2012 table (59, 6, 16, 80): −0.0621 [−0.1186, −0.0046]', () => {
    const d = newcombePaired({ bothSuccess: 59, onlyFirst: 6, onlySecond: 16, bothFail: 80 }, 0.95);
    expect([round4(d.difference), round4(d.lower), round4(d.upper)]).toEqual([-0.0621, -0.1186, -0.0046]);
  });
});

describe('exact McNemar', () => {
  it('Bentur 2009 (1 vs 7 discordant) gives p = 0.0703 two-sided', () => {
    const r = exactMcNemar({ candidateOnly: 1, baselineOnly: 7 });
    expect(round4(r.pTwoSided)).toBe(0.0703);
    expect(r.pCandidateWorse).toBeCloseTo(9 / 256, 12);
    expect(r.pCandidateBetter).toBeCloseTo(1 - 1 / 256, 12);
  });
  it('Cavo 2012 (6 vs 16 discordant) gives p = 0.0525 two-sided', () => {
    expect(round4(exactMcNemar({ candidateOnly: 6, baselineOnly: 16 }).pTwoSided)).toBe(0.0525);
  });
  it('no discordant pairs gives p = 1', () => {
    expect(exactMcNemar({ candidateOnly: 0, baselineOnly: 0 }).pTwoSided).toBe(1);
  });
  it('binomial tails are exact for small n and stable for large n', () => {
    expect(binomialCdf(3, 10, 0.5)).toBeCloseTo(176 / 1024, 14);
    expect(binomialCdf(2500, 5000, 0.5)).toBeCloseTo(0.5 + 0.5 * 0.011283, 5);
  });
});

describe('zero-failure bound, Holm, spending, MDE', () => {
  it('zero failures in 300 trials bound the rate near 3/300 at α = 0.05', () => {
    expect(zeroFailureUpperBound(300, 0.05)).toBeCloseTo(1 - 0.05 ** (1 / 300), 14);
    expect(zeroFailureUpperBound(300, 0.05)).toBeCloseTo(0.00994, 4);
    expect(zeroFailureUpperBound(0, 0.05)).toBe(1);
    expect(trialsForZeroFailureBound(0.01, 0.05)).toBe(299);
  });
  it('Holm rejects step-down (textbook example)', () => {
    expect(holmReject([0.01, 0.04, 0.03, 0.005], 0.05)).toEqual([true, false, false, true]);
    expect(holmAdjust([0.01, 0.04, 0.03, 0.005]).map(round4)).toEqual([0.03, 0.06, 0.06, 0.02]);
  });
  it("O'Brien–Fleming spending at quarters of the plan for α = 0.025", () => {
    expect(obrienFlemingSpent(1, 0.025)).toBe(0.025);
    expect(obrienFlemingSpent(0.5, 0.025)).toBeCloseTo(0.001525, 5);
    expect(obrienFlemingSpent(0.25, 0.025)).toBeCloseTo(7.4e-6, 6);
    const looks = spendingSchedule([0.25, 0.5, 0.75, 1], 0.025);
    expect(looks.reduce((s, l) => s + l.nominalAlpha, 0)).toBeCloseTo(0.025, 12);
    for (let i = 1; i < looks.length; i++)
      expect(looks[i].nominalAlpha).toBeGreaterThan(looks[i - 1].nominalAlpha);
  });
  it('MDE at α = 0.025, power 0.8 is 2.8 standard errors', () => {
    expect(minimumDetectableEffect(1, 0.025, 0.8)).toBeCloseTo(2.8016, 4);
  });
});
