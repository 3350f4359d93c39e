// Properties of the statistics (fast-check with recorded seeds).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapMean, pairedBootstrapInterval } from '../../../../harness/gate/stats/bootstrap.js';
import { holmAdjust, holmReject } from '../../../../harness/gate/stats/holm.js';
import { exactMcNemar } from '../../../../harness/gate/stats/mcnemar.js';
import { newcombeIndependent, newcombePaired } from '../../../../harness/gate/stats/newcombe.js';
import { normalCdf, normalQuantile } from '../../../../harness/gate/stats/normal.js';
import { wilsonInterval } from '../../../../harness/gate/stats/wilson.js';
import { zeroFailureUpperBound } from '../../../../harness/gate/stats/zeroFailure.js';

const params = (seed: number) => ({ seed, numRuns: 300 });
const confidence = fc.constantFrom(0.8, 0.9, 0.95, 0.99, 0.999);
const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true });

describe('statistics properties', () => {
  it('Wilson interval contains p̂ and lies in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        confidence,
        (n, f, c) => {
          const x = Math.round(f * n);
          const w = wilsonInterval(x, n, c);
          expect(w.lower).toBeGreaterThanOrEqual(0);
          expect(w.upper).toBeLessThanOrEqual(1);
          expect(w.lower).toBeLessThanOrEqual(x / n + 1e-12);
          expect(w.upper).toBeGreaterThanOrEqual(x / n - 1e-12);
        },
      ),
      params(20240601),
    );
  });
  it('McNemar p-values are in [0, 1] and symmetric in the discordant counts', () => {
    fc.assert(
      fc.property(fc.nat(400), fc.nat(400), (b, c) => {
        const r = exactMcNemar({ candidateOnly: b, baselineOnly: c });
        const s = exactMcNemar({ candidateOnly: c, baselineOnly: b });
        for (const p of [r.pTwoSided, r.pCandidateWorse, r.pCandidateBetter]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        expect(r.pTwoSided).toBeCloseTo(s.pTwoSided, 12);
        expect(r.pCandidateWorse).toBeCloseTo(s.pCandidateBetter, 12);
      }),
      params(20240602),
    );
  });
  it('Newcombe intervals contain the point difference and lie in [−1, 1]', () => {
    const table = fc
      .tuple(fc.nat(60), fc.nat(60), fc.nat(60), fc.nat(60))
      .filter((t) => t[0] + t[1] + t[2] + t[3] > 0);
    fc.assert(
      fc.property(table, confidence, ([a, b, c, d], conf) => {
        const p = newcombePaired({ bothSuccess: a, onlyFirst: b, onlySecond: c, bothFail: d }, conf);
        expect(p.lower).toBeLessThanOrEqual(p.difference + 1e-12);
        expect(p.upper).toBeGreaterThanOrEqual(p.difference - 1e-12);
        expect(p.lower).toBeGreaterThanOrEqual(-1);
        expect(p.upper).toBeLessThanOrEqual(1);
        if (a + b > 0 && c + d > 0) {
          const i = newcombeIndependent(a, a + b, c, c + d, conf);
          expect(i.lower).toBeLessThanOrEqual(i.difference + 1e-12);
          expect(i.upper).toBeGreaterThanOrEqual(i.difference - 1e-12);
        }
      }),
      params(20240603),
    );
  });
  it('the paired bootstrap interval is deterministic for a seed and contains the estimate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(finite, finite), { minLength: 2, maxLength: 60 }),
        fc.nat(1000),
        (pairs, seed) => {
          const c = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          const opts = { resamples: 200, seed: ['property', seed] };
          const first = pairedBootstrapInterval(c, b, 0.95, opts);
          expect(pairedBootstrapInterval(c, b, 0.95, opts)).toEqual(first);
          expect(first.lower).toBeLessThanOrEqual(first.upper);
          const lo = Math.min(...c.map((x, i) => x - b[i]));
          const hi = Math.max(...c.map((x, i) => x - b[i]));
          expect(first.lower).toBeGreaterThanOrEqual(lo - 1e-9);
          expect(first.upper).toBeLessThanOrEqual(hi + 1e-9);
        },
      ),
      { seed: 20240604, numRuns: 100 },
    );
  });
  it('a different bootstrap seed gives a different stream', () => {
    const values = Array.from({ length: 30 }, (_, i) => Math.sin(i));
    const a = bootstrapMean(values, { resamples: 100, seed: ['x', 1] });
    const b = bootstrapMean(values, { resamples: 100, seed: ['x', 2] });
    expect(a.replicates).not.toEqual(b.replicates);
  });
  it('zero-failure bound is in (0, 1] and falls with n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100000 }),
        fc.constantFrom(0.01, 0.025, 0.05, 0.1),
        (n, alpha) => {
          const u = zeroFailureUpperBound(n, alpha);
          expect(u).toBeGreaterThan(0);
          expect(u).toBeLessThanOrEqual(1);
          expect(zeroFailureUpperBound(n + 1, alpha)).toBeLessThan(u);
          // Check the definition: (1 − u)^n = α.
          expect(n * Math.log1p(-u)).toBeCloseTo(Math.log(alpha), 8);
        },
      ),
      params(20240605),
    );
  });
  it('Holm rejects a superset of Bonferroni and agrees with its adjusted p-values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (ps) => {
        const holm = holmReject(ps, 0.05);
        const adjusted = holmAdjust(ps);
        ps.forEach((p, i) => {
          if (p <= 0.05 / ps.length) expect(holm[i]).toBe(true);
          expect(holm[i]).toBe(adjusted[i] <= 0.05);
        });
      }),
      params(20240606),
    );
  });
  it('normal quantile inverts the CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 6);
      }),
      params(20240607),
    );
  });
});
