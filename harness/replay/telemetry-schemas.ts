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
    description:
      'First line of a trace: format version, task, time base, parameters, cell geometry, the model, invariant limits and the incident',
    properties: {
      schema: { enum: ['simgate.telemetry/v1', 'simgate.telemetry/v1.1'] },
      task: { type: 'string' },
      seed: { type: 'string', description: 'the simulator seed (a field recording has none)' },
      dt: { type: 'number', description: 'timestep (s), rounded; exact: 1 / time_base.steps_per_s' },
      time_base: {
        type: 'object',
        description: 't is in seconds from this epoch',
        properties: {
          epoch: { type: 'string' },
          unit: { const: 's' },
          steps_per_s: { type: 'integer' },
        },
      },
      params: { type: 'object', description: 'resolved simulator parameters' },
      cell: { type: 'object', description: 'the cell geometry (metres, world frame)' },
      policy: { type: 'string', description: "the model that ran: 'reference' or 'onnx:<sha256>'" },
      versions: { type: 'object', description: 'simgate and physics engine versions' },
      invariants: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string' }, limit: { type: ['number', 'null'] } },
        },
      },
      incident: {
        type: 'object',
        description: 'the first incident: its kind, outcome time t, item and cause time',
        properties: {
          kind: { enum: ['hazardous_drop', 'crush', 'protective_stop', 'drop'] },
          t: seconds,
          item: { type: 'integer' },
          cause_t: seconds,
        },
        required: ['kind', 't'],
      },
      requested_order: { type: 'array', items: { type: 'integer' } },
      replay_of: { type: 'object', description: 'a replay: the sha256 of the recording it replays' },
    },
  },
  scene: {
    description:
      'Every item, complete (what a closed-loop replay needs), at the start, once settled and after every change',
    properties: {
      reason: { type: 'string', description: 'start, settled, attach, rest or manual_handling' },
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            shape: { enum: ['box', 'cylinder'] },
            half: numbers(3, 'half extents (m)'),
            mass_kg: { type: 'number', description: 'true mass' },
            catalog_mass_kg: { type: 'number', description: 'the master-data mass the model is told' },
            friction: { type: 'number' },
            restitution: { type: 'number' },
            fragile: { type: 'boolean' },
            crush_limit_n: { type: 'number' },
            porosity: { type: 'number' },
            pose: numbers(7, 'x, y, z (m), then quaternion x, y, z, w'),
            velocity: numbers(6, 'vx, vy, vz (m/s), then wx, wy, wz (rad/s)'),
            state: { enum: ['source', 'held', 'falling', 'destination', 'lost', 'manual'] },
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
      action: {
        type: 'object',
        description: 'as the model requested it',
        additionalProperties: { type: ['number', 'null'] },
      },
      applied: {
        type: 'object',
        description: "as the cell carries it out (clamped to the gantry's limits)",
        additionalProperties: { type: ['number', 'null'] },
      },
      invariant: { type: 'string' },
    },
  },
  sensor: {
    description: 'Periodic cell readings (gantry pose, speed, vacuum, scanner) or a seal reading',
    properties: {
      channel: {
        enum: ['periodic', 'seal'],
        description: 'periodic readings, or the seal reading of a grasp',
      },
      gantry: numbers(4, 'x, y, z (m), yaw (rad)'),
      people: {
        type: 'array',
        description: 'everyone on the walkway: id (one per person, kept while they cross) and position (m)',
        items: {
          type: 'object',
          properties: { id: { type: 'integer' }, x: { type: 'number' }, y: { type: 'number' } },
          required: ['id', 'x', 'y'],
        },
      },
      moving: {
        type: 'array',
        description: 'items on the move (held or falling) and their poses',
        items: {
          type: 'object',
          properties: { id: { type: 'integer' }, pose: numbers(7, 'x, y, z, qx, qy, qz, qw') },
        },
      },
      speed_mps: { type: ['number', 'null'] },
      vacuum_kpa: { type: ['number', 'null'] },
      human_distance_m: { type: ['number', 'null'] },
      item: { type: 'integer' },
      seal: { type: ['number', 'null'] },
      offset: numbers(2, 'seal: cup centre from the face centre, in the face axes (m)'),
      tilt_rad: { type: ['number', 'null'], description: 'seal: face tilt under the cup (rad)' },
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

/**
 * One JSON Schema for every line of a telemetry JSON Lines file (`simgate schema telemetry`,
 * schemas/telemetry.schema.json): a line is one of the record types, told apart by `type`.
 */
export function telemetryJsonSchemaText(): string {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://simgate.dev/schemas/telemetry.schema.json',
    title: 'simgate telemetry/v1.1: one line of a JSON Lines recording',
    description: 'docs/incidents.md. The first line is meta; every other line is one timed record.',
    oneOf: CHANNEL_RECORD_TYPES.map((type) => ({ $ref: `#/$defs/${type}` })),
    $defs: Object.fromEntries(
      CHANNEL_RECORD_TYPES.map((type) => {
        const { $schema: _s, ...body } = telemetrySchema(type);
        return [type, body];
      }),
    ),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
