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
  inputScale,
  modelSession,
  outputScale,
  type Scale,
  withinBudget,
} from './normalise.js';
import { ort } from './session.js';

export interface ModelPolicyOptions {
  /** Wall-time budget of one inference call, in ms (default 1000). */
  readonly timeBudgetMs?: number;
}

type Feeder = (observations: readonly PickObservation[]) => ort.Tensor;

function feeders(model: LoadedModel): Map<string, Feeder> {
  const out = new Map<string, Feeder>();
  const norm = model.card.normalisation ?? {};
  for (const [name, binding] of Object.entries(model.card.inputs)) {
    const rank = model.signature.inputs.find((t) => t.name === name)?.shape.length ?? 2;
    if (isFeatureList(binding)) {
      const scales = binding.map((f) => inputScale(norm[f]));
      const features = binding as readonly (keyof PickObservation['features'])[];
      out.set(name, (obs) => {
        const data = new Float32Array(obs.length * features.length);
        obs.forEach((o, r) => {
          features.forEach((f, c) => {
            data[r * features.length + c] = scales[c](o.features[f]);
          });
        });
        return new ort.Tensor('float32', data, [obs.length, features.length]);
      });
    } else if (isImage(binding)) {
      const { height, width } = binding;
      const scale = inputScale(norm[binding.image]);
      out.set(name, (obs) => {
        const data = new Float32Array(obs.length * height * width);
        obs.forEach((o, r) => {
          const hm = o.heightmap;
          if (!hm || hm.height !== height || hm.width !== width) {
            throw new ModelError(
              `${displayPath(model.onnxPath)}: inputs.${name} needs a ${height}×${width} ${binding.image} (scenario param camera.heightmap: 1), got ${hm ? `${hm.height}×${hm.width}` : 'none'}`,
            );
          }
          for (let i = 0; i < hm.data.length; i++) data[r * height * width + i] = scale(hm.data[i]);
        });
        const dims = rank === 4 ? [obs.length, 1, height, width] : [obs.length, height, width];
        return new ort.Tensor('float32', data, dims);
      });
    }
  }
  return out;
}

interface OutputReader {
  readonly tensor: string;
  readonly features: readonly string[];
  readonly scales: readonly Scale[];
}

function outputReaders(model: LoadedModel): OutputReader[] {
  const norm = model.card.normalisation ?? {};
  return Object.entries(model.card.outputs)
    .filter(([, b]) => isFeatureList(b))
    .map(([tensor, b]) => {
      const features = b as readonly string[];
      return { tensor, features, scales: features.map((f) => outputScale(norm[f])) };
    });
}

/** Guards one row: the first non-finite or out-of-bounds feature makes it a violation. */
function guard(values: Record<string, number>, bounds: LoadedModel['card']['action_bounds']): PickDecision {
  for (const [f, v] of Object.entries(values)) {
    if (!Number.isFinite(v)) return { ok: false, invariant: 'finite_actions', message: `${f} = ${v}` };
  }
  for (const [f, v] of Object.entries(values)) {
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
  return {
    task: 'pick',
    id: `onnx:${model.sha256}`,
    async decide(observations) {
      if (observations.length === 0) return [];
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, f] of feed) feeds[name] = f(observations);
      const result = await withinBudget(session.run(feeds, outputNames), budget);
      if (result === 'timeout') {
        const message = `inference over its ${budget} ms budget for a batch of ${observations.length}`;
        return observations.map(() => ({ ok: false, invariant: 'model_timeout', message }) as const);
      }
      return observations.map((_, r) => {
        const values: Record<string, number> = {};
        for (const reader of readers) {
          const data = result[reader.tensor].data as Float32Array;
          const k = reader.features.length;
          reader.features.forEach((f, c) => {
            values[f] = reader.scales[c](data[r * k + c]);
          });
        }
        return guard(values, model.card.action_bounds);
      });
    },
  };
}
