// loadModel: finds the ONNX file and its card (beside it, or embedded in metadata_props),
// hashes the bytes, decodes the graph signature, validates the card (one pass, every problem),
// checks it against the graph, creates (and caches) the runtime session and runs one probe
// batch through it, so every way a model can be unusable fails here, before anything runs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { CARD_METADATA_KEY, checkCard, type ModelCard } from './card.js';
import { MAX_CARD_BYTES } from './card-yaml.js';
import { ModelError } from './errors.js';
import { type OnnxSignature, readOnnxSignature } from './onnx-reader.js';
import { probeModel } from './probe.js';
import { sessionFor } from './session.js';
import { checkSignature } from './signature.js';

export interface LoadedModel {
  readonly sha256: string;
  readonly card: ModelCard;
  /** The path as given. */
  readonly path: string;
  readonly onnxPath: string;
  /** The card file, or undefined when the card came from the ONNX metadata. */
  readonly cardPath: string | undefined;
  /** sha256 of the card text (file or metadata value), for provenance. */
  readonly cardSha256: string;
  readonly signature: OnnxSignature;
  /** What the probe batch found that does not stop the model (non-finite outputs). */
  readonly warnings: readonly string[];
}

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** A path as messages show it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** The .onnx and .card.yaml paths for a path naming either. */
export function modelPaths(path: string): { onnxPath: string; cardPath: string } {
  const abs = resolve(path);
  if (abs.endsWith('.card.yaml')) return { onnxPath: abs.replace(/\.card\.yaml$/, '.onnx'), cardPath: abs };
  if (abs.endsWith('.onnx')) return { onnxPath: abs, cardPath: abs.replace(/\.onnx$/, '.card.yaml') };
  throw new ModelError(`${path}: expected a model path ending in .onnx or .card.yaml`);
}

function readBytes(file: string, what: string, maxBytes = Number.POSITIVE_INFINITY): Buffer {
  if (!existsSync(file)) throw new ModelError(`${displayPath(file)}: ${what} not found`);
  try {
    const size = statSync(file).size;
    if (size > maxBytes) {
      throw new ModelError(
        `${displayPath(file)}: the ${what} is ${size} bytes; at most ${maxBytes} are read`,
      );
    }
    return readFileSync(file);
  } catch (error) {
    if (error instanceof ModelError) throw error;
    throw new ModelError(`${displayPath(file)}: cannot read ${what}: ${(error as Error).message}`);
  }
}

export function decodeSignature(bytes: Uint8Array, file: string): OnnxSignature {
  try {
    return readOnnxSignature(bytes);
  } catch (error) {
    // The reader only decodes: whatever it throws on, the bytes are not a model it can read.
    throw new ModelError(`${file}: not an ONNX model (${(error as Error).message ?? String(error)})`);
  }
}

/** One error for the card's own problems and its mismatches with the graph, all at once. */
function loadError(
  cardSource: string,
  onnxName: string,
  cardProblems: readonly string[],
  graphProblems: readonly string[],
): ModelError {
  if (graphProblems.length === 0) return ModelError.of(cardSource, 'invalid model card', cardProblems);
  if (cardProblems.length === 0)
    return ModelError.of(onnxName, 'model card does not match the ONNX graph', graphProblems);
  return ModelError.of(onnxName, 'invalid model card, which does not match the ONNX graph either', [
    ...cardProblems,
    ...graphProblems,
  ]);
}

export async function loadModel(path: string): Promise<LoadedModel> {
  const { onnxPath, cardPath } = modelPaths(path);
  const onnxName = displayPath(onnxPath);
  const bytes = readBytes(onnxPath, 'ONNX model file');
  const digest = sha256(bytes);
  const signature = decodeSignature(bytes, onnxName);
  let cardText: string;
  let cardSource: string;
  let usedCardPath: string | undefined;
  if (existsSync(cardPath)) {
    cardText = readBytes(cardPath, 'model card', MAX_CARD_BYTES).toString('utf8');
    cardSource = displayPath(cardPath);
    usedCardPath = cardPath;
  } else if (signature.metadata[CARD_METADATA_KEY] !== undefined) {
    cardText = signature.metadata[CARD_METADATA_KEY];
    cardSource = `${onnxName}[metadata ${CARD_METADATA_KEY}]`;
  } else {
    throw new ModelError(
      `${onnxName}: no model card: expected ${displayPath(cardPath)} beside it or a "${CARD_METADATA_KEY}" entry in the ONNX metadata_props`,
    );
  }
  const { card, structure, problems: cardProblems, locate } = checkCard(cardText, cardSource);
  const graphProblems = structure ? checkSignature(structure, signature, locate) : [];
  if (!card || graphProblems.length > 0) throw loadError(cardSource, onnxName, cardProblems, graphProblems);
  const session = await sessionFor(digest, () => bytes, onnxName);
  const probe = await probeModel(card, signature, session, onnxName);
  if (probe.problems.length > 0)
    throw ModelError.of(onnxName, 'model outputs do not match the card', probe.problems);
  return {
    sha256: digest,
    card,
    path,
    onnxPath,
    cardPath: usedCardPath,
    cardSha256: sha256(cardText),
    signature,
    warnings: probe.warnings,
  };
}
