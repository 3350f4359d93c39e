// Scripted reference policies for sensor streams: the baselines a learned forecaster or
// detector must beat, and the stand-ins `simgate monitor` uses before an ONNX stream model
// exists. Each answers a whole batch of windows per call; NaN readings are skipped, never
// propagated, so a reference policy never emits a non-finite value.
import type { DetectorPolicy, ForecastPolicy, StreamPolicy } from '../policy.js';

/** Most recent finite reading at or before `index`, scanning back; NaN when there is none. */
function lastFinite(window: Float32Array, index: number): number {
  for (let i = Math.min(index, window.length - 1); i >= 0; i--)
    if (Number.isFinite(window[i])) return window[i];
  return Number.NaN;
}

export interface EwmaOptions {
  readonly window: number;
  readonly horizon: number;
  /** Smoothing factor in (0, 1]; 1 = naive last value. */
  readonly alpha: number;
  /**
   * When given, the forecaster also returns a central interval of ±z × the sd of its one-step
   * errors inside the window: output layout [lower H | point H | upper H].
   */
  readonly intervalZ?: number;
}

/** Flat forecast at the exponentially weighted level of the window. */
export function ewmaForecaster(options: EwmaOptions): ForecastPolicy {
  const { window, horizon, alpha, intervalZ } = options;
  if (!(alpha > 0 && alpha <= 1)) throw new Error(`ewma alpha must be in (0, 1] (got ${alpha})`);
  const one = (w: Float32Array): Float32Array => {
    let level = Number.NaN;
    let sumSq = 0;
    let errors = 0;
    for (const x of w) {
      if (!Number.isFinite(x)) continue;
      if (Number.isNaN(level)) {
        level = x;
        continue;
      }
      sumSq += (x - level) ** 2;
      errors++;
      level += alpha * (x - level);
    }
    if (Number.isNaN(level)) level = 0; // an all-NaN window: the forecast stays finite
    const out = new Float32Array(intervalZ === undefined ? horizon : 3 * horizon);
    if (intervalZ === undefined) return out.fill(level);
    const half = intervalZ * Math.sqrt(errors > 0 ? sumSq / errors : 0);
    out
      .fill(level - half, 0, horizon)
      .fill(level, horizon, 2 * horizon)
      .fill(level + half, 2 * horizon);
    return out;
  };
  return {
    task: 'stream',
    kind: 'forecaster',
    id: `reference:ewma(alpha=${alpha})`,
    window,
    horizon,
    forecast: async (windows) => windows.map(one),
  };
}

export interface SeasonalNaiveOptions {
  readonly horizon: number;
  /** Season length in samples (e.g. one day); the window is one season long. */
  readonly season: number;
}

/** Repeats the reading one season earlier: forecast k = window[k mod season]. */
export function seasonalNaiveForecaster(options: SeasonalNaiveOptions): ForecastPolicy {
  const { horizon, season } = options;
  if (!(Number.isInteger(season) && season >= 1))
    throw new Error(`season must be a positive integer (got ${season})`);
  const one = (w: Float32Array): Float32Array => {
    const out = new Float32Array(horizon);
    for (let k = 0; k < horizon; k++) {
      const v = lastFinite(w, k % season);
      out[k] = Number.isNaN(v) ? lastFinite(w, w.length - 1) : v;
      if (Number.isNaN(out[k])) out[k] = 0;
    }
    return out;
  };
  return {
    task: 'stream',
    kind: 'forecaster',
    id: `reference:seasonal-naive(season=${season})`,
    window: season,
    horizon,
    forecast: async (windows) => windows.map(one),
  };
}

export interface ThresholdDetectorOptions {
  readonly window: number;
  /** Alarm when the score exceeds this many robust standard deviations. */
  readonly threshold: number;
  /** A run of this many identical readings scores as stuck (0 = off). */
  readonly stuckRun?: number;
}

/** Score a NaN reading or a stuck run gets: always above any sensible threshold, still finite. */
export const HARD_FAULT_SCORE = 1e6;

/**
 * Robust z-score of the newest reading against the median of the five readings before it, on
 * the scale of the window's first differences (1.4826 × their median absolute value, so a slow
 * trend or daily cycle inflates neither side), plus hard scores for a NaN reading and a stuck run.
 */
export function thresholdDetector(options: ThresholdDetectorOptions): DetectorPolicy {
  const { window, threshold, stuckRun = 0 } = options;
  const score = (w: Float32Array): number => {
    const last = w[w.length - 1];
    if (!Number.isFinite(last)) return HARD_FAULT_SCORE;
    if (stuckRun > 1 && w.length >= stuckRun) {
      let run = 1;
      while (run < stuckRun && w[w.length - 1 - run] === last) run++;
      if (run >= stuckRun) return HARD_FAULT_SCORE;
    }
    const past = Array.from(w.subarray(0, w.length - 1)).filter(Number.isFinite);
    if (past.length < 3) return 0;
    const diffs = past.slice(1).map((x, i) => Math.abs(x - past[i]));
    const scale = 1.4826 * median(diffs) + 1e-9;
    return Math.min(HARD_FAULT_SCORE, Math.abs(last - median(past.slice(-5))) / scale);
  };
  return {
    task: 'stream',
    kind: 'detector',
    id: `reference:threshold(k=${threshold})`,
    window,
    threshold,
    score: async (windows) => Float32Array.from(windows, score),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `reference:ewma` / `reference:seasonal-naive` with the given window and horizon. */
export function referenceForecaster(
  name: string,
  window: number,
  horizon: number,
  season = window,
): ForecastPolicy | undefined {
  if (name === 'reference:ewma') return ewmaForecaster({ window, horizon, alpha: 0.3 });
  if (name === 'reference:seasonal-naive') return seasonalNaiveForecaster({ horizon, season });
  return undefined;
}

/** Window and horizon of the scenario-level reference forecaster (readings). */
export const REFERENCE_STREAM_WINDOW = 30;
export const REFERENCE_STREAM_HORIZON = 6;

/**
 * The baseline a stream scenario runs when no model is given: an EWMA forecaster over the last
 * 30 readings predicting the next 6. Independent of the scenario parameters today; it takes
 * them so a sensor-specific baseline can be chosen without changing callers.
 */
export function referenceStreamPolicy(_params: Readonly<Record<string, number | string>>): StreamPolicy {
  return ewmaForecaster({ window: REFERENCE_STREAM_WINDOW, horizon: REFERENCE_STREAM_HORIZON, alpha: 0.3 });
}
