// The corpus of bad and hostile `simgate monitor` inputs, grouped by class. Each case is a set
// of real files over a valid base (a reference built from a healthy week and two clean days
// after it) and the monitor's command-line arguments; `expect` is a located line the error
// must hold. Used by the validation unit test (every case) and the CLI test (the `cli` ones).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSensorCsv, type SensorTable } from '../../../harness/monitor/csv.js';
import { buildReference } from '../../../harness/monitor/reference.js';
import { jsonText } from '../../../harness/monitor/text.js';
import { repoRoot } from '../../helpers/cli.js';
import { fieldTable } from './field-data.js';

export const CLASSES = [
  'reference structure',
  'numbers',
  'ranges',
  'names',
  'CSV syntax',
  'short streams and missing sensors',
  'hostile strings',
  'flags',
] as const;
export type CaseClass = (typeof CLASSES)[number];

export interface HostileCase {
  readonly class: CaseClass;
  readonly name: string;
  /** Files of this case, written beside the base files (ref.json, clean.csv, clean.jsonl, healthy.csv). */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  /** Arguments after `monitor`; the base arguments when absent. */
  readonly args?: readonly string[];
  /** Arguments added to the base arguments. */
  readonly extra?: readonly string[];
  /** A line the error must hold (file and, where the format has lines, line:col). */
  readonly expect: RegExp;
  /** Text found in the file at the reported line:col of the first located problem (JSON inputs). */
  readonly at?: string;
  /** Also run through the real CLI. */
  readonly cli?: boolean;
  /** Only the CLI can show it (commander parses the argument list). */
  readonly cliOnly?: boolean;
}

/** A raw control character other than the line breaks between problems, or a bidi control. */
export const RAW_CONTROL = /(?!\n)\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u;

export const BASE_ARGS = [
  '--reference',
  'ref.json',
  '--stream',
  'clean.csv',
  '--window',
  '288',
  '--out',
  'out',
];

const week = fieldTable({ seed: 'site', hours: 168 });
const days = fieldTable({ seed: 'site', from_h: 168, hours: 48 });
const healthyCsv = formatSensorCsv(week);
const referenceValue = buildReference('healthy.csv', healthyCsv, week.columns);
const referenceText = jsonText(referenceValue);
const cleanCsv = formatSensorCsv(days);

function telemetry(table: SensorTable, rows = table.t.length): string {
  const lines = [JSON.stringify({ type: 'meta', schema: 'simgate.telemetry/v1' })];
  for (let i = 0; i < rows; i++) {
    for (const s of table.sensors) {
      const v = table.columns[s][i];
      // Rounded as the CSV writer rounds, so both formats carry the same readings.
      const value = Number.isFinite(v) ? Number(v.toFixed(6)) : null;
      lines.push(JSON.stringify({ type: 'sensor', t: table.t[i], sensor: s, value }));
    }
  }
  return `${lines.join('\n')}\n`;
}

export const BASE_FILES: Readonly<Record<string, string>> = {
  'ref.json': referenceText,
  'clean.csv': cleanCsv,
  'clean.jsonl': telemetry(days, 300),
  'healthy.csv': healthyCsv,
};

type Json = Record<string, unknown> & { sensors: Record<string, unknown>[]; correlation: number[][] };
/** The base reference with a change. */
const ref = (change: (r: Json) => void): string => {
  const r = JSON.parse(referenceText) as Json;
  change(r);
  return jsonText(r);
};
/** The base reference text with the first match of `from` replaced. */
const refText = (from: string | RegExp, to: string): string => referenceText.replace(from, to);
const firstEdge = String(referenceValue.sensors[0].edges[0]);
const HEADER = 't,temp_a,temp_b,temp_c,vibration';
/** A small stream whose rows are given; the header is the base one unless rows[0] starts with `t`. */
const csv = (...rows: string[]): string =>
  `${rows[0]?.startsWith('t') ? '' : `${HEADER}\n`}${rows.join('\n')}\n`;
const stream = (file: string, content: string | Buffer) => ({
  files: { [file]: content },
  args: ['--reference', 'ref.json', '--stream', file, '--window', '288', '--out', 'out'],
});
const withRef = (content: string) => ({
  files: { 'bad-ref.json': content },
  args: ['--reference', 'bad-ref.json', '--stream', 'clean.csv', '--window', '288', '--out', 'out'],
});
const onlyFlags = (...extra: string[]) => ({ extra });
const ESC = '\u001b';
const HUGE = 'A'.repeat(8 * 1024 * 1024);
const modelsDir = join(repoRoot, 'models');

export const CASES: readonly HostileCase[] = [
  // reference structure
  {
    class: 'reference structure',
    name: 'truncated JSON',
    ...withRef(referenceText.slice(0, 5000)),
    expect: /bad-ref\.json:\d+:\d+ not valid JSON/,
    cli: true,
  },
  {
    class: 'reference structure',
    name: 'a list, not an object',
    ...withRef('[1, 2]\n'),
    expect: /bad-ref\.json:1:1 expected an object \(got a list of 2\)/,
  },
  {
    class: 'reference structure',
    name: 'another schema',
    ...withRef(refText('monitor-reference/v1', 'monitor-reference/v0')),
    expect:
      /bad-ref\.json:2:13 schema: expected "simgate\.monitor-reference\/v1" \(got "simgate\.monitor-reference\/v0"\)/,
  },
  {
    class: 'reference structure',
    name: 'no sensors',
    ...withRef(
      ref((r) => {
        r.sensors = [];
        r.correlation = [];
      }),
    ),
    expect: /bad-ref\.json:\d+:\d+ sensors: expected a non-empty list of sensors \(got a list of 0\)/,
  },
  {
    class: 'reference structure',
    name: 'a sensor without edges',
    ...withRef(
      ref((r) => {
        delete r.sensors[1].edges;
      }),
    ),
    expect: /bad-ref\.json:\d+:\d+ sensors\[1\]: required key "edges" is missing/,
  },
  {
    class: 'reference structure',
    name: 'misspelt key',
    ...withRef(
      ref((r) => {
        r.sensors[2].probabilites = r.sensors[2].probabilities;
        delete r.sensors[2].probabilities;
      }),
    ),
    expect:
      /bad-ref\.json:\d+:\d+ sensors\[2\]\.probabilites: unknown key "probabilites" \(did you mean "probabilities"\?\)/,
    at: '"probabilites"',
    cli: true,
  },
  {
    class: 'reference structure',
    name: 'a key twice',
    ...withRef(refText('"schema"', '"schema": "simgate.monitor-reference/v1",\n  "schema"')),
    expect: /bad-ref\.json:3:3 a key is repeated in one object/,
  },
  {
    class: 'reference structure',
    name: 'correlation row short',
    ...withRef(
      ref((r) => {
        r.correlation[1] = r.correlation[1].slice(1);
      }),
    ),
    expect: /bad-ref\.json:\d+:\d+ correlation\[1\]: expected 4 numbers, got 3/,
  },

  // numbers
  {
    class: 'numbers',
    name: 'reference edge 1e400',
    ...withRef(refText(`${firstEdge},`, '1e400,')),
    expect:
      /bad-ref\.json:\d+:\d+ sensors\[0\]\.edges\[0\]: expected a finite number \(got Infinity: out of range\)/,
    at: '1e400',
    cli: true,
  },
  {
    class: 'numbers',
    name: 'reference NaN literal',
    ...withRef(refText(/"mean": [^,]+,/, '"mean": NaN,')),
    expect: /bad-ref\.json:\d+:\d+ not valid JSON: unexpected character "N"/,
    at: 'NaN',
  },
  {
    class: 'numbers',
    name: 'reference mean as text',
    ...withRef(
      ref((r) => {
        r.sensors[0].mean = '18.2';
      }),
    ),
    expect: /sensors\[0\]\.mean: expected a number \(got "18\.2"\)/,
    at: '"18.2"',
  },
  {
    class: 'numbers',
    name: 'reference sample holds "0x12"',
    ...withRef(
      ref((r) => {
        (r.sensors[3].sample as unknown[])[5] = '0x12';
      }),
    ),
    expect: /bad-ref\.json:\d+:\d+ sensors\[3\]\.sample\[5\]: expected a number \(got "0x12"\)/,
    at: '"0x12"',
  },
  {
    class: 'numbers',
    name: 'hexadecimal reading',
    ...stream('hex.csv', csv('0,18,18,18,1', '300,0x12,18,18,1')),
    expect: /hex\.csv:3:2 temp_a: expected a number \(got "0x12": hexadecimal is not accepted\)/,
    cli: true,
  },
  {
    class: 'numbers',
    name: 'Infinity reading',
    ...stream('inf.csv', csv('0,18,18,Infinity,1')),
    expect: /inf\.csv:2:4 temp_c: expected a number \(got "Infinity": Infinity is not a reading\)/,
  },
  {
    class: 'numbers',
    name: 'blank reading (Number gives 0)',
    ...stream('blank.csv', csv('0,18,   ,18,1')),
    expect:
      /blank\.csv:2:3 temp_b: expected a number \(got " {3}": blank \(whitespace only\)\); leave the cell empty/,
  },
  {
    class: 'numbers',
    name: 'binary and octal readings',
    ...stream('radix.csv', csv('0,0b101,18,18,0o17')),
    expect:
      /radix\.csv:2:2 temp_a: expected a number \(got "0b101": binary is not accepted\)\nradix\.csv:2:5 vibration: expected a number \(got "0o17": octal is not accepted\)/,
  },
  {
    class: 'numbers',
    name: 'overflowing reading',
    ...stream('big.csv', csv('0,18,18,18,1e400')),
    expect: /big\.csv:2:5 vibration: expected a number \(got "1e400": out of range/,
  },
  {
    class: 'numbers',
    name: 'missing time',
    ...stream('no-t.csv', csv('0,18,18,18,1', ',18,18,18,1')),
    expect: /no-t\.csv:3:1 t: a time is required/,
  },
  {
    class: 'numbers',
    name: '.nan reading',
    ...stream('dotnan.csv', csv('0,.nan,18,18,1')),
    expect: /dotnan\.csv:2:2 temp_a: expected a number \(got "\.nan": not a plain decimal number\)/,
  },

  // ranges
  {
    class: 'ranges',
    name: 'empty sample',
    ...withRef(
      ref((r) => {
        r.sensors[0].sample = [];
      }),
    ),
    expect: /bad-ref\.json:\d+:\d+ sensors\[0\]\.sample: expected 20 to 2000 numbers, got 0/,
    cli: true,
  },
  {
    class: 'ranges',
    name: 'negative bin probability',
    ...withRef(
      ref((r) => {
        const p = r.sensors[1].probabilities as number[];
        p[1] += p[0] + 0.05;
        p[0] = -0.05;
      }),
    ),
    expect: /sensors\[1\]\.probabilities\[0\]: must be at least 0 and at most 1 \(got -0\.05\)/,
  },
  {
    class: 'ranges',
    name: 'probabilities sum to 0.9',
    ...withRef(
      ref((r) => {
        r.sensors[1].probabilities = (r.sensors[1].probabilities as number[]).map((p) => p * 0.9);
      }),
    ),
    expect: /sensors\[1\]\.probabilities: bin probabilities sum to 0\.9\d*, not 1/,
  },
  {
    class: 'ranges',
    name: 'correlation of 5',
    ...withRef(
      ref((r) => {
        r.correlation[0][1] = 5;
        r.correlation[1][0] = 5;
      }),
    ),
    expect: /bad-ref\.json:\d+:\d+ correlation\[0\]\[1\]: must be at most 1 and at least -1 \(got 5\)/,
    at: '5',
  },
  {
    class: 'ranges',
    name: 'unsorted edges',
    ...withRef(
      ref((r) => {
        const e = r.sensors[2].edges as number[];
        [e[3], e[4]] = [e[4], e[3]];
      }),
    ),
    expect: /sensors\[2\]\.edges\[4\]: .* must be strictly increasing/,
  },
  {
    class: 'ranges',
    name: 'negative sd',
    ...withRef(
      ref((r) => {
        r.sensors[0].sd = -1;
      }),
    ),
    expect: /sensors\[0\]\.sd: must be at least 0 \(got -1\)/,
  },
  {
    class: 'ranges',
    name: 'count below 20',
    ...withRef(
      ref((r) => {
        r.sensors[0].count = 3;
      }),
    ),
    expect: /sensors\[0\]\.count: must be at least 20 \(got 3\)/,
  },
  {
    class: 'ranges',
    name: 'zero Wasserstein scale',
    ...withRef(
      ref((r) => {
        r.sensors[3].wasserstein_scale = 0;
      }),
    ),
    expect: /sensors\[3\]\.wasserstein_scale: must be above 0 \(got 0\)/,
  },
  {
    class: 'ranges',
    name: 'asymmetric correlation',
    ...withRef(
      ref((r) => {
        r.correlation[0][2] = 0.1;
      }),
    ),
    expect: /correlation\[0\]\[2\]: 0\.1 differs from correlation\[2\]\[0\].*symmetric/,
  },
  {
    class: 'ranges',
    name: 'edge beyond the sensor maximum',
    ...withRef(
      ref((r) => {
        const e = r.sensors[0].edges as number[];
        e[e.length - 1] = 1000;
      }),
    ),
    expect: /sensors\[0\]\.edges\[8\]: 1000 lies outside the sensor's range/,
  },
  {
    class: 'ranges',
    name: 'baseline error from another window',
    ...withRef(
      ref((r) => {
        r.sensors[0].forecast = { model: 'reference:ewma(alpha=0.3)', window: 24, mae: 0.1 };
      }),
    ),
    expect:
      /sensors\[0\]\.forecast\.window: recorded with window 24, but reference:ewma\(alpha=0\.3\) forecasts from 30/,
    at: '24',
  },

  // names
  {
    class: 'names',
    name: 'misspelt stream column',
    ...stream('typo.csv', cleanCsv.replace('temp_b', 'temp_bb')),
    expect:
      /typo\.csv:1:1 header: missing column\(s\) temp_b of the reference ref\.json\ntypo\.csv:1:3 header: column "temp_bb" is not in the reference ref\.json \(did you mean "temp_b"\?\)/,
    cli: true,
  },
  {
    class: 'names',
    name: 'time column named "time"',
    ...stream('time.csv', csv('time,temp_a,temp_b,temp_c,vibration', '0,18,18,18,1')),
    expect: /time\.csv:1:1 header: first column must be "t" \(time in seconds\), got "time"/,
  },
  {
    class: 'names',
    name: 'two reference sensors with one name',
    ...withRef(
      ref((r) => {
        r.sensors[1].name = 'temp_a';
      }),
    ),
    expect: /sensors\[1\]\.name: "temp_a" repeats sensors\[0\]\.name/,
  },
  {
    class: 'names',
    name: 'misspelt telemetry record type',
    ...stream('sensr.jsonl', BASE_FILES['clean.jsonl'].replace('"type":"sensor"', '"type":"sensr"')),
    expect: /sensr\.jsonl:2:9 type: expected one of .* \(got "sensr"\) \(did you mean "sensor"\?\)/,
  },
  {
    class: 'names',
    name: 'misspelt reference model',
    ...onlyFlags('--model', 'reference:ewmaa'),
    expect:
      /simgate monitor: --model "reference:ewmaa": unknown reference model .* \(did you mean "reference:ewma"\?\)/,
  },
  {
    class: 'names',
    name: 'ONNX card sensor names no column',
    ...onlyFlags('--model', join(modelsDir, 'temp-forecast-v1.onnx')),
    expect:
      /temp-forecast-v1\.card\.yaml:9:9 sensor: "temperature" is not a column of the reference ref\.json and clean\.csv/,
  },
  {
    class: 'names',
    name: 'repeated stream column',
    ...stream('twice.csv', csv('t,temp_a,temp_b,temp_a,vibration', '0,18,18,18,1')),
    expect: /twice\.csv:1:4 header: column "temp_a" is repeated \(first at column 2\)/,
  },

  // CSV syntax
  {
    class: 'CSV syntax',
    name: 'quote never closed',
    ...stream('open.csv', csv('0,18,18,18,1', '300,"18,18,18,1', '600,18,18,18,1')),
    expect: /open\.csv:\d+:2 csv: the file ends inside a quoted cell/,
    cli: true,
  },
  {
    class: 'CSV syntax',
    name: 'quote inside an unquoted cell',
    ...stream('inner.csv', csv('0,18,1"8,18,1')),
    expect: /inner\.csv:2:3 csv: a quote inside an unquoted cell/,
  },
  {
    class: 'CSV syntax',
    name: 'text after a closing quote',
    ...stream('after.csv', csv('0,18,"18"x,18,1')),
    expect: /after\.csv:2:3 csv: text after a closing quote/,
  },
  {
    class: 'CSV syntax',
    name: 'row with a cell too many',
    ...stream('wide.csv', csv('0,18,18,18,1', '300,18,18,18,1,9')),
    expect: /wide\.csv:3:1 row: expected 5 cells \(t and 4 sensors\), got 6/,
  },
  {
    class: 'CSV syntax',
    name: 'row with a cell too few',
    ...stream('narrow.csv', csv('0,18,18,18')),
    expect: /narrow\.csv:2:1 row: expected 5 cells \(t and 4 sensors\), got 4/,
  },
  { class: 'CSV syntax', name: 'empty file', ...stream('empty.csv', ''), expect: /empty\.csv: empty file/ },

  // short streams and missing sensors
  {
    class: 'short streams and missing sensors',
    name: 'shorter than --window',
    ...stream('short.csv', formatSensorCsv(fieldTable({ seed: 'site', from_h: 168, hours: 2 }))),
    expect: /short\.csv: --window 288 rows is longer than the stream \(24 rows\)/,
    cli: true,
  },
  {
    class: 'short streams and missing sensors',
    name: 'header only',
    ...stream('header.csv', `${HEADER}\n`),
    expect: /header\.csv: no data rows after the header/,
  },
  {
    class: 'short streams and missing sensors',
    name: 'sensors missing',
    ...stream('two.csv', csv('t,temp_a,temp_b', '0,18,18')),
    expect: /two\.csv:1:1 header: missing column\(s\) temp_c, vibration of the reference ref\.json/,
  },
  {
    class: 'short streams and missing sensors',
    name: 'shorter than the model window',
    ...stream('tiny.csv', formatSensorCsv(fieldTable({ seed: 'site', from_h: 168, hours: 2 }))),
    extra: ['--window', '20'],
    expect: /tiny\.csv: 24 rows; reference:ewma\(alpha=0\.3\) forecasts from a window of 30 readings/,
  },
  {
    class: 'short streams and missing sensors',
    name: 'telemetry without sensor records',
    ...stream('meta.jsonl', `${JSON.stringify({ type: 'meta', schema: 'simgate.telemetry/v1' })}\n`),
    expect: /meta\.jsonl: no "sensor" records/,
  },
  {
    class: 'short streams and missing sensors',
    name: 'time goes back',
    ...stream('back.csv', csv('0,18,18,18,1', '600,18,18,18,1', '300,18,18,18,1')),
    expect: /back\.csv:4:1 t: 300 does not increase \(previous 600\)/,
  },
  {
    class: 'short streams and missing sensors',
    name: 'reference data with too few readings',
    files: { 'few.csv': csv('0,1,1,1,1', '300,2,2,2,2') },
    args: ['--make-reference', 'few.csv', '--reference', 'made.json'],
    expect: /few\.csv:1:2 temp_a: 2 finite readings; a reference needs at least 20/,
    cli: true,
  },

  // hostile strings
  {
    class: 'hostile strings',
    name: 'escape sequence in a column name',
    ...stream('esc.csv', csv(`t,temp_a,${ESC}[31mtemp_b${ESC}[0m,temp_c,vibration`, '0,18,18,18,1')),
    expect: /esc\.csv:1:3 header: name "\\x1b\[31mtemp_b\\x1b\[0m" holds control characters/,
    cli: true,
  },
  {
    class: 'hostile strings',
    name: '8 MB cell',
    ...stream('huge.csv', csv(`0,18,${HUGE},18,1`)),
    expect:
      /huge\.csv:2:3 temp_b: expected a number \(got "A{60}…" \(8388608 chars\): too long for a number\)/,
    cli: true,
  },
  {
    class: 'hostile strings',
    name: 'escape sequence in a reference sensor name',
    ...withRef(
      ref((r) => {
        r.sensors[0].name = `${ESC}]0;owned${ESC}\\`;
      }),
    ),
    expect: /sensors\[0\]\.name: name "\\x1b\]0;owned\\x1b\\\\" holds control characters/,
  },
  {
    class: 'hostile strings',
    name: 'C1 control (one-byte CSI) in a cell',
    ...stream('csi.csv', csv('0,18,\u009b2J,18,1')),
    expect: /csi\.csv:2:3 temp_b: expected a number \(got "\\x9b2J": not a plain decimal number\)/,
  },
  {
    class: 'hostile strings',
    name: 'bidi override in a column name',
    ...stream('bidi.csv', csv('t,temp_a,temp_\u202eb,temp_c,vibration', '0,18,18,18,1')),
    expect: /bidi\.csv:1:3 header: name "temp_\\u202eb" holds control characters/,
  },
  {
    class: 'hostile strings',
    name: 'escape sequence in a file name',
    args: ['--reference', 'ref.json', '--stream', `x${ESC}[2J.csv`],
    expect: /simgate monitor: --stream "x\\x1b\[2J\.csv": a path with control characters is refused/,
    cli: true,
  },
  {
    class: 'hostile strings',
    name: '8 MB key in the reference',
    ...withRef(refText('"schema"', `"${HUGE}": 1,\n  "schema"`)),
    expect: /bad-ref\.json:2:3 A{200}… \(8388608 chars\): unknown key "A{60}…" \(8388608 chars\)/,
  },
  {
    class: 'hostile strings',
    name: 'NUL bytes in a cell',
    ...stream('nul.csv', csv('0,18,1\u00008,18,1')),
    expect: /nul\.csv:2:3 temp_b: expected a number \(got "1\\x008": not a plain decimal number\)/,
  },
  {
    class: 'hostile strings',
    name: 'escape sequence in an unknown option',
    args: ['--reference', 'ref.json', `--${ESC}[31m`],
    expect: /unknown option '--\\x1b\[31m'/,
    cliOnly: true,
    cli: true,
  },

  // flags
  {
    class: 'flags',
    name: '--window not a number',
    ...onlyFlags('--window', 'abc'),
    expect:
      /simgate monitor: --window must be a whole number of rows, at least 20 .* \(got "abc": not a plain decimal number\)/,
    cli: true,
  },
  {
    class: 'flags',
    name: '--window hexadecimal',
    ...onlyFlags('--window', '0x120'),
    expect: /--window must be .* \(got "0x120": hexadecimal is not accepted\)/,
  },
  {
    class: 'flags',
    name: '--window below the least drift window',
    ...onlyFlags('--window', '5'),
    expect: /--window must be a whole number of rows, at least 20 .* \(got "5"\)/,
  },
  {
    class: 'flags',
    name: '--min-correlation 5',
    ...onlyFlags('--min-correlation', '5'),
    expect: /--min-correlation must be a number in \[0, 1\] \(got "5"\)/,
  },
  {
    class: 'flags',
    name: '--min-correlation empty (Number gives 0)',
    ...onlyFlags('--min-correlation', ''),
    expect: /--min-correlation must be a number in \[0, 1\] \(got "": empty\)/,
    cli: true,
  },
  {
    class: 'flags',
    name: '--mae-ratio Infinity',
    ...onlyFlags('--mae-ratio', 'Infinity'),
    expect: /--mae-ratio must be a number of at least 1 .* \(got "Infinity": Infinity is not a reading\)/,
  },
  {
    class: 'flags',
    name: '--min-sensors fractional',
    ...onlyFlags('--min-sensors', '1.5'),
    expect: /--min-sensors must be a positive integer \(got "1\.5"\)/,
  },
  {
    class: 'flags',
    name: '--season without seasonal-naive',
    ...onlyFlags('--season', '12'),
    expect: /--season applies to --model reference:seasonal-naive only/,
  },
  {
    class: 'flags',
    name: '--make-reference with --stream',
    args: ['--make-reference', 'healthy.csv', '--reference', 'made.json', '--stream', 'clean.csv'],
    expect: /--stream does not apply with --make-reference/,
  },
  {
    class: 'flags',
    name: 'no --stream',
    args: ['--reference', 'ref.json'],
    expect: /simgate monitor: --stream FILE is required/,
  },
  {
    class: 'flags',
    name: '--reference would overwrite the data',
    args: ['--make-reference', 'healthy.csv', '--reference', 'healthy.csv'],
    expect: /--reference names the --make-reference data file/,
  },
];

/** Writes the case's own files into `dir` (which holds the base files; cases run one at a time). */
export function writeCase(dir: string, c: HostileCase): void {
  for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), content);
}

export const argsOf = (c: HostileCase): string[] => [...(c.args ?? BASE_ARGS), ...(c.extra ?? [])];
