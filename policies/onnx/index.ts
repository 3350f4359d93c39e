// Public API of ONNX-backed policies: validate a card, load a model with its card (probe
// included), build pick or stream policies on it, validate a model path.
export {
  type CardCheck,
  checkCard,
  type FeatureBinding,
  type ImageBinding,
  type InputBinding,
  type ModelCard,
  type NormEntry,
  type OutputBinding,
  type SeriesBinding,
  CARD_METADATA_KEY,
  parseCard,
} from './card.js';
export { MODEL_CARD_SCHEMA } from './card-schema.js';
export { ModelError, printable } from './errors.js';
export { type LoadedModel, loadModel, modelPaths } from './load.js';
export { PROBE_ROWS, type ProbeResult, probeModel } from './probe.js';
export { type OnnxSignature, type TensorSignature, readOnnxSignature } from './onnx-reader.js';
export { createPickModelPolicy, type ModelPolicyOptions } from './pick-policy.js';
export { releaseSessions, SESSION_OPTIONS } from './session.js';
export { STREAM_INPUT_SERIES, STREAM_OUTPUT_SERIES, STREAM_SCORE_FEATURES } from './signature.js';
export { createStreamModelPolicy, ModelTimeoutError } from './stream-policy.js';
export { validateModelPath } from './validate.js';
