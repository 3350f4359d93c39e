// Absolute floors and ceilings on the candidate's mean KPI (`floors:` and the scenarios'
// kpi_criteria): one-sample tests of the mean against `min` and/or `max`.
//   pMeets  — evidence that min < mean < max (each side must be shown: the larger p-value);
//   pBroken — evidence that mean < min or mean > max (Bonferroni over the two sides when both
//             are set, so a narrow band cannot double the false-REJECT rate).
// Continuous KPIs use the mean test of meanTest.ts (Student t on s/√n with n − 1 degrees of
// freedom; the exact sign-flip distribution for small or degenerate samples). That test is exact
// for symmetric KPIs; for skewed ones its one-sided error leans to the long tail (see the
// calibration table in docs/gate.md). 0/1 KPIs take `binary: true`: exact binomial tails and
// Clopper–Pearson bounds, which never exceed their level — a sample of all ones says nothing by
// symmetry about a success rate near 1, but a great deal by the binomial.
import { binomialCdf, binomialUpperTail } from './binomial.js';
import { type MeanTestMethod, oneSampleMeanTest } from './meanTest.js';
import type { Interval } from './wilson.js';

export interface FloorLimits {
  readonly min?: number;
  readonly max?: number;
}

export interface FloorTestResult {
  readonly n: number;
  /** The candidate's mean. */
  readonly estimate: number;
  /** s/√n, or √(p̂(1 − p̂)/n) for a binary KPI. */
  readonly standardError: number;
  readonly method: MeanTestMethod | 'exact-binomial';
  /** p-value for "the floor is met" (≤ the look's α ⇒ pass). */
  readonly pMeets: number;
  /** p-value for "the floor is broken" (enters the REJECT family). */
  readonly pBroken: number;
  /** One-sided bounds on the mean at level α each side. */
  bounds(alpha: number): Interval;
}

function checkLimits(limits: FloorLimits): void {
  const { min, max } = limits;
  if (min === undefined && max === undefined) throw new RangeError('a floor needs min, max or both');
  for (const [name, v] of [
    ['min', min],
    ['max', max],
  ] as const)
    if (v !== undefined && !Number.isFinite(v))
      throw new RangeError(`${name} must be a finite number (got ${v})`);
  if (min !== undefined && max !== undefined && min > max)
    throw new RangeError(`min ${min} must not exceed max ${max}`);
}

/** Combines the one-sided p-values of the two sides into pMeets / pBroken. */
function combine(
  limits: FloorLimits,
  side: (limit: number) => { pAbove: number; pBelow: number },
): { pMeets: number; pBroken: number } {
  const low = limits.min === undefined ? undefined : side(limits.min);
  const high = limits.max === undefined ? undefined : side(limits.max);
  const pMeets = Math.max(low?.pAbove ?? 0, high?.pBelow ?? 0);
  const broken = [low?.pBelow, high?.pAbove].filter((p): p is number => p !== undefined);
  return { pMeets, pBroken: Math.min(1, broken.length * Math.min(...broken)) };
}

/** The rate at which the binomial tail `tail(p)` crosses α (tail monotone in p). */
function clopperPearson(tail: (p: number) => number, alpha: number, rising: boolean): number {
  let lo = 0;
  let hi = 1;
  // 100 halvings end far below a double's resolution of [0, 1], and the tail equals α at no
  // double, so one more step or the tie rule changes nothing.
  // Stryker disable next-line EqualityOperator: see above
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    // Stryker disable next-line EqualityOperator: see above
    if (tail(mid) > alpha === rising) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

function binaryFloor(values: readonly number[], limits: FloorLimits): FloorTestResult {
  const n = values.length;
  let x = 0;
  for (const v of values) {
    if (v !== 0 && v !== 1) throw new RangeError(`binary KPI values must be 0 or 1 (got ${v})`);
    x += v;
  }
  const p = x / n;
  // Shortcuts: at a limit of 1 (or 0) and beyond, the tails below give 1 all the same.
  const side = (limit: number) => ({
    // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
    pAbove: limit >= 1 ? 1 : binomialUpperTail(x, n, Math.max(0, limit)),
    // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
    pBelow: limit <= 0 ? 1 : binomialCdf(x, n, Math.min(1, limit)),
  });
  return {
    n,
    estimate: p,
    standardError: Math.sqrt((p * (1 - p)) / n),
    method: 'exact-binomial',
    ...combine(limits, side),
    bounds(alpha) {
      if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
      return {
        lower: x === 0 ? 0 : clopperPearson((r) => binomialUpperTail(x, n, r), alpha, true),
        upper: x === n ? 1 : clopperPearson((r) => binomialCdf(x, n, r), alpha, false),
      };
    },
  };
}

/**
 * Tests the candidate's mean of `values` against `limits`. With `binary`, values must be 0/1 and
 * the tails are exact binomial. Throws RangeError on an empty or non-finite sample, a floor with
 * neither min nor max, min > max, or non-0/1 values for a binary KPI.
 */
export function floorTest(
  values: readonly number[],
  limits: FloorLimits,
  options: { readonly binary?: boolean } = {},
): FloorTestResult {
  checkLimits(limits);
  if (values.length === 0) throw new RangeError('a floor test needs at least one value');
  if (options.binary) return binaryFloor(values, limits);
  const reference = oneSampleMeanTest(values, limits.min ?? (limits.max as number));
  return {
    n: reference.n,
    estimate: reference.estimate,
    standardError: reference.standardError,
    method: reference.method,
    ...combine(limits, (limit) => oneSampleMeanTest(values, limit)),
    bounds: (alpha) => reference.bounds(alpha),
  };
}
