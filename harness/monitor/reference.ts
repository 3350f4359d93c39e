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
/** Least finite readings per sensor a reference is built from. */
export const MIN_REFERENCE_READINGS = 20;

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
    // The data file was checked before (checkReferenceData); this guards other callers.
    if (sorted.length < MIN_REFERENCE_READINGS)
      throw new UsageError(
        `${file}: sensor "${name}" has ${sorted.length} finite readings; a reference needs at least ${MIN_REFERENCE_READINGS}`,
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
