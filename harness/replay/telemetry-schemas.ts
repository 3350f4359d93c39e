// JSON Schemas of the telemetry/v1 record types (DESIGN.md, sim/telemetry.ts), one per MCAP
// channel. They describe what simgate writes and stay open (`additionalProperties`), since a
// field recording may carry more than the simulator does; the required part is what every
// reader relies on: `type` and, for timed records, `t` in seconds.
import { RECORD_TYPES, type RecordType } from '../../sim/telemetry.js';

export type ChannelRecordType = 'meta' | RecordType;
export const CHANNEL_RECORD_TYPES: readonly ChannelRecordType[] = ['meta', ...RECORD_TYPES];

type JsonSchema = Readonly<Record<string, unknown>>;

const seconds = { type: 'number', minimum: 0, description: 'simulated or recorded time (s)' };
const numbers = (n: number, description: string) => ({
  type: 'array',
  items: { type: ['number', 'null'] },
  minItems: n,
  maxItems: n,
  description,
});

const bodies: Record<ChannelRecordType, { description: string; properties: JsonSchema }> = {
  meta: {
    description: 'First line of a trace: format version, task, seed, timestep and parameters',
    properties: {
      schema: { const: 'simgate.telemetry/v1' },
      task: { type: 'string' },
      seed: { type: 'string' },
      dt: { type: 'number', description: 'simulation timestep (s)' },
      params: { type: 'object', description: 'resolved simulator parameters' },
    },
  },
  scene: {
    description: 'Item poses once the tote has settled (tote frame is the world frame)',
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            shape: { enum: ['box', 'cylinder'] },
            half: numbers(3, 'half extents (m)'),
            mass_kg: { type: 'number' },
            fragile: { type: 'boolean' },
            porosity: { type: 'number' },
            pose: numbers(7, 'x, y, z (m), then quaternion x, y, z, w'),
          },
        },
      },
    },
  },
  observation: {
    description: 'What the policy was given for one decision',
    properties: {
      item: { type: 'integer' },
      features: { type: 'object', additionalProperties: { type: ['number', 'null'] } },
      detected: { type: 'integer' },
    },
  },
  action: {
    description: "The policy's answer (ok) or the guard that refused it",
    properties: {
      item: { type: 'integer' },
      ok: { type: 'boolean' },
      action: { type: 'object', additionalProperties: { type: ['number', 'null'] } },
      invariant: { type: 'string' },
    },
  },
  sensor: {
    description: 'Periodic cell readings (gantry pose, speed, vacuum, scanner) or a seal reading',
    properties: {
      gantry: numbers(4, 'x, y, z (m), yaw (rad)'),
      speed_mps: { type: ['number', 'null'] },
      vacuum_kpa: { type: ['number', 'null'] },
      human_distance_m: { type: ['number', 'null'] },
      item: { type: 'integer' },
      seal: { type: ['number', 'null'] },
    },
  },
  event: {
    description: 'Something that happened: pick_success, drop, crush, protective_stop, ...',
    properties: { kind: { type: 'string' } },
  },
};

/** The JSON Schema of one record type's channel. */
export function telemetrySchema(type: ChannelRecordType): JsonSchema {
  const body = bodies[type];
  const timed = type !== 'meta';
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: telemetrySchemaName(type),
    description: body.description,
    type: 'object',
    properties: { type: { const: type }, ...(timed ? { t: seconds } : {}), ...body.properties },
    required: timed ? ['type', 't'] : ['type', 'schema'],
    additionalProperties: true,
  };
}

export function telemetrySchemaName(type: ChannelRecordType): string {
  return `simgate.telemetry.v1.${type}`;
}
