// ONNX-backed stream policies: a forecaster (window of W readings → next H) or an anomaly
// detector (window → score), as the card's `kind` says. One session.run per batch of windows.
// Before inference each window passes the feature front end the card declares for missing
// readings (`missing.strategy`), the same one the model was trained through.
// A late call throws a ModelError with invariant 'model_timeout' for the stream engine to record.
import type { DetectorPolicy, ForecastPolicy, StreamPolicy } from '../policy.js';
import { isFeatureList, isSeries, type MissingStrategy } from './card.js';
import { ModelError } from './errors.js';
import { displayPath, type LoadedModel } from './load.js';
import { DEFAULT_TIME_BUDGET_MS, inputScale, modelSession, outputScale, withinBudget } from './normalise.js';
import type { ModelPolicyOptions } from './pick-policy.js';
import { ort } from './session.js';

export class ModelTimeoutError extends ModelError {
  readonly invariant = 'model_timeout';
}

/**
 * The hold-last front end: a missing (non-finite) reading takes the last finite reading before it
 * in the window; missing readings at the start of the window, which have none before them, take
 * the first finite one after them. A window without any finite reading comes back unchanged: the
 * front end never invents a level, so the model's output stays non-finite and the episode fails
 * closed. Returns the input itself when nothing is missing.
 */
export function holdLastReading(window: Float32Array): Float32Array {
  const first = window.findIndex(Number.isFinite);
  if (first < 0 || window.every(Number.isFinite)) return window;
  const out = Float32Array.from(window);
  let held = out[first];
  for (let i = 0; i < out.length; i++) {
    if (Number.isFinite(out[i])) held = out[i];
    else out[i] = held;
  }
  return out;
}

/** A window as the model reads it after the card's missing-reading front end. */
export function frontEndWindow(window: Float32Array, strategy: MissingStrategy): Float32Array {
  return strategy === 'hold_last' ? holdLastReading(window) : window;
}

export async function createStreamModelPolicy(
  model: LoadedModel,
  opts: ModelPolicyOptions = {},
): Promise<StreamPolicy> {
  const { card } = model;
  if (card.task !== 'stream' || card.window === undefined) {
    throw new ModelError(`${displayPath(model.onnxPath)}: card task is "${card.task}", not a stream model`);
  }
  const session = await modelSession(model);
  const budget = opts.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const window = card.window;
  const [inputName, inputBinding] = Object.entries(card.inputs).find(([, b]) => isSeries(b))!;
  const inRank = model.signature.inputs.find((t) => t.name === inputName)?.shape.length ?? 2;
  const scaleIn = inputScale(card.normalisation?.[isSeries(inputBinding) ? inputBinding.series : 'reading']);
  const missing = card.missing?.strategy ?? 'none';

  const run = async (windows: readonly Float32Array[], outputName: string) => {
    const data = new Float32Array(windows.length * window);
    windows.forEach((raw, r) => {
      if (raw.length !== window) {
        throw new ModelError(
          `${displayPath(model.onnxPath)}: window ${r} has ${raw.length} readings, the card says ${window}`,
        );
      }
      const w = frontEndWindow(raw, missing);
      for (let i = 0; i < window; i++) data[r * window + i] = scaleIn(w[i]);
    });
    const dims = inRank === 3 ? [windows.length, window, 1] : [windows.length, window];
    const feeds = { [inputName]: new ort.Tensor('float32', data, dims) };
    const result = await withinBudget(session.run(feeds, [outputName]), budget);
    if (result === 'timeout') {
      throw new ModelTimeoutError(
        `${displayPath(model.onnxPath)}: inference over its ${budget} ms budget for ${windows.length} windows`,
      );
    }
    return result[outputName].data as Float32Array;
  };

  const id = `onnx:${model.sha256}`;
  if (card.kind === 'detector') {
    const [outputName, binding] = Object.entries(card.outputs).find(([, b]) => isFeatureList(b))!;
    const scaleOut = outputScale(card.normalisation?.[(binding as readonly string[])[0]]);
    const detector: DetectorPolicy = {
      task: 'stream',
      kind: 'detector',
      id,
      window,
      threshold: card.threshold ?? Number.POSITIVE_INFINITY,
      async score(windows) {
        if (windows.length === 0) return new Float32Array(0);
        return (await run(windows, outputName)).map(scaleOut);
      },
    };
    return detector;
  }
  const horizon = card.horizon!;
  const [outputName, binding] = Object.entries(card.outputs).find(([, b]) => isSeries(b))!;
  const scaleOut = outputScale(card.normalisation?.[isSeries(binding) ? binding.series : 'forecast']);
  const forecaster: ForecastPolicy = {
    task: 'stream',
    kind: 'forecaster',
    id,
    window,
    horizon,
    async forecast(windows) {
      if (windows.length === 0) return [];
      const out = await run(windows, outputName);
      return windows.map((_, r) => out.slice(r * horizon, (r + 1) * horizon).map(scaleOut));
    },
  };
  return forecaster;
}
