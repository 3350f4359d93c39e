// The bundled temperature forecasters (models/temp-forecast-v1, models/temp-forecast-v2 with
// cards): generate the recipe's windows, train an MLP on them, and emit the ONNX graph
//   anchor = last value of the series;  forecast = anchor + MLP(series − anchor [, anchor])
// in the normalised space the card declares, where the series is the window itself (v1) or its
// running median of three (v2, so isolated spikes never reach the MLP). Forecasting the change
// from the anchor keeps a model usable at any hall temperature; v2 also sees the level, from
// which it learns where the HVAC switches. Seeded throughout: byte-identical on rerun.
import { join, relative } from 'node:path';
import type { ModelCard } from '../../policies/onnx/card.js';
import { SENSOR_UNITS } from '../../sim/stream/params.js';
import { type Activation, buildMlp, type DenseLayer } from './builders.js';
import { tidy, writeModelFiles } from './card-file.js';
import { ELEM, encodeModel, type Initializer, type OnnxModel, type OnnxNode } from './onnx-model.js';
import { generateStreamData, STREAM_V1_DATA, STREAM_V2_DATA, type StreamDataRecipe } from './stream-data.js';
import { trainMlp } from './train-mlp.js';

export interface StreamModelRecipe {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly data: StreamDataRecipe;
  /** Read the window through a running median of three (isolated spikes never reach the MLP). */
  readonly despike: boolean;
  /** Also give the MLP the anchor's level (it can then learn where the HVAC switches). */
  readonly levelInput: boolean;
  readonly hidden: readonly number[];
  readonly activation: Activation;
  readonly epochs: number;
  readonly learningRate: number;
  readonly created: string;
}

export interface BuiltStreamModel {
  readonly bytes: Uint8Array;
  readonly card: ModelCard;
  readonly rows: number;
  readonly finalLoss: number;
}

export const STREAM_V1: StreamModelRecipe = {
  name: 'temp-forecast-v1',
  version: '1.0.0',
  description:
    'Production warehouse temperature forecaster: 24 one-minute readings → next 6, trained on three quiet days without HVAC or sensor faults.',
  data: STREAM_V1_DATA,
  despike: false,
  levelInput: false,
  hidden: [12],
  activation: 'tanh',
  epochs: 30,
  learningRate: 0.003,
  created: '2025-03-01',
};

export const STREAM_V2: StreamModelRecipe = {
  name: 'temp-forecast-v2',
  version: '2.0.0',
  description:
    'Candidate warehouse temperature forecaster: 48 one-minute readings → next 6, retrained on a month of halls with HVAC cycling, varied climates and sensor faults in the inputs; reads the window through a running median of three and sees the hall level.',
  data: STREAM_V2_DATA,
  despike: true,
  levelInput: true,
  hidden: [32, 16],
  activation: 'relu',
  epochs: 20,
  learningRate: 0.001,
  created: '2025-06-01',
};

const GENERATOR = 'tools/onnx/stream-zoo.ts';

function meanAndSd(values: Iterable<number>): { mean: number; sd: number } {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    n++;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  return { mean, sd: Math.sqrt(Math.max(0, sumSq / n - mean * mean)) };
}

const int64 = (name: string, values: readonly number[]) => ({
  name,
  dims: [values.length],
  elemType: ELEM.INT64,
  values,
});

/** Columns [from, to) of a [batch, n] tensor. */
function columns(
  input: string,
  output: string,
  from: number,
  to: number,
  nodes: OnnxNode[],
  inits: Initializer[],
) {
  inits.push(int64(`${output}.from`, [from]), int64(`${output}.to`, [to]));
  nodes.push({
    op: 'Slice',
    name: output,
    inputs: [input, `${output}.from`, `${output}.to`, 'axis1'],
    outputs: [output],
  });
}

/**
 * The model's front end: the series the MLP reads (the window, or its running median of three
 * when the recipe despikes) and the anchor (that series' last value). The median of three is
 * max(min(a, b), min(max(a, b), c)): it selects a reading, so the runtime matches it exactly.
 */
function frontEnd(window: number, despike: boolean, nodes: OnnxNode[], inits: Initializer[]): void {
  inits.push(int64('axis1', [1]));
  let series = 'window';
  let length = window;
  if (despike) {
    length = window - 2;
    columns('window', 'prev', 0, length, nodes, inits);
    columns('window', 'here', 1, length + 1, nodes, inits);
    columns('window', 'next', 2, length + 2, nodes, inits);
    nodes.push({ op: 'Min', name: 'low', inputs: ['prev', 'here'], outputs: ['low'] });
    nodes.push({ op: 'Max', name: 'high', inputs: ['prev', 'here'], outputs: ['high'] });
    nodes.push({ op: 'Min', name: 'capped', inputs: ['high', 'next'], outputs: ['capped'] });
    nodes.push({ op: 'Max', name: 'despiked', inputs: ['low', 'capped'], outputs: ['despiked'] });
    series = 'despiked';
  }
  columns(series, 'anchor', length - 1, length, nodes, inits);
  nodes.push({ op: 'Sub', name: 'relative', inputs: [series, 'anchor'], outputs: ['relative'] });
}

/** What the front end computes, in plain numbers (the training rows). */
export function frontEndSeries(window: ArrayLike<number>, despike: boolean): number[] {
  const w = Array.from(window);
  if (!despike) return w;
  return w.slice(2).map((c, k) => Math.max(Math.min(w[k], w[k + 1]), Math.min(Math.max(w[k], w[k + 1]), c)));
}

/**
 * forecast = anchor + MLP(series − anchor); Slice keeps the batch dimension dynamic, and the
 * broadcasts [batch, n] − [batch, 1] and [batch, H] + [batch, 1] do the rest.
 */
function residualForecaster(
  name: string,
  window: number,
  recipe: Pick<StreamModelRecipe, 'despike' | 'levelInput'>,
  layers: readonly DenseLayer[],
): OnnxModel {
  const mlpInput = recipe.levelInput ? 'features' : 'relative';
  const mlp = buildMlp({ name, inputName: mlpInput, outputName: 'residual', layers });
  const nodes: OnnxNode[] = [];
  const inits: Initializer[] = [];
  frontEnd(window, recipe.despike, nodes, inits);
  if (recipe.levelInput) {
    nodes.push({
      op: 'Concat',
      name: 'features',
      inputs: ['relative', 'anchor'],
      outputs: ['features'],
      attributes: { axis: { i: 1 } },
    });
  }
  const horizon = layers[layers.length - 1].outSize;
  return {
    ...mlp,
    graph: {
      name,
      nodes: [
        ...nodes,
        ...mlp.graph.nodes,
        { op: 'Add', name: 'forecast', inputs: ['residual', 'anchor'], outputs: ['forecast'] },
      ],
      initializers: [...inits, ...mlp.graph.initializers],
      inputs: [{ name: 'window', shape: ['batch', window] }],
      outputs: [{ name: 'forecast', shape: ['batch', horizon] }],
    },
  };
}

export function buildStreamModel(recipe: StreamModelRecipe): BuiltStreamModel {
  const data = generateStreamData(recipe.data);
  const { window: W, horizon: H } = recipe.data;
  const level = meanAndSd(data.x.flatMap((row) => Array.from(row)));
  const norm = { mean: tidy(level.mean), std: tidy(level.sd) };
  // Changes within a window are a small fraction of the level's spread: train on them scaled
  // to unit size, and fold the scale into the first and last layers when exporting.
  const series = data.x.map((row) => frontEndSeries(row, recipe.despike));
  const anchor = series.map((s) => s[s.length - 1]);
  const changes = series.map((s, r) => s.map((v) => (v - anchor[r]) / norm.std));
  const gain = 1 / tidy(meanAndSd(changes.flat()).sd);
  const x = changes.map((row, r) => {
    const scaled = row.map((v) => gain * v);
    return recipe.levelInput ? [...scaled, (anchor[r] - norm.mean) / norm.std] : scaled;
  });
  const y = data.y.map((target, r) => Array.from(target, (v) => (gain * (v - anchor[r])) / norm.std));
  const relativeCount = series[0].length;
  const sizes = [relativeCount + (recipe.levelInput ? 1 : 0), ...recipe.hidden, H];
  const trained = trainMlp(x, y, {
    sizes,
    hidden: recipe.activation,
    output: 'none',
    epochs: recipe.epochs,
    batchSize: 32,
    learningRate: recipe.learningRate,
    seed: `zoo/${recipe.name}`,
  });
  const last = trained.layers.length - 1;
  const layers = trained.layers.map((layer, l) => ({
    ...layer,
    weights: Float32Array.from(layer.weights, (w, i) => {
      const input = l === 0 && i % layer.inSize < relativeCount ? gain : 1;
      return (w * input) / (l === last ? gain : 1);
    }),
    bias: Float32Array.from(layer.bias, (b) => (l === last ? b / gain : b)),
  }));
  const card: ModelCard = {
    task: 'stream',
    name: recipe.name,
    version: recipe.version,
    description: recipe.description,
    kind: 'forecaster',
    window: W,
    horizon: H,
    sensor: recipe.data.sensor,
    units: SENSOR_UNITS[recipe.data.sensor],
    inputs: { window: { series: 'reading', length: W } },
    outputs: { forecast: { series: 'forecast', length: H } },
    normalisation: { reading: { ...norm }, forecast: { ...norm } },
    // The front end the training rows went through ships with the model; none = no key.
    ...(recipe.data.missing !== 'none' ? { missing: { strategy: recipe.data.missing } } : {}),
    provenance: {
      data: {
        md5: data.md5,
        path: `generated:tools/onnx/stream-data.ts#${recipe.data.name}`,
        rows: data.x.length,
      },
      trainer: `tools/onnx/train-mlp.ts adam mse on the change from the ${recipe.despike ? 'median-of-three' : 'last'} reading${recipe.levelInput ? ' with the level' : ''}, layers ${sizes.join('-')} ${recipe.activation}, ${recipe.epochs} epochs, seed zoo/${recipe.name}`,
      created: recipe.created,
    },
  };
  const bytes = encodeModel(residualForecaster(recipe.name, W, recipe, layers));
  return { bytes, card, rows: data.x.length, finalLoss: trained.losses[trained.losses.length - 1] };
}

/** Trains and writes models/temp-forecast-v1 and -v2 (ONNX + card) under `root`. */
export function buildStreamZoo(root: string, log: (line: string) => void = () => undefined): void {
  for (const recipe of [STREAM_V1, STREAM_V2]) {
    const built = buildStreamModel(recipe);
    const path = join(root, 'models', `${recipe.name}.onnx`);
    writeModelFiles(path, built.bytes, built.card, GENERATOR);
    log(
      `${relative(root, path)}: ${built.bytes.length} bytes, ${built.rows} rows, final mse ${built.finalLoss.toFixed(5)}`,
    );
  }
}
