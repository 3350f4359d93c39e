// Seeded paired bootstrap of a mean difference: pairs are resampled together, so the
// interval keeps the correlation the shared seeds create between candidate and baseline.
import { rngStream } from '../../../sim/rng.js';
import type { Interval } from './wilson.js';

export interface BootstrapOptions {
  readonly resamples: number;
  /** Key parts of the rng stream: the same key and data give the same interval. */
  readonly seed: readonly (string | number)[];
}

export interface BootstrapSummary {
  /** Mean of the observed values. */
  readonly estimate: number;
  /** Standard deviation of the bootstrap replicates (the bootstrap standard error). */
  readonly standardError: number;
  /** Bootstrap replicates of the mean, sorted ascending. */
  readonly replicates: Float64Array;
}

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Bootstrap distribution of the mean of `values` (e.g. paired differences). */
export function bootstrapMean(values: readonly number[], options: BootstrapOptions): BootstrapSummary {
  const n = values.length;
  if (n === 0) throw new RangeError('bootstrap needs at least one value');
  if (!Number.isInteger(options.resamples) || options.resamples < 1) {
    throw new RangeError(`resamples must be a positive integer (got ${options.resamples})`);
  }
  for (const v of values)
    if (!Number.isFinite(v)) throw new RangeError(`bootstrap values must be finite (got ${v})`);
  const rng = rngStream('bootstrap', ...options.seed);
  const replicates = new Float64Array(options.resamples);
  // Stryker disable next-line EqualityOperator: a typed array ignores the write one past its end
  for (let r = 0; r < options.resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[Math.floor(rng.next() * n)];
    replicates[r] = s / n;
  }
  replicates.sort();
  let m = 0;
  for (const x of replicates) m += x;
  m /= replicates.length;
  let ss = 0;
  for (const x of replicates) ss += (x - m) * (x - m);
  const standardError = replicates.length > 1 ? Math.sqrt(ss / (replicates.length - 1)) : 0;
  return { estimate: mean(values), standardError, replicates };
}

/** Quantile of sorted replicates with linear interpolation (type 7). */
export function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Two-sided percentile interval at `confidence` from a bootstrap summary. */
export function percentileInterval(summary: BootstrapSummary, confidence: number): Interval {
  const tail = (1 - confidence) / 2;
  return {
    lower: sortedQuantile(summary.replicates, tail),
    upper: sortedQuantile(summary.replicates, 1 - tail),
  };
}

/** Paired bootstrap percentile interval of mean(candidate − baseline). */
export function pairedBootstrapInterval(
  candidate: readonly number[],
  baseline: readonly number[],
  confidence: number,
  options: BootstrapOptions,
): Interval & { readonly estimate: number; readonly standardError: number } {
  if (candidate.length !== baseline.length) {
    throw new RangeError(`paired samples differ in length (${candidate.length} vs ${baseline.length})`);
  }
  const summary = bootstrapMean(
    candidate.map((c, i) => c - baseline[i]),
    options,
  );
  return {
    estimate: summary.estimate,
    standardError: summary.standardError,
    ...percentileInterval(summary, confidence),
  };
}
