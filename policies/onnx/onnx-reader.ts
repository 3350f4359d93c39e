// A minimal protobuf decoder for ONNX files: just enough of ModelProto to read the graph's
// inputs and outputs (names, element types, shapes), the operators used, the opset and the
// metadata_props (where a model card may be embedded). Any malformed byte throws.

export interface TensorSignature {
  readonly name: string;
  /** ONNX TensorProto.DataType (1 = float32). */
  readonly elemType: number;
  /** Each dimension: a fixed size, a symbolic name ('batch'), or undefined when unknown. */
  readonly shape: readonly (number | string | undefined)[];
}

export interface OnnxSignature {
  readonly irVersion: number;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly producer: string;
  readonly inputs: readonly TensorSignature[];
  readonly outputs: readonly TensorSignature[];
  readonly operators: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
}

export const ELEM_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
  11: 'float64',
};

interface Field {
  readonly field: number;
  readonly wire: number;
  readonly int?: bigint;
  readonly bytes?: Uint8Array;
}

export class ProtobufDecodeError extends Error {}

function readVarint(buf: Uint8Array, pos: { at: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos.at >= buf.length) throw new ProtobufDecodeError('truncated varint');
    const b = buf[pos.at++];
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
  }
  throw new ProtobufDecodeError('varint longer than 10 bytes');
}

/** Splits one message into its fields; throws on any malformed wire data. */
export function decodeFields(buf: Uint8Array): Field[] {
  const fields: Field[] = [];
  const pos = { at: 0 };
  while (pos.at < buf.length) {
    const key = readVarint(buf, pos);
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new ProtobufDecodeError('field number 0');
    if (wire === 0) fields.push({ field, wire, int: readVarint(buf, pos) });
    else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (pos.at + n > buf.length) throw new ProtobufDecodeError('truncated fixed-width field');
      fields.push({ field, wire, bytes: buf.subarray(pos.at, pos.at + n) });
      pos.at += n;
    } else if (wire === 2) {
      const len = Number(readVarint(buf, pos));
      if (pos.at + len > buf.length)
        throw new ProtobufDecodeError(`field ${field}: length ${len} past the end`);
      fields.push({ field, wire, bytes: buf.subarray(pos.at, pos.at + len) });
      pos.at += len;
    } else {
      throw new ProtobufDecodeError(`unsupported wire type ${wire}`);
    }
  }
  return fields;
}

function text(b: Uint8Array | undefined): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    throw new ProtobufDecodeError('a string field is not valid UTF-8');
  }
}

function messages(fields: readonly Field[], n: number): Uint8Array[] {
  return fields.filter((f) => f.field === n && f.wire === 2).map((f) => f.bytes!);
}
function str(fields: readonly Field[], n: number): string {
  const f = fields.find((x) => x.field === n && x.wire === 2);
  return f ? text(f.bytes) : '';
}
function int(fields: readonly Field[], n: number): number | undefined {
  const f = fields.find((x) => x.field === n && x.wire === 0);
  return f ? Number(BigInt.asIntN(64, f.int!)) : undefined;
}

function valueInfo(buf: Uint8Array): TensorSignature {
  const f = decodeFields(buf);
  const name = str(f, 1);
  const type = messages(f, 2)[0];
  let elemType = 0;
  const shape: (number | string | undefined)[] = [];
  if (type) {
    const tensorType = messages(decodeFields(type), 1)[0];
    if (tensorType) {
      const tf = decodeFields(tensorType);
      elemType = int(tf, 1) ?? 0;
      const shapeBuf = messages(tf, 2)[0];
      if (shapeBuf) {
        for (const dimBuf of messages(decodeFields(shapeBuf), 1)) {
          const df = decodeFields(dimBuf);
          const value = int(df, 1);
          const param = str(df, 2);
          shape.push(value !== undefined ? value : param !== '' ? param : undefined);
        }
      }
    }
  }
  return { name, elemType, shape };
}

/** Reads the signature of an ONNX model; throws ProtobufDecodeError when the bytes are not one. */
export function readOnnxSignature(bytes: Uint8Array): OnnxSignature {
  const model = decodeFields(bytes);
  const irVersion = int(model, 1);
  const graphBuf = messages(model, 7)[0];
  if (irVersion === undefined || graphBuf === undefined) {
    throw new ProtobufDecodeError('no ir_version or graph: not an ONNX ModelProto');
  }
  const opsets = messages(model, 8).map((b) => {
    const f = decodeFields(b);
    return { domain: str(f, 1), version: int(f, 2) ?? 0 };
  });
  if (opsets.length === 0) throw new ProtobufDecodeError('no opset_import: not a complete ONNX model');
  const graph = decodeFields(graphBuf);
  const initializerNames = new Set(messages(graph, 5).map((t) => str(decodeFields(t), 8)));
  const operators = new Set<string>();
  for (const nodeBuf of messages(graph, 1)) {
    const nf = decodeFields(nodeBuf);
    const domain = str(nf, 7);
    operators.add(domain && domain !== 'ai.onnx' ? `${domain}:${str(nf, 4)}` : str(nf, 4));
  }
  const metadata: Record<string, string> = {};
  for (const entry of messages(model, 14)) {
    const ef = decodeFields(entry);
    metadata[str(ef, 1)] = str(ef, 2);
  }
  return {
    irVersion,
    opsets,
    producer: str(model, 2),
    // Older exporters list initializers among the inputs; they are not fed by the caller.
    inputs: messages(graph, 11)
      .map(valueInfo)
      .filter((v) => !initializerNames.has(v.name)),
    outputs: messages(graph, 12).map(valueInfo),
    operators: [...operators].sort(),
    metadata,
  };
}
