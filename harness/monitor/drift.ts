// Pure drift statistics between a reference sample and a window of field data: PSI on
// reference-quantile bins, two-sample Kolmogorov–Smirnov (exact p-value, conditional on ties;
// asymptotic for large samples), normalised Wasserstein-1, and Jensen–Shannon distance on the
// PSI bins. Empty or NaN-bearing windows fail closed: they yield an `insufficient` result, never
// "no drift".

/** Bin probabilities below this are floored before PSI's logarithm (a standard convention). */
export const PSI_EPSILON = 1e-4;

/** Default thresholds (docs/monitoring.md explains each). */
export const DRIFT_THRESHOLDS = {
  /** PSI: < 0.1 stable, 0.1–0.25 moderate shift, ≥ 0.25 significant shift. */
  psi_warn: 0.1,
  psi_drift: 0.25,
  /** KS with an effective sample size m·n/(m+n) below this: judge by the p-value. */
  ks_small_n: 500,
  ks_p: 0.05,
  /** Above it (p-values of large samples are tiny for any shift): judge by the distance. */
  ks_distance: 0.1,
  wasserstein: 0.1,
  js: 0.1,
  /** Least readings in a window for the statistics to mean anything. */
  min_window: 20,
} as const;

/** Interior bin edges at the reference's quantiles k/bins, duplicates removed (ties, quantised data). */
export function quantileEdges(sortedRef: readonly number[], bins: number): number[] {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(sortedRef, k / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/** Linear-interpolation quantile (type 7) of a sorted sample. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Bin probabilities: bin k holds x with edges[k-1] ≤ x < edges[k] (outer bins open-ended). */
export function binProbabilities(sample: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const x of sample) {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]++;
  }
  return counts.map((c) => c / sample.length);
}

/** Population stability index Σ (q − p) ln(q / p), both floored at PSI_EPSILON. */
export function psi(reference: readonly number[], current: readonly number[]): number {
  let total = 0;
  for (let k = 0; k < reference.length; k++) {
    const p = Math.max(PSI_EPSILON, reference[k]);
    const q = Math.max(PSI_EPSILON, current[k]);
    total += (q - p) * Math.log(q / p);
  }
  return total;
}

/** Jensen–Shannon distance (square root of the divergence, base 2): 0 equal, 1 disjoint. */
export function jensenShannonDistance(p: readonly number[], q: readonly number[]): number {
  let divergence = 0;
  for (let k = 0; k < p.length; k++) {
    const m = (p[k] + q[k]) / 2;
    if (p[k] > 0) divergence += 0.5 * p[k] * Math.log2(p[k] / m);
    if (q[k] > 0) divergence += 0.5 * q[k] * Math.log2(q[k] / m);
  }
  return Math.sqrt(Math.max(0, divergence));
}

/** sup |F_a − F_b| of two sorted samples (ties handled by stepping over equal values together). */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i], b[j]);
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/**
 * Exact P(D ≥ d) for two samples of sizes m and n: lattice paths from (0,0) to (m,n) that stay
 * strictly inside |i/m − j/n| < d, weighted so the sum stays a probability (the recursion of R's
 * psmirnov, after Hodges 1958). With ties, pass the pooled sorted sample: D can only be observed
 * where a run of equal values ends, so only those lattice points are constrained — the exact
 * permutation distribution of D given the pooled values (Schröer and Trenkler 1995).
 */
export function ksExactPValue(d: number, m: number, n: number, pooledSorted?: readonly number[]): number {
  if (pooledSorted !== undefined && pooledSorted.length !== m + n)
    throw new RangeError(`the pooled sample must hold m + n = ${m + n} values (got ${pooledSorted.length})`);
  if (m > n) [m, n] = [n, m];
  const q = (0.5 + Math.floor(d * m * n - 1e-7)) / (m * n);
  // Lattice point (i, j) has seen i + j pooled values; it is observable unless the next one ties.
  const observable = (k: number) =>
    pooledSorted === undefined || k >= m + n || pooledSorted[k - 1] !== pooledSorted[k];
  const outside = (i: number, j: number) => Math.abs(i / m - j / n) > q && observable(i + j);
  const u = new Float64Array(n + 1);
  // The edges have one path each: once it leaves the region, it stays out.
  u[0] = 1;
  for (let j = 1; j <= n; j++) u[j] = outside(0, j) ? 0 : u[j - 1];
  for (let i = 1; i <= m; i++) {
    const w = i / (i + n);
    u[0] = outside(i, 0) ? 0 : w * u[0];
    for (let j = 1; j <= n; j++) u[j] = outside(i, j) ? 0 : w * u[j] + u[j - 1];
  }
  return Math.min(1, Math.max(0, 1 - u[n]));
}

/** Asymptotic P(D ≥ d): Kolmogorov's Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²), λ = d·√(mn/(m+n)). */
export function ksAsymptoticPValue(d: number, m: number, n: number): number {
  const lambda = d * Math.sqrt((m * n) / (m + n));
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export interface KsResult {
  readonly statistic: number;
  readonly p_value: number;
  readonly method: 'exact' | 'asymptotic';
}

/** Largest m·n for the exact lattice-path p-value (O(m·n) steps; asymptotic beyond). */
export const KS_EXACT_MAX_CELLS = 1_000_000;

/**
 * Two-sample KS on sorted samples: the exact p-value (conditional on the pooled values when they
 * tie) when m·n ≤ KS_EXACT_MAX_CELLS, else Kolmogorov's asymptotic one. Ties matter: with them
 * the asymptotic p-value is conservative by up to 0.5 (45 zeros and 5 ones against 20 zeros and
 * 10 ones: asymptotic 0.26, exact 0.018), while quantised sensors tie all the time.
 */
export function ksTwoSample(a: readonly number[], b: readonly number[]): KsResult {
  const statistic = ksStatistic(a, b);
  const m = a.length;
  const n = b.length;
  if (m * n > KS_EXACT_MAX_CELLS)
    return { statistic, p_value: ksAsymptoticPValue(statistic, m, n), method: 'asymptotic' };
  const pooled = [...a, ...b].sort((x, y) => x - y);
  const tied = pooled.some((x, k) => k > 0 && pooled[k - 1] === x);
  return { statistic, p_value: ksExactPValue(statistic, m, n, tied ? pooled : undefined), method: 'exact' };
}

/** W1 = ∫ |F_a − F_b| dx of two sorted samples. */
export function wasserstein1(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let x = Math.min(a[0], b[0]);
  let total = 0;
  while (i < a.length || j < b.length) {
    const next = Math.min(
      i < a.length ? a[i] : Number.POSITIVE_INFINITY,
      j < b.length ? b[j] : Number.POSITIVE_INFINITY,
    );
    total += Math.abs(i / a.length - j / b.length) * (next - x);
    x = next;
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
  }
  return total;
}

/** The scale W1 is divided by: the reference IQR, its sd when the IQR is 0, else 1 (raw units). */
export function wassersteinScale(sortedRef: readonly number[]): number {
  const iqr = quantileSorted(sortedRef, 0.75) - quantileSorted(sortedRef, 0.25);
  if (iqr > 0) return iqr;
  const mean = sortedRef.reduce((s, x) => s + x, 0) / sortedRef.length;
  const sd = Math.sqrt(
    sortedRef.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, sortedRef.length - 1),
  );
  return sd > 0 ? sd : 1;
}
