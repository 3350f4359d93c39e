// validateModelPath: everything loadModel checks (the card in one pass, the card against the
// graph, the runtime session, the probe batch), as messages instead of an exception, for
// `simgate validate PATH.onnx|PATH.card.yaml`.
import { ModelError, printable } from './errors.js';
import { displayPath, loadModel } from './load.js';
import { shapeText } from './signature.js';

export interface ModelValidation {
  readonly ok: boolean;
  /** What to print: the verdict and details, or the error with every problem. */
  readonly messages: readonly string[];
  /** Loadable, but worth a look (non-finite outputs for the probe batch). */
  readonly warnings: readonly string[];
}

export async function validateModelPath(path: string): Promise<ModelValidation> {
  try {
    const model = await loadModel(path);
    const { card, signature } = model;
    const tensors = (list: typeof signature.inputs) =>
      list.map((t) => `${t.name}${shapeText(t.shape)}`).join(', ');
    return {
      ok: true,
      messages: [
        printable(
          `${displayPath(model.onnxPath)}: valid ${card.task} model ${card.name} ${card.version} (sha256 ${model.sha256.slice(0, 12)}…)`,
        ),
        printable(
          `  card: ${model.cardPath ? displayPath(model.cardPath) : 'embedded in ONNX metadata_props'}`,
        ),
        printable(
          `  inputs: ${tensors(signature.inputs)}; outputs: ${tensors(signature.outputs)}; operators: ${signature.operators.join(', ')}`,
        ),
      ],
      warnings: model.warnings.map((w) => `warning: ${printable(w)}`),
    };
  } catch (error) {
    if (error instanceof ModelError) return { ok: false, messages: [error.message], warnings: [] };
    throw error;
  }
}
