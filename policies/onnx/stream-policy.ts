// ONNX-backed stream policies: a forecaster (window of W readings → next H) or an anomaly
// detector (window → score), as the card's `kind` says. One session.run per batch of windows.
// A late call throws a ModelError with invariant 'model_timeout' for the stream engine to record.
import type { DetectorPolicy, ForecastPolicy, StreamPolicy } from '../policy.js';
import { isFeatureList, isSeries } from './card.js';
import { ModelError } from './errors.js';
import { displayPath, type LoadedModel } from './load.js';
import { DEFAULT_TIME_BUDGET_MS, inputScale, modelSession, outputScale, withinBudget } from './normalise.js';
import type { ModelPolicyOptions } from './pick-policy.js';
import { ort } from './session.js';

export class ModelTimeoutError extends ModelError {
  readonly invariant = 'model_timeout';
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

  const run = async (windows: readonly Float32Array[], outputName: string) => {
    const data = new Float32Array(windows.length * window);
    windows.forEach((w, r) => {
      if (w.length !== window) {
        throw new ModelError(
          `${displayPath(model.onnxPath)}: window ${r} has ${w.length} readings, the card says ${window}`,
        );
      }
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
