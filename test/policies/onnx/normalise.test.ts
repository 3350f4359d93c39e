// The numeric forms of the card's scales (inputAffine, outputAffine: what the pick policy's row
// loops use) give every value inputScale and outputScale give, bit for bit, −0 and NaN included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NormEntry } from '../../../policies/onnx/card.js';
import { inputAffine, inputScale, outputAffine, outputScale } from '../../../policies/onnx/normalise.js';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const entry: fc.Arbitrary<NormEntry | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ mean: finite, std: fc.double({ min: 1e-6, max: 1e6, noNaN: true }) }),
  fc.record({ min: finite, max: finite }),
);
const value = fc.oneof(fc.double(), fc.constantFrom(-0, 0, Number.NaN));

describe('affine forms of the card scales', () => {
  it('inputAffine computes what inputScale computes', () => {
    fc.assert(
      fc.property(entry, value, (e, x) => {
        const { offset, divisor } = inputAffine(e);
        expect(Object.is((x - offset) / divisor, inputScale(e)(x))).toBe(true);
      }),
    );
  });

  it('outputAffine computes what outputScale computes', () => {
    fc.assert(
      fc.property(entry, value, (e, y) => {
        const { factor, offset } = outputAffine(e);
        expect(Object.is(y * factor + offset, outputScale(e)(y))).toBe(true);
      }),
    );
  });
});
