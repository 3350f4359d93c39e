// One-sample test of a mean against a null value μ₀, the shared core of the paired continuous
// non-inferiority test (differences against −margin), the floor test (values against min/max)
// and the rate test (linearised pair contributions against −margin). Two one-sided p-values:
//   pAbove — evidence that the mean is above μ₀;  pBelow — evidence that it is below.
//
// Which reference distribution, and why:
// - Student's t with n − 1 degrees of freedom on the exact standard error s/√n. A bootstrap SE
//   is too small by √((n−1)/n) and noisy, and normal tails are too thin for small n.
// - The exact sign-flip (randomisation) distribution of Σ(x − μ₀), which is exact whenever the
//   shifted values are symmetric about 0 — always so for paired A/A differences at margin 0,
//   where candidate and baseline are exchangeable. It is used
//     · when every non-zero |x − μ₀| is the same (a constant sample, or differences of 0/1
//       outcomes): the count of positive signs is Binomial(k, ½), an exact count at any n;
//     · for n ≤ FLIP_ENUMERATION_MAX, where all 2ⁿ sign patterns are enumerated and the
//       larger of the t and sign-flip p-values is taken, so the test holds its level if either
//       the data are near normal or symmetric. One value never gives a p-value below ½; n values
//       never give one below 2⁻ⁿ.
// - Degenerate spread is judged relative to the data's scale (sd ≤ 1e-9 · max|x|): floating
//   noise on identical values must not turn into a t statistic of 1e12.
import { binomialCdf, binomialUpperTail } from './binomial.js';
import { studentQuantile, studentUpperTail } from './studentT.js';
import type { Interval } from './wilson.js';

/** Largest n for which all 2ⁿ sign patterns are enumerated. */
export const FLIP_ENUMERATION_MAX = 12;
/** Relative tolerance below which a spread or a distance counts as rounding noise. */
export const DEGENERATE_RELATIVE = 1e-9;

export type MeanTestMethod = 'student-t' | 'sign-flip' | 'sign-count';

export interface MeanTest {
  readonly n: number;
  readonly estimate: number;
  /** s/√n (0 when the spread is degenerate). */
  readonly standardError: number;
  /** n − 1 (0 for a single value). */
  readonly df: number;
  /** How the p-values at μ₀ were computed. */
  readonly method: MeanTestMethod;
  /** p-value for "mean > μ₀". */
  readonly pAbove: number;
  /** p-value for "mean < μ₀". */
  readonly pBelow: number;
  /**
   * One-sided bounds at level α each side, from inverting the same test: lower is the smallest
   * μ₀ the data do not place the mean above at level α. ±∞ when the sample cannot bound the mean
   * at that α (e.g. 3 values at α = 0.025, whose sign-flip p-value is at least 1/8).
   */
  bounds(alpha: number): Interval;
}

interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  /** max |x|: the scale rounding noise is judged against. */
  readonly scale: number;
}

function summarise(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) throw new RangeError('a mean test needs at least one value');
  let sum = 0;
  let scale = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`values must be finite (got ${v})`);
    sum += v;
    scale = Math.max(scale, Math.abs(v));
  }
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  return { n, mean, sd, scale };
}

const degenerateSpread = (s: Summary) => s.n > 1 && s.sd <= DEGENERATE_RELATIVE * s.scale;

/** Sign-count p-values when every non-zero |x − μ₀| is equal: #positive ~ Binomial(k, ½). */
function signCount(shifted: readonly number[], tolerance: number): { pAbove: number; pBelow: number } {
  let k = 0;
  let positive = 0;
  for (const y of shifted) {
    if (Math.abs(y) <= tolerance) continue;
    k++;
    if (y > 0) positive++;
  }
  if (k === 0) return { pAbove: 1, pBelow: 1 };
  return { pAbove: binomialUpperTail(positive, k, 0.5), pBelow: binomialCdf(positive, k, 0.5) };
}

/** True when the non-zero magnitudes are all equal within the tolerance. */
function equalMagnitudes(shifted: readonly number[], tolerance: number): boolean {
  let first = -1;
  for (const y of shifted) {
    const a = Math.abs(y);
    if (a <= tolerance) continue;
    if (first < 0) first = a;
    else if (Math.abs(a - first) > tolerance) return false;
  }
  return true;
}

/** Exact sign-flip p-values by enumerating the 2ⁿ sums Σ ±|y_i|. */
function signFlip(shifted: readonly number[], tolerance: number): { pAbove: number; pBelow: number } {
  let sums = new Float64Array([0]);
  let observed = 0;
  for (const y of shifted) {
    observed += y;
    const next = new Float64Array(sums.length * 2);
    // Stryker disable next-line EqualityOperator: a typed array ignores the write one past its end
    for (let i = 0; i < sums.length; i++) {
      next[2 * i] = sums[i] + Math.abs(y);
      next[2 * i + 1] = sums[i] - Math.abs(y);
    }
    sums = next;
  }
  let above = 0;
  let below = 0;
  // Sums within the tolerance of the observed one count as ties (they are equal but for rounding).
  for (const s of sums) {
    if (s >= observed - tolerance) above++;
    if (s <= observed + tolerance) below++;
  }
  return { pAbove: above / sums.length, pBelow: below / sums.length };
}

function studentT(s: Summary, nullValue: number): { pAbove: number; pBelow: number } {
  const t = (s.mean - nullValue) / (s.sd / Math.sqrt(s.n));
  return { pAbove: studentUpperTail(t, s.n - 1), pBelow: studentUpperTail(-t, s.n - 1) };
}

interface Evaluation {
  readonly method: MeanTestMethod;
  readonly pAbove: number;
  readonly pBelow: number;
}

function evaluate(values: readonly number[], s: Summary, nullValue: number): Evaluation {
  const tolerance = DEGENERATE_RELATIVE * Math.max(s.scale, Math.abs(nullValue));
  if (degenerateSpread(s)) {
    // Identical values up to rounding: every shifted value is mean − μ₀.
    return { method: 'sign-count', ...signCount(new Array(s.n).fill(s.mean - nullValue), tolerance) };
  }
  const shifted = values.map((v) => v - nullValue);
  if (equalMagnitudes(shifted, tolerance)) return { method: 'sign-count', ...signCount(shifted, tolerance) };
  const t = studentT(s, nullValue);
  if (s.n > FLIP_ENUMERATION_MAX) return { method: 'student-t', ...t };
  const flip = signFlip(shifted, tolerance * s.n);
  return {
    method: 'sign-flip',
    pAbove: Math.max(t.pAbove, flip.pAbove),
    pBelow: Math.max(t.pBelow, flip.pBelow),
  };
}

/** Smallest μ₀ in the bracket where `rejects(μ₀)` stops holding; rejects is true below it. */
function boundary(rejects: (mu: number) => boolean, lo: number, hi: number): number {
  // Stryker disable next-line all: the stopping rule moves the answer by less than the 1e-12 it stops at
  for (let i = 0; i < 100 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (rejects(mid)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function invertedBounds(values: readonly number[], s: Summary, alpha: number): Interval {
  // The mean lies inside the data's range; beyond it the test always accepts or always rejects.
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = Math.max(max - min, s.scale, 1) * 1e-6;
  const aboveAt = (mu: number) => evaluate(values, s, mu).pAbove <= alpha;
  const belowAt = (mu: number) => evaluate(values, s, mu).pBelow <= alpha;
  const lower = aboveAt(min - pad) ? boundary(aboveAt, min - pad, max + pad) : Number.NEGATIVE_INFINITY;
  const upper = belowAt(max + pad)
    ? -boundary((mu) => belowAt(-mu), -(max + pad), -(min - pad))
    : Number.POSITIVE_INFINITY;
  return { lower, upper };
}

/** Test the mean of `values` against `nullValue`. Throws RangeError on an empty or non-finite sample. */
export function oneSampleMeanTest(values: readonly number[], nullValue: number): MeanTest {
  if (!Number.isFinite(nullValue)) throw new RangeError(`the null value must be finite (got ${nullValue})`);
  const s = summarise(values);
  const at = evaluate(values, s, nullValue);
  const degenerate = degenerateSpread(s);
  const se = degenerate ? 0 : s.sd / Math.sqrt(s.n);
  const tOnly = at.method === 'student-t';
  return {
    n: s.n,
    estimate: s.mean,
    standardError: se,
    df: s.n - 1,
    method: at.method,
    pAbove: at.pAbove,
    pBelow: at.pBelow,
    bounds(alpha) {
      if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
      if (!tOnly) return invertedBounds(values, s, alpha);
      const q = studentQuantile(1 - alpha, s.n - 1) * se;
      return { lower: s.mean - q, upper: s.mean + q };
    },
  };
}
