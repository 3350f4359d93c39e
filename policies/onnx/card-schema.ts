// The model-card JSON Schema (draft-07). The published copy schemas/model-card.schema.json is
// written from this object by `npm run models` and a test keeps the two identical.
// biome-ignore-all lint/suspicious/noThenProperty: `then` is the JSON Schema keyword here, not a thenable.
// What JSON Schema cannot say (finite numbers, min < max, physical ranges, feature names) is
// checked by card-numbers.ts and card-names.ts; the limits here keep a hostile card small.

/**
 * A name printed in messages and reports: of a sane length, without control characters (C0, DEL,
 * C1), line or paragraph separators or bidirectional overrides, which could rewrite a terminal
 * line or disguise one name as another.
 */
const printableName = {
  type: 'string',
  minLength: 1,
  maxLength: 256,
  pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufeff]*$',
};

/** Readings per window or forecast (a week of one-second readings is 604800). */
const MAX_SERIES_LENGTH = 1_000_000;
/** Pixels per side of an image input. */
const MAX_IMAGE_SIDE = 1024;

const bound = {
  type: 'object',
  required: ['min', 'max'],
  additionalProperties: false,
  properties: { min: { type: 'number' }, max: { type: 'number' } },
};

const featureList = {
  type: 'array',
  minItems: 1,
  items: printableName,
  description: 'Feature names by position along the last axis of the tensor',
};

const imageBinding = {
  type: 'object',
  required: ['image', 'height', 'width'],
  additionalProperties: false,
  properties: {
    image: { ...printableName, description: 'Image feature, e.g. camera.heightmap; tensor [batch, 1, H, W]' },
    height: { type: 'integer', minimum: 1, maximum: MAX_IMAGE_SIDE },
    width: { type: 'integer', minimum: 1, maximum: MAX_IMAGE_SIDE },
  },
};

const seriesBinding = {
  type: 'object',
  required: ['series', 'length'],
  additionalProperties: false,
  properties: {
    series: {
      ...printableName,
      description: 'Stream series: reading (input window) or forecast (output)',
    },
    length: { type: 'integer', minimum: 1, maximum: MAX_SERIES_LENGTH },
  },
};

export const MODEL_CARD_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://simgate.dev/schemas/model-card.schema.json',
  title: 'simgate model card',
  description:
    'Binds an ONNX model to the simulator: NAME.card.yaml beside NAME.onnx, or the same keys as JSON in the ONNX metadata_props key simgate.card.',
  type: 'object',
  required: ['task', 'name', 'version', 'inputs', 'outputs', 'provenance'],
  additionalProperties: false,
  properties: {
    task: { enum: ['pick', 'stream'] },
    name: printableName,
    version: printableName,
    description: { type: 'string' },
    inputs: {
      type: 'object',
      minProperties: 1,
      propertyNames: printableName,
      description: 'ONNX input tensor name → feature binding',
      additionalProperties: {
        if: { type: 'array' },
        then: featureList,
        else: { if: { required: ['image'] }, then: imageBinding, else: seriesBinding },
      },
    },
    outputs: {
      type: 'object',
      minProperties: 1,
      propertyNames: printableName,
      description: 'ONNX output tensor name → feature binding',
      additionalProperties: { if: { type: 'array' }, then: featureList, else: seriesBinding },
    },
    normalisation: {
      type: 'object',
      description:
        'Per feature: inputs are fed as (x − mean) / std or (x − min) / (max − min); outputs are read back as y·std + mean or min + y·(max − min). Every number finite, std > 0, min < max',
      additionalProperties: {
        if: { required: ['mean'] },
        then: {
          type: 'object',
          required: ['mean', 'std'],
          additionalProperties: false,
          properties: { mean: { type: 'number' }, std: { type: 'number', exclusiveMinimum: 0 } },
        },
        else: bound,
      },
    },
    action_bounds: {
      type: 'object',
      description:
        'Per action feature, in its simulator unit: outputs outside [min, max] are an action_bounds violation. min < max, inside the physical range of the feature',
      additionalProperties: bound,
    },
    kind: { enum: ['forecaster', 'detector'] },
    window: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_SERIES_LENGTH,
      description: 'Stream: readings per input window (W)',
    },
    horizon: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_SERIES_LENGTH,
      description: 'Stream forecaster: readings predicted (H)',
    },
    sensor: printableName,
    units: { ...printableName, minLength: 0 },
    threshold: { type: 'number', description: 'Stream detector: score above which a window is anomalous' },
    missing: {
      type: 'object',
      required: ['strategy'],
      additionalProperties: false,
      description:
        'Stream: the feature front end for missing (non-finite) readings, applied before inference. Absent = none',
      properties: {
        strategy: {
          enum: ['hold_last', 'none'],
          description:
            'hold_last: a missing reading takes the last finite reading before it (leading ones the first after it; a window with no finite reading stays missing, so the model fails closed). none: readings reach the model as they are',
        },
      },
    },
    provenance: {
      type: 'object',
      required: ['created'],
      properties: {
        data: {
          type: 'object',
          properties: {
            md5: { type: 'string', pattern: '^[0-9a-f]{32}$' },
            path: { type: 'string' },
            rows: { type: 'integer', minimum: 0 },
          },
        },
        commit: { type: 'string' },
        created: { type: 'string' },
        trainer: { type: 'string' },
      },
    },
  },
  allOf: [
    {
      if: { required: ['task'], properties: { task: { const: 'pick' } } },
      then: { required: ['action_bounds'] },
    },
    {
      if: { required: ['task'], properties: { task: { const: 'stream' } } },
      then: { required: ['kind', 'window', 'sensor', 'units'] },
    },
    {
      if: { required: ['kind'], properties: { kind: { const: 'forecaster' } } },
      then: { required: ['horizon'] },
    },
    {
      if: { required: ['kind'], properties: { kind: { const: 'detector' } } },
      then: { required: ['threshold'] },
    },
  ],
} as const;

/** The schema as `simgate schema model-card` prints it (the same JSON as the published file). */
export function modelCardJsonSchemaText(): string {
  return `${JSON.stringify(MODEL_CARD_SCHEMA, null, 2)}\n`;
}
