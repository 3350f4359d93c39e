// The probe batch run once at load: PROBE_ROWS rows of the normalised feature means (and an
// image or window of the same where the card binds one) through the real session, so what the
// model actually returns is checked against what the card declares. A graph can declare
// [batch, 6] and compute [batch, 5], or fix its batch at 1 inside; onnxruntime only warns.
// A wrong element type, rank, batch or width is a load error, named by tensor. Non-finite
// outputs are a warning: at run time they are per-episode safety violations, so the model stays
// loadable and fails closed where it matters.
import { type InputBinding, isFeatureList, isImage, type ModelCard, type NormEntry } from './card.js';
import { DEFAULT_TIME_BUDGET_MS, withinBudget } from './budget.js';
import type { OnnxSignature } from './onnx-reader.js';
import { ort } from './session.js';
import { impliedShapes, type Shape, shapeText } from './signature.js';

/** Two rows: a model that fixes its batch at 1 inside the graph shows it. */
export const PROBE_ROWS = 2;

export interface ProbeResult {
  /** Load errors: the outputs do not have the shape or type the card declares. */
  readonly problems: readonly string[];
  /** Loadable, but worth saying: non-finite outputs for the probe. */
  readonly warnings: readonly string[];
}

/** A feature's mean as the model sees it: 0 after mean/std scaling, 0.5 after min/max. */
function modelSpaceMean(entry: NormEntry | undefined): number {
  return entry && 'min' in entry ? 0.5 : 0;
}

function probeTensor(card: ModelCard, binding: InputBinding, rank: number): ort.Tensor {
  const norm = card.normalisation ?? {};
  if (isFeatureList(binding)) {
    const row = binding.map((f) => modelSpaceMean(norm[f]));
    const data = Float32Array.from({ length: PROBE_ROWS * row.length }, (_, i) => row[i % row.length]);
    return new ort.Tensor('float32', data, [PROBE_ROWS, row.length]);
  }
  if (isImage(binding)) {
    const { height: h, width: w } = binding;
    const data = new Float32Array(PROBE_ROWS * h * w).fill(modelSpaceMean(norm[binding.image]));
    return new ort.Tensor('float32', data, rank === 4 ? [PROBE_ROWS, 1, h, w] : [PROBE_ROWS, h, w]);
  }
  const n = binding.length;
  const data = new Float32Array(PROBE_ROWS * n).fill(modelSpaceMean(norm[binding.series]));
  return new ort.Tensor('float32', data, rank === 3 ? [PROBE_ROWS, n, 1] : [PROBE_ROWS, n]);
}

const matches = (dims: readonly number[], shape: Shape): boolean =>
  dims.length === shape.length && shape.every((d, i) => dims[i] === (d ?? PROBE_ROWS));

function declared(binding: InputBinding): string {
  if (isFeatureList(binding)) return `${binding.length} feature${binding.length === 1 ? '' : 's'}`;
  return isImage(binding) ? `a ${binding.height}×${binding.width} image` : `${binding.length} readings`;
}

export async function probeModel(
  card: ModelCard,
  signature: OnnxSignature,
  session: ort.InferenceSession,
  onnxName: string,
  budgetMs = DEFAULT_TIME_BUDGET_MS,
): Promise<ProbeResult> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, binding] of Object.entries(card.inputs)) {
    const rank = signature.inputs.find((t) => t.name === name)?.shape.length ?? 2;
    feeds[name] = probeTensor(card, binding, rank);
  }
  const outputNames = Object.keys(card.outputs);
  let result: ort.InferenceSession.OnnxValueMapType | 'timeout';
  try {
    result = await withinBudget(session.run(feeds, outputNames), budgetMs);
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0].trim();
    return {
      problems: [`${onnxName}: onnxruntime failed on a probe batch of ${PROBE_ROWS} rows: ${detail}`],
      warnings: [],
    };
  }
  if (result === 'timeout') {
    return {
      problems: [`${onnxName}: a probe batch of ${PROBE_ROWS} rows took longer than ${budgetMs} ms`],
      warnings: [],
    };
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const [name, binding] of Object.entries(card.outputs)) {
    const what = `${onnxName} outputs.${name}`;
    const tensor = result[name] as ort.Tensor | undefined;
    if (!tensor) {
      problems.push(`${what}: the probe batch returned no such output`);
      continue;
    }
    const shapes = impliedShapes('outputs', binding);
    if (tensor.type !== 'float32' || !shapes.some((s) => matches(tensor.dims, s))) {
      const expected = shapes.map((s) => shapeText(s.map((d) => d ?? PROBE_ROWS))).join(' or ');
      problems.push(
        `${what}: a probe batch of ${PROBE_ROWS} rows returned ${tensor.type} ${shapeText(tensor.dims)}; the card binds ${declared(binding)}, so float32 ${expected} was expected`,
      );
      continue;
    }
    const data = tensor.data as Float32Array;
    const bad = data.reduce((n, v) => (Number.isFinite(v) ? n : n + 1), 0);
    if (bad > 0) {
      const kinds = [
        ...new Set(
          Array.from(data)
            .filter((v) => !Number.isFinite(v))
            .map(String),
        ),
      ];
      warnings.push(
        `${what}: ${bad} of ${data.length} outputs are non-finite (${kinds.join(', ')}) for a probe batch of normalised feature means; at run time a non-finite output is a safety violation of its episode`,
      );
    }
  }
  return { problems, warnings };
}
