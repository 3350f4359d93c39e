// Exact one-sided group-sequential efficacy boundaries for the Lan–DeMets O'Brien–Fleming-type
// spending function. The cumulative α*(t_k) is spent exactly, not by the union bound: look k's
// boundary z_k solves P₀(Z_1 < z_1, …, Z_{k−1} < z_{k−1}, Z_k ≥ z_k) = α*(t_k) − α*(t_{k−1}) for
// the canonical joint distribution of the look statistics (Brownian motion on the information
// scale: Cov(Z_i, Z_j) = √(t_i/t_j), independent increments). The joint density over the
// continuation region is carried from look to look by numerical integration (Armitage, McPherson
// and Rowe 1969) on the grid of Jennison and Turnbull (2000, ch. 19) with Simpson weights, as
// gsDesign and rpact do; with r = 18 boundaries agree with theirs to about 1e-5.
import { normalCdf, normalQuantile, normalUpperTail } from './normal.js';
import { obrienFlemingSpent } from './spending.js';

export interface GroupSequentialLook {
  /** Information fraction of the look (pairs at the look / planned pairs). */
  readonly fraction: number;
  /** Efficacy boundary on the Z scale; +∞ when the look has nothing to spend. */
  readonly z: number;
  /** Nominal one-sided p-value threshold of the look: 1 − Φ(z). */
  readonly nominalAlpha: number;
  /** α*(t) spent by this look, cumulatively (exactly, under the canonical joint distribution). */
  readonly cumulativeAlpha: number;
}

/** Grid size parameter of Jennison and Turnbull; 18 is gsDesign's default. */
const GRID_R = 18;

interface Density {
  readonly z: Float64Array;
  /** Simpson weight × density of Z at z on the continuation region. */
  readonly wh: Float64Array;
}

/** The base grid of Jennison and Turnbull (ch. 19), centred at 0 on the Z scale. */
function baseGrid(): number[] {
  const r = GRID_R;
  const x: number[] = [];
  for (let i = 1; i <= 6 * r - 1; i++) {
    if (i < r) x.push(-3 - 4 * Math.log(r / i));
    else if (i <= 5 * r) x.push(-3 + (3 * (i - r)) / (2 * r));
    else x.push(3 + 4 * Math.log(r / (6 * r - i)));
  }
  return x;
}
const BASE = baseGrid();

/** Grid points of (−∞, upper) with midpoints and Simpson weights. */
function simpsonGrid(upper: number): { z: Float64Array; w: Float64Array } {
  const x = BASE.filter((v) => v < upper);
  if (Number.isFinite(upper) && upper > BASE[0]) x.push(upper);
  if (x.length < 2) return { z: new Float64Array(0), w: new Float64Array(0) };
  const m = 2 * x.length - 1;
  const z = new Float64Array(m);
  for (let i = 0; i < x.length; i++) {
    z[2 * i] = x[i];
    if (i + 1 < x.length) z[2 * i + 1] = (x[i] + x[i + 1]) / 2;
  }
  const w = new Float64Array(m);
  for (let i = 0; i + 2 < m; i += 2) {
    const d = (z[i + 2] - z[i]) / 6;
    w[i] += d;
    w[i + 1] += 4 * d;
    w[i + 2] += d;
  }
  return { z, w };
}

const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Density of Z_1 ~ N(0, 1) on (−∞, b_1), weighted for integration. */
function firstDensity(upper: number): Density {
  const { z, w } = simpsonGrid(upper);
  const wh = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) wh[i] = w[i] * phi(z[i]);
  return { z, wh };
}

/** P(still running at look k − 1, Z_k ≥ b) from the previous look's density. */
function crossing(prev: Density, tPrev: number, t: number, b: number): number {
  const sd = Math.sqrt(t - tPrev);
  let p = 0;
  for (let j = 0; j < prev.z.length; j++)
    p += prev.wh[j] * normalUpperTail((b * Math.sqrt(t) - prev.z[j] * Math.sqrt(tPrev)) / sd);
  return p;
}

/** Density of Z_k on (−∞, b_k) and still running, from the previous look's. */
function nextDensity(prev: Density, tPrev: number, t: number, upper: number): Density {
  const { z, w } = simpsonGrid(upper);
  const sd = Math.sqrt(t - tPrev);
  const scale = Math.sqrt(t) / sd;
  const wh = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    let h = 0;
    for (let j = 0; j < prev.z.length; j++)
      h += prev.wh[j] * phi((z[i] * Math.sqrt(t) - prev.z[j] * Math.sqrt(tPrev)) / sd);
    wh[i] = w[i] * scale * h;
  }
  return { z, wh };
}

/** The b with crossing(b) = target; crossing falls monotonically in b. */
function solveBoundary(prev: Density, tPrev: number, t: number, target: number): number {
  let lo = -10;
  let hi = 40;
  if (crossing(prev, tPrev, t, lo) <= target) return lo;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (crossing(prev, tPrev, t, mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function checkInputs(fractions: readonly number[], alpha: number): void {
  if (!(alpha > 0 && alpha <= 0.5)) throw new RangeError(`alpha must be in (0, 0.5] (got ${alpha})`);
  if (fractions.length === 0) throw new RangeError('a group-sequential design needs at least one look');
  fractions.forEach((t, k) => {
    if (!(t > 0 && t <= 1)) throw new RangeError(`fractions[${k}] must be in (0, 1] (got ${t})`);
    if (k > 0 && !(t > fractions[k - 1]))
      throw new RangeError(
        `fractions must increase strictly (fractions[${k}] = ${t} after ${fractions[k - 1]})`,
      );
  });
}

/**
 * Exact one-sided efficacy boundaries of the O'Brien–Fleming-type spending design at the given
 * information fractions (strictly increasing in (0, 1]; the last is normally 1, a last fraction
 * below 1 spends only α*(t_K)), overall one-sided level `alpha` ∈ (0, 0.5].
 * Throws RangeError on invalid fractions or alpha.
 */
export function obrienFlemingBoundaries(fractions: readonly number[], alpha: number): GroupSequentialLook[] {
  checkInputs(fractions, alpha);
  const looks: GroupSequentialLook[] = [];
  let density: Density | undefined;
  let previousSpent = 0;
  let tPrev = 0;
  for (const t of fractions) {
    const spent = obrienFlemingSpent(t, alpha);
    const increment = spent - previousSpent;
    let z: number;
    if (!(increment > 0)) z = Number.POSITIVE_INFINITY;
    else if (density === undefined) z = normalQuantile(1 - increment);
    else z = solveBoundary(density, tPrev, t, increment);
    density = density === undefined ? firstDensity(z) : nextDensity(density, tPrev, t, z);
    looks.push({ fraction: t, z, nominalAlpha: normalUpperTail(z), cumulativeAlpha: spent });
    previousSpent = spent;
    tPrev = t;
  }
  return looks;
}

/** P₀(the design stops by look k) for each look: the exact cumulative α a set of boundaries spends. */
export function cumulativeCrossing(fractions: readonly number[], boundaries: readonly number[]): number[] {
  if (fractions.length !== boundaries.length) throw new RangeError('one boundary per fraction');
  const out: number[] = [];
  let density: Density | undefined;
  let total = 0;
  let tPrev = 0;
  fractions.forEach((t, k) => {
    const b = boundaries[k];
    total += density === undefined ? 1 - normalCdf(b) : crossing(density, tPrev, t, b);
    out.push(total);
    density = density === undefined ? firstDensity(b) : nextDensity(density, tPrev, t, b);
    tPrev = t;
  });
  return out;
}
