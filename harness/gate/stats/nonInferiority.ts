// Paired non-inferiority of the candidate against the baseline on one KPI. Differences are
// oriented so that positive means "candidate better"; the margin m ≥ 0 is how much worse the
// candidate may be. Two one-sided p-values come out of each test:
//   pNonInferior — evidence that Δ > −m (the candidate is no worse than the margin);
//   pWorse       — evidence that Δ < −m (the candidate is worse by more than the margin).
// Each is the smallest α at which the matching one-sided confidence bound clears −m, so the
// decision at any nominal α (however small a sequential look spends) agrees with the interval.
import { bootstrapMean } from './bootstrap.js';
import { exactMcNemar, type McNemarResult } from './mcnemar.js';
import { type DifferenceInterval, newcombePaired } from './newcombe.js';
import { normalCdf, normalQuantile, normalUpperTail } from './normal.js';
import { studentQuantile, studentUpperTail } from './studentT.js';
import type { Interval } from './wilson.js';

export interface NonInferiorityResult {
  /** Oriented mean difference (positive = candidate better). */
  readonly estimate: number;
  readonly margin: number;
  readonly standardError: number;
  readonly pNonInferior: number;
  readonly pWorse: number;
  /** One-sided bounds at level α each side: the decision interval of a look. */
  bounds(alpha: number): Interval;
  /** Exact McNemar figures, for binary KPIs. */
  readonly mcnemar?: McNemarResult;
}

function zTest(
  estimate: number,
  margin: number,
  se: number,
  df = Number.POSITIVE_INFINITY,
): { pNonInferior: number; pWorse: number } {
  const distance = estimate + margin;
  if (se > 0) {
    const z = distance / se;
    if (Number.isFinite(df))
      return { pNonInferior: studentUpperTail(z, df), pWorse: studentUpperTail(-z, df) };
    return { pNonInferior: normalUpperTail(z), pWorse: normalCdf(z) };
  }
  // No spread at all: the data sit exactly on one side of −m (or on it).
  if (distance > 0) return { pNonInferior: 0, pWorse: 1 };
  if (distance < 0) return { pNonInferior: 1, pWorse: 0 };
  return { pNonInferior: 1, pWorse: 1 };
}

/**
 * Continuous KPI: oriented paired differences, seeded paired bootstrap for the standard error,
 * Student's t with n − 1 degrees of freedom for the tails (early looks spend α far below
 * bootstrap resolution; normal tails are too thin for small samples — with 8 pairs they let
 * an A/A comparison reject about 8% of the time at a nominal 2.5%).
 */
export function continuousNonInferiority(
  orientedDifferences: readonly number[],
  margin: number,
  bootstrap: { resamples: number; seed: readonly (string | number)[] },
): NonInferiorityResult {
  const summary = bootstrapMean(orientedDifferences, bootstrap);
  // The bootstrap variance of a mean is (n − 1)/n of the unbiased one; undo that shrinkage.
  const n = orientedDifferences.length;
  const se = n > 1 ? summary.standardError * Math.sqrt(n / (n - 1)) : summary.standardError;
  const estimate = summary.estimate;
  const df = Math.max(1, n - 1);
  return {
    estimate,
    margin,
    standardError: se,
    ...zTest(estimate, margin, se, df),
    bounds(alpha) {
      const z = studentQuantile(1 - alpha, df);
      return { lower: estimate - z * se, upper: estimate + z * se };
    },
  };
}

/** Smallest α in (0, 0.5] at which `clears(α)` holds (it is monotone in α); 1 if never. */
function invert(clears: (alpha: number) => boolean): number {
  if (!clears(0.5)) return 1;
  let lo = Math.log(1e-15);
  let hi = Math.log(0.5);
  if (clears(Math.exp(lo))) return 0;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (clears(Math.exp(mid))) hi = mid;
    else lo = mid;
  }
  return Math.exp(hi);
}

/**
 * Binary KPI (one 0/1 outcome per episode): Newcombe's paired interval on the difference of
 * success rates, inverted for the p-values; exact McNemar on the discordant pairs as a figure.
 * `better` says whether 1 is the good outcome ('higher') or the bad one ('lower').
 */
export function binaryNonInferiority(
  candidate: readonly number[],
  baseline: readonly number[],
  margin: number,
  better: 'higher' | 'lower',
): NonInferiorityResult {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  for (let i = 0; i < candidate.length; i++) {
    // Orient so that "1" is always the good outcome.
    const x = better === 'higher' ? candidate[i] : 1 - candidate[i];
    const y = better === 'higher' ? baseline[i] : 1 - baseline[i];
    if (x === 1 && y === 1) a++;
    else if (x === 1 && y === 0) b++;
    else if (x === 0 && y === 1) c++;
    else d++;
  }
  const table = { bothSuccess: a, onlyFirst: b, onlySecond: c, bothFail: d };
  const at = (alpha: number): DifferenceInterval => newcombePaired(table, 1 - 2 * alpha);
  const estimate = (b - c) / (a + b + c + d);
  const ref = at(0.025);
  const se = (ref.upper - ref.lower) / (2 * normalQuantile(0.975));
  return {
    estimate,
    margin,
    standardError: se,
    pNonInferior: invert((alpha) => at(alpha).lower > -margin),
    pWorse: invert((alpha) => at(alpha).upper < -margin),
    bounds(alpha) {
      const i = at(alpha);
      return { lower: i.lower, upper: i.upper };
    },
    mcnemar: exactMcNemar({ candidateOnly: b, baselineOnly: c }),
  };
}
