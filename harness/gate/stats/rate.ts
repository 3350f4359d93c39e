// Non-inferiority of a per-exposure rate (drops per 100 picks, protective stops per hour) from
// paired per-episode counts and exposures. Each model's rate is Σ counts / Σ exposure (× `per`),
// the ratio estimator that weights episodes by their exposure; the difference candidate −
// baseline is oriented by `better` (positive = candidate better) and tested against −margin.
//
// Standard error: the delta method linearised over the paired episodes (the clusters). Pair i
// contributes z_i = per·[(c_i − R_c·e_i)/ē_c − (b_i − R_b·f_i)/ē_b]; Σ z_i = 0 and Var(R̂_c − R̂_b)
// ≈ s_z²/n. The pseudo-values Δ̂ + z_i go through the mean test of meanTest.ts, so the reference
// is Student's t with n − 1 degrees of freedom and small or degenerate samples get the exact
// sign-flip handling. With no event in either model the linearisation has nothing to say; the
// test is then exact under the Poisson bound P(no event) ≤ e^(−rate·exposure).
import { type MeanTestMethod, oneSampleMeanTest } from './meanTest.js';
import type { NonInferiorityResult } from './nonInferiority.js';
import type { Interval } from './wilson.js';

/** One model's events and exposure in one episode (e.g. drops and picks, stops and hours). */
export interface RateObservation {
  readonly count: number;
  readonly exposure: number;
}

export interface RateNonInferiorityResult extends Omit<NonInferiorityResult, 'method' | 'mcnemar'> {
  readonly method: MeanTestMethod | 'poisson-no-events';
  /** Σ counts / Σ exposure × per, for each model. */
  readonly candidateRate: number;
  readonly baselineRate: number;
}

/**
 * A model without any exposure in the compared episodes: there is no rate to compare. The gate
 * turns this into INCONCLUSIVE for the rule (it is not bad input: a slice may have seen no pick).
 */
export class ZeroExposureError extends Error {
  readonly code = 'ZERO_EXPOSURE';
  constructor(readonly model: 'candidate' | 'baseline') {
    super(`the ${model} has no exposure in these episodes: its rate is undefined`);
    this.name = 'ZeroExposureError';
  }
}

function totals(side: readonly RateObservation[], name: string): { count: number; exposure: number } {
  let count = 0;
  let exposure = 0;
  side.forEach((o, i) => {
    if (!(Number.isFinite(o.count) && o.count >= 0))
      throw new RangeError(`${name}[${i}].count must be a finite number ≥ 0 (got ${o.count})`);
    if (!(Number.isFinite(o.exposure) && o.exposure >= 0))
      throw new RangeError(`${name}[${i}].exposure must be a finite number ≥ 0 (got ${o.exposure})`);
    count += o.count;
    exposure += o.exposure;
  });
  return { count, exposure };
}

/** Exact handling of "no event in either model": the Poisson bound on the model that should have events under H₀. */
function noEvents(
  margin: number,
  per: number,
  better: 'higher' | 'lower',
  exposure: { candidate: number; baseline: number },
): Pick<RateNonInferiorityResult, 'pNonInferior' | 'pWorse' | 'bounds'> {
  // 'lower': H₀ says the candidate's rate is ≥ margin, so no candidate event is unlikely.
  // 'higher': H₀ says the baseline's rate is ≥ margin, so no baseline event is unlikely.
  const worse = better === 'lower' ? exposure.candidate : exposure.baseline;
  const other = better === 'lower' ? exposure.baseline : exposure.candidate;
  return {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: at margin 0, e^0 = 1 as well
    pNonInferior: margin > 0 ? Math.exp((-margin / per) * worse) : 1,
    pWorse: 1,
    bounds(alpha) {
      if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
      // One-sided Poisson upper bounds on each rate after no event: per · ln(1/α) / exposure.
      return { lower: (per * Math.log(alpha)) / worse, upper: (-per * Math.log(alpha)) / other };
    },
  };
}

/**
 * Paired rate non-inferiority. `candidate[i]` and `baseline[i]` are the same episode pair;
 * `per` scales the rate (100 for "per 100 picks"); the margin is absolute in the scaled unit.
 * Throws ZeroExposureError when a model's total exposure is 0, RangeError on unequal lengths,
 * no pairs, negative or non-finite counts or exposures, or an invalid margin or per.
 */
export function rateNonInferiority(
  candidate: readonly RateObservation[],
  baseline: readonly RateObservation[],
  margin: number,
  better: 'higher' | 'lower',
  options: { readonly per?: number } = {},
): RateNonInferiorityResult {
  const per = options.per ?? 1;
  if (!(Number.isFinite(per) && per > 0)) throw new RangeError(`per must be a positive number (got ${per})`);
  if (!(Number.isFinite(margin) && margin >= 0))
    throw new RangeError(`margin must be a finite number ≥ 0 (got ${margin})`);
  if (candidate.length !== baseline.length)
    throw new RangeError(`paired samples differ in length (${candidate.length} vs ${baseline.length})`);
  const n = candidate.length;
  if (n === 0) throw new RangeError('a rate test needs at least one pair');
  const c = totals(candidate, 'candidate');
  const b = totals(baseline, 'baseline');
  if (c.exposure === 0) throw new ZeroExposureError('candidate');
  if (b.exposure === 0) throw new ZeroExposureError('baseline');
  const candidateRate = (per * c.count) / c.exposure;
  const baselineRate = (per * b.count) / b.exposure;
  const sign = better === 'higher' ? 1 : -1;
  const estimate = sign * (candidateRate - baselineRate);
  const common = { estimate, margin, candidateRate, baselineRate };
  if (c.count === 0 && b.count === 0) {
    const exposure = { candidate: c.exposure, baseline: b.exposure };
    return {
      ...common,
      standardError: 0,
      method: 'poisson-no-events',
      ...noEvents(margin, per, better, exposure),
    };
  }
  const meanC = c.exposure / n;
  const meanB = b.exposure / n;
  const pseudo = candidate.map((o, i) => {
    const z =
      (o.count - (c.count / c.exposure) * o.exposure) / meanC -
      (baseline[i].count - (b.count / b.exposure) * baseline[i].exposure) / meanB;
    return estimate + sign * per * z;
  });
  const test = oneSampleMeanTest(pseudo, -margin);
  return {
    ...common,
    standardError: test.standardError,
    method: test.method,
    pNonInferior: test.pAbove,
    pWorse: test.pBelow,
    bounds: (alpha): Interval => test.bounds(alpha),
  };
}
