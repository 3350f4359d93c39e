// Where the sequential design looks (harness/gate/looks.ts): checkpoints as fractions of the plan
// capped at max_pairs, looks below min_pairs skipped, the engine's stage sizes used as given,
// every plan ending in a look at its whole size, and the boundaries of each look.
import { describe, expect, it } from 'vitest';
import { lookBoundaries, sequentialLooks, sideAlpha } from '../../../harness/gate/looks.js';

const cfg = { checkpoints: [0.25, 0.5, 0.75, 1], min_pairs: 20, max_pairs: 2000 };
const pairsOf = (...args: Parameters<typeof sequentialLooks>) => sequentialLooks(...args).map((l) => l.pairs);

describe('sequentialLooks', () => {
  it('quarters of a 400-pair plan, with index and information fraction', () => {
    expect(sequentialLooks(400, cfg)).toEqual([
      { index: 0, pairs: 100, fraction: 0.25 },
      { index: 1, pairs: 200, fraction: 0.5 },
      { index: 2, pairs: 300, fraction: 0.75 },
      { index: 3, pairs: 400, fraction: 1 },
    ]);
  });
  it('rounds a fraction up to whole pairs', () => {
    expect(pairsOf(10, { ...cfg, min_pairs: 1 })).toEqual([3, 5, 8, 10]);
  });
  it('skips looks below min_pairs, keeps one exactly at it, and always ends at the whole plan', () => {
    expect(pairsOf(80, cfg)).toEqual([20, 40, 60, 80]);
    expect(pairsOf(76, cfg)).toEqual([38, 57, 76]); // ceil(0.25 · 76) = 19 < 20
    expect(pairsOf(10, cfg)).toEqual([10]); // a plan below min_pairs still has its final look
    expect(pairsOf(40, { ...cfg, checkpoints: [0.5] })).toEqual([20, 40]);
  });
  it('caps the plan at max_pairs', () => {
    expect(sequentialLooks(1000, { ...cfg, max_pairs: 100 })).toEqual([
      { index: 0, pairs: 25, fraction: 0.25 },
      { index: 1, pairs: 50, fraction: 0.5 },
      { index: 2, pairs: 75, fraction: 0.75 },
      { index: 3, pairs: 100, fraction: 1 },
    ]);
  });
  it('uses the engine’s stage sizes: deduplicated, clamped to [1, plan], at least min_pairs unless final', () => {
    expect(pairsOf(40, cfg, [10, 20, 20, 30, 40])).toEqual([20, 30, 40]);
    expect(pairsOf(40, { ...cfg, min_pairs: 1 }, [0, 5, 50])).toEqual([1, 5, 40]);
    expect(pairsOf(40, cfg, [25])).toEqual([25, 40]);
    expect(sequentialLooks(40, { ...cfg, min_pairs: 1 }, [10, 40]).map((l) => l.fraction)).toEqual([0.25, 1]);
  });
  it('an empty plan has no looks', () => {
    expect(sequentialLooks(0, cfg)).toEqual([]);
    expect(sequentialLooks(-3, cfg)).toEqual([]);
    expect(sequentialLooks(10, { ...cfg, max_pairs: 0 })).toEqual([]);
  });
});

describe('lookBoundaries and sideAlpha', () => {
  it('gives the exact O’Brien–Fleming boundaries of the looks (gsDesign: 4.3326, 2.9631, 2.3590, 2.0141)', () => {
    const b = lookBoundaries(sequentialLooks(400, cfg), 0.025);
    expect(b.map((x) => Number(x.z.toFixed(4)))).toEqual([4.3326, 2.9631, 2.359, 2.0141]);
    for (const x of b) expect(x.nominal).toBeCloseTo(1 - 0.5 * (1 + erf(x.z / Math.SQRT2)), 6);
    expect(b.at(-1)!.cumulative).toBeCloseTo(0.025, 4);
    expect(b[0].cumulative).toBeLessThan(b[1].cumulative);
    // Memoised: the same looks give the same object.
    expect(lookBoundaries(sequentialLooks(400, cfg), 0.025)).toBe(b);
    expect(lookBoundaries([], 0.025)).toEqual([]);
  });
  it('one look spends the whole α at z₁₋α', () => {
    const [only] = lookBoundaries(sequentialLooks(50, { ...cfg, checkpoints: [1] }), 0.025);
    expect(only.z).toBeCloseTo(1.959964, 5);
    expect(only.nominal).toBeCloseTo(0.025, 9);
  });
  it('sideAlpha: the one-sided α of a two-sided confidence, exactly 0.025 for 0.95', () => {
    expect(sideAlpha(0.95)).toBe(0.025);
    expect(sideAlpha(0.9)).toBe(0.05);
    expect(sideAlpha(0.99)).toBe(0.005);
  });
});

/** erf by Abramowitz–Stegun 7.1.26 is too coarse; use the series for the boundary check. */
function erf(x: number): number {
  // Maclaurin series, converges fast for |x| < 4.
  let sum = 0;
  let term = x;
  for (let n = 0; n < 200; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
