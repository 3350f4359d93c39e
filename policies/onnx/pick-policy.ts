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

/**
 * How a batch's output tensors become one action per row. Each action feature is read from the
 * last output column the card binds it to (where writing every binding in card order leaves
 * it), scaled by outputAffine; `names` is the action's key order (first binding of each name).
 */
interface OutputDecoder {
  readonly tensors: readonly string[];
  readonly names: readonly string[];
  /** Per name: which of `tensors`, its row width there, its column, and its outputAffine. */
  readonly source: Int32Array;
  readonly width: Int32Array;
  readonly column: Int32Array;
  readonly factors: Float64Array;
  readonly offsets: Float64Array;
  /** Per name: the card's action bound, or undefined. */
  readonly bounds: readonly ({ readonly min: number; readonly max: number } | undefined)[];
  /** An action with every name in key order, copied (never mutated) to make each row's action. */
  readonly template: Readonly<Record<string, number>>;
}

function outputDecoder(model: LoadedModel): OutputDecoder {
  const norm = model.card.normalisation ?? {};
  const bound = model.card.action_bounds;
  const lists = Object.entries(model.card.outputs).filter(([, b]) => isFeatureList(b)) as [
    string,
    readonly string[],
  ][];
  const names = [...new Set(lists.flatMap(([, features]) => features))];
  const at = new Map<string, readonly [number, number, number]>();
  lists.forEach(([, features], j) => {
    features.forEach((f, c) => {
      at.set(f, [j, features.length, c]);
    });
  });
  const affine = names.map((f) => outputAffine(norm[f]));
  const template: Record<string, number> = {};
  for (const f of names) template[f] = 0;
  return {
    tensors: lists.map(([tensor]) => tensor),
    names,
    source: Int32Array.from(names, (f) => at.get(f)![0]),
    width: Int32Array.from(names, (f) => at.get(f)![1]),
    column: Int32Array.from(names, (f) => at.get(f)![2]),
    factors: Float64Array.from(affine, (a) => a.factor),
    offsets: Float64Array.from(affine, (a) => a.offset),
    bounds: names.map((f) => bound?.[f]),
    template,
  };
}

/**
 * Row `r`'s decision: its action, or a violation for the first non-finite feature, else for the
 * first feature outside the card's bounds (names in key order). `row` is scratch space.
 */
function decodeRow(
  d: OutputDecoder,
  outputs: readonly Float32Array[],
  r: number,
  row: Float64Array,
): PickDecision {
  const n = d.names.length;
  let finite = true;
  for (let i = 0; i < n; i++) {
    const v = outputs[d.source[i]][r * d.width[i] + d.column[i]] * d.factors[i] + d.offsets[i];
    row[i] = v;
    if (!Number.isFinite(v)) finite = false;
  }
  if (!finite) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(row[i]))
        return { ok: false, invariant: 'finite_actions', message: `${d.names[i]} = ${row[i]}` };
    }
  }
  for (let i = 0; i < n; i++) {
    const b = d.bounds[i];
    if (b && (row[i] < b.min || row[i] > b.max)) {
      return {
        ok: false,
        invariant: 'action_bounds',
        message: `${d.names[i]} = ${row[i]} outside [${b.min}, ${b.max}]`,
      };
    }
  }
  const action: Record<string, number> = { ...d.template };
  for (let i = 0; i < n; i++) action[d.names[i]] = row[i];
  return { ok: true, action: action as PickAction };
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
  const decoder = outputDecoder(model);
  const row = new Float64Array(decoder.names.length);
  const budget = opts.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const outputNames = decoder.tensors;
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
      const outputs = outputNames.map((tensor) => result[tensor].data as Float32Array);
      const decisions = new Array<PickDecision>(observations.length);
      for (let r = 0; r < observations.length; r++) decisions[r] = decodeRow(decoder, outputs, r, row);
      return decisions;
    },
  };
}
