// The monitor's stream input: CSV, or telemetry/v1 JSON Lines by extension, each read and
// checked on its own; then checked against the reference (the same sensors, enough rows).
import type { Position, SensorTable, StreamRead } from './csv.js';
import { readSensorCsv } from './csv.js';
import { readSensorJsonl } from './jsonl.js';
import { didYouMean, type MonitorProblem } from './problems.js';
import { quoteExcerpt } from './text.js';

export const isJsonLines = (file: string): boolean => /\.(jsonl|ndjson)$/i.test(file);

export function readSensorStream(file: string, text: string): StreamRead {
  return isJsonLines(file) ? readSensorJsonl(file, text) : readSensorCsv(file, text);
}

/** Names for a message: the first ten, then how many more. */
export function nameList(names: readonly string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown}, … (${names.length - 10} more)` : shown;
}

/** Every reference sensor in the stream and no other; the latest window fits in the stream. */
export function checkStreamFits(
  file: string,
  table: SensorTable,
  sensorAt: ReadonlyMap<string, Position>,
  referenceFile: string,
  referenceSensors: readonly string[],
  window: number | undefined,
): MonitorProblem[] {
  const problems: MonitorProblem[] = [];
  const csv = !isJsonLines(file);
  const missing = referenceSensors.filter((n) => !table.sensors.includes(n));
  const extra = table.sensors.filter((n) => !referenceSensors.includes(n));
  if (missing.length > 0) {
    problems.push({
      file,
      line: csv ? 1 : 0,
      col: csv ? 1 : 0,
      path: csv ? 'header' : '',
      message: `missing ${csv ? 'column(s)' : 'sensor(s)'} ${nameList(missing)} of the reference ${referenceFile}`,
    });
  }
  for (const name of extra) {
    const at = sensorAt.get(name) ?? { line: 0, col: 0 };
    problems.push({
      file,
      ...at,
      path: csv ? 'header' : 'sensor',
      message: `${csv ? 'column' : 'sensor'} ${quoteExcerpt(name)} is not in the reference ${referenceFile}${didYouMean(name, missing.length > 0 ? missing : referenceSensors)}`,
    });
  }
  if (window !== undefined && table.t.length < window) {
    problems.push({
      file,
      line: 0,
      col: 0,
      path: '',
      message: `--window ${window} rows is longer than the stream (${table.t.length} rows)`,
    });
  }
  return problems;
}
