// Hostile and broken ONNX files, by class: graphs whose computed output differs from what they
// declare (caught only by the probe batch at load), corrupt and truncated bytes, and names with
// control characters in cards and graphs (every message must escape them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ELEM, encodeModel, type OnnxModel } from '../../../../tools/onnx/onnx-model.js';
import { buildMlp } from '../../../../tools/onnx/builders.js';
import { rngStream } from '../../../../sim/rng.js';
import { MODELS } from '../helpers.js';
import {
  BASE_DETECTOR_CARD,
  BASE_FORECASTER_CARD,
  BASE_PICK_CARD,
  basePickOnnx,
  edit,
  fixtureBytes,
  type HostileCase,
} from './case.js';
import { bytes, constantLayer, declares, NOMINAL_ACTION, pickMlp, withTail } from './models.js';

const goodBytes = (): Uint8Array => readFileSync(join(MODELS, 'pick-v1.onnx'));

const shape = (name: string, model: () => OnnxModel, expect: RegExp[], extra: Partial<HostileCase> = {}) => ({
  name,
  onnx: bytes(model),
  card: BASE_PICK_CARD,
  expect,
  ...extra,
});

/** A graph computing two outputs of the given widths, each declared [batch, 3]. */
function twoOutputs(widthA: number, widthB: number): OnnxModel {
  const base = pickMlp();
  const gemm = (out: string, w: number) => [
    { name: `${out}.w`, dims: [w, 12], values: new Float32Array(w * 12) },
    { name: `${out}.b`, dims: [w], values: new Float32Array(w) },
  ];
  return {
    graph: {
      ...base.graph,
      nodes: ['a', 'b'].map((o) => ({
        op: 'Gemm',
        inputs: ['obs', `${o}.w`, `${o}.b`],
        outputs: [o],
        attributes: { transB: { i: 1 } },
      })),
      initializers: [...gemm('a', widthA), ...gemm('b', widthB)],
      outputs: [
        { name: 'a', shape: ['batch', 3] },
        { name: 'b', shape: ['batch', 3] },
      ],
    },
  };
}

const TWO_OUTPUT_CARD = edit(BASE_PICK_CARD, [
  '  action: [grasp.dx, grasp.dy, approach.speed_mps, transfer.speed_mps, transfer.accel_mps2, confidence]',
  '  a: [grasp.dx, grasp.dy, approach.speed_mps]\n  b: [transfer.speed_mps, transfer.accel_mps2, confidence]',
]);

const streamMlp = (outputName: string, outSize: number, declared: readonly (number | string)[]) => () =>
  declares(
    buildMlp({
      name: 'corpus-stream',
      inputName: 'window',
      outputName,
      layers: [constantLayer(24, Array(outSize).fill(0))],
    }),
    declared,
  );

const onnxShape: HostileCase[] = [
  shape(
    'computes-5-declares-6',
    () => declares(pickMlp({ action: NOMINAL_ACTION.slice(0, 5) }), ['batch', 6]),
    [
      /outputs\.action: a probe batch of 2 rows returned float32 \[2, 5\]; the card binds 6 features, so float32 \[2, 6\] was expected/,
    ],
    { cli: true },
  ),
  shape(
    'computes-rank-3',
    () =>
      withTail(
        pickMlp(),
        [{ op: 'Unsqueeze', inputs: ['pre', 'axes'], outputs: ['action'] }],
        [{ name: 'action', shape: ['batch', 6] }],
        [{ name: 'axes', dims: [1], elemType: ELEM.INT64, values: [1] }],
      ),
    [/outputs\.action: a probe batch of 2 rows returned float32 \[2, 1, 6\]/],
  ),
  shape(
    'collapses-batch',
    () =>
      withTail(
        pickMlp(),
        [
          {
            op: 'ReduceMean',
            inputs: ['pre'],
            outputs: ['action'],
            attributes: { axes: { ints: [0] }, keepdims: { i: 1 } },
          },
        ],
        [{ name: 'action', shape: ['batch', 6] }],
      ),
    [/outputs\.action: a probe batch of 2 rows returned float32 \[1, 6\]/],
    { cli: true },
  ),
  shape('symbolic-width-5', () => declares(pickMlp({ action: NOMINAL_ACTION.slice(0, 5) }), ['batch', 'n']), [
    /returned float32 \[2, 5\]; the card binds 6 features/,
  ]),
  shape('two-outputs-wrong', () => twoOutputs(4, 2), [/outputs\.a: .*\[2, 4\]/, /outputs\.b: .*\[2, 2\]/], {
    card: TWO_OUTPUT_CARD,
  }),
  shape(
    'computes-float64',
    () =>
      withTail(
        pickMlp(),
        [{ op: 'Cast', inputs: ['pre'], outputs: ['action'], attributes: { to: { i: ELEM.DOUBLE } } }],
        [{ name: 'action', shape: ['batch', 6] }],
      ),
    [/float64|double/],
  ),
  shape(
    'inner-width-11',
    () => ({
      ...pickMlp({ inSize: 11 }),
      graph: { ...pickMlp({ inSize: 11 }).graph, inputs: [{ name: 'obs', shape: ['batch', 12] }] },
    }),
    [/onnxruntime (cannot create a session|failed on a probe batch)/],
  ),
  {
    name: 'forecaster-computes-4',
    onnx: bytes(streamMlp('forecast', 4, ['batch', 6])),
    card: BASE_FORECASTER_CARD,
    expect: [
      /outputs\.forecast: a probe batch of 2 rows returned float32 \[2, 4\]; the card binds 6 readings/,
    ],
  },
  {
    name: 'detector-computes-2',
    onnx: bytes(streamMlp('score', 2, ['batch', 1])),
    card: BASE_DETECTOR_CARD,
    expect: [/outputs\.score: a probe batch of 2 rows returned float32 \[2, 2\]; the card binds 1 feature/],
  },
].map((c) => ({ klass: 'onnx-shape' as const, ...c }));

const corrupt = (
  name: string,
  onnx: () => Uint8Array,
  expect: RegExp[] = [/not an ONNX model/],
  extra = {},
) => ({
  name,
  onnx,
  card: BASE_PICK_CARD,
  expect,
  ...extra,
});

/** The good bytes with every occurrence of `marker` overwritten by invalid UTF-8 of the same length. */
function invalidUtf8Name(): Uint8Array {
  const out = encodeModel(pickMlp({ inputName: 'obs~' }));
  const marker = Buffer.from('obs~');
  for (let i = Buffer.from(out).indexOf(marker); i >= 0; i = Buffer.from(out).indexOf(marker, i + 1))
    out[i + 3] = 0xff;
  return out;
}

const onnxBytes: HostileCase[] = [
  corrupt('empty-file', () => new Uint8Array(0)),
  corrupt('one-byte', () => Uint8Array.of(0x08)),
  corrupt('truncated-half', () => goodBytes().subarray(0, Math.floor(goodBytes().length / 2)), undefined, {
    cli: true,
  }),
  corrupt('truncated-last-byte', () => goodBytes().subarray(0, goodBytes().length - 1), [
    /not an ONNX model|cannot create a session/,
  ]),
  corrupt(
    'random-garbage',
    () => {
      const r = rngStream('hostile-corpus', 'garbage');
      return Uint8Array.from({ length: 4096 }, () => Math.floor(r.next() * 256));
    },
    undefined,
    { cli: true },
  ),
  corrupt('json-renamed', () => Buffer.from(JSON.stringify({ task: 'pick', graph: [] }))),
  corrupt('ir-version-only', () => Uint8Array.of(0x08, 0x08), [/no ir_version or graph/]),
  corrupt('wire-type-3', () => Uint8Array.of(0x0b, 0x01), [/unsupported wire type 3/]),
  corrupt('varint-never-ends', () => Uint8Array.of(0x08, ...Array(12).fill(0xff)), [/varint/]),
  corrupt('invalid-utf8-name', invalidUtf8Name, [/not valid UTF-8/]),
  corrupt(
    'missing-initializer',
    bytes(() => {
      const m = pickMlp();
      return { ...m, graph: { ...m.graph, initializers: m.graph.initializers.slice(1) } };
    }),
    [/onnxruntime cannot create a session/],
  ),
  corrupt('unsupported-op', fixtureBytes('unsupported-op.onnx'), [
    /onnxruntime cannot create a session.*GraspMagic/,
  ]),
].map((c) => ({ klass: 'onnx-bytes' as const, ...c }));

const hostile = (name: string, card: string, expect: RegExp[], extra: Partial<HostileCase> = {}) => ({
  name,
  onnx: basePickOnnx,
  card,
  expect,
  ...extra,
});

const longName = 'item.'.padEnd(100_000, 'x');

const hostileStrings: HostileCase[] = [
  hostile(
    'esc-in-feature',
    edit(BASE_PICK_CARD, ['[item.est_x,', '["item.est_x\\e[31m",']),
    [/unknown pick input feature "item\.est_x\\u001b\[31m"/],
    { cli: true },
  ),
  hostile('newline-in-tensor-key', edit(BASE_PICK_CARD, ['  obs: [', '  "obs\\n": [']), [
    /inputs\.obs\\n: name "obs\\n" must not contain control characters/,
  ]),
  hostile('nul-in-name', edit(BASE_PICK_CARD, ['name: corpus', 'name: "corpus\\0"']), [
    /name: must not contain control characters/,
  ]),
  hostile('bidi-in-tensor-key', edit(BASE_PICK_CARD, ['  obs: [', '  "obs\\u202e": [']), [
    /name "obs\\u202e" must not contain/,
  ]),
  hostile(
    'bidi-in-norm-key',
    edit(BASE_PICK_CARD, ['item.est_mass_kg: { mean', '"item.est_mass_kg\\u2066": { mean']),
    [/feature "item\.est_mass_kg\\u2066" is not bound/],
  ),
  hostile('raw-bell-byte', edit(BASE_PICK_CARD, ['name: corpus', 'name: cor\u0007pus']), [
    /\\u0007|control characters/,
  ]),
  hostile('huge-feature-name', edit(BASE_PICK_CARD, ['[item.est_x,', `[${longName},`]), [
    /\(100000 characters\)/,
  ]),
  hostile(
    'esc-graph-input',
    BASE_PICK_CARD,
    [/the graph has no input "obs".*graph inputs: "obs\\u001b\[2J"/],
    {
      onnx: bytes(() => pickMlp({ inputName: 'obs\u001b[2J' })),
      cli: true,
    },
  ),
  hostile('esc-op-type', BASE_PICK_CARD, [/cannot create a session.*\\u001b\[2J/], {
    file: 'onnx',
    onnx: bytes(() =>
      withTail(
        pickMlp(),
        [{ op: 'Grasp\u001b[2JMagic', inputs: ['pre'], outputs: ['action'] }],
        [{ name: 'action', shape: ['batch', 6] }],
      ),
    ),
  }),
].map((c) => ({ klass: 'hostile-strings' as const, ...c }));

export const ONNX_CASES: readonly HostileCase[] = [...onnxShape, ...onnxBytes, ...hostileStrings];
