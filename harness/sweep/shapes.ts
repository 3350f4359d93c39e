// JSON Schemas of what the sweep writes and later reads back as evidence — a results.jsonl line,
// sweep.json, a cache entry — compiled once with ajv. Whatever is read from disk passes through
// here before anything trusts a field of it, so a corrupt, `null` or wrong-typed value is a
// located problem ("kpis.pick_success_rate: must be a number or null (got "high")"), never a
// TypeError deep in a consumer.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const hex64OrNull = { type: ['string', 'null'], pattern: '^[0-9a-f]{64}$' } as const;
/** NaN and ±Infinity are written as null by JSON; a number field may therefore be null. */
const numberOrNull = { type: ['number', 'null'] } as const;
const count = { type: 'integer', minimum: 0 } as const;
const versions = { type: 'object', additionalProperties: { type: 'string' } } as const;

const invariant = {
  type: 'object',
  required: ['name', 'worst', 'margin', 'violated'],
  properties: {
    name: { type: 'string', minLength: 1 },
    limit: numberOrNull,
    worst: numberOrNull,
    margin: numberOrNull,
    violated: { type: 'boolean' },
    t: numberOrNull,
    message: { type: 'string' },
  },
} as const;

/** What one episode produced (EpisodeReport without id and error). */
const outcomeProperties = {
  kpis: { type: 'object', additionalProperties: numberOrNull },
  invariants: { type: 'array', items: invariant },
  events: { type: 'object', additionalProperties: count },
  trace_digest: { type: 'string' },
  steps: count,
  sim_time_s: { type: 'number', minimum: 0 },
  observed: {
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
  },
  divergence: { type: 'number', minimum: 0 },
} as const;
const outcomeRequired = ['status', 'kpis', 'invariants', 'events', 'trace_digest', 'steps', 'sim_time_s'];

const LINE_PROVENANCE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['card_sha256', 'config_sha256', 'plan_hash', 'scenario_sha256', 'versions'],
  properties: {
    card_sha256: hex64OrNull,
    config_sha256: hex64OrNull,
    plan_hash: hex64,
    scenario_sha256: hex64,
    versions,
  },
} as const;

const RESULT_LINE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'episode_id',
    'scenario_id',
    'sample',
    'role',
    'model_id',
    'model_sha256',
    'task',
    'seed',
    ...outcomeRequired,
    'provenance',
  ],
  properties: {
    episode_id: { type: 'string', minLength: 1 },
    scenario_id: { type: 'string', minLength: 1 },
    sample: count,
    role: { type: 'string', minLength: 1 },
    model_id: { type: 'string', minLength: 1 },
    model_sha256: hex64OrNull,
    task: { enum: ['pick', 'stream'] },
    seed: { type: 'string', minLength: 1 },
    status: { enum: ['ok', 'violation', 'error', 'timeout'] },
    ...outcomeProperties,
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['message'],
      properties: { message: { type: 'string' }, code: { type: 'string' } },
    },
    provenance: LINE_PROVENANCE_SCHEMA,
  },
} as const;

const MANIFEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'format',
    'plan_hash',
    'suite_seed',
    'batch_size',
    'looks',
    'config_sha256',
    'models',
    'scenarios',
    'episodes_total',
    'shard',
    'shard_episodes',
    'versions',
  ],
  properties: {
    format: { const: 'simgate.sweep/v2' },
    plan_hash: hex64,
    suite_seed: count,
    batch_size: { type: 'integer', minimum: 1 },
    looks: { type: 'integer', minimum: 1 },
    config_sha256: hex64OrNull,
    models: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['role', 'model_id', 'model_sha256', 'card_sha256'],
        properties: {
          role: { type: 'string', minLength: 1 },
          model_id: { type: 'string', minLength: 1 },
          model_sha256: hex64OrNull,
          card_sha256: hex64OrNull,
        },
      },
    },
    scenarios: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'task', 'sha256', 'samples', 'tags', 'requirements'],
        properties: {
          id: { type: 'string', minLength: 1 },
          task: { enum: ['pick', 'stream'] },
          sha256: hex64,
          samples: count,
          tags: { type: 'array', items: { type: 'string' } },
          requirements: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    episodes_total: count,
    shard: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['index', 'total'],
      properties: { index: { type: 'integer', minimum: 1 }, total: { type: 'integer', minimum: 1 } },
    },
    shard_episodes: count,
    versions,
  },
} as const;

const CACHE_ENTRY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['format', 'key', 'material', 'outcome', 'nonfinite', 'outcome_sha256', 'producer'],
  properties: {
    format: { const: 'simgate.cache/v2' },
    key: hex64,
    material: { type: 'object' },
    outcome: {
      type: 'object',
      additionalProperties: false,
      required: outcomeRequired,
      // Errors and timeouts are never cached.
      properties: { status: { enum: ['ok', 'violation'] }, ...outcomeProperties },
    },
    nonfinite: { type: 'object', additionalProperties: { enum: ['NaN', 'Infinity', '-Infinity'] } },
    outcome_sha256: hex64,
    producer: {
      type: 'object',
      additionalProperties: false,
      required: ['plan_hash', 'config_sha256'],
      properties: { plan_hash: hex64, config_sha256: hex64OrNull },
    },
  },
} as const;

/** The shapes' schemas (checked against the meta-schema by test/harness/schemas-meta.test.ts). */
export const SHAPE_SCHEMAS = {
  line: RESULT_LINE_SCHEMA,
  manifest: MANIFEST_SCHEMA,
  cache: CACHE_ENTRY_SCHEMA,
} as const;

// validateSchema: false — these constants are checked once, by the test above, not in every process.
const ajv = new Ajv({
  allErrors: true,
  verbose: true,
  strict: true,
  allowUnionTypes: true,
  validateSchema: false,
});
let compiled: Record<'line' | 'manifest' | 'cache', ValidateFunction> | undefined;
function validators() {
  compiled ??= {
    line: ajv.compile(SHAPE_SCHEMAS.line),
    manifest: ajv.compile(SHAPE_SCHEMAS.manifest),
    cache: ajv.compile(SHAPE_SCHEMAS.cache),
  };
  return compiled;
}

export interface ShapeProblem {
  /** Field path: `kpis.pick_success_rate`, `invariants[2].margin`, '' for the whole value. */
  readonly field: string;
  readonly message: string;
}

function fieldOf(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  // JSON.parse reads 1e999 as Infinity, which JSON.stringify would show as null.
  const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function problemOf(e: ErrorObject): ShapeProblem {
  const field = fieldOf(e.instancePath);
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { field: field ? `${field}.${missing}` : missing, message: 'missing' };
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      return { field: field ? `${field}.${extra}` : extra, message: 'unknown field' };
    }
    case 'type': {
      const types = ([] as string[]).concat((e.params as { type: string | string[] }).type);
      return { field, message: `must be ${types.join(' or ')} (got ${describe(e.data)})` };
    }
    case 'pattern':
      return { field, message: `must be a sha256 (64 lowercase hex digits) (got ${describe(e.data)})` };
    case 'enum':
    case 'const': {
      const allowed =
        e.keyword === 'const'
          ? [(e.params as { allowedValue: unknown }).allowedValue]
          : (e.params as { allowedValues: unknown[] }).allowedValues;
      return {
        field,
        message: `must be ${allowed.map((v) => JSON.stringify(v)).join(' or ')} (got ${describe(e.data)})`,
      };
    }
    default:
      return { field, message: `${e.message ?? 'is invalid'} (got ${describe(e.data)})` };
  }
}

function problems(validate: ValidateFunction, value: unknown): ShapeProblem[] {
  return validate(value) ? [] : (validate.errors ?? []).map(problemOf);
}

export const resultLineProblems = (value: unknown) => problems(validators().line, value);
export const manifestProblems = (value: unknown) => problems(validators().manifest, value);
export const cacheEntryProblems = (value: unknown) => problems(validators().cache, value);

/** `field: message` (or just the message for the whole value). */
export function formatShapeProblem(p: ShapeProblem): string {
  return p.field ? `${p.field}: ${p.message}` : p.message;
}
