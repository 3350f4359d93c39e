// The published JSON Schema of scenario files (schemas/scenario.schema.json), generated from
// the format description (scenarios/format.ts) and the task registries, so editors complete
// field names, parameter names, invariant and KPI names, fault kinds and their keys.
import type { ParamSpec } from '../sim/params.js';
import { DISTRIBUTION_SHAPE, KPI_CRITERION_SHAPE, SCENARIO_SHAPE, type Shape } from './format.js';
import { TASKS, taskRegistry } from './registry.js';

type JsonSchema = { [key: string]: unknown };

export const SCENARIO_SCHEMA_ID = 'https://simgate.dev/schemas/scenario.schema.json';

export function shapeToJsonSchema(shape: Shape): JsonSchema {
  const description = shape.description;
  switch (shape.kind) {
    case 'boolean':
      return { type: 'boolean', description };
    case 'string':
      return {
        type: 'string',
        description,
        ...(shape.enum && { enum: [...shape.enum] }),
        ...(shape.pattern && { pattern: shape.pattern }),
      };
    case 'number':
      return {
        type: shape.integer ? 'integer' : 'number',
        description,
        ...(shape.min !== undefined && { minimum: shape.min }),
        ...(shape.max !== undefined && { maximum: shape.max }),
        ...(shape.above !== undefined && { exclusiveMinimum: shape.above }),
      };
    case 'scalar':
      return { type: ['number', 'string'], description };
    case 'list':
      return {
        type: 'array',
        description,
        items: shapeToJsonSchema(shape.items),
        ...(shape.minItems !== undefined && { minItems: shape.minItems }),
      };
    case 'record':
      return {
        type: 'object',
        description,
        properties: mapValues(shape.fields, shapeToJsonSchema),
        ...(shape.required && shape.required.length > 0 && { required: [...shape.required] }),
        ...(shape.anyOf && { anyOf: shape.anyOf.map((name) => ({ required: [name] })) }),
        ...(!shape.open && { additionalProperties: false }),
      };
    case 'map':
      return { type: 'object', description, additionalProperties: shapeToJsonSchema(shape.values) };
    case 'variant':
      return {
        type: 'object',
        description,
        properties: mapValues(shape.variants, shapeToJsonSchema),
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
      };
    case 'union':
      return { description, anyOf: shape.options.map(shapeToJsonSchema) };
  }
}

function mapValues<T>(
  record: Readonly<Record<string, T>>,
  f: (v: T) => JsonSchema,
): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

function paramValueSchema(spec: ParamSpec): JsonSchema {
  if (spec.kind === 'choice') {
    return {
      description: `${spec.description}. One of ${spec.values.join(', ')}; default ${spec.default}.`,
      anyOf: [{ enum: [...spec.values] }, { $ref: '#/definitions/distribution' }],
    };
  }
  const unit = spec.unit ? ` ${spec.unit}` : '';
  return {
    description: `${spec.description}. Range [${spec.min}, ${spec.max}]${unit}; default ${spec.default}.`,
    anyOf: [
      { type: spec.integer ? 'integer' : 'number', minimum: spec.min, maximum: spec.max },
      { $ref: '#/definitions/distribution' },
    ],
  };
}

/** A JSON Schema conditional (`then` is the schema keyword, not a thenable). */
function ifThen(condition: JsonSchema, consequence: JsonSchema): JsonSchema {
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema keyword
  return { if: condition, then: consequence };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

export function scenarioJsonSchema(): JsonSchema {
  const base = shapeToJsonSchema(SCENARIO_SHAPE) as JsonSchema & { properties: Record<string, JsonSchema> };
  const regs = TASKS.map(taskRegistry);
  const params: Record<string, JsonSchema> = {};
  for (const reg of regs) for (const spec of reg.params) params[spec.name] ??= paramValueSchema(spec);
  const invariantNames = unique(regs.flatMap((r) => r.invariants.map((i) => i.name)));
  const kpiNames = unique(regs.flatMap((r) => r.kpis.map((k) => k.name)));
  const props = base.properties;
  props.params = {
    type: 'object',
    description: props.params.description,
    properties: params,
    additionalProperties: false,
  };
  props.invariants = {
    type: 'array',
    description: props.invariants.description,
    items: {
      anyOf: [
        { type: 'string', enum: invariantNames },
        {
          type: 'object',
          properties: { name: { type: 'string', enum: invariantNames }, limit: { type: 'number' } },
          required: ['name'],
          additionalProperties: false,
        },
      ],
    },
  };
  props.kpi_criteria = {
    type: 'object',
    description: props.kpi_criteria.description,
    propertyNames: { enum: kpiNames },
    additionalProperties: shapeToJsonSchema(KPI_CRITERION_SHAPE),
  };
  props.faults = { type: 'array', description: props.faults.description, items: faultSchema() };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCENARIO_SCHEMA_ID,
    title: 'simgate scenario',
    ...base,
    allOf: regs.map((reg) =>
      ifThen(
        { properties: { task: { const: reg.task } }, required: ['task'] },
        {
          properties: {
            params: { propertyNames: { enum: reg.params.map((p) => p.name) } },
            ...(reg.task === 'pick' ? { horizon_h: false, faults: false } : { duration_s: false }),
          },
          ...(reg.task === 'stream' && { required: ['horizon_h'] }),
        },
      ),
    ),
    definitions: { distribution: shapeToJsonSchema(DISTRIBUTION_SHAPE) },
  };
}

function faultSchema(): JsonSchema {
  const stream = taskRegistry('stream');
  const timing = ['start_h', 'end_h', 'rate_per_h', 'duration_h'];
  const keyProps: Record<string, JsonSchema> = {};
  for (const def of stream.faults) {
    for (const key of def.keys) keyProps[key.name] ??= { description: key.description };
  }
  return {
    type: 'object',
    description: 'A scheduled stream fault; the other keys depend on the kind',
    properties: {
      kind: { type: 'string', enum: stream.faults.map((f) => f.kind), description: 'Fault kind' },
      start_h: { type: 'number', minimum: 0, description: 'Onset in simulated hours (default 0)' },
      end_h: { type: 'number', minimum: 0, description: 'End in simulated hours (default: the horizon)' },
      rate_per_h: { type: 'number', minimum: 0, description: 'Random occurrences per hour (0 = scheduled)' },
      duration_h: { type: 'number', minimum: 0, description: 'Length of each random occurrence' },
      ...keyProps,
    },
    required: ['kind'],
    allOf: stream.faults.map((def) =>
      ifThen(
        { properties: { kind: { const: def.kind } }, required: ['kind'] },
        { propertyNames: { enum: ['kind', ...timing, ...def.keys.map((k) => k.name)] } },
      ),
    ),
  };
}

/** The schema as committed: stable key order, two-space indent, trailing newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
