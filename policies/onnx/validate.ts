// validateModelPath: everything loadModel checks, as messages instead of an exception, for
// `simgate validate PATH.onnx|PATH.card.yaml`.
import { ModelError } from './errors.js';
import { displayPath, loadModel } from './load.js';

export async function validateModelPath(path: string): Promise<{ ok: boolean; messages: string[] }> {
  try {
    const model = await loadModel(path);
    const { card, signature } = model;
    const inputs = signature.inputs.map((t) => `${t.name}[${t.shape.join(', ')}]`).join(', ');
    const outputs = signature.outputs.map((t) => `${t.name}[${t.shape.join(', ')}]`).join(', ');
    return {
      ok: true,
      messages: [
        `${displayPath(model.onnxPath)}: valid ${card.task} model ${card.name} ${card.version} (sha256 ${model.sha256.slice(0, 12)}…)`,
        `  card: ${model.cardPath ? displayPath(model.cardPath) : 'embedded in ONNX metadata_props'}`,
        `  inputs: ${inputs}; outputs: ${outputs}; operators: ${signature.operators.join(', ')}`,
      ],
    };
  } catch (error) {
    if (error instanceof ModelError) return { ok: false, messages: [error.message] };
    throw error;
  }
}
