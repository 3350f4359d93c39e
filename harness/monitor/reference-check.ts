// Checks a monitor reference file before anything is computed from it: strict JSON, known
// keys, every number finite and in its range (probabilities in [0, 1] summing to 1, correlations
// in [−1, 1], edges strictly increasing, samples non-empty and sorted, counts positive), and
// every problem of the file at once, located line:col with its field path.
import type { PathSegment, Reporter } from '../../scenarios/problems.js';
import { FieldLocator, parseJsonLocated } from './locate.js';
import { CappedReporter, didYouMean, type MonitorProblem } from './problems.js';
import {
  MIN_REFERENCE_READINGS,
  type MonitorReference,
  REFERENCE_SAMPLE_CAP,
  REFERENCE_SCHEMA,
} from './reference.js';
import { sensorNameProblem } from './rules.js';
import { hasUnsafeChars, quoteExcerpt, showValue } from './text.js';

const TOP_KEYS = ['schema', 'source', 'sensors', 'correlation'];
const SOURCE_KEYS = ['file', 'sha256', 'rows'];
const SENSOR_KEYS = [
  'name',
  'count',
  'mean',
  'sd',
  'min',
  'max',
  'quartiles',
  'edges',
  'probabilities',
  'sample',
  'wasserstein_scale',
  'forecast',
];
const FORECAST_KEYS = ['model', 'window', 'mae'];

/** At most this many interior edges (100 bins); the builder writes 9. */
export const MAX_REFERENCE_EDGES = 99;
/** |Σ probabilities − 1| allowed (the builder's rounding is far below it). */
export const PROBABILITY_TOLERANCE = 1e-6;
/** Allowed asymmetry of the correlation matrix and distance of its diagonal from 1. */
export const CORRELATION_TOLERANCE = 1e-9;

export interface ReferenceCheck {
  /** Present only when the file has no problem. */
  readonly reference?: MonitorReference;
  readonly problems: readonly MonitorProblem[];
  /** Locates a later cross-check (against the stream or the model) in this file. */
  readonly locator: FieldLocator;
}

type Path = readonly PathSegment[];
type Obj = Readonly<Record<string, unknown>>;
interface Range {
  readonly min?: number;
  readonly max?: number;
  /** Strictly above min. */
  readonly above?: number;
  readonly integer?: boolean;
}

/** The number checks, reporting to one file's problems. */
class Checker {
  constructor(readonly out: Reporter) {}

  report(path: Path, message: string, anchor?: 'key' | 'value'): void {
    this.out.report(path, message, anchor);
  }

  object(value: unknown, path: Path, keys: readonly string[], required: readonly string[]): Obj | undefined {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      this.report(path, `expected an object (got ${showValue(value)})`);
      return undefined;
    }
    const obj = value as Obj;
    for (const key of Object.keys(obj)) {
      if (!keys.includes(key))
        this.report([...path, key], `unknown key ${quoteExcerpt(key)}${didYouMean(key, keys)}`, 'key');
    }
    for (const key of required) if (!(key in obj)) this.report(path, `required key "${key}" is missing`);
    return obj;
  }

  // A missing key (undefined) was reported by object(); it is not also a bad value.
  number(value: unknown, path: Path, range: Range = {}): number | undefined {
    if (value === undefined) return undefined;
    const problem = numberProblem(value, range);
    if (problem) this.report(path, problem);
    return problem ? undefined : (value as number);
  }

  /** A list of numbers, each checked; undefined when the list or any element is bad. */
  numbers(
    value: unknown,
    path: Path,
    length: { min: number; max: number },
    each: Range = {},
  ): number[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.report(path, `expected a list of numbers (got ${showValue(value)})`);
      return undefined;
    }
    if (value.length < length.min || value.length > length.max) {
      const want = length.min === length.max ? `${length.min}` : `${length.min} to ${length.max}`;
      this.report(path, `expected ${want} numbers, got ${value.length}`);
      return undefined;
    }
    let ok = true;
    value.forEach((x, i) => {
      if (this.number(x, [...path, i], each) === undefined) ok = false;
    });
    return ok ? (value as number[]) : undefined;
  }

  /** The first element that is not above (strict) or not at least (non-strict) its predecessor. */
  ordered(xs: readonly number[], path: Path, strict: boolean, what: string): void {
    const i = xs.findIndex((x, k) => k > 0 && (strict ? x <= xs[k - 1] : x < xs[k - 1]));
    if (i > 0)
      this.report(
        [...path, i],
        `${xs[i]} after ${xs[i - 1]}: ${what} must be ${strict ? 'strictly increasing' : 'sorted ascending'}`,
      );
  }

  /** Reports the first of `xs` outside [lo, hi] (a single value: `index` undefined). */
  within(xs: readonly number[], path: Path, lo: number, hi: number, indexed = true): void {
    const eps = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
    const i = xs.findIndex((x) => x < lo - eps || x > hi + eps);
    if (i >= 0)
      this.report(
        indexed ? [...path, i] : path,
        `${xs[i]} lies outside the sensor's range [${lo}, ${hi}] (min, max)`,
      );
  }
}

function numberProblem(value: unknown, range: Range): string | undefined {
  if (typeof value !== 'number') return `expected a number (got ${showValue(value)})`;
  if (!Number.isFinite(value)) return `expected a finite number (got ${showValue(value)}: out of range)`;
  if (range.integer && !Number.isInteger(value)) return `expected a whole number (got ${value})`;
  if (range.above !== undefined && !(value > range.above))
    return `must be above ${range.above} (got ${value})`;
  if (range.min !== undefined && value < range.min)
    return `must be at least ${range.min}${range.max !== undefined ? ` and at most ${range.max}` : ''} (got ${value})`;
  if (range.max !== undefined && value > range.max)
    return `must be at most ${range.max}${range.min !== undefined ? ` and at least ${range.min}` : ''} (got ${value})`;
  return undefined;
}

function checkSource(c: Checker, value: unknown): number | undefined {
  const source = c.object(value, ['source'], SOURCE_KEYS, SOURCE_KEYS);
  if (!source) return undefined;
  if ('file' in source && typeof source.file !== 'string')
    c.report(['source', 'file'], `expected a file name (got ${showValue(source.file)})`);
  if ('sha256' in source && (typeof source.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(source.sha256)))
    c.report(['source', 'sha256'], `expected 64 lowercase hex digits (got ${showValue(source.sha256)})`);
  return 'rows' in source ? c.number(source.rows, ['source', 'rows'], { integer: true, min: 1 }) : undefined;
}

function checkForecast(c: Checker, value: unknown, path: Path): void {
  const f = c.object(value, path, FORECAST_KEYS, FORECAST_KEYS);
  if (!f) return;
  if ('model' in f) {
    const model = f.model;
    if (typeof model !== 'string' || model === '' || model.length > 200 || hasUnsafeChars(model))
      c.report([...path, 'model'], `expected a model id (got ${showValue(model)})`);
  }
  if ('window' in f) c.number(f.window, [...path, 'window'], { integer: true, min: 1 });
  if ('mae' in f) c.number(f.mae, [...path, 'mae'], { min: 0 });
}

/** One sensor entry; returns its name when usable. */
function checkSensor(c: Checker, value: unknown, k: number, rows: number | undefined): string | undefined {
  const at = (...p: PathSegment[]): Path => ['sensors', k, ...p];
  const required = SENSOR_KEYS.filter((key) => key !== 'forecast');
  const s = c.object(value, at(), SENSOR_KEYS, required);
  if (!s) return undefined;
  let name: string | undefined;
  if ('name' in s) {
    const problem =
      typeof s.name !== 'string'
        ? `expected a sensor name (got ${showValue(s.name)})`
        : s.name === 't'
          ? '"t" is the time column, not a sensor'
          : sensorNameProblem(s.name);
    if (problem) c.report(at('name'), problem);
    else name = s.name as string;
  }
  const count = c.number(s.count, at('count'), { integer: true, min: MIN_REFERENCE_READINGS });
  if (count !== undefined && rows !== undefined && count > rows)
    c.report(at('count'), `${count} readings but the source has ${rows} rows`);
  const mean = c.number(s.mean, at('mean'));
  c.number(s.sd, at('sd'), { min: 0 });
  const min = c.number(s.min, at('min'));
  const max = c.number(s.max, at('max'));
  c.number(s.wasserstein_scale, at('wasserstein_scale'), { above: 0 });
  const range = min !== undefined && max !== undefined && min <= max ? { min, max } : undefined;
  if (min !== undefined && max !== undefined && min > max)
    c.report(at('max'), `max ${max} is below min ${min}`);
  if (range && mean !== undefined) c.within([mean], at('mean'), range.min, range.max, false);
  const quartiles = c.numbers(s.quartiles, at('quartiles'), { min: 3, max: 3 });
  if (quartiles) {
    c.ordered(quartiles, at('quartiles'), false, 'quartiles');
    if (range) c.within(quartiles, at('quartiles'), range.min, range.max);
  }
  const edges = c.numbers(s.edges, at('edges'), { min: 1, max: MAX_REFERENCE_EDGES });
  if (edges) {
    c.ordered(edges, at('edges'), true, 'bin edges');
    if (range) c.within(edges, at('edges'), range.min, range.max);
  }
  const bins = edges
    ? { min: edges.length + 1, max: edges.length + 1 }
    : { min: 2, max: MAX_REFERENCE_EDGES + 1 };
  const probabilities = c.numbers(s.probabilities, at('probabilities'), bins, { min: 0, max: 1 });
  if (probabilities) {
    const sum = probabilities.reduce((a, p) => a + p, 0);
    if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE)
      c.report(at('probabilities'), `bin probabilities sum to ${sum}, not 1`);
  }
  const sample = c.numbers(s.sample, at('sample'), {
    min: MIN_REFERENCE_READINGS,
    max: REFERENCE_SAMPLE_CAP,
  });
  if (sample) {
    c.ordered(sample, at('sample'), false, 'the sample');
    if (range) c.within(sample, at('sample'), range.min, range.max);
    if (count !== undefined && sample.length > count)
      c.report(at('sample'), `${sample.length} values but count is ${count}`);
  }
  if ('forecast' in s) checkForecast(c, s.forecast, at('forecast'));
  return name;
}

function checkCorrelation(c: Checker, value: unknown, n: number): void {
  if (!Array.isArray(value) || value.length !== n) {
    c.report(['correlation'], `expected a ${n}×${n} matrix, one row per sensor (got ${showValue(value)})`);
    return;
  }
  const rows = value.map((row, i) =>
    c.numbers(row, ['correlation', i], { min: n, max: n }, { min: -1, max: 1 }),
  );
  if (rows.some((r) => r === undefined)) return;
  const m = rows as number[][];
  for (let i = 0; i < n; i++) {
    if (Math.abs(m[i][i] - 1) > CORRELATION_TOLERANCE)
      c.report(['correlation', i, i], `a sensor's correlation with itself must be 1 (got ${m[i][i]})`);
  }
  for (let i = 0; i < n; i++) {
    const j = m[i].findIndex((r, k) => Math.abs(r - m[k][i]) > CORRELATION_TOLERANCE);
    if (j >= 0) {
      c.report(
        ['correlation', i, j],
        `${m[i][j]} differs from correlation[${j}][${i}] = ${m[j][i]}; the matrix must be symmetric`,
      );
      return;
    }
  }
}

/** Parses and checks a reference file; `reference` is set only when there is no problem. */
export function checkReference(file: string, text: string): ReferenceCheck {
  const locator = new FieldLocator(file, text);
  const parsed = parseJsonLocated(file, text);
  if (!parsed.ok) return { problems: [parsed.problem], locator };
  const out = new CappedReporter(locator.sink());
  const c = new Checker(out);
  const root = c.object(parsed.value, [], TOP_KEYS, TOP_KEYS);
  if (root) {
    if ('schema' in root && root.schema !== REFERENCE_SCHEMA)
      c.report(['schema'], `expected "${REFERENCE_SCHEMA}" (got ${showValue(root.schema)})`);
    const rows = 'source' in root ? checkSource(c, root.source) : undefined;
    const sensors = root.sensors;
    if ('sensors' in root && (!Array.isArray(sensors) || sensors.length === 0)) {
      c.report(['sensors'], `expected a non-empty list of sensors (got ${showValue(sensors)})`);
    } else if (Array.isArray(sensors)) {
      const seen = new Map<string, number>();
      sensors.forEach((s, k) => {
        const name = checkSensor(c, s, k, rows);
        if (name === undefined) return;
        if (seen.has(name))
          c.report(['sensors', k, 'name'], `${quoteExcerpt(name)} repeats sensors[${seen.get(name)}].name`);
        else seen.set(name, k);
      });
      if ('correlation' in root) checkCorrelation(c, root.correlation, sensors.length);
    }
  }
  const problems = [...locator.duplicateKeys(), ...out.problems];
  return problems.length > 0
    ? { problems, locator }
    : { reference: parsed.value as MonitorReference, problems, locator };
}
