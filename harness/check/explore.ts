// Exploration with fast-check: arbitraries built from the envelope (a record of the searched
// parameters over the envelope's constants), sampled with an explicit seed. fast-check biases
// toward the edges of each range, where rare failures often hide; the same arbitrary shrinks a
// counterexample (harness/check/shrink.ts).
import fc from 'fast-check';
import type { ParamValue } from '../../sim/params.js';
import type { Envelope } from './envelope.js';
import type { TrialParams } from './space.js';

/** The arbitrary of one trial's parameters. Doubles exclude NaN, ±∞ and −0 by construction. */
export function envelopeArbitrary(envelope: Envelope): fc.Arbitrary<TrialParams> {
  const fields: Record<string, fc.Arbitrary<ParamValue>> = {};
  for (const d of envelope.dims) {
    if (d.kind === 'choice') fields[d.name] = fc.constantFrom(...d.values);
    else if (d.integer) fields[d.name] = fc.integer({ min: d.min, max: d.max });
    else fields[d.name] = gridDouble(d.min, d.max);
  }
  return fc.record(fields).map(
    (searched) => ({ ...envelope.fixed, ...searched }),
    (value) => {
      // Unmapping lets fast-check shrink a trial it did not generate (a corpus entry, a search hit).
      const searched: Record<string, ParamValue> = {};
      for (const d of envelope.dims) searched[d.name] = (value as Record<string, ParamValue>)[d.name];
      return searched;
    },
  );
}

/**
 * A real parameter on a grid of GRID steps over its range: values read as written (no 1e-244
 * left over from halving toward zero), shrinking moves toward the lower bound by integer
 * halving, and a shrunk value sits within 1/GRID of the boundary it stopped at.
 */
export const GRID = 10_000;

/** The value at grid index `i` of a range. */
export function gridValue(min: number, max: number, i: number): number {
  return Number((min + (i / GRID) * (max - min)).toPrecision(6));
}

/** The grid index nearest to `v`. */
export function gridIndex(min: number, max: number, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error('not a finite number');
  return Math.min(GRID, Math.max(0, Math.round(((v - min) / (max - min)) * GRID)));
}

function gridDouble(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: GRID }).map(
    (i) => gridValue(min, max, i),
    (v) => gridIndex(min, max, v),
  );
}

/** `n` trials drawn by fast-check from `seed` (the same seed gives the same trials). */
export function exploreTrials(envelope: Envelope, seed: number, n: number): TrialParams[] {
  if (n <= 0) return [];
  return fc.sample(envelopeArbitrary(envelope), { seed, numRuns: n, unbiased: true });
}
