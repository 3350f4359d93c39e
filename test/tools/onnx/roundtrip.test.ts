import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtobufDecodeError, readOnnxSignature } from '../../../policies/onnx/onnx-reader.js';
import { encodeModel } from '../../../tools/onnx/onnx-model.js';

const name = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' });
const dim = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/));
const tensor = fc.record({
  name,
  elemType: fc.constantFrom(1, 6, 7, 11),
  shape: fc.array(dim, { maxLength: 5 }),
});

describe('ONNX writer and reader', () => {
  it('round-trip graph inputs, outputs and metadata_props (property, seed 20250601)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(tensor, { selector: (t) => t.name, minLength: 1, maxLength: 4 }),
        fc.array(tensor, { minLength: 1, maxLength: 3 }),
        fc.dictionary(name, fc.string({ maxLength: 40 }), { maxKeys: 3 }),
        (inputs, outputs, metadata) => {
          const bytes = encodeModel({
            graph: { name: 'g', nodes: [], initializers: [], inputs, outputs },
            metadata,
          });
          const sig = readOnnxSignature(bytes);
          expect(sig.inputs).toEqual(inputs);
          expect(sig.outputs).toEqual(outputs);
          expect(sig.metadata).toEqual(metadata);
        },
      ),
      { seed: 20250601, numRuns: 200 },
    );
  });

  it('rejects every truncation of a model as not ONNX, never with anything but a decode error', () => {
    const bytes = encodeModel({
      graph: {
        name: 'g',
        nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
        initializers: [],
        inputs: [{ name: 'x', shape: ['batch', 3] }],
        outputs: [{ name: 'y', shape: ['batch', 3] }],
      },
    });
    for (let n = 0; n < bytes.length; n++) {
      expect(() => readOnnxSignature(bytes.subarray(0, n))).toThrow(ProtobufDecodeError);
    }
  });
});
