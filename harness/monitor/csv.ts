// Reads the monitor's sensor CSV: header `t,<sensor>,...`, one row per time, numbers only; an
// empty cell or NaN is a missing reading. Every bad cell is reported as file:line:col with its
// column name, all at once (up to 20).
import { UsageError } from '../common/errors.js';

export interface SensorTable {
  readonly sensors: readonly string[];
  readonly t: readonly number[];
  readonly columns: Readonly<Record<string, number[]>>;
}

const MAX_PROBLEMS = 20;

export function parseSensorCsv(file: string, text: string): SensorTable {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.split(',').map((h) => h.trim()) ?? [];
  const problems: string[] = [];
  if (header[0] !== 't')
    problems.push(`${file}:1:1 header: first column must be "t" (got ${JSON.stringify(header[0] ?? '')})`);
  const sensors = header.slice(1);
  if (sensors.length === 0)
    problems.push(`${file}:1:1 header: expected at least one sensor column after "t"`);
  sensors.forEach((name, k) => {
    if (name === '' || sensors.indexOf(name) !== k) {
      problems.push(
        `${file}:1 header: column ${k + 2} ${name === '' ? 'has no name' : `"${name}" is repeated`}`,
      );
    }
  });
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  const t: number[] = [];
  const columns: Record<string, number[]> = Object.fromEntries(sensors.map((s) => [s, []]));
  for (let li = 1; li < lines.length && problems.length < MAX_PROBLEMS; li++) {
    const line = lines[li];
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const where = `${file}:${li + 1}`;
    if (cells.length !== header.length) {
      problems.push(
        `${where}:1 row: expected ${header.length} cells (${header.join(',')}), got ${cells.length}`,
      );
      continue;
    }
    let col = 1;
    const row: number[] = [];
    cells.forEach((cell, k) => {
      const raw = cell.trim();
      const missing = raw === '' || raw.toLowerCase() === 'nan';
      const value = missing ? Number.NaN : Number(raw);
      if (!missing && !Number.isFinite(value)) {
        problems.push(`${where}:${col} ${header[k]}: expected a number (got ${JSON.stringify(raw)})`);
      } else if (k === 0 && missing) {
        problems.push(`${where}:${col} t: a time is required`);
      }
      row.push(value);
      col += cell.length + 1;
    });
    if (
      row.length === header.length &&
      Number.isFinite(row[0]) &&
      t.length > 0 &&
      row[0] <= t[t.length - 1]
    ) {
      problems.push(`${where}:1 t: ${row[0]} does not increase (previous ${t[t.length - 1]})`);
    }
    t.push(row[0]);
    sensors.forEach((s, k) => {
      columns[s].push(row[k + 1]);
    });
  }
  if (problems.length > 0) {
    const more = problems.length >= MAX_PROBLEMS ? '\n(stopped after 20 problems)' : '';
    throw new UsageError(`${problems.join('\n')}${more}`);
  }
  if (t.length === 0) throw new UsageError(`${file}: no data rows after the header`);
  return { sensors, t, columns };
}

/** Writes a table as CSV (tests, fixtures, `--make-reference` round trips). */
export function formatSensorCsv(table: SensorTable, digits = 6): string {
  const rows = [`t,${table.sensors.join(',')}`];
  table.t.forEach((t, i) => {
    const cells = table.sensors.map((s) => {
      const v = table.columns[s][i];
      return Number.isFinite(v) ? Number(v.toFixed(digits)).toString() : '';
    });
    rows.push(`${t},${cells.join(',')}`);
  });
  return `${rows.join('\n')}\n`;
}
