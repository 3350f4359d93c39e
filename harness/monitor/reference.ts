// The monitor's reference file: what the drift statistics compare field data against, fixed
// at reference time — per sensor the quantile bin edges and probabilities, a capped sorted
// sample, summary statistics, optionally the model's forecast error, and the correlation matrix.
import { createHash } from 'node:crypto';
import { UsageError } from '../common/errors.js';
import { binProbabilities, quantileEdges, quantileSorted, wassersteinScale } from './drift.js';

export const REFERENCE_SCHEMA = 'simgate.monitor-reference/v1';
/** Sorted sample kept per sensor; larger references keep this many evenly spaced quantiles. */
export const REFERENCE_SAMPLE_CAP = 2000;
export const REFERENCE_BINS = 10;

export interface ForecastBaseline {
  readonly model: string;
  readonly window: number;
  readonly mae: number;
}

export interface SensorReference {
  readonly name: string;
  /** Finite readings the reference was built from (the stored sample may be capped). */
  readonly count: number;
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  readonly quartiles: readonly [number, number, number];
  readonly edges: readonly number[];
  readonly probabilities: readonly number[];
  readonly sample: readonly number[];
  /** What normalised Wasserstein divides by: the IQR, else the sd, else 1. */
  readonly wasserstein_scale: number;
  readonly forecast?: ForecastBaseline;
}

export interface MonitorReference {
  readonly schema: typeof REFERENCE_SCHEMA;
  readonly source: { readonly file: string; readonly sha256: string; readonly rows: number };
  readonly sensors: readonly SensorReference[];
  /** Pearson correlations on the reference rows, in `sensors` order. */
  readonly correlation: readonly (readonly number[])[];
}

/** Evenly spaced quantiles of a sorted sample (the sample itself when short enough). */
function capSorted(sorted: readonly number[], cap: number): number[] {
  if (sorted.length <= cap) return [...sorted];
  return Array.from({ length: cap }, (_, k) => quantileSorted(sorted, (k + 0.5) / cap));
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) continue;
    n++;
    sa += a[i];
    sb += b[i];
  }
  if (n < 3) return 0;
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) continue;
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}

export function buildReference(
  file: string,
  text: string,
  columns: Readonly<Record<string, readonly number[]>>,
  baselines: Readonly<Record<string, ForecastBaseline>> = {},
): MonitorReference {
  const names = Object.keys(columns);
  const sensors = names.map((name): SensorReference => {
    const sorted = columns[name].filter(Number.isFinite).sort((x, y) => x - y);
    if (sorted.length < 20)
      throw new UsageError(
        `${file}: sensor "${name}" has ${sorted.length} finite readings; a reference needs at least 20`,
      );
    const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
    const sd = Math.sqrt(sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / (sorted.length - 1));
    const edges = quantileEdges(sorted, REFERENCE_BINS);
    return {
      name,
      count: sorted.length,
      mean,
      sd,
      min: sorted[0],
      max: sorted[sorted.length - 1],
      quartiles: [quantileSorted(sorted, 0.25), quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.75)],
      edges,
      probabilities: binProbabilities(sorted, edges),
      sample: capSorted(sorted, REFERENCE_SAMPLE_CAP),
      wasserstein_scale: wassersteinScale(sorted),
      ...(baselines[name] ? { forecast: baselines[name] } : {}),
    };
  });
  return {
    schema: REFERENCE_SCHEMA,
    source: {
      file,
      sha256: createHash('sha256').update(text).digest('hex'),
      rows: names.length > 0 ? columns[names[0]].length : 0,
    },
    sensors,
    correlation: names.map((a) => names.map((b) => (a === b ? 1 : pearson(columns[a], columns[b])))),
  };
}

const isNumberArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number');

/** Parses and checks a reference file; every problem named by its field path. */
export function parseReference(file: string, text: string): MonitorReference {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON (${(error as Error).message})`);
  }
  const problems: string[] = [];
  const ref = data as Partial<MonitorReference>;
  if (ref?.schema !== REFERENCE_SCHEMA) problems.push(`schema: expected "${REFERENCE_SCHEMA}"`);
  if (!Array.isArray(ref?.sensors) || ref.sensors.length === 0)
    problems.push('sensors: expected a non-empty list');
  else {
    ref.sensors.forEach((s, k) => {
      if (typeof s?.name !== 'string') problems.push(`sensors[${k}].name: expected a string`);
      for (const key of ['edges', 'probabilities', 'sample'] as const) {
        if (!isNumberArray(s?.[key])) problems.push(`sensors[${k}].${key}: expected a list of numbers`);
      }
      if (
        isNumberArray(s?.edges) &&
        isNumberArray(s?.probabilities) &&
        s.probabilities.length !== s.edges.length + 1
      ) {
        problems.push(
          `sensors[${k}].probabilities: expected ${s.edges.length + 1} bins for ${s.edges.length} edges`,
        );
      }
      if (typeof s?.wasserstein_scale !== 'number' || !(s.wasserstein_scale > 0)) {
        problems.push(`sensors[${k}].wasserstein_scale: expected a positive number`);
      }
    });
    const n = ref.sensors.length;
    if (
      !Array.isArray(ref.correlation) ||
      ref.correlation.length !== n ||
      !ref.correlation.every((r) => isNumberArray(r) && r.length === n)
    ) {
      problems.push(`correlation: expected a ${n}×${n} matrix of numbers`);
    }
  }
  if (problems.length > 0) {
    throw new UsageError(
      `${file}: not a valid monitor reference (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return ref as MonitorReference;
}
