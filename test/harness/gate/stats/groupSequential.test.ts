// Exact O'Brien–Fleming-type spending boundaries against published designs (gsDesign, rpact) and
// against an independent multivariate-normal integration (Genz's algorithm, not recursive grids).
import { describe, expect, it } from 'vitest';
import {
  cumulativeCrossing,
  obrienFlemingBoundaries,
} from '../../../../harness/gate/stats/groupSequential.js';
import { normalQuantile } from '../../../../harness/gate/stats/normal.js';
import { spendingSchedule } from '../../../../harness/gate/stats/spending.js';

const zs = (fractions: number[], alpha: number) => obrienFlemingBoundaries(fractions, alpha).map((l) => l.z);

function expectClose(actual: number[], expected: number[], tolerance: number) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((x, i) => {
    expect(Math.abs(x - expected[i])).toBeLessThan(tolerance);
  });
}

describe('exact group-sequential boundaries (Lan–DeMets O’Brien–Fleming spending)', () => {
  it('4 equal looks at one-sided 0.025 match gsDesign (sfLDOF, test.type = 1): 4.3326, 2.9631, 2.3590, 2.0141', () => {
    expectClose(zs([0.25, 0.5, 0.75, 1], 0.025), [4.3326, 2.9631, 2.359, 2.0141], 1e-4);
  });

  it('3 equal looks match rpact (asOF, one-sided 2.5%): 3.710, 2.511, 1.993; stage levels 0.0001, 0.0060, 0.0231', () => {
    const looks = obrienFlemingBoundaries([1 / 3, 2 / 3, 1], 0.025);
    expectClose(
      looks.map((l) => l.z),
      [3.71, 2.511, 1.993],
      6e-4,
    );
    expectClose(
      looks.map((l) => l.nominalAlpha),
      [0.0001, 0.006, 0.0231],
      6e-5,
    );
    expectClose(
      looks.map((l) => l.cumulativeAlpha),
      [0.0001, 0.006, 0.025],
      6e-5,
    );
  });

  it('unequal fractions 0.3, 0.6, 1 match a multivariate-normal integration: 3.92857, 2.66997, 1.98102', () => {
    // Reference: boundaries solved with scipy.stats.multivariate_normal (Genz) for
    // Corr(Z_i, Z_j) = √(t_i/t_j); the same procedure reproduces gsDesign's 4-look values above.
    // rpact's summary of this design reports cumulative α 0.0038 at 60%.
    expectClose(zs([0.3, 0.6, 1], 0.025), [3.92857, 2.66997, 1.98102], 2e-4);
    expect(obrienFlemingBoundaries([0.3, 0.6, 1], 0.025)[1].cumulativeAlpha).toBeCloseTo(0.0038, 4);
  });

  it('fractions that skip early looks (0.5, 0.75, 1 and 0.2, 0.5, 1) match the same integration', () => {
    expectClose(zs([0.5, 0.75, 1], 0.025), [2.96259, 2.35902, 2.01408], 2e-4);
    expectClose(zs([0.2, 0.5, 1], 0.025), [4.87688, 2.96263, 1.9686], 2e-4);
    expectClose(zs([0.5, 1], 0.05), [2.53799, 1.66211], 2e-4);
  });

  it('a single look is the fixed design: z = Φ⁻¹(1 − α)', () => {
    for (const alpha of [0.001, 0.025, 0.05, 0.5]) {
      const [look] = obrienFlemingBoundaries([1], alpha);
      expect(look.z).toBeCloseTo(normalQuantile(1 - alpha), 10);
      expect(look.nominalAlpha).toBeCloseTo(alpha, 12);
    }
  });

  it('the boundaries spend α*(t) exactly, and less at the final look than the union bound allows', () => {
    const fractions = [0.25, 0.5, 0.75, 1];
    const looks = obrienFlemingBoundaries(fractions, 0.025);
    const exact = cumulativeCrossing(
      fractions,
      looks.map((l) => l.z),
    );
    exact.forEach((p, k) => {
      expect(Math.abs(p - looks[k].cumulativeAlpha)).toBeLessThan(1e-9);
    });
    // The union bound tests the last look at the increment 0.0154; the exact design at 0.0220.
    const union = spendingSchedule(fractions, 0.025);
    expect(union[3].nominalAlpha).toBeCloseTo(0.01535, 4);
    expect(looks[3].nominalAlpha).toBeCloseTo(0.022, 4);
  });

  it('a look too early to spend anything gets an infinite boundary; later looks still spend α', () => {
    const looks = obrienFlemingBoundaries([0.001, 1], 0.025);
    expect(looks[0].z).toBe(Number.POSITIVE_INFINITY);
    expect(looks[0].nominalAlpha).toBe(0);
    expect(looks[1].z).toBeCloseTo(normalQuantile(0.975), 6);
  });

  it('rejects invalid designs with a clear message', () => {
    expect(() => obrienFlemingBoundaries([], 0.025)).toThrow(/at least one look/);
    expect(() => obrienFlemingBoundaries([0.5, 0.5, 1], 0.025)).toThrow(/increase strictly/);
    expect(() => obrienFlemingBoundaries([0.5, 1.2], 0.025)).toThrow(/\(0, 1\]/);
    expect(() => obrienFlemingBoundaries([1], 0)).toThrow(/alpha/);
    expect(() => obrienFlemingBoundaries([1], 0.6)).toThrow(/alpha/);
  });
});
