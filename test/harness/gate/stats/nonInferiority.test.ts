// Paired non-inferiority: the binary test against Tango's published interval and an exhaustive
// enumeration of its true size; the continuous test's small-sample behaviour.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logChoose } from '../../../../harness/gate/stats/binomial.js';
import {
  binaryNonInferiority,
  continuousNonInferiority,
} from '../../../../harness/gate/stats/nonInferiority.js';
import { tangoBounds } from '../../../../harness/gate/stats/pairedBinary.js';

/** Pairs for a table: b candidate-only successes, c baseline-only, a both, d neither. */
function pairs(a: number, b: number, c: number, d: number): { cand: number[]; base: number[] } {
  const cand = [...Array(a).fill(1), ...Array(b).fill(1), ...Array(c).fill(0), ...Array(d).fill(0)];
  const base = [...Array(a).fill(1), ...Array(b).fill(0), ...Array(c).fill(1), ...Array(d).fill(0)];
  return { cand, base };
}

const binary = (a: number, b: number, c: number, d: number, margin: number) => {
  const t = pairs(a, b, c, d);
  return binaryNonInferiority(t.cand, t.base, margin, 'higher');
};

/** The true rejection rate at nuisance π₁₀ on the boundary Δ = −m, summed over every table. */
function trueSize(
  n: number,
  margin: number,
  p10: number,
  rejects: (b: number, c: number) => boolean,
): number {
  const p01 = p10 + margin;
  const p00 = 1 - p10 - p01;
  let size = 0;
  for (let b = 0; b <= n; b++) {
    for (let c = 0; b + c <= n; c++) {
      if (!rejects(b, c)) continue;
      const term = (x: number, p: number) => (x === 0 ? 0 : x * Math.log(p));
      size += Math.exp(
        logChoose(n, b) + logChoose(n - b, c) + term(b, p10) + term(c, p01) + term(n - b - c, p00),
      );
    }
  }
  return size;
}

describe('binary non-inferiority', () => {
  it("Tango's interval for Cavo 2012 (59, 6, 16, 80) is −0.0621 [−0.1240, −0.0054] (Fagerland et al.)", () => {
    const b = tangoBounds(6, 16, 161, 0.025);
    expect(Math.round(b.lower * 1e4) / 1e4).toBe(-0.124);
    expect(Math.round(b.upper * 1e4) / 1e4).toBe(-0.0054);
    const r = binary(59, 6, 16, 80, 0);
    expect(r.estimate).toBeCloseTo(-10 / 161, 12);
    expect(r.bounds(0.025).lower).toBeCloseTo(b.lower, 12);
  });

  it('works for every α in (0, 0.5] and every kind of table', () => {
    const tables = [
      [5, 0, 0, 5], // all concordant
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1], // n = 1
      [0, 7, 3, 0], // all discordant
      [0, 10, 0, 0],
      [0, 0, 10, 0],
      [120, 9, 4, 67], // a larger suite
    ];
    for (const [a, b, c, d] of tables) {
      for (const m of [0, 0.02, 0.3]) {
        const r = binary(a, b, c, d, m);
        for (const p of [r.pNonInferior, r.pWorse]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        for (const alpha of [1e-9, 7e-6, 0.025, 0.25, 0.5]) {
          const i = r.bounds(alpha);
          expect(i.lower).toBeLessThanOrEqual(i.upper + 1e-12);
          expect(i.lower).toBeGreaterThanOrEqual(-1);
          expect(i.upper).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('exact small-sample p-values: one pair never decides; ten clean wins at margin 0 are exact McNemar', () => {
    expect(binary(0, 1, 0, 0, 0.02).pNonInferior).toBeCloseTo(0.49, 6); // sup over π₁₀ ≤ (1 − m)/2
    expect(binary(1, 0, 0, 0, 0.02).pNonInferior).toBeCloseTo(0.98, 6); // (1 − m)ⁿ
    expect(binary(0, 0, 0, 10, 0)).toMatchObject({ pNonInferior: 1, pWorse: 1 });
    expect(binary(0, 10, 0, 0, 0).pNonInferior).toBeCloseTo(2 ** -10, 9);
    expect(binary(0, 0, 10, 0, 0).pWorse).toBeCloseTo(2 ** -10, 9);
    expect(binary(0, 10, 0, 0, 0).mcnemar?.pCandidateBetter).toBeCloseTo(2 ** -10, 12);
  });

  it('the p-values depend on the discordant pairs only, and orientation by `better` mirrors them', () => {
    expect(binary(10, 4, 1, 5, 0.05).pNonInferior).toBeCloseTo(binary(2, 4, 1, 13, 0.05).pNonInferior, 12);
    const t = pairs(3, 6, 2, 4);
    const flipped = (xs: number[]) => xs.map((x) => 1 - x);
    const lower = binaryNonInferiority(flipped(t.cand), flipped(t.base), 0.05, 'lower');
    const higher = binaryNonInferiority(t.cand, t.base, 0.05, 'higher');
    expect(lower.pNonInferior).toBe(higher.pNonInferior);
    expect(lower.pWorse).toBe(higher.pWorse);
  });

  // 12 s of enumeration: too slow to rerun for every mutant (vitest.stryker.config.ts); the
  // exact p-values are pinned against reference values by the tests around it.
  it.skipIf(process.env.SIMGATE_MUTATION_RUN === '1')(
    'exhaustive enumeration: the true size at the boundary Δ = −m never exceeds α for n ≤ 30',
    () => {
      const alpha = 0.025;
      for (const n of [1, 2, 3, 5, 8, 13, 21, 30]) {
        for (const m of [0, 0.05, 0.1]) {
          const p = new Map<string, { pNonInferior: number; pWorse: number }>();
          for (let b = 0; b <= n; b++)
            for (let c = 0; b + c <= n; c++) p.set(`${b},${c}`, binary(n - b - c, b, c, 0, m));
          let worst = 0;
          for (let i = 0; i <= 100; i++) {
            const p10 = ((1 - m) / 2) * (i / 100);
            const promote = trueSize(n, m, p10, (b, c) => p.get(`${b},${c}`)!.pNonInferior <= alpha);
            const reject = trueSize(n, m, p10, (b, c) => p.get(`${b},${c}`)!.pWorse <= alpha);
            worst = Math.max(worst, promote, reject);
          }
          expect(worst, `n = ${n}, m = ${m}`).toBeLessThanOrEqual(alpha + 1e-9);
        }
      }
    },
    60_000,
  );

  // Slow under mutation testing too (vitest.stryker.config.ts); the exact p-values are pinned
  // against an independent enumeration at small n in pairedBinary-reference.test.ts.
  it.skipIf(process.env.SIMGATE_MUTATION_RUN === '1')(
    'stays exact where Tango’s normal tails fail: n = 200, margin 0.02, rare discordance',
    () => {
      // At π₁₀ = 0.003 (π₀₁ = 0.023) Tango's one-sided 2.5% test rejects "worse" with probability
      // 0.0523 (exhaustive enumeration with scipy). Tables with b ≤ 8 and c ≤ 22 hold all but 1e-6.
      const n = 200;
      const m = 0.02;
      const p10 = 0.003;
      let size = 0;
      for (let b = 0; b <= 8; b++) {
        for (let c = 0; c <= 22; c++) {
          if (binary(n - b - c, b, c, 0, m).pWorse > 0.025) continue;
          size += trueSize(n, m, p10, (bb, cc) => bb === b && cc === c);
        }
      }
      expect(size).toBeLessThanOrEqual(0.025);
      expect(size).toBeGreaterThan(0.005);
    },
    60_000,
  );

  it('rejects values other than 0/1, unequal lengths and invalid margins', () => {
    expect(() => binaryNonInferiority([1, 0.5], [1, 1], 0, 'higher')).toThrow(/0 or 1/);
    expect(() => binaryNonInferiority([1], [1, 1], 0, 'higher')).toThrow(/differ in length/);
    expect(() => binaryNonInferiority([], [], 0, 'higher')).toThrow(/at least one pair/);
    expect(() => binaryNonInferiority([1], [1], 1, 'higher')).toThrow(/margin/);
  });
});

describe('continuous non-inferiority', () => {
  it('one pair never gives a p-value below ½; identical differences are an exact count', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (d, m) => {
          const r = continuousNonInferiority([d], m);
          expect(Math.min(r.pNonInferior, r.pWorse)).toBeGreaterThanOrEqual(0.5);
        },
      ),
      { seed: 1618, numRuns: 300 },
    );
    const same = continuousNonInferiority(Array(6).fill(0.25), 0.1);
    expect(same.pNonInferior).toBeCloseTo(1 / 64, 14);
    expect(same.pWorse).toBe(1);
    expect(continuousNonInferiority(Array(6).fill(-0.1), 0.1)).toMatchObject({ pNonInferior: 1, pWorse: 1 });
  });

  it('large samples use Student t on s/√n against −margin (scipy ttest_1samp)', () => {
    // Differences 1..15 shifted by −5 against margin 0 is the sample 1..15 against 5.
    const r = continuousNonInferiority(
      Array.from({ length: 15 }, (_, i) => i + 1 - 5),
      0,
    );
    expect(r.method).toBe('student-t');
    expect(r.pNonInferior).toBeCloseTo(0.010528009201657793, 9);
    expect(r.standardError).toBeCloseTo(Math.sqrt(20 / 15), 12);
  });

  it('is deterministic and still accepts the former bootstrap argument', () => {
    const d = [0.4, -0.1, 0.3, 0.2, 0.5, -0.2, 0.1, 0.6, 0.0, 0.3, 0.2, 0.1, 0.4, -0.3, 0.2];
    const a = continuousNonInferiority(d, 0.05);
    const b = continuousNonInferiority(d, 0.05, { resamples: 10, seed: ['ignored'] });
    expect(b.pNonInferior).toBe(a.pNonInferior);
    expect(b.bounds(0.01)).toEqual(a.bounds(0.01));
  });
});
