// An ONNX-backed grasp policy: one session.run per lockstep batch, features bound by the model
// card, and output guards (non-finite → finite_actions, outside the card's bounds →
// action_bounds, late → model_timeout for the whole batch), never a crash.
import type { PickPolicy } from '../policy.js';
import type { PickAction, PickDecision, PickObservation } from '../../sim/pick/features.js';
import { isFeatureList, isImage } from './card.js';
import { ModelError } from './errors.js';
import { displayPath, type LoadedModel } from './load.js';
import {
  DEFAULT_TIME_BUDGET_MS,
  inputAffine,
  inputScale,
  modelSession,
  outputAffine,
  withinBudget,
} from './normalise.js';
import { ort } from './session.js';

export interface ModelPolicyOptions {
  /** Wall-time budget of one inference call, in ms (default 1000). */
  readonly timeBudgetMs?: number;
}

/** Fills an input tensor for a batch; `fresh` asks for a tensor no other call is using. */
type Feeder = (observations: readonly PickObservation[], fresh: boolean) => ort.Tensor;

/**
 * One float32 tensor per batch size, allocated once and refilled by every call of that size (a
 * lockstep sweep asks with the same few sizes over and over), or a new one when `fresh`.
 */
function tensorPool(rowSize: number, dims: (rows: number) => number[]) {
  const pool = new Map<number, ort.Tensor>();
  return (rows: number, fresh: boolean): ort.Tensor => {
    const cached = fresh ? undefined : pool.get(rows);
    if (cached) return cached;
    const tensor = new ort.Tensor('float32', new Float32Array(rows * rowSize), dims(rows));
    if (!fresh) pool.set(rows, tensor);
    return tensor;
  };
}

function feeders(model: LoadedModel): Map<string, Feeder> {
  const out = new Map<string, Feeder>();
  const norm = model.card.normalisation ?? {};
  for (const [name, binding] of Object.entries(model.card.inputs)) {
    const rank = model.signature.inputs.find((t) => t.name === name)?.shape.length ?? 2;
    if (isFeatureList(binding)) {
      const affine = binding.map((f) => inputAffine(norm[f]));
      const offsets = Float64Array.from(affine, (a) => a.offset);
      const divisors = Float64Array.from(affine, (a) => a.divisor);
      const features = binding as readonly (keyof PickObservation['features'])[];
      const k = features.length;
      const tensors = tensorPool(k, (rows) => [rows, k]);
      out.set(name, (obs, fresh) => {
        const tensor = tensors(obs.length, fresh);
        const data = tensor.data as Float32Array;
        for (let r = 0; r < obs.length; r++) {
          const values = obs[r].features;
          for (let c = 0; c < k; c++) data[r * k + c] = (values[features[c]] - offsets[c]) / divisors[c];
        }
        return tensor;
      });
    } else if (isImage(binding)) {
      const { height, width } = binding;
      const scale = inputScale(norm[binding.image]);
      const cells = height * width;
      const tensors = tensorPool(cells, (rows) =>
        rank === 4 ? [rows, 1, height, width] : [rows, height, width],
      );
      out.set(name, (obs, fresh) => {
        const tensor = tensors(obs.length, fresh);
        const data = tensor.data as Float32Array;
        obs.forEach((o, r) => {
          const hm = o.heightmap;
          if (!hm || hm.height !== height || hm.width !== width) {
            throw new ModelError(
              `${displayPath(model.onnxPath)}: inputs.${name} needs a ${height}×${width} ${binding.image} (scenario param camera.heightmap: 1), got ${hm ? `${hm.height}×${hm.width}` : 'none'}`,
            );
          }
          for (let i = 0; i < hm.data.length; i++) data[r * cells + i] = scale(hm.data[i]);
        });
        return tensor;
      });
    }
  }
  return out;
}

interface OutputReader {
  readonly tensor: string;
  readonly features: readonly string[];
  /** outputAffine of each feature. */
  readonly factors: Float64Array;
  readonly offsets: Float64Array;
}

function outputReaders(model: LoadedModel): OutputReader[] {
  const norm = model.card.normalisation ?? {};
  return Object.entries(model.card.outputs)
    .filter(([, b]) => isFeatureList(b))
    .map(([tensor, b]) => {
      const features = b as readonly string[];
      const affine = features.map((f) => outputAffine(norm[f]));
      return {
        tensor,
        features,
        factors: Float64Array.from(affine, (a) => a.factor),
        offsets: Float64Array.from(affine, (a) => a.offset),
      };
    });
}

/**
 * Guards one row: the first non-finite or out-of-bounds feature makes it a violation. `names`
 * are the row's keys in insertion order (each output feature once).
 */
function guard(
  values: Record<string, number>,
  names: readonly string[],
  bounds: LoadedModel['card']['action_bounds'],
): PickDecision {
  for (const f of names) {
    const v = values[f];
    if (!Number.isFinite(v)) return { ok: false, invariant: 'finite_actions', message: `${f} = ${v}` };
  }
  for (const f of names) {
    const v = values[f];
    const b = bounds?.[f];
    if (b && (v < b.min || v > b.max)) {
      return { ok: false, invariant: 'action_bounds', message: `${f} = ${v} outside [${b.min}, ${b.max}]` };
    }
  }
  return { ok: true, action: values as PickAction };
}

export async function createPickModelPolicy(
  model: LoadedModel,
  opts: ModelPolicyOptions = {},
): Promise<PickPolicy> {
  if (model.card.task !== 'pick') {
    throw new ModelError(
      `${displayPath(model.onnxPath)}: card task is "${model.card.task}", not a pick model`,
    );
  }
  const session = await modelSession(model);
  const feed = feeders(model);
  const readers = outputReaders(model);
  const budget = opts.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const outputNames = readers.map((r) => r.tensor);
  const names = [...new Set(readers.flatMap((r) => r.features))];
  // The pooled input tensors belong to one call at a time; an overlapping call gets its own.
  let running = 0;
  return {
    task: 'pick',
    id: `onnx:${model.sha256}`,
    async decide(observations) {
      if (observations.length === 0) return [];
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, f] of feed) feeds[name] = f(observations, running > 0);
      running++;
      const work = session.run(feeds, outputNames);
      work.then(
        () => running--,
        () => running--,
      );
      const result = await withinBudget(work, budget);
      if (result === 'timeout') {
        const message = `inference over its ${budget} ms budget for a batch of ${observations.length}`;
        return observations.map(() => ({ ok: false, invariant: 'model_timeout', message }) as const);
      }
      const outputs = readers.map((reader) => result[reader.tensor].data as Float32Array);
      const decisions: PickDecision[] = [];
      for (let r = 0; r < observations.length; r++) {
        const values: Record<string, number> = {};
        readers.forEach(({ features, factors, offsets }, j) => {
          const data = outputs[j];
          const k = features.length;
          for (let c = 0; c < k; c++) values[features[c]] = data[r * k + c] * factors[c] + offsets[c];
        });
        decisions.push(guard(values, names, model.card.action_bounds));
      }
      return decisions;
    },
  };
}
