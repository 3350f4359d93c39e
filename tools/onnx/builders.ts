// Model builders: a dense MLP (Gemm + Relu/Tanh/Sigmoid) and a small conv network for a
// heightmap plus scalar features (Conv/Relu/MaxPool/GlobalAveragePool/Flatten/Concat/Gemm).
// Both take a dynamic batch dimension ('batch') and may bake input normalisation into the graph.
import type { Initializer, OnnxModel, OnnxNode } from './onnx-model.js';

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'none';

/** One dense layer; weights are [out][in] row-major (transB=1, as PyTorch stores them). */
export interface DenseLayer {
  readonly inSize: number;
  readonly outSize: number;
  readonly weights: ArrayLike<number>;
  readonly bias: ArrayLike<number>;
  readonly activation: Activation;
}

export interface BakedNormalisation {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

const ACT_OP: Record<Exclude<Activation, 'none'>, string> = {
  relu: 'Relu',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
};

/** Appends dense layers after `input`; returns the name of the last tensor written. */
function denseStack(
  prefix: string,
  input: string,
  layers: readonly DenseLayer[],
  finalName: string,
  nodes: OnnxNode[],
  inits: Initializer[],
): void {
  let current = input;
  layers.forEach((layer, i) => {
    const last = i === layers.length - 1;
    const w = `${prefix}${i}.weight`;
    const b = `${prefix}${i}.bias`;
    inits.push({ name: w, dims: [layer.outSize, layer.inSize], values: layer.weights });
    inits.push({ name: b, dims: [layer.outSize], values: layer.bias });
    const gemmOut = last && layer.activation === 'none' ? finalName : `${prefix}${i}.gemm`;
    nodes.push({ op: 'Gemm', inputs: [current, w, b], outputs: [gemmOut], attributes: { transB: { i: 1 } } });
    current = gemmOut;
    if (layer.activation !== 'none') {
      const actOut = last ? finalName : `${prefix}${i}.${layer.activation}`;
      nodes.push({ op: ACT_OP[layer.activation], inputs: [current], outputs: [actOut] });
      current = actOut;
    }
  });
}

/** (x − mean) / std as Sub and Mul nodes in front of the network. */
function bakedNormalisation(
  input: string,
  norm: BakedNormalisation,
  nodes: OnnxNode[],
  inits: Initializer[],
): string {
  inits.push({ name: 'norm.mean', dims: [norm.mean.length], values: norm.mean });
  inits.push({ name: 'norm.inv_std', dims: [norm.std.length], values: norm.std.map((s) => 1 / s) });
  nodes.push({ op: 'Sub', inputs: [input, 'norm.mean'], outputs: ['norm.centred'] });
  nodes.push({ op: 'Mul', inputs: ['norm.centred', 'norm.inv_std'], outputs: ['norm.out'] });
  return 'norm.out';
}

export interface MlpSpec {
  readonly name: string;
  readonly inputName: string;
  readonly outputName: string;
  readonly layers: readonly DenseLayer[];
  readonly normalise?: BakedNormalisation;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly opset?: number;
}

export function buildMlp(spec: MlpSpec): OnnxModel {
  const nodes: OnnxNode[] = [];
  const inits: Initializer[] = [];
  const first = spec.normalise
    ? bakedNormalisation(spec.inputName, spec.normalise, nodes, inits)
    : spec.inputName;
  denseStack('fc', first, spec.layers, spec.outputName, nodes, inits);
  const inSize = spec.layers[0].inSize;
  const outSize = spec.layers[spec.layers.length - 1].outSize;
  return {
    opset: spec.opset,
    metadata: spec.metadata,
    graph: {
      name: spec.name,
      nodes,
      initializers: inits,
      inputs: [{ name: spec.inputName, shape: ['batch', inSize] }],
      outputs: [{ name: spec.outputName, shape: ['batch', outSize] }],
    },
  };
}

/** One conv layer: weights [filters][channels][k][k], 'same' padding, stride 1. */
export interface ConvLayer {
  readonly inChannels: number;
  readonly filters: number;
  readonly kernel: number;
  readonly weights: ArrayLike<number>;
  readonly bias: ArrayLike<number>;
  /** 2×2 max pooling after the Relu. */
  readonly maxPool: boolean;
}

export interface ConvNetSpec {
  readonly name: string;
  readonly image: { readonly name: string; readonly height: number; readonly width: number };
  readonly scalars: { readonly name: string; readonly size: number };
  readonly outputName: string;
  readonly conv: readonly ConvLayer[];
  /** The head's first layer takes (last conv filters + scalar size) inputs. */
  readonly head: readonly DenseLayer[];
  readonly metadata?: Readonly<Record<string, string>>;
  readonly opset?: number;
}

export function buildConvNet(spec: ConvNetSpec): OnnxModel {
  const nodes: OnnxNode[] = [];
  const inits: Initializer[] = [];
  let current = spec.image.name;
  spec.conv.forEach((c, i) => {
    const w = `conv${i}.weight`;
    const b = `conv${i}.bias`;
    inits.push({ name: w, dims: [c.filters, c.inChannels, c.kernel, c.kernel], values: c.weights });
    inits.push({ name: b, dims: [c.filters], values: c.bias });
    const pad = Math.floor(c.kernel / 2);
    nodes.push({
      op: 'Conv',
      inputs: [current, w, b],
      outputs: [`conv${i}.out`],
      attributes: { kernel_shape: { ints: [c.kernel, c.kernel] }, pads: { ints: [pad, pad, pad, pad] } },
    });
    nodes.push({ op: 'Relu', inputs: [`conv${i}.out`], outputs: [`conv${i}.relu`] });
    current = `conv${i}.relu`;
    if (c.maxPool) {
      nodes.push({
        op: 'MaxPool',
        inputs: [current],
        outputs: [`conv${i}.pool`],
        attributes: { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } },
      });
      current = `conv${i}.pool`;
    }
  });
  nodes.push({ op: 'GlobalAveragePool', inputs: [current], outputs: ['gap'] });
  nodes.push({ op: 'Flatten', inputs: ['gap'], outputs: ['image.features'], attributes: { axis: { i: 1 } } });
  nodes.push({
    op: 'Concat',
    inputs: ['image.features', spec.scalars.name],
    outputs: ['joint'],
    attributes: { axis: { i: 1 } },
  });
  denseStack('head', 'joint', spec.head, spec.outputName, nodes, inits);
  return {
    opset: spec.opset,
    metadata: spec.metadata,
    graph: {
      name: spec.name,
      nodes,
      initializers: inits,
      inputs: [
        { name: spec.image.name, shape: ['batch', 1, spec.image.height, spec.image.width] },
        { name: spec.scalars.name, shape: ['batch', spec.scalars.size] },
      ],
      outputs: [{ name: spec.outputName, shape: ['batch', spec.head[spec.head.length - 1].outSize] }],
    },
  };
}
