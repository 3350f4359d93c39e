// Student's t distribution: upper tail and quantile for ν degrees of freedom, through the
// regularized incomplete beta function (Lentz's continued fraction; log-gamma by Lanczos).
// The continuous non-inferiority test uses it as its reference distribution, so small paired
// samples are not judged with normal tails that are too thin.

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  // Lentz's safeguards against a zero denominator: no a, b > 0 and x in (0, 1) where the caller
  // uses this side of the branch point drives one below 1e-300, so removing one changes nothing.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  // Stryker disable next-line EqualityOperator: the fraction converges long before 500 terms
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: Lentz's safeguard (above)
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: Lentz's safeguard (above)
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: Lentz's safeguard (above)
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: Lentz's safeguard (above)
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    // Stryker disable next-line EqualityOperator: < and ≤ 1e-15 stop at the same term
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T > t) for T ~ t(ν). */
export function studentUpperTail(t: number, nu: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 0 : 1;
  const tail = 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5);
  // Stryker disable next-line EqualityOperator: at t = 0 the tail is ½, so tail = 1 − tail
  return t >= 0 ? tail : 1 - tail;
}

/** The t with P(T ≤ t) = p for T ~ t(ν), by bisection on the upper tail (monotone). */
export function studentQuantile(p: number, nu: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  if (p < 0.5) return -studentQuantile(1 - p, nu);
  const target = 1 - p;
  let lo = 0;
  let hi = 1;
  // The bisection's stopping rule and its tie rule (the tail equal to the target at a double)
  // change the answer by less than the 1e-12 it stops at; the tests compare to 1e-9.
  // Stryker disable next-line EqualityOperator: see above
  while (studentUpperTail(hi, nu) > target) hi *= 2;
  // Stryker disable next-line all: see above
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    // Stryker disable next-line EqualityOperator: see above
    if (studentUpperTail(mid, nu) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
