// An MCAP file back to telemetry/v1 JSON Lines: the messages of the `/simgate/<type>` channels in
// file order, each one line, so `simgate trace convert x.mcap x.jsonl` undoes the export
// (harness/replay/mcap.ts) byte for byte. The Foxglove scene channels are derived data and are
// skipped. The result is checked by the same reader as any JSON Lines trace.
import { McapStreamReader } from '@mcap/core';
import { readTelemetry, TelemetryError } from '../../sim/telemetry.js';
import { UsageError } from '../common/errors.js';
import { TELEMETRY_TOPIC_PREFIX } from './mcap.js';
import { CHANNEL_RECORD_TYPES } from './telemetry-schemas.js';

const TELEMETRY_TOPICS = new Set(CHANNEL_RECORD_TYPES.map((type) => `${TELEMETRY_TOPIC_PREFIX}${type}`));

/** The JSON Lines text of a simgate MCAP recording; errors name `source`. */
export function mcapToTelemetry(bytes: Uint8Array, source: string): string {
  return mcapTelemetry(bytes, source).text;
}

/**
 * The JSON Lines text of a simgate MCAP recording and, for each of its lines, the message it
 * came from as `channel#sequence`, so a replay names `file: /simgate/scene#3` for a bad record.
 */
export function mcapTelemetry(bytes: Uint8Array, source: string): { text: string; origins: string[] } {
  const reader = new McapStreamReader();
  const topics = new Map<number, string>();
  const lines: string[] = [];
  const origins: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    reader.append(bytes);
    for (let record = reader.nextRecord(); record; record = reader.nextRecord()) {
      if (record.type === 'Channel') {
        topics.set(record.id, record.topic);
        if (TELEMETRY_TOPICS.has(record.topic) && record.messageEncoding !== 'json')
          throw new UsageError(`${source}: channel ${record.topic} must have message encoding json`);
      } else if (record.type === 'Message' && TELEMETRY_TOPICS.has(topics.get(record.channelId) ?? '')) {
        lines.push(decoder.decode(record.data));
        origins.push(`${topics.get(record.channelId)}#${record.sequence}`);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${source}: not a readable MCAP file (${(error as Error).message})`);
  }
  if (!reader.done()) throw new UsageError(`${source}: the MCAP file is truncated (no footer)`);
  if (lines.length === 0)
    throw new UsageError(
      `${source}: no ${TELEMETRY_TOPIC_PREFIX}* messages: not a simgate telemetry/v1 recording`,
    );
  const text = `${lines.join('\n')}\n`;
  try {
    readTelemetry(text, source);
  } catch (error) {
    if (error instanceof TelemetryError) {
      const at = origins[error.line - 1];
      throw new UsageError(`${source}: ${at}: ${error.message.slice(`${source}:${error.line}: `.length)}`);
    }
    throw error;
  }
  return { text, origins };
}
