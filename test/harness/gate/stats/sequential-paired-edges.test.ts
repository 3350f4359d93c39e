// Group-sequential boundaries, exact McNemar and Newcombe's paired interval at their edges and
// argument checks. Newcombe's paired interval (method 10, continuity-corrected φ) on each side of
// the correction: the (36, 12, 2, 0) table is Newcombe's (1998) own example, 0.0569 to 0.3404; the
// others were computed with an independent implementation of the same definition (scipy's
// normal quantile), written out here.
import { describe, expect, it } from 'vitest';
import {
  cumulativeCrossing,
  obrienFlemingBoundaries,
} from '../../../../harness/gate/stats/groupSequential.js';
import { exactMcNemar } from '../../../../harness/gate/stats/mcnemar.js';
import { newcombePaired } from '../../../../harness/gate/stats/newcombe.js';

describe('group-sequential boundaries: inputs', () => {
  it.each([0, -0.1, 0.6, Number.NaN])('refuses alpha %f', (alpha) => {
    expect(() => obrienFlemingBoundaries([0.5, 1], alpha)).toThrow(/alpha must be in \(0, 0.5\]/);
  });

  it('accepts alpha ½ and a single look at the end', () => {
    expect(obrienFlemingBoundaries([1], 0.5)[0].z).toBeCloseTo(0, 9);
    expect(obrienFlemingBoundaries([1], 0.025)[0].z).toBeCloseTo(1.959963984540054, 9);
  });

  it.each([
    [[], /at least one look/],
    [[0, 1], /fractions\[0\] must be in \(0, 1\] \(got 0\)/],
    [[0.5, 1.2], /fractions\[1\] must be in \(0, 1\] \(got 1.2\)/],
    [[0.5, 0.5, 1], /fractions must increase strictly \(fractions\[1\] = 0.5 after 0.5\)/],
  ])('refuses the fractions %j', (fractions, message) => {
    expect(() => obrienFlemingBoundaries(fractions, 0.025)).toThrow(message);
  });

  it('a look too early to spend anything has an infinite boundary; the last look then spends all of α', () => {
    const [early, last] = obrienFlemingBoundaries([1e-6, 1], 0.025);
    expect(early.z).toBe(Number.POSITIVE_INFINITY);
    expect(early.nominalAlpha).toBe(0);
    expect(last.z).toBeCloseTo(1.959963984540054, 4);
  });

  it('cumulative crossing needs one boundary per fraction', () => {
    expect(() => cumulativeCrossing([0.5, 1], [2.5])).toThrow(/one boundary per fraction/);
  });
});

describe('exact McNemar: inputs', () => {
  it.each([
    [{ candidateOnly: -1, baselineOnly: 2 }, /candidateOnly must be a non-negative integer \(got -1\)/],
    [{ candidateOnly: 1, baselineOnly: 2.5 }, /baselineOnly must be a non-negative integer \(got 2.5\)/],
  ])('refuses %j', (pairs, message) => {
    expect(() => exactMcNemar(pairs)).toThrow(message);
  });

  it('no discordant pair decides nothing', () => {
    expect(exactMcNemar({ candidateOnly: 0, baselineOnly: 0 })).toEqual({
      discordant: 0,
      pTwoSided: 1,
      pCandidateWorse: 1,
      pCandidateBetter: 1,
    });
  });
});

describe("Newcombe's paired interval", () => {
  it.each([
    // a, b, c, d: a·d − b·c above n/2 (corrected down by n/2)
    [36, 12, 2, 0, 0.2, 0.05692958400323869, 0.3404276029749407],
    [5, 3, 2, 4, 0.0714285714285714, -0.24108540715579785, 0.36394740595208663],
    // a·d − b·c positive but within n/2 (corrected to 0)
    [3, 4, 2, 3, 0.16666666666666669, -0.20643401317843668, 0.4826109610107644],
    // a·d − b·c negative (kept)
    [1, 5, 6, 2, -0.07142857142857145, -0.4682737603936483, 0.35269891772292594],
    [10, 2, 2, 10, 0, -0.16954363049262827, 0.16954363049262827],
  ])('(%i, %i, %i, %i)', (a, b, c, d, difference, lower, upper) => {
    const r = newcombePaired({ bothSuccess: a, onlyFirst: b, onlySecond: c, bothFail: d }, 0.95);
    expect(r.difference).toBeCloseTo(difference, 12);
    expect(r.lower).toBeCloseTo(lower, 9);
    expect(r.upper).toBeCloseTo(upper, 9);
  });

  it('needs at least one pair', () => {
    expect(() => newcombePaired({ bothSuccess: 0, onlyFirst: 0, onlySecond: 0, bothFail: 0 }, 0.95)).toThrow(
      /at least one pair/,
    );
  });
});
