// Telemetry / incident files (DESIGN.md): JSON Lines, a `meta` line first, then `scene`,
// `observation`, `action`, `sensor` and `event` records, each with a time `t`. Simulated
// traces and field recordings share this format and this reader. Numbers are written with
// fixed rounding so a trace is byte-stable; `trace_digest` is the sha256 of its text.
import { createHash } from 'node:crypto';

/** What simgate writes: v1.1 adds complete scene records, the time base, channels and the incident. */
export const TELEMETRY_SCHEMA = 'simgate.telemetry/v1.1';
/** What simgate reads: every minor version of telemetry/v1. */
export const TELEMETRY_SCHEMAS: readonly string[] = ['simgate.telemetry/v1', TELEMETRY_SCHEMA];
export const RECORD_TYPES = ['scene', 'observation', 'action', 'sensor', 'event'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** Decimal places kept for every number (1 µm, 1 µs): far below sensor noise. */
export const TELEMETRY_DECIMALS = 6;

export interface TelemetryMeta {
  readonly type: 'meta';
  readonly schema: string;
  readonly [field: string]: unknown;
}

export interface TelemetryRecord {
  readonly type: RecordType;
  readonly t: number;
  readonly [field: string]: unknown;
}

const SCALE = 10 ** TELEMETRY_DECIMALS;

/** Fixed rounding; -0 becomes 0 and non-finite numbers become null (JSON has no NaN). */
export function roundNumber(x: number): number | null {
  if (!Number.isFinite(x)) return null;
  const r = Math.round(x * SCALE) / SCALE;
  return r === 0 ? 0 : r;
}

/** Deep copy with every number rounded; typed arrays become plain arrays. */
export function canonical(value: unknown): unknown {
  if (typeof value === 'number') return roundNumber(value);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, roundNumber);
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = canonical(v);
    return out;
  }
  return value;
}

export class TelemetryWriter {
  private readonly lines: string[] = [];
  private meta: Readonly<Record<string, unknown>>;

  constructor(meta: Readonly<Record<string, unknown>>) {
    this.meta = { type: 'meta', schema: TELEMETRY_SCHEMA, ...meta };
    this.lines.push(JSON.stringify(canonical(this.meta)));
  }

  /** Adds fields to the meta line known only later (the incident of an episode). */
  amendMeta(fields: Readonly<Record<string, unknown>>): void {
    this.meta = { ...this.meta, ...fields };
    this.lines[0] = JSON.stringify(canonical(this.meta));
  }

  write(type: RecordType, t: number, body: Readonly<Record<string, unknown>>): void {
    this.lines.push(JSON.stringify(canonical({ type, t, ...body })));
  }

  /** The canonical trace: one record per line, newline-terminated. */
  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  digest(): string {
    return telemetryDigest(this.text());
  }
}

export function telemetryDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class TelemetryError extends Error {
  readonly code = 'SIMGATE_TELEMETRY';
  constructor(
    message: string,
    readonly source: string,
    readonly line: number,
  ) {
    super(`${source}:${line}: ${message}`);
    this.name = 'TelemetryError';
  }
}

export interface Telemetry {
  readonly meta: TelemetryMeta;
  readonly records: readonly TelemetryRecord[];
}

/** Parses a telemetry file; every problem names the source and the 1-based line. */
export function readTelemetry(text: string, source = 'telemetry'): Telemetry {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new TelemetryError('empty file: expected a meta line first', source, 1);
  const parsed = lines.map((line, i) => parseLine(line, source, i + 1));
  const first = parsed[0];
  if (first.type !== 'meta') {
    throw new TelemetryError(
      `first record must have type "meta" (got ${JSON.stringify(first.type)})`,
      source,
      1,
    );
  }
  if (!TELEMETRY_SCHEMAS.includes(first.schema as string)) {
    throw new TelemetryError(
      `meta.schema must be one of ${TELEMETRY_SCHEMAS.map((v) => `"${v}"`).join(', ')} (got ${JSON.stringify(first.schema)})`,
      source,
      1,
    );
  }
  const records: TelemetryRecord[] = [];
  parsed.slice(1).forEach((rec, i) => {
    const line = i + 2;
    if (!RECORD_TYPES.includes(rec.type as RecordType)) {
      throw new TelemetryError(
        `type must be one of ${RECORD_TYPES.join(', ')} (got ${JSON.stringify(rec.type)})`,
        source,
        line,
      );
    }
    if (typeof rec.t !== 'number' || !Number.isFinite(rec.t)) {
      throw new TelemetryError(
        `t must be a finite number of seconds (got ${JSON.stringify(rec.t)})`,
        source,
        line,
      );
    }
    records.push(rec as TelemetryRecord);
  });
  return { meta: first as TelemetryMeta, records };
}

function parseLine(line: string, source: string, lineNo: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new TelemetryError(`invalid JSON: ${(error as Error).message}`, source, lineNo);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new TelemetryError('each line must be a JSON object', source, lineNo);
  }
  return value as Record<string, unknown>;
}
