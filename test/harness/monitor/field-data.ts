// Field-data CSV tables for monitor tests, made with the project's own stream generator: three
// temperature sensors in one hall (one truth, independent noise: strongly correlated) and a
// conveyor vibration sensor (independent).
import type { SensorTable } from '../../../harness/monitor/csv.js';
import { resolveParams } from '../../../sim/params.js';
import { rngStream } from '../../../sim/rng.js';
import { applyFaults, generateStream, type StreamFault } from '../../../sim/stream/index.js';
import { STREAM_PARAMS } from '../../../sim/stream/params.js';

export interface FieldOptions {
  readonly seed: string;
  /** Rows from this hour on are returned (the simulation starts at 0, so fields continue a reference). */
  readonly from_h?: number;
  readonly hours: number;
  /** Overrides for the hall temperature (all three temperature sensors see it). */
  readonly hall?: Readonly<Record<string, number | string>>;
  /** Faults on one sensor only, by column name. */
  readonly faults?: Readonly<Record<string, readonly StreamFault[]>>;
}

export const PERIOD_S = 300;

export function fieldTable(options: FieldOptions): SensorTable {
  const from = Math.round(((options.from_h ?? 0) * 3600) / PERIOD_S);
  const end_h = (options.from_h ?? 0) + options.hours;
  const common = { 'stream.period_s': PERIOD_S, 'temperature.weather_sd_c': 0.3 };
  const hall = generateStream(
    resolveParams(STREAM_PARAMS, { 'stream.sensor': 'temperature', ...common, ...options.hall }),
    options.seed,
    end_h,
  );
  const vibration = generateStream(
    resolveParams(STREAM_PARAMS, { 'stream.sensor': 'vibration', 'stream.period_s': PERIOD_S }),
    options.seed,
    end_h,
  );
  const columns: Record<string, number[]> = {};
  for (const name of ['temp_a', 'temp_b', 'temp_c']) {
    const noise = rngStream(options.seed, 'field-noise', name);
    const observed = Float64Array.from(hall.truth, (x) => x + noise.normal(0, 0.1));
    const faulted = applyFaults(
      { ...hall, observed },
      options.faults?.[name] ?? [],
      `${options.seed}:${name}`,
    );
    columns[name] = Array.from(faulted.observed);
  }
  columns.vibration = Array.from(
    applyFaults(vibration, options.faults?.vibration ?? [], `${options.seed}:vibration`).observed,
  );
  for (const name of Object.keys(columns)) columns[name] = columns[name].slice(from);
  return { sensors: Object.keys(columns), t: Array.from(hall.t.subarray(from)), columns };
}
