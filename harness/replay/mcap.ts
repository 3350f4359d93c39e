// Telemetry/v1 as MCAP (DESIGN.md "Incident recordings"; layout in docs/incidents.md): one
// channel per record type carrying each JSON Lines record unchanged (JSON message encoding, a
// JSON Schema per channel), and for pick traces Foxglove's `foxglove.SceneUpdate` and
// `foxglove.FrameTransforms` (schemas from @foxglove/schemas). Log times are the records'
// simulated (or recorded) time in nanoseconds; nothing in the file depends on the wall clock
// or the machine, so the same trace always gives the same bytes.
import { FrameTransforms, SceneUpdate } from '@foxglove/schemas/jsonschema.js';
import { McapWriter, TempBuffer } from '@mcap/core';
import { readTelemetry, TelemetryError } from '../../sim/telemetry.js';
import { type DerivedMessage, PickScene } from './pick-scene.js';
import {
  CHANNEL_RECORD_TYPES,
  type ChannelRecordType,
  telemetrySchema,
  telemetrySchemaName,
} from './telemetry-schemas.js';

/** Fixed, so the bytes do not change with the simgate version. */
export const MCAP_LIBRARY = 'simgate telemetry/v1';
export const MCAP_PROFILE = '';

export const TELEMETRY_TOPIC_PREFIX = '/simgate/';
export const SCENE_UPDATE_TOPIC = '/foxglove/scene';
export const TRANSFORMS_TOPIC = '/tf';

export interface McapExport {
  readonly bytes: Uint8Array;
  /** Messages per topic, in channel order. */
  readonly counts: ReadonlyMap<string, number>;
}

interface ChannelSlot {
  readonly id: number;
  readonly topic: string;
  sequence: number;
}

const encoder = new TextEncoder();

/** Seconds (rounded to the trace's 1 µs) as MCAP nanoseconds; negative times are refused. */
export function logTimeNs(t: number, source: string, line: number): bigint {
  if (!Number.isFinite(t) || t < 0)
    throw new TelemetryError(
      `t must be a non-negative number of seconds (got ${JSON.stringify(t)})`,
      source,
      line,
    );
  return BigInt(Math.round(t * 1e6)) * 1000n;
}

/** Converts a telemetry/v1 JSON Lines text to MCAP bytes; errors name `source:line field`. */
export async function telemetryToMcap(text: string, source: string): Promise<McapExport> {
  const { meta, records } = readTelemetry(text, source);
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const times = records.map((rec, i) => logTimeNs(rec.t, source, i + 2));
  const buffer = new TempBuffer();
  const writer = new McapWriter({ writable: buffer });
  await writer.start({ profile: MCAP_PROFILE, library: MCAP_LIBRARY });

  const telemetry = new Map<ChannelRecordType, ChannelSlot>();
  for (const type of CHANNEL_RECORD_TYPES) {
    const topic = `${TELEMETRY_TOPIC_PREFIX}${type}`;
    telemetry.set(type, await channel(writer, topic, telemetrySchemaName(type), telemetrySchema(type)));
  }
  const scene = meta.task === 'pick' ? new PickScene(meta, source) : undefined;
  const derived = scene
    ? {
        scene_update: await channel(writer, SCENE_UPDATE_TOPIC, SceneUpdate.title, SceneUpdate),
        transforms: await channel(writer, TRANSFORMS_TOPIC, FrameTransforms.title, FrameTransforms),
      }
    : undefined;

  // The meta line has no time of its own: it opens the recording at t = 0.
  await message(writer, telemetry.get('meta')!, 0n, lines[0]);
  const writeDerived = async (messages: DerivedMessage[], ns: bigint) => {
    for (const m of messages) await message(writer, derived![m.channel], ns, JSON.stringify(m.data));
  };
  if (scene) await writeDerived(scene.start(0n), 0n);
  for (const [i, record] of records.entries()) {
    await message(writer, telemetry.get(record.type)!, times[i], lines[i + 1]);
    if (scene) await writeDerived(scene.onRecord(record, i + 2, times[i]), times[i]);
  }
  await writer.end();

  const counts = new Map<string, number>();
  for (const slot of [...telemetry.values(), ...(derived ? Object.values(derived) : [])])
    counts.set(slot.topic, slot.sequence);
  return { bytes: buffer.get(), counts };
}

async function channel(
  writer: McapWriter,
  topic: string,
  schemaName: string,
  schema: unknown,
): Promise<ChannelSlot> {
  const schemaId = await writer.registerSchema({
    name: schemaName,
    encoding: 'jsonschema',
    data: encoder.encode(JSON.stringify(schema)),
  });
  const id = await writer.registerChannel({
    schemaId,
    topic,
    messageEncoding: 'json',
    metadata: new Map(),
  });
  return { id, topic, sequence: 0 };
}

async function message(writer: McapWriter, slot: ChannelSlot, ns: bigint, json: string): Promise<void> {
  await writer.addMessage({
    channelId: slot.id,
    sequence: slot.sequence++,
    logTime: ns,
    publishTime: ns,
    data: encoder.encode(json),
  });
}
