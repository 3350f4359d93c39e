// Reads a field recording in telemetry/v1 JSON Lines (DESIGN.md) as a monitor stream: a `meta`
// line first, then records; each `sensor` record {t, sensor, value} is one reading (value null:
// missing), the other record types are skipped. Readings of different sensors are aligned on
// equal t. Every problem is located file:line:col with its field, all at once.
import { RECORD_TYPES, TELEMETRY_SCHEMAS } from '../../sim/telemetry.js';
import type { Position, SensorTable, StreamRead } from './csv.js';
import { FieldLocator, parseJsonLocated } from './locate.js';
import { didYouMean, MAX_PROBLEMS_PER_FILE, type MonitorProblem, ProblemLog } from './problems.js';
import { sensorNameProblem } from './rules.js';
import { showValue } from './text.js';

type Row = Readonly<Record<string, unknown>>;

/** One line's problems, located through that line's own syntax tree (or at col 1: `locate` false). */
function lineProblems(
  file: string,
  text: string,
  lineNo: number,
  row: unknown,
  first: boolean,
  locate: boolean,
) {
  const found: [path: string[], message: string][] = [];
  const rec = row as Row;
  if (!row || typeof row !== 'object' || Array.isArray(row))
    found.push([[], `expected a JSON object (got ${showValue(row)})`]);
  else if (first) {
    if (rec.type !== 'meta')
      found.push([['type'], `the first line must be the "meta" record (got ${showValue(rec.type)})`]);
    else if (!TELEMETRY_SCHEMAS.includes(rec.schema as string))
      found.push([
        ['schema'],
        `expected one of ${TELEMETRY_SCHEMAS.map((v) => `"${v}"`).join(', ')} (got ${showValue(rec.schema)})`,
      ]);
  } else if (typeof rec.type !== 'string' || !(RECORD_TYPES as readonly string[]).includes(rec.type)) {
    const hint = typeof rec.type === 'string' ? didYouMean(rec.type, RECORD_TYPES) : '';
    found.push([['type'], `expected one of ${RECORD_TYPES.join(', ')} (got ${showValue(rec.type)})${hint}`]);
  } else {
    if (typeof rec.t !== 'number' || !Number.isFinite(rec.t))
      found.push([['t'], `expected a finite time in seconds (got ${showValue(rec.t)})`]);
    if (rec.type === 'sensor') {
      const name = rec.sensor;
      const problem =
        typeof name !== 'string'
          ? `expected a sensor name (got ${showValue(name)})`
          : sensorNameProblem(name);
      if (problem) found.push([['sensor'], problem]);
      const v = rec.value;
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v)))
        found.push([
          ['value'],
          `expected a finite number, or null for a missing reading (got ${showValue(v)})`,
        ]);
    }
  }
  if (found.length === 0) return [];
  if (!locate) return found.map(([, message]) => ({ file, line: lineNo, col: 1, path: '', message }));
  const locator = new FieldLocator(file, text, lineNo - 1);
  return found.map(([path, message]) => locator.problem(path, message));
}

function parseJsonCounted(file: string, line: string, lineNo: number): ReturnType<typeof parseJsonLocated> {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch {
    return { ok: false, problem: { file, line: lineNo, col: 1, path: '', message: 'not valid JSON' } };
  }
}

interface Reading {
  readonly t: number;
  readonly value: number;
}

export function readSensorJsonl(file: string, text: string): StreamRead {
  const log = new ProblemLog(file);
  const add = (p: MonitorProblem) => log.add(p.line, p.col, p.path, p.message);
  const readings = new Map<string, Reading[]>();
  const sensorAt = new Map<string, Position>();
  let first = true;
  const lines = text.replace(/^\ufeff/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line === '') return;
    // Past the problems shown, the rest are only counted: no syntax tree to locate them.
    const locate = log.count < MAX_PROBLEMS_PER_FILE;
    const parsed = locate ? parseJsonLocated(file, line, i) : parseJsonCounted(file, line, i + 1);
    if (!parsed.ok) {
      add(parsed.problem);
      first = false;
      return;
    }
    const own = lineProblems(file, line, i + 1, parsed.value, first, locate);
    own.forEach(add);
    const rec = parsed.value as Row;
    if (first || own.length > 0 || rec.type !== 'sensor') {
      first = false;
      return;
    }
    const name = rec.sensor as string;
    const list = readings.get(name) ?? [];
    const t = rec.t as number;
    const previous = list[list.length - 1];
    if (previous && t <= previous.t) {
      const message = `${t} does not increase for sensor ${showValue(name)} (previous ${previous.t})`;
      add(
        locate
          ? new FieldLocator(file, line, i).problem(['t'], message)
          : { file, line: i + 1, col: 1, path: 't', message },
      );
    }
    if (!sensorAt.has(name)) sensorAt.set(name, new FieldLocator(file, line, i).problem(['sensor'], ''));
    list.push({ t, value: rec.value === null ? Number.NaN : (rec.value as number) });
    readings.set(name, list);
  });
  if (first) log.add(0, 0, '', 'empty file: expected a "meta" line and sensor records');
  else if (log.count === 0 && readings.size === 0) log.add(0, 0, '', 'no "sensor" records');
  if (log.count > 0) return { problems: log.problems, sensorAt };
  return { table: alignOnTime(readings), problems: [], sensorAt };
}

/** One row per distinct time; a sensor without a reading at that time has NaN (missing). */
function alignOnTime(readings: ReadonlyMap<string, readonly Reading[]>): SensorTable {
  const t = [...new Set([...readings.values()].flatMap((list) => list.map((r) => r.t)))].sort(
    (a, b) => a - b,
  );
  const row = new Map(t.map((x, i) => [x, i]));
  const columns: Record<string, number[]> = {};
  for (const [name, list] of readings) {
    const column = new Array<number>(t.length).fill(Number.NaN);
    for (const r of list) column[row.get(r.t)!] = r.value;
    columns[name] = column;
  }
  return { sensors: [...readings.keys()], t, columns };
}
