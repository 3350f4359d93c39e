import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { readOnnxSignature } from '../../../policies/onnx/onnx-reader.js';
import { buildConvNet, buildMlp } from '../../../tools/onnx/builders.js';
import { encodeModel } from '../../../tools/onnx/onnx-model.js';

const tiny = buildMlp({
  name: 'tiny',
  inputName: 'obs',
  outputName: 'act',
  metadata: { 'simgate.card': '{"task":"pick"}' },
  normalise: { mean: [1, 2], std: [2, 4] },
  layers: [
    { inSize: 2, outSize: 3, weights: [1, 0, 0, 1, 1, 1], bias: [0, 0, -1], activation: 'relu' },
    { inSize: 3, outSize: 1, weights: [1, 1, -1], bias: [0.5], activation: 'none' },
  ],
});

describe('ONNX writer', () => {
  it('writes an MLP the real runtime runs, with the expected numbers', async () => {
    const bytes = encodeModel(tiny);
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({
      obs: new ort.Tensor('float32', Float32Array.from([3, 6, 1, 2]), [2, 2]),
    });
    // row 1: normalised (1, 1) → relu(1, 1, 1) → 1 + 1 − 1 + 0.5; row 2: (0, 0) → (0, 0, 0) → 0.5
    expect(Array.from(out.act.data as Float32Array)).toEqual([1.5, 0.5]);
    expect(out.act.dims).toEqual([2, 1]);
  });

  it('is byte-identical on rerun and the reader recovers the signature and metadata', () => {
    const a = encodeModel(tiny);
    expect(Buffer.from(encodeModel(tiny)).equals(Buffer.from(a))).toBe(true);
    const sig = readOnnxSignature(a);
    expect(sig.irVersion).toBe(8);
    expect(sig.opsets).toEqual([{ domain: '', version: 17 }]);
    expect(sig.inputs).toEqual([{ name: 'obs', elemType: 1, shape: ['batch', 2] }]);
    expect(sig.outputs).toEqual([{ name: 'act', elemType: 1, shape: ['batch', 1] }]);
    expect(sig.operators).toEqual(['Gemm', 'Mul', 'Relu', 'Sub']);
    expect(sig.metadata).toEqual({ 'simgate.card': '{"task":"pick"}' });
  });

  it('writes a conv network over a heightmap plus scalars', async () => {
    const conv = (inC: number, f: number) => ({
      inChannels: inC,
      filters: f,
      kernel: 3,
      weights: Array.from({ length: f * inC * 9 }, (_, i) => ((i % 7) - 3) / 10),
      bias: Array.from({ length: f }, () => 0.1),
      maxPool: true,
    });
    const model = buildConvNet({
      name: 'cnn',
      image: { name: 'heightmap', height: 8, width: 8 },
      scalars: { name: 'obs', size: 3 },
      outputName: 'act',
      conv: [conv(1, 4), conv(4, 4)],
      head: [{ inSize: 7, outSize: 2, weights: Array(14).fill(0.2), bias: [0, 1], activation: 'sigmoid' }],
    });
    const session = await ort.InferenceSession.create(encodeModel(model));
    const out = await session.run({
      heightmap: new ort.Tensor('float32', new Float32Array(3 * 64).fill(0.5), [3, 1, 8, 8]),
      obs: new ort.Tensor('float32', new Float32Array(9).fill(1), [3, 3]),
    });
    expect(out.act.dims).toEqual([3, 2]);
    for (const v of out.act.data as Float32Array) expect(v > 0 && v < 1).toBe(true);
  });
});
