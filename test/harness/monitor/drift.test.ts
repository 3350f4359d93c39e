import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessSensor, confirmDrift } from '../../../harness/monitor/assess.js';
import {
  binProbabilities,
  jensenShannonDistance,
  ksAsymptoticPValue,
  ksStatistic,
  ksTwoSample,
  psi,
  quantileEdges,
  wasserstein1,
} from '../../../harness/monitor/drift.js';
import { buildReference } from '../../../harness/monitor/reference.js';
import { rngStream } from '../../../sim/rng.js';

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

/** Brute force: D for every split of the pooled sample into sizes m and n; P(D ≥ d). */
function bruteForceKs(a: readonly number[], b: readonly number[]): { d: number; p: number } {
  const pooled = sorted([...a, ...b]);
  const m = a.length;
  const dOf = (inA: boolean[]) => {
    let fa = 0;
    let fb = 0;
    let d = 0;
    inA.forEach((x) => {
      if (x) fa += 1 / m;
      else fb += 1 / b.length;
      d = Math.max(d, Math.abs(fa - fb));
    });
    return d;
  };
  const observed = dOf(pooled.map((x) => a.includes(x)));
  let total = 0;
  let atLeast = 0;
  const pick = (i: number, left: number, acc: boolean[]) => {
    if (acc.length === pooled.length) {
      total++;
      if (dOf(acc) >= observed - 1e-12) atLeast++;
      return;
    }
    if (left > 0) pick(i + 1, left - 1, [...acc, true]);
    if (pooled.length - acc.length > left) pick(i + 1, left, [...acc, false]);
  };
  pick(0, m, []);
  return { d: observed, p: atLeast / total };
}

/** P(D ≥ d) over all C(m + n, m) splits of the pooled values, D read only between distinct values. */
function tiedBruteForce(a: readonly number[], b: readonly number[]): number {
  const pooled = sorted([...a, ...b]);
  const m = a.length;
  const n = b.length;
  const dOf = (inA: boolean[]) => {
    let i = 0;
    let j = 0;
    let d = 0;
    inA.forEach((x, k) => {
      if (x) i++;
      else j++;
      if (k + 1 === pooled.length || pooled[k + 1] !== pooled[k]) d = Math.max(d, Math.abs(i / m - j / n));
    });
    return d;
  };
  const observed = ksStatistic(sorted(a), sorted(b));
  let total = 0;
  let atLeast = 0;
  const pick = (left: number, acc: boolean[]) => {
    if (acc.length === pooled.length) {
      total++;
      if (dOf(acc) >= observed - 1e-12) atLeast++;
      return;
    }
    if (left > 0) pick(left - 1, [...acc, true]);
    if (pooled.length - acc.length > left) pick(left, [...acc, false]);
  };
  pick(m, []);
  return atLeast / total;
}

describe('two-sample Kolmogorov–Smirnov', () => {
  const a = [0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64];
  const b = [-3.0, -1.9, -1.7, -1.5, -1.3, -0.9, 0.1, 0.2];

  it('statistic by hand: at x = −0.9, F_a = 1/10 and F_b = 6/8, so D = 0.65', () => {
    expect(Math.abs(ksStatistic(sorted(a), sorted(b)) - 0.65)).toBeLessThan(1e-12);
    expect(Math.abs(bruteForceKs(a, b).d - 0.65)).toBeLessThan(1e-12);
  });

  it('exact p-value equals the enumeration of all C(18, 8) splits', () => {
    const brute = bruteForceKs(a, b);
    const r = ksTwoSample(sorted(a), sorted(b));
    expect(r.method).toBe('exact');
    expect(r.statistic).toBeCloseTo(brute.d, 12);
    expect(Math.abs(r.p_value - brute.p)).toBeLessThan(1e-6);
    expect(Math.abs(r.p_value - 0.0302573)).toBeLessThan(1e-6); // as tabulated by other KS implementations
  });

  it('exact p-value matches enumeration on random small samples (fast-check, seed 4711)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 2, max: 7 }),
        fc.integer(),
        (m, n, seed) => {
          const rng = rngStream('ks-property', seed);
          const xs = Array.from({ length: m }, () => rng.normal(0, 1));
          const ys = Array.from({ length: n }, () => rng.normal(0.5, 1));
          const brute = bruteForceKs(xs, ys);
          const r = ksTwoSample(sorted(xs), sorted(ys));
          expect(Math.abs(r.p_value - brute.p)).toBeLessThan(1e-6);
        },
      ),
      { seed: 4711, numRuns: 60 },
    );
  });

  it('ties: the exact p-value is the permutation distribution given the pooled values (hypergeometric)', () => {
    // 45 zeros + 5 ones vs 20 zeros + 10 ones: D = 0.2333 is reached when a holds ≥ 45 of the 65
    // zeros or ≤ 35; the hypergeometric sum (scipy.stats.hypergeom) is 0.0163466801954715.
    const a = [...Array(45).fill(0), ...Array(5).fill(1)];
    const b = [...Array(20).fill(0), ...Array(10).fill(1)];
    const r = ksTwoSample(a, b);
    expect(r.method).toBe('exact');
    expect(r.statistic).toBeCloseTo(0.23333333333333, 12);
    expect(Math.abs(r.p_value - 0.0163466801954715)).toBeLessThan(1e-9);
    // The asymptotic p-value ignores the ties and says 0.259.
    expect(ksAsymptoticPValue(r.statistic, 50, 30)).toBeCloseTo(0.259, 3);
  });

  it('ties on three and four values match the multivariate-hypergeometric enumeration', () => {
    const sample = (counts: number[]) => counts.flatMap((c, v) => Array(c).fill(v));
    // Reference: every split of the tied counts weighted by Π C(t_v, k_v) / C(m + n, m).
    const three = ksTwoSample(sample([10, 5, 5]), sample([3, 6, 11]));
    expect(three.statistic).toBeCloseTo(0.35, 12);
    expect(Math.abs(three.p_value - 0.057404278306730304)).toBeLessThan(1e-9);
    const four = ksTwoSample(sample([4, 8, 6, 2]), sample([1, 3, 7, 9]));
    expect(four.statistic).toBeCloseTo(0.4, 12);
    expect(Math.abs(four.p_value - 0.02508992524952287)).toBeLessThan(1e-9);
  });

  it('ties: the exact p-value equals a tie-aware enumeration of all splits (fast-check, seed 1729)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 7 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 7 }),
        (xs, ys) => {
          const r = ksTwoSample(sorted(xs), sorted(ys));
          expect(Math.abs(r.p_value - tiedBruteForce(xs, ys))).toBeLessThan(1e-9);
        },
      ),
      { seed: 1729, numRuns: 80 },
    );
  });

  it("asymptotic p-value is Kolmogorov's Q at its tabulated critical values", () => {
    // λ with Q(λ) = 0.10, 0.05, 0.01 (Smirnov's table; kstwobign.isf).
    const table: [number, number][] = [
      [1.2238478702170823, 0.1],
      [1.3580986393225507, 0.05],
      [1.6276236115189504, 0.01],
    ];
    for (const [lambda, p] of table) {
      const d = lambda / Math.sqrt((100 * 100) / 200);
      expect(Math.abs(ksAsymptoticPValue(d, 100, 100) - p)).toBeLessThan(1e-6);
    }
  });
});

describe('PSI, Jensen–Shannon and Wasserstein', () => {
  const rng = rngStream('drift-test');
  const ref = sorted(Array.from({ length: 4000 }, () => rng.normal(0, 1)));
  const edges = quantileEdges(ref, 10);
  const refProb = binProbabilities(ref, edges);

  it('PSI of identical samples is 0; a hand-computed two-bin case', () => {
    expect(psi(refProb, binProbabilities(ref, edges))).toBe(0);
    // (0.25 − 0.5) ln(0.25/0.5) + (0.75 − 0.5) ln(0.75/0.5) = 0.25 ln 2 + 0.25 ln 1.5 = 0.25 ln 3
    expect(Math.abs(psi([0.5, 0.5], [0.25, 0.75]) - 0.25 * Math.log(3))).toBeLessThan(1e-12);
  });

  it('PSI, JS and normalised W1 grow monotonically with a shift', () => {
    let last = { psi: -1, js: -1, w: -1 };
    for (let shift = 0; shift <= 1.5; shift += 0.25) {
      const moved = ref.map((x) => x + shift);
      const p = binProbabilities(moved, edges);
      const now = {
        psi: psi(refProb, p),
        js: jensenShannonDistance(refProb, p),
        w: wasserstein1(ref, moved),
      };
      expect(now.psi).toBeGreaterThan(last.psi);
      expect(now.js).toBeGreaterThan(last.js);
      expect(now.w).toBeGreaterThan(last.w);
      expect(Math.abs(now.w - shift)).toBeLessThan(1e-9); // W1 of a pure shift is the shift
      last = now;
    }
  });

  it('JS distance equals the entropy form √(H(M) − (H(P) + H(Q))/2) in bits', () => {
    const H = (p: number[]) => -p.reduce((s, x) => s + (x > 0 ? x * Math.log2(x) : 0), 0);
    const cases: [number[], number[]][] = [
      [
        [0.5, 0.5],
        [1, 0],
      ],
      [
        [0.1, 0.2, 0.7],
        [0.3, 0.3, 0.4],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    ];
    for (const [p, q] of cases) {
      const m = p.map((x, i) => (x + q[i]) / 2);
      expect(Math.abs(jensenShannonDistance(p, q) - Math.sqrt(H(m) - (H(p) + H(q)) / 2))).toBeLessThan(1e-12);
    }
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(1, 12);
  });

  it('W1 of equal-size samples is the mean gap of the order statistics', () => {
    const r2 = rngStream('w1');
    const xs = sorted(Array.from({ length: 50 }, () => r2.uniform(0, 3)));
    const ys = sorted(Array.from({ length: 50 }, () => r2.normal(1, 2)));
    const expected = xs.reduce((s, x, i) => s + Math.abs(x - ys[i]), 0) / 50;
    expect(Math.abs(wasserstein1(xs, ys) - expected)).toBeLessThan(1e-9);
  });
});

describe('sensor assessment and confirmation', () => {
  const rng = rngStream('assess');
  const a = Array.from({ length: 3000 }, () => rng.normal(20, 1));
  const b = a.map((x) => x + rng.normal(0, 0.2));
  const c = Array.from({ length: 3000 }, () => rng.normal(0, 1));
  const reference = buildReference('ref.csv', 'x', { a, b, c });

  it('NaN-heavy and empty windows are insufficient, never stable', () => {
    const window = Array.from({ length: 100 }, (_, i) => (i % 5 === 0 ? Number.NaN : 20));
    expect(assessSensor(reference.sensors[0], window).status).toBe('insufficient');
    expect(assessSensor(reference.sensors[0], []).status).toBe('insufficient');
  });

  it('a clean window is stable; a shifted one drifts, naming the statistics crossed', () => {
    expect(assessSensor(reference.sensors[0], a.slice(0, 400)).status).toBe('stable');
    const moved = assessSensor(
      reference.sensors[0],
      a.slice(0, 400).map((x) => x + 1),
    );
    expect(moved.status).toBe('drift');
    if (moved.status === 'drift') expect(moved.exceeded.map((e) => e.statistic)).toContain('psi');
  });

  it('confirms only groups of correlated flagged sensors', () => {
    expect(confirmDrift(reference, ['a'], 2)).toMatchObject({ confirmed: [], unconfirmed: ['a'] });
    expect(confirmDrift(reference, ['a', 'c'], 2)).toMatchObject({ confirmed: [], unconfirmed: ['a', 'c'] });
    expect(confirmDrift(reference, ['b', 'a'], 2)).toMatchObject({
      confirmed: [['a', 'b']],
      unconfirmed: [],
    });
    expect(confirmDrift(reference, ['c'], 1).confirmed).toEqual([['c']]);
  });
});
