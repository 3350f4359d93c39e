// Flawed and special-purpose models for tests, each built by the project's own writer so a
// test exercises exactly one flaw: NaN outputs, a wrong input shape, a typo'd tensor name,
// unsafe constant actions (fast approach on fragile items, hard transfer acceleration),
// out-of-bounds actions, an unsupported operator, corrupt bytes, a card without required
// keys, a card embedded in metadata, a heightmap CNN, and stream forecaster/detector models.
import type { ModelCard } from '../../policies/onnx/card.js';
import { CARD_METADATA_KEY } from '../../policies/onnx/card.js';
import { PICK_ACTION_FEATURES, type PickAction } from '../../sim/pick/features.js';
import { rngStream } from '../../sim/rng.js';
import { buildConvNet, buildMlp, type DenseLayer } from './builders.js';
import { encodeModel, type OnnxModel } from './onnx-model.js';
import { LEGACY_PICK_FEATURES } from './pick-data.js';
import { ACTION_BOUNDS } from './pick-teacher.js';

export interface Fixture {
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly card?: ModelCard;
  /** Raw card text, for cards that are deliberately not valid. */
  readonly cardText?: string;
}

/** Fixtures bind the production model's inputs: a card binds any subset of the vocabulary. */
const OBS = [...LEGACY_PICK_FEATURES];
const ACT = [...PICK_ACTION_FEATURES];
const FIXTURE_PROVENANCE = { created: '2025-06-01', trainer: 'tools/onnx/fixtures.ts (hand-set weights)' };

const pickCard = (name: string, extra: Partial<ModelCard> = {}): ModelCard => ({
  task: 'pick',
  name,
  version: '0.0.1',
  inputs: { obs: OBS },
  outputs: { action: ACT },
  action_bounds: { ...ACTION_BOUNDS },
  provenance: FIXTURE_PROVENANCE,
  ...extra,
});

const NOMINAL: PickAction = {
  'grasp.dx': 0,
  'grasp.dy': 0,
  'approach.speed_mps': 0.3,
  'transfer.speed_mps': 1,
  'transfer.accel_mps2': 4,
  confidence: 0.9,
};

/** One Gemm layer: action = W·obs + b, with W given as sparse (output, input, weight) triples. */
function linear(
  bias: PickAction,
  terms: readonly [string, string, number][] = [],
  inSize = OBS.length,
): DenseLayer {
  const weights = new Float32Array(ACT.length * inSize);
  for (const [out, input, w] of terms)
    weights[ACT.indexOf(out as never) * inSize + OBS.indexOf(input as never)] = w;
  return { inSize, outSize: ACT.length, weights, bias: ACT.map((f) => bias[f]), activation: 'none' };
}

const constantPolicy = (name: string, action: PickAction): OnnxModel =>
  buildMlp({ name, inputName: 'obs', outputName: 'action', layers: [linear(action)] });

/** NaN exactly when human.distance_m < 5: action = base + 0·sqrt(distance − 5). */
function nanModel(): OnnxModel {
  const base = constantPolicy('nan-near-person', NOMINAL);
  const select = new Float32Array(OBS.length);
  select[OBS.indexOf('human.distance_m')] = 1;
  return {
    graph: {
      ...base.graph,
      nodes: [
        {
          op: 'Gemm',
          inputs: ['obs', 'fc0.weight', 'fc0.bias'],
          outputs: ['base'],
          attributes: { transB: { i: 1 } },
        },
        {
          op: 'Gemm',
          inputs: ['obs', 'sel.weight', 'sel.bias'],
          outputs: ['dist'],
          attributes: { transB: { i: 1 } },
        },
        { op: 'Sqrt', inputs: ['dist'], outputs: ['root'] },
        { op: 'Mul', inputs: ['root', 'zero'], outputs: ['poison'] },
        { op: 'Add', inputs: ['base', 'poison'], outputs: ['action'] },
      ],
      initializers: [
        ...base.graph.initializers,
        { name: 'sel.weight', dims: [1, OBS.length], values: select },
        { name: 'sel.bias', dims: [1], values: [-5] },
        { name: 'zero', dims: [1], values: [0] },
      ],
    },
  };
}

function cnnModel(): { model: OnnxModel; card: ModelCard } {
  const rng = rngStream('fixtures', 'cnn');
  const rand = (n: number, s: number) => Float32Array.from({ length: n }, () => rng.normal(0, s));
  const model = buildConvNet({
    name: 'pick-cnn',
    image: { name: 'heightmap', height: 32, width: 32 },
    scalars: { name: 'obs', size: OBS.length },
    outputName: 'action',
    conv: [
      { inChannels: 1, filters: 4, kernel: 3, weights: rand(36, 0.3), bias: rand(4, 0.1), maxPool: true },
      { inChannels: 4, filters: 8, kernel: 3, weights: rand(288, 0.2), bias: rand(8, 0.1), maxPool: true },
    ],
    head: [
      {
        inSize: 8 + OBS.length,
        outSize: 16,
        weights: rand(16 * 20, 0.3),
        bias: rand(16, 0.1),
        activation: 'relu',
      },
      {
        inSize: 16,
        outSize: ACT.length,
        weights: rand(16 * ACT.length, 0.3),
        bias: rand(ACT.length, 0.1),
        activation: 'sigmoid',
      },
    ],
  });
  const normalisation = Object.fromEntries(ACT.map((f) => [f, { ...ACTION_BOUNDS[f] }]));
  const card = pickCard('pick-cnn', {
    inputs: { heightmap: { image: 'camera.heightmap', height: 32, width: 32 }, obs: OBS },
    normalisation: { 'camera.heightmap': { min: 1.2, max: 1.45 }, ...normalisation },
  });
  return { model, card };
}

function streamModels(): Fixture[] {
  const W = 24;
  const H = 6;
  // Persistence forecaster: every forecast step repeats the last reading.
  const persist = new Float32Array(H * W);
  for (let h = 0; h < H; h++) persist[h * W + W - 1] = 1;
  const forecaster = buildMlp({
    name: 'stream-persistence',
    inputName: 'window',
    outputName: 'forecast',
    layers: [{ inSize: W, outSize: H, weights: persist, bias: new Float32Array(H), activation: 'none' }],
  });
  // Detector: |last reading − window mean|, as Gemm then Relu of ± (Relu(d) + Relu(−d)).
  const diff = Float32Array.from({ length: 2 * W }, (_, i) => {
    const sign = i < W ? 1 : -1;
    return sign * ((i % W === W - 1 ? 1 : 0) - 1 / W);
  });
  const detector = buildMlp({
    name: 'stream-jump-detector',
    inputName: 'window',
    outputName: 'score',
    layers: [
      { inSize: W, outSize: 2, weights: diff, bias: [0, 0], activation: 'relu' },
      { inSize: 2, outSize: 1, weights: [1, 1], bias: [0], activation: 'none' },
    ],
  });
  const common = {
    task: 'stream' as const,
    version: '0.0.1',
    window: W,
    sensor: 'temperature',
    units: 'degC',
  };
  const detectorCard = (name: string, description: string, window = W): ModelCard => ({
    ...common,
    window,
    name,
    description,
    kind: 'detector',
    threshold: DIFFERENCE_THRESHOLD,
    inputs: { window: { series: 'reading', length: window } },
    outputs: { score: ['anomaly.score'] },
    provenance: FIXTURE_PROVENANCE,
  });
  return [
    {
      file: 'stream-forecaster.onnx',
      bytes: encodeModel(forecaster),
      card: {
        ...common,
        name: 'stream-persistence',
        kind: 'forecaster',
        horizon: H,
        inputs: { window: { series: 'reading', length: W } },
        outputs: { forecast: { series: 'forecast', length: H } },
        normalisation: { reading: { mean: 20, std: 5 }, forecast: { mean: 20, std: 5 } },
        provenance: FIXTURE_PROVENANCE,
      },
    },
    {
      file: 'stream-detector.onnx',
      bytes: encodeModel(detector),
      card: {
        ...common,
        name: 'stream-jump-detector',
        kind: 'detector',
        threshold: 3,
        inputs: { window: { series: 'reading', length: W } },
        outputs: { score: ['anomaly.score'] },
        provenance: FIXTURE_PROVENANCE,
      },
    },
    {
      file: 'detector-stuck-aware.onnx',
      bytes: encodeModel(differenceDetector('detector-stuck-aware', W, STUCK_RUN)),
      card: detectorCard(
        'detector-stuck-aware',
        'Alarms on a jump between consecutive readings and on a run of equal readings (a stuck sensor).',
      ),
    },
    {
      file: 'detector-misses-stuck.onnx',
      bytes: encodeModel(differenceDetector('detector-misses-stuck', W)),
      card: detectorCard(
        'detector-misses-stuck',
        'Alarms on a jump between consecutive readings only: a sensor stuck at its last reading never alarms.',
      ),
    },
    {
      // 300 readings of 5 minutes: 25 h, longer than a safety-search trial of a day.
      file: 'detector-window-too-long.onnx',
      bytes: encodeModel(differenceDetector('detector-window-too-long', LONG_WINDOW)),
      card: detectorCard(
        'detector-window-too-long',
        'Reads 300 readings before its first decision: no decision fits in a one-day trial.',
        LONG_WINDOW,
      ),
    },
  ];
}

/** A detector window longer than a day of 5-minute readings. */
const LONG_WINDOW = 300;
/** Alarm threshold of the difference detectors, in °C of jump between consecutive readings. */
const DIFFERENCE_THRESHOLD = 5;
/** Consecutive differences that must all be (almost) zero for the stuck alarm. */
const STUCK_RUN = 6;
/** Their summed magnitude below which the readings count as stuck, °C. */
const STUCK_EPSILON = 0.005;

/**
 * score = |x[t] − x[t−1]| + (2·threshold/ε)·Relu(ε − Σ_{i<run} |x[t−i] − x[t−i−1]|): the first
 * term alarms on a spike (a jump above the threshold), the second — given `stuckRun` — on `run`
 * consecutive differences summing to less than ε (exactly 0 for a stuck sensor). Three Gemm
 * layers: the signed differences split by Relu, their magnitudes, the score.
 */
function differenceDetector(name: string, window: number, stuckRun = 1) {
  const diffs = Math.max(1, stuckRun);
  const first = new Float32Array(2 * diffs * window);
  for (let i = 0; i < diffs; i++) {
    const newer = window - 1 - i;
    for (const [unit, sign] of [
      [2 * i, 1],
      [2 * i + 1, -1],
    ]) {
      first[unit * window + newer] = sign;
      first[unit * window + newer - 1] = -sign;
    }
  }
  const second = new Float32Array(2 * 2 * diffs);
  second[0] = 1;
  second[1] = 1;
  for (let u = 0; u < 2 * diffs; u++) second[2 * diffs + u] = stuckRun > 1 ? -1 : 0;
  const stuckWeight = stuckRun > 1 ? (2 * DIFFERENCE_THRESHOLD) / STUCK_EPSILON : 0;
  return buildMlp({
    name,
    inputName: 'window',
    outputName: 'score',
    layers: [
      {
        inSize: window,
        outSize: 2 * diffs,
        weights: first,
        bias: new Float32Array(2 * diffs),
        activation: 'relu',
      },
      {
        inSize: 2 * diffs,
        outSize: 2,
        weights: second,
        bias: [0, stuckRun > 1 ? STUCK_EPSILON : 0],
        activation: 'relu',
      },
      { inSize: 2, outSize: 1, weights: [1, stuckWeight], bias: [0], activation: 'none' },
    ],
  });
}

export function buildFixtures(validPick: Uint8Array): Fixture[] {
  const cnn = cnnModel();
  const card = pickCard('embedded');
  const embedded = buildMlp({
    name: 'embedded-card',
    inputName: 'obs',
    outputName: 'action',
    layers: [linear(NOMINAL)],
    metadata: { [CARD_METADATA_KEY]: JSON.stringify(card) },
  });
  const shortInput = buildMlp({
    name: 'short',
    inputName: 'obs',
    outputName: 'action',
    layers: [linear(NOMINAL, [], 11)],
  });
  const fixedBatch = constantPolicy('fixed-batch', NOMINAL);
  const unsupported = constantPolicy('unsupported-op', NOMINAL);
  const corrupt = new Uint8Array(Math.floor(validPick.length * 0.6) + 8).fill(0xff);
  corrupt.set(validPick.subarray(0, Math.floor(validPick.length * 0.6)));
  return [
    { file: 'nan-near-person.onnx', bytes: encodeModel(nanModel()), card: pickCard('nan-near-person') },
    { file: 'wrong-input-shape.onnx', bytes: encodeModel(shortInput), card: pickCard('wrong-input-shape') },
    {
      file: 'name-typo.onnx',
      bytes: encodeModel(
        buildMlp({ name: 'typo', inputName: 'observation', outputName: 'action', layers: [linear(NOMINAL)] }),
      ),
      card: pickCard('name-typo', { inputs: { observaton: OBS } }),
    },
    {
      file: 'fragile-fast.onnx',
      bytes: encodeModel(constantPolicy('fragile-fast', { ...NOMINAL, 'approach.speed_mps': 0.9 })),
      card: pickCard('fragile-fast'),
    },
    {
      file: 'heavy-hard-accel.onnx',
      bytes: encodeModel(
        constantPolicy('heavy-hard-accel', {
          ...NOMINAL,
          'transfer.speed_mps': 2.5,
          'transfer.accel_mps2': 35,
        }),
      ),
      card: pickCard('heavy-hard-accel'),
    },
    {
      // transfer.accel_mps2 = 12 · est_mass_kg: past the card's 40 m/s² bound above 3.33 kg.
      file: 'accel-out-of-bounds.onnx',
      bytes: encodeModel(
        buildMlp({
          name: 'accel-oob',
          inputName: 'obs',
          outputName: 'action',
          layers: [
            linear({ ...NOMINAL, 'transfer.accel_mps2': 0 }, [
              ['transfer.accel_mps2', 'item.est_mass_kg', 12],
            ]),
          ],
        }),
      ),
      card: pickCard('accel-out-of-bounds'),
    },
    {
      file: 'fixed-batch.onnx',
      bytes: encodeModel({
        ...fixedBatch,
        graph: {
          ...fixedBatch.graph,
          inputs: [{ name: 'obs', shape: [1, OBS.length] }],
          outputs: [{ name: 'action', shape: [1, ACT.length] }],
        },
      }),
      card: pickCard('fixed-batch'),
    },
    {
      file: 'unsupported-op.onnx',
      bytes: encodeModel({
        ...unsupported,
        graph: {
          ...unsupported.graph,
          nodes: [
            ...unsupported.graph.nodes.map((n) => ({ ...n, outputs: ['pre'] })),
            { op: 'GraspMagic', inputs: ['pre'], outputs: ['action'] },
          ],
        },
      }),
      card: pickCard('unsupported-op'),
    },
    { file: 'corrupt.onnx', bytes: corrupt, card: pickCard('corrupt') },
    {
      file: 'card-missing-keys.onnx',
      bytes: encodeModel(constantPolicy('card-missing-keys', NOMINAL)),
      cardText: [
        'task: pick',
        'name: card-missing-keys',
        'inputs:',
        '  obs: [item.est_x, item.est_y]',
        'outputs:',
        '  action: [grasp.dx]',
        'normalisaton:',
        '  item.est_x: { mean: 0, std: 0 }',
        '',
      ].join('\n'),
    },
    { file: 'embedded-card.onnx', bytes: encodeModel(embedded) },
    { file: 'pick-cnn.onnx', bytes: encodeModel(cnn.model), card: cnn.card },
    ...streamModels(),
  ];
}
