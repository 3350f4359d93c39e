// Reads the monitor's sensor CSV with csv-parse: header `t,<sensor>,...` (quoted names are
// unquoted), one row per time, `t` strictly increasing. Cells are plain decimal numbers; an empty
// cell or NaN is a missing reading. Every problem is located file:line:col, line the file line
// of the row and col the cell's column number, all at once (up to 50, then counted).
import { parse } from 'csv-parse/sync';
import { type MonitorProblem, ProblemLog } from './problems.js';
import { parseDecimal, refusedText, sensorNameProblem } from './rules.js';
import { quoteExcerpt } from './text.js';

export interface SensorTable {
  readonly sensors: readonly string[];
  readonly t: readonly number[];
  readonly columns: Readonly<Record<string, number[]>>;
}

export interface Position {
  readonly line: number;
  readonly col: number;
}

/** A stream file read and checked on its own (before it is compared with a reference). */
export interface StreamRead {
  /** Present only when the file has no problem. */
  readonly table?: SensorTable;
  readonly problems: readonly MonitorProblem[];
  /** Where each sensor is first named in the file (CSV: its header cell). */
  readonly sensorAt: ReadonlyMap<string, Position>;
}

interface CsvRecord {
  readonly cells: readonly string[];
  readonly line: number;
}

/** Byte offsets of the line breaks (csv-parse reports records by byte offset). */
function lineIndex(bytes: Buffer): (offset: number) => number {
  const newline = bytes.includes(0x0a) ? 0x0a : 0x0d;
  const breaks: number[] = [];
  for (let i = bytes.indexOf(newline); i >= 0; i = bytes.indexOf(newline, i + 1)) breaks.push(i);
  return (offset) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

const SYNTAX: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'the file ends inside a quoted cell (a quote is never closed)',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted cell; quote the whole cell and double inner quotes',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote; a quoted cell must end at a comma or the line end',
};

/** csv-parse records with the file line each starts on; syntax errors go to the log. */
function readRecords(text: string, log: ProblemLog): CsvRecord[] {
  const lineAt = lineIndex(Buffer.from(text));
  let lastSyntaxLine = 0;
  let rows: { record: string[]; info: { bytes: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (!error) return undefined;
        const message = SYNTAX[error.code] ?? `${error.code}: ${quoteExcerpt(error.message)}`;
        const at = typeof error.bytes === 'number' ? lineAt(Math.max(0, error.bytes - 1)) : 1;
        // After a bad closing quote csv-parse may also report the rest of that line as unclosed.
        if (error.code === 'CSV_QUOTE_NOT_CLOSED' && at === lastSyntaxLine) return undefined;
        lastSyntaxLine = at;
        log.add(at, typeof error.column === 'number' ? error.column + 1 : 1, 'csv', message);
        return undefined;
      },
    }) as unknown as typeof rows;
  } catch (error) {
    log.add(1, 1, 'csv', `cannot be read as CSV: ${quoteExcerpt((error as Error).message)}`);
    return [];
  }
  // info.bytes ends after the record's delimiter; a quoted cell may hold line breaks.
  return rows.map(({ record, info }) => ({
    cells: record,
    line:
      lineAt(info.bytes - 1) - record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0),
  }));
}

const trimSpaces = (s: string): string => s.replace(/^[ \t]+|[ \t]+$/g, '');
const isMissing = (s: string): boolean => s === '' || /^nan$/i.test(trimSpaces(s));

/** Header names: `t`, then sensors; returns which sensor columns are usable names. */
function checkHeader(header: readonly string[], line: number, log: ProblemLog): boolean[] {
  if (header[0] !== 't')
    log.add(
      line,
      1,
      'header',
      `first column must be "t" (time in seconds), got ${quoteExcerpt(header[0] ?? '')}`,
    );
  const sensors = header.slice(1);
  if (sensors.length === 0) log.add(line, 1, 'header', 'expected at least one sensor column after "t"');
  return sensors.map((name, k) => {
    const problem =
      name === 't'
        ? '"t" is the time column and cannot name a sensor'
        : sensors.indexOf(name) !== k
          ? `column ${quoteExcerpt(name)} is repeated (first at column ${sensors.indexOf(name) + 2})`
          : sensorNameProblem(name);
    if (problem) log.add(line, k + 2, 'header', problem);
    return problem === undefined;
  });
}

export function readSensorCsv(file: string, text: string): StreamRead {
  const log = new ProblemLog(file);
  const none = { problems: [] as MonitorProblem[], sensorAt: new Map<string, Position>() };
  if (text.replace(/^\ufeff/, '').trim() === '') {
    log.add(0, 0, '', 'empty file: expected a header t,<sensor>,... and data rows');
    return { ...none, problems: log.problems };
  }
  const [head, ...body] = readRecords(text, log);
  if (!head) return { ...none, problems: log.problems };
  const header = head.cells.map(trimSpaces);
  const usable = checkHeader(header, head.line, log);
  const sensors = header.slice(1);
  const sensorAt = new Map(sensors.map((s, k): [string, Position] => [s, { line: head.line, col: k + 2 }]));
  const t: number[] = [];
  const columns: Record<string, number[]> = Object.fromEntries(sensors.map((s) => [s, []]));
  for (const { cells, line } of body) {
    if (cells.length !== header.length) {
      log.add(
        line,
        1,
        'row',
        `expected ${header.length} cells (t and ${sensors.length} sensors), got ${cells.length}`,
      );
      continue;
    }
    const time = parseDecimal(cells[0]);
    if (!time.ok)
      log.add(
        line,
        1,
        't',
        cells[0] === '' ? 'a time is required' : refusedText('a time in seconds', cells[0], time.why),
      );
    else if (t.length > 0 && time.value <= t[t.length - 1])
      log.add(line, 1, 't', `${time.value} does not increase (previous ${t[t.length - 1]})`);
    if (time.ok) t.push(time.value);
    sensors.forEach((name, k) => {
      const cell = cells[k + 1];
      if (isMissing(cell)) {
        columns[name].push(Number.NaN);
        return;
      }
      const reading = parseDecimal(cell);
      if (reading.ok) columns[name].push(reading.value);
      else {
        const blank = reading.why.startsWith('blank')
          ? '; leave the cell empty or write NaN for a missing reading'
          : '';
        log.add(
          line,
          k + 2,
          usable[k] ? name : `column ${k + 2}`,
          `${refusedText('a number', cell, reading.why)}${blank}`,
        );
      }
    });
  }
  if (body.length === 0 && log.count === 0) log.add(0, 0, '', 'no data rows after the header');
  if (log.count > 0) return { problems: log.problems, sensorAt };
  return { table: { sensors, t, columns }, problems: [], sensorAt };
}

/** A header cell, quoted when it holds a comma, a quote or a line break. */
const csvCell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Writes a table as CSV (tests, fixtures, `--make-reference` round trips). */
export function formatSensorCsv(table: SensorTable, digits = 6): string {
  const rows = [['t', ...table.sensors].map(csvCell).join(',')];
  table.t.forEach((t, i) => {
    const cells = table.sensors.map((s) => {
      const v = table.columns[s][i];
      return Number.isFinite(v) ? Number(v.toFixed(digits)).toString() : '';
    });
    rows.push(`${t},${cells.join(',')}`);
  });
  return `${rows.join('\n')}\n`;
}
