// Model validation for `simgate validate PATH.onnx|PATH.card.yaml`: loads each model the way
// the gate does (card in one pass, card against graph, runtime session, probe batch) and prints
// every problem, and any warning of a valid model on stderr.
// The validate command dispatches model paths here; exit 0 when all are valid, 3 otherwise.
import { validateModelPath } from '../../../policies/onnx/index.js';
import { EXIT } from '../../common/errors.js';

/** Whether a path names a model (rather than a scenario or config file). */
export const isModelPath = (path: string): boolean => /\.onnx$|\.card\.yaml$/.test(path);

export async function validateModelCommand(paths: string[]): Promise<number> {
  let ok = true;
  for (const path of paths) {
    const result = await validateModelPath(path);
    const stream = result.ok ? process.stdout : process.stderr;
    for (const message of result.messages) stream.write(`${message}\n`);
    for (const warning of result.warnings) process.stderr.write(`${warning}\n`);
    ok &&= result.ok;
  }
  return ok ? EXIT.PASS : EXIT.ERROR;
}
