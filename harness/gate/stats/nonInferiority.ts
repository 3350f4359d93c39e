// Paired non-inferiority of the candidate against the baseline on one KPI. Differences are
// oriented so that positive means "candidate better"; the margin m ≥ 0 is how much worse the
// candidate may be. Two one-sided p-values come out of each test:
//   pNonInferior — evidence that Δ > −m (the candidate is no worse than the margin);
//   pWorse       — evidence that Δ < −m (the candidate is worse by more than the margin).
// Both are exact or t-based tail probabilities, so they can be compared with any α a sequential
// look spends, however small.
import { exactMcNemar, type McNemarResult } from './mcnemar.js';
import { type MeanTestMethod, oneSampleMeanTest } from './meanTest.js';
import { normalQuantile } from './normal.js';
import { exactPairedPValues, tangoBounds } from './pairedBinary.js';
import type { Interval } from './wilson.js';

export interface NonInferiorityResult {
  /** Oriented mean difference (positive = candidate better). */
  readonly estimate: number;
  readonly margin: number;
  /** Standard error of the estimate (for the minimum detectable effect). */
  readonly standardError: number;
  readonly pNonInferior: number;
  readonly pWorse: number;
  /** How the p-values were computed. */
  readonly method: MeanTestMethod | 'exact-unconditional';
  /** One-sided bounds at level α each side: the decision interval of a look. */
  bounds(alpha: number): Interval;
  /** Exact McNemar figures, for binary KPIs. */
  readonly mcnemar?: McNemarResult;
}

function checkMargin(margin: number, upper: number): void {
  if (!(Number.isFinite(margin) && margin >= 0 && margin < upper))
    throw new RangeError(`margin must be a finite number in [0, ${upper}) (got ${margin})`);
}

/**
 * Continuous KPI: the mean of the oriented paired differences against −margin, Student's t on
 * the exact standard error s/√n with n − 1 degrees of freedom; small or degenerate samples use
 * the exact sign-flip distribution (meanTest.ts), so one pair never gives a p-value below ½.
 * Deterministic: no resampling. Throws RangeError on an empty sample, a non-finite value or an
 * invalid margin.
 */
export function continuousNonInferiority(
  orientedDifferences: readonly number[],
  margin: number,
): NonInferiorityResult;
/** @deprecated The bootstrap options are ignored (the standard error is exact); pass two arguments. */
export function continuousNonInferiority(
  orientedDifferences: readonly number[],
  margin: number,
  bootstrap: { resamples: number; seed: readonly (string | number)[] },
): NonInferiorityResult;
export function continuousNonInferiority(
  orientedDifferences: readonly number[],
  margin: number,
): NonInferiorityResult {
  checkMargin(margin, Number.POSITIVE_INFINITY);
  const test = oneSampleMeanTest(orientedDifferences, -margin);
  return {
    estimate: test.estimate,
    margin,
    standardError: test.standardError,
    pNonInferior: test.pAbove,
    pWorse: test.pBelow,
    method: test.method,
    bounds: (alpha) => test.bounds(alpha),
  };
}

/** The oriented 2×2 counts: 1 is always the good outcome after orientation. */
function pairedCounts(
  candidate: readonly number[],
  baseline: readonly number[],
  better: 'higher' | 'lower',
): { b: number; c: number; n: number } {
  if (candidate.length !== baseline.length)
    throw new RangeError(`paired samples differ in length (${candidate.length} vs ${baseline.length})`);
  if (candidate.length === 0) throw new RangeError('a paired binary test needs at least one pair');
  let b = 0;
  let c = 0;
  for (let i = 0; i < candidate.length; i++) {
    for (const v of [candidate[i], baseline[i]])
      if (v !== 0 && v !== 1)
        throw new RangeError(`binary KPI values must be 0 or 1 (got ${v} at pair ${i})`);
    const x = better === 'higher' ? candidate[i] : 1 - candidate[i];
    const y = better === 'higher' ? baseline[i] : 1 - baseline[i];
    if (x === 1 && y === 0) b++;
    else if (x === 0 && y === 1) c++;
  }
  return { b, c, n: candidate.length };
}

/**
 * Binary KPI (one 0/1 outcome per episode): the difference of paired success rates against
 * −margin. The p-values are exact unconditional, ordered by Tango's score (their true size never
 * exceeds α at any n); the bounds are Tango's score interval. `better` says
 * whether 1 is the good outcome ('higher') or the bad one ('lower'). Works for every table,
 * including n = 1, no discordant pair and only discordant pairs. Throws RangeError on unequal
 * lengths, no pairs, values other than 0/1 or a margin outside [0, 1).
 */
export function binaryNonInferiority(
  candidate: readonly number[],
  baseline: readonly number[],
  margin: number,
  better: 'higher' | 'lower',
): NonInferiorityResult {
  checkMargin(margin, 1);
  const { b, c, n } = pairedCounts(candidate, baseline, better);
  const p = exactPairedPValues(b, c, n, -margin);
  const reference = tangoBounds(b, c, n, 0.025);
  return {
    estimate: (b - c) / n,
    margin,
    standardError: (reference.upper - reference.lower) / (2 * normalQuantile(0.975)),
    pNonInferior: p.pAbove,
    pWorse: p.pBelow,
    method: 'exact-unconditional',
    bounds(alpha) {
      if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
      return tangoBounds(b, c, n, alpha);
    },
    mcnemar: exactMcNemar({ candidateOnly: b, baselineOnly: c }),
  };
}
