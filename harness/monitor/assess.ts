// Per-sensor drift verdicts against the reference, and the multi-sensor confirmation: a
// flagged sensor only counts when at least `min_sensors` sensors that are correlated on the
// reference are flagged together, so one flaky sensor does not trigger a retrain.
import {
  binProbabilities,
  DRIFT_THRESHOLDS,
  jensenShannonDistance,
  type KsResult,
  ksTwoSample,
  psi,
  wasserstein1,
} from './drift.js';
import type { MonitorReference, SensorReference } from './reference.js';

export type DriftThresholds = { -readonly [K in keyof typeof DRIFT_THRESHOLDS]: number } & {
  /** Share of non-finite readings a window may hold (they are dropped) before it is insufficient. */
  max_nan_fraction: number;
  /** A sensor drifts when at least this many of its candidate statistics cross their thresholds. */
  min_statistics: number;
};

export const DEFAULT_THRESHOLDS: DriftThresholds = {
  ...DRIFT_THRESHOLDS,
  max_nan_fraction: 0.05,
  min_statistics: 2,
};

export interface DriftStatistics {
  readonly psi: number;
  readonly ks: KsResult;
  readonly wasserstein: number;
  readonly js: number;
}

export type SensorDrift =
  | { readonly sensor: string; readonly status: 'insufficient'; readonly reason: string; readonly n: number }
  | {
      readonly sensor: string;
      readonly status: 'stable' | 'drift';
      readonly n: number;
      readonly nan: number;
      readonly statistics: DriftStatistics;
      /** Each crossed threshold: statistic name, figure and threshold. */
      readonly exceeded: readonly {
        readonly statistic: string;
        readonly value: number;
        readonly threshold: number;
      }[];
    };

export function assessSensor(
  ref: SensorReference,
  window: readonly number[],
  th: DriftThresholds = DEFAULT_THRESHOLDS,
): SensorDrift {
  const finite = window.filter(Number.isFinite);
  const nan = window.length - finite.length;
  if (finite.length < th.min_window) {
    return {
      sensor: ref.name,
      status: 'insufficient',
      n: finite.length,
      reason: `${finite.length} finite readings (need ${th.min_window})`,
    };
  }
  if (nan / window.length > th.max_nan_fraction) {
    return {
      sensor: ref.name,
      status: 'insufficient',
      n: finite.length,
      reason: `${nan} of ${window.length} readings are NaN or missing`,
    };
  }
  const sorted = finite.sort((a, b) => a - b);
  const current = binProbabilities(sorted, ref.edges);
  const ks = ksTwoSample(ref.sample, sorted);
  const statistics: DriftStatistics = {
    psi: psi(ref.probabilities, current),
    ks,
    wasserstein: wasserstein1(ref.sample, sorted) / ref.wasserstein_scale,
    js: jensenShannonDistance(ref.probabilities, current),
  };
  // Small samples: judge by PSI and the KS p-value. Large ones (where any shift has a tiny p):
  // by PSI and the three distances. A sensor drifts when min_statistics of its candidates cross.
  const m = ref.sample.length;
  const n = sorted.length;
  const small = (m * n) / (m + n) < th.ks_small_n;
  const candidates: { statistic: string; value: number; threshold: number; crossed: boolean }[] = [
    {
      statistic: 'psi',
      value: statistics.psi,
      threshold: th.psi_drift,
      crossed: statistics.psi >= th.psi_drift,
    },
    small
      ? { statistic: 'ks_p_value', value: ks.p_value, threshold: th.ks_p, crossed: ks.p_value <= th.ks_p }
      : {
          statistic: 'ks_statistic',
          value: ks.statistic,
          threshold: th.ks_distance,
          crossed: ks.statistic >= th.ks_distance,
        },
  ];
  if (!small) {
    candidates.push(
      {
        statistic: 'wasserstein',
        value: statistics.wasserstein,
        threshold: th.wasserstein,
        crossed: statistics.wasserstein >= th.wasserstein,
      },
      { statistic: 'js_distance', value: statistics.js, threshold: th.js, crossed: statistics.js >= th.js },
    );
  }
  const exceeded = candidates
    .filter((c) => c.crossed)
    .map(({ statistic, value, threshold }) => ({ statistic, value, threshold }));
  const status = exceeded.length >= Math.min(th.min_statistics, candidates.length) ? 'drift' : 'stable';
  return { sensor: ref.name, status, n, nan, statistics, exceeded };
}

/** |Pearson r| on the reference above which two sensors confirm each other. */
export const DEFAULT_MIN_CORRELATION = 0.7;

export interface Confirmation {
  /** Groups of flagged sensors correlated on the reference, each at least min_sensors strong. */
  readonly confirmed: readonly (readonly string[])[];
  /** Flagged sensors in no confirmed group. */
  readonly unconfirmed: readonly string[];
  readonly min_sensors: number;
}

/**
 * Groups flagged sensors into connected components of the graph |corr| ≥ min_correlation
 * (estimated on the reference). min_sensors above the sensor count is lowered to it, so a
 * single-sensor stream can still trigger.
 */
export function confirmDrift(
  reference: MonitorReference,
  flagged: readonly string[],
  minSensors: number,
  minCorrelation = DEFAULT_MIN_CORRELATION,
): Confirmation {
  const names = reference.sensors.map((s) => s.name);
  const k = Math.max(1, Math.min(minSensors, names.length));
  const seen = new Set<string>();
  const confirmed: string[][] = [];
  const unconfirmed: string[] = [];
  for (const start of flagged) {
    if (seen.has(start)) continue;
    const group: string[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const s = stack.pop()!;
      group.push(s);
      for (const other of flagged) {
        if (seen.has(other)) continue;
        const r = reference.correlation[names.indexOf(s)]?.[names.indexOf(other)] ?? 0;
        if (Math.abs(r) >= minCorrelation) {
          seen.add(other);
          stack.push(other);
        }
      }
    }
    group.sort();
    if (group.length >= k) confirmed.push(group);
    else unconfirmed.push(...group);
  }
  return { confirmed, unconfirmed: unconfirmed.sort(), min_sensors: k };
}
