// A small MLP trainer in plain TypeScript: dense layers with Relu/Tanh/Sigmoid, mean-squared
// error, Adam. Seeded initialisation and a fixed sample order make training byte-reproducible.
import { rngStream } from '../../sim/rng.js';
import type { Activation, DenseLayer } from './builders.js';

export interface TrainSpec {
  readonly sizes: readonly number[];
  readonly hidden: Activation;
  readonly output: Activation;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Key of the seeded streams for initial weights and shuffling. */
  readonly seed: string;
}

interface Layer {
  readonly inSize: number;
  readonly outSize: number;
  readonly w: Float64Array; // [out][in]
  readonly b: Float64Array;
  readonly act: Activation;
}

const activate = (a: Activation, x: number): number =>
  a === 'relu' ? Math.max(x, 0) : a === 'tanh' ? Math.tanh(x) : a === 'sigmoid' ? 1 / (1 + Math.exp(-x)) : x;

/** d activation / d pre-activation, from the activation's output y. */
const slope = (a: Activation, y: number): number =>
  a === 'relu' ? (y > 0 ? 1 : 0) : a === 'tanh' ? 1 - y * y : a === 'sigmoid' ? y * (1 - y) : 1;

function initLayers(spec: TrainSpec): Layer[] {
  const rng = rngStream(spec.seed, 'init');
  const layers: Layer[] = [];
  for (let l = 0; l + 1 < spec.sizes.length; l++) {
    const inSize = spec.sizes[l];
    const outSize = spec.sizes[l + 1];
    const scale = Math.sqrt(2 / (inSize + outSize));
    const w = Float64Array.from({ length: inSize * outSize }, () => rng.normal(0, scale));
    const act = l + 2 === spec.sizes.length ? spec.output : spec.hidden;
    layers.push({ inSize, outSize, w, b: new Float64Array(outSize), act });
  }
  return layers;
}

/** Activations of every layer for one input row (index 0 is the input). */
function forward(layers: readonly Layer[], x: ArrayLike<number>): Float64Array[] {
  const acts: Float64Array[] = [Float64Array.from(x)];
  for (const layer of layers) {
    const prev = acts[acts.length - 1];
    const out = new Float64Array(layer.outSize);
    for (let o = 0; o < layer.outSize; o++) {
      let s = layer.b[o];
      for (let i = 0; i < layer.inSize; i++) s += layer.w[o * layer.inSize + i] * prev[i];
      out[o] = activate(layer.act, s);
    }
    acts.push(out);
  }
  return acts;
}

export interface TrainResult {
  readonly layers: DenseLayer[];
  /** Mean squared error on the training set after each epoch. */
  readonly losses: number[];
}

/** Trains on rows `x` → targets `y` (already normalised) and returns float32-ready layers. */
export function trainMlp(x: readonly number[][], y: readonly number[][], spec: TrainSpec): TrainResult {
  const layers = initLayers(spec);
  const params = layers.flatMap((l) => [l.w, l.b]);
  const m = params.map((p) => new Float64Array(p.length));
  const v = params.map((p) => new Float64Array(p.length));
  const grads = params.map((p) => new Float64Array(p.length));
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  const order = x.map((_, i) => i);
  const shuffle = rngStream(spec.seed, 'shuffle');
  const losses: number[] = [];
  let step = 0;
  for (let epoch = 0; epoch < spec.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = shuffle.int(0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    let loss = 0;
    for (let start = 0; start < order.length; start += spec.batchSize) {
      const batch = order.slice(start, start + spec.batchSize);
      for (const g of grads) g.fill(0);
      for (const row of batch) {
        const acts = forward(layers, x[row]);
        const out = acts[acts.length - 1];
        let delta = Float64Array.from(out, (o, k) => {
          const err = o - y[row][k];
          loss += err * err;
          return ((2 * err) / (out.length * batch.length)) * slope(layers[layers.length - 1].act, o);
        });
        for (let l = layers.length - 1; l >= 0; l--) {
          const layer = layers[l];
          const input = acts[l];
          const gw = grads[2 * l];
          const gb = grads[2 * l + 1];
          const back = new Float64Array(layer.inSize);
          for (let o = 0; o < layer.outSize; o++) {
            gb[o] += delta[o];
            for (let i = 0; i < layer.inSize; i++) {
              gw[o * layer.inSize + i] += delta[o] * input[i];
              back[i] += delta[o] * layer.w[o * layer.inSize + i];
            }
          }
          if (l > 0) delta = back.map((d, i) => d * slope(layers[l - 1].act, input[i]));
        }
      }
      step++;
      const lr = (spec.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
      params.forEach((p, k) => {
        for (let i = 0; i < p.length; i++) {
          m[k][i] = beta1 * m[k][i] + (1 - beta1) * grads[k][i];
          v[k][i] = beta2 * v[k][i] + (1 - beta2) * grads[k][i] ** 2;
          p[i] -= (lr * m[k][i]) / (Math.sqrt(v[k][i]) + eps);
        }
      });
    }
    losses.push(loss / (x.length * y[0].length));
  }
  return {
    layers: layers.map((l) => ({
      inSize: l.inSize,
      outSize: l.outSize,
      weights: Float32Array.from(l.w),
      bias: Float32Array.from(l.b),
      activation: l.act,
    })),
    losses,
  };
}

/** Evaluates trained layers in float64 (for checks against the runtime's float32 answers). */
export function predict(layers: readonly DenseLayer[], row: ArrayLike<number>): number[] {
  const asLayers: Layer[] = layers.map((l) => ({
    inSize: l.inSize,
    outSize: l.outSize,
    w: Float64Array.from(l.weights),
    b: Float64Array.from(l.bias),
    act: l.activation,
  }));
  const acts = forward(asLayers, row);
  return Array.from(acts[acts.length - 1]);
}
