// Encodes an ONNX model (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto,
// AttributeProto) from a plain description. Field numbers follow onnx/onnx.proto; tensors
// are stored as little-endian raw_data so files stay small and byte-stable.
import { ProtoWriter } from './protobuf.js';

export const ELEM = { FLOAT: 1, UINT8: 2, INT32: 6, INT64: 7, DOUBLE: 11 } as const;

export const IR_VERSION = 8;
export const DEFAULT_OPSET = 17;

/** A dimension: a fixed size, or a symbolic name such as 'batch'. */
export type Dim = number | string;

export interface ValueInfo {
  readonly name: string;
  readonly elemType?: number;
  readonly shape: readonly Dim[];
}

export interface Initializer {
  readonly name: string;
  readonly dims: readonly number[];
  /** FLOAT (default) takes numbers; INT64 takes integers. */
  readonly elemType?: number;
  readonly values: ArrayLike<number>;
}

export type AttributeValue =
  | { readonly f: number }
  | { readonly i: number }
  | { readonly s: string }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] };

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly initializers: readonly Initializer[];
}

export interface OnnxModel {
  readonly graph: OnnxGraph;
  readonly opset?: number;
  readonly irVersion?: number;
  readonly producer?: string;
  readonly producerVersion?: string;
  readonly docString?: string;
  /** Written in key order given; values are plain strings (e.g. a JSON model card). */
  readonly metadata?: Readonly<Record<string, string>>;
}

const ATTR_TYPE = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

function tensorProto(init: Initializer): ProtoWriter {
  const elemType = init.elemType ?? ELEM.FLOAT;
  const count = init.dims.reduce((a, b) => a * b, 1);
  if (count !== init.values.length) {
    throw new Error(
      `initializer ${init.name}: dims ${init.dims.join('×')} need ${count} values, got ${init.values.length}`,
    );
  }
  const w = new ProtoWriter();
  w.packedInts(1, init.dims);
  w.int(2, elemType);
  w.string(8, init.name);
  let raw: Uint8Array;
  if (elemType === ELEM.FLOAT) {
    raw = new Uint8Array(Float32Array.from(init.values).buffer);
  } else if (elemType === ELEM.INT64) {
    raw = new Uint8Array(BigInt64Array.from(Array.from(init.values, (v) => BigInt(v))).buffer);
  } else {
    throw new Error(`initializer ${init.name}: element type ${elemType} not supported by the writer`);
  }
  // Typed arrays are little-endian on every platform Node supports.
  w.bytes(9, raw);
  return w;
}

function valueInfoProto(v: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().int(1, v.elemType ?? ELEM.FLOAT).message(2, shape);
  const type = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, v.name).message(2, type);
}

function attributeProto(name: string, value: AttributeValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if ('f' in value) w.float(2, value.f).int(20, ATTR_TYPE.FLOAT);
  else if ('i' in value) w.int(3, value.i).int(20, ATTR_TYPE.INT);
  else if ('s' in value) w.string(4, value.s).int(20, ATTR_TYPE.STRING);
  else if ('ints' in value) w.packedInts(8, value.ints).int(20, ATTR_TYPE.INTS);
  else w.packedFloats(7, value.floats).int(20, ATTR_TYPE.FLOATS);
  return w;
}

function nodeProto(node: OnnxNode, index: number): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of node.inputs) w.string(1, i);
  for (const o of node.outputs) w.string(2, o);
  w.string(3, node.name ?? `${node.op}_${index}`);
  w.string(4, node.op);
  for (const [name, value] of Object.entries(node.attributes ?? {}))
    w.message(5, attributeProto(name, value));
  return w;
}

function graphProto(g: OnnxGraph): ProtoWriter {
  const w = new ProtoWriter();
  g.nodes.forEach((n, i) => {
    w.message(1, nodeProto(n, i));
  });
  w.string(2, g.name);
  for (const init of g.initializers) w.message(5, tensorProto(init));
  for (const v of g.inputs) w.message(11, valueInfoProto(v));
  for (const v of g.outputs) w.message(12, valueInfoProto(v));
  return w;
}

/** The serialised ModelProto bytes. Deterministic: same description ⇒ same bytes. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, model.irVersion ?? IR_VERSION);
  w.string(2, model.producer ?? 'simgate');
  w.string(3, model.producerVersion ?? '1');
  if (model.docString) w.string(6, model.docString);
  w.message(7, graphProto(model.graph));
  w.message(8, new ProtoWriter().string(1, '').int(2, model.opset ?? DEFAULT_OPSET));
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    w.message(14, new ProtoWriter().string(1, key).string(2, value));
  }
  return w.finish();
}
