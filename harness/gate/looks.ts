// Where the sequential design looks, and the boundary each look tests at. Checkpoints are
// fractions of the plan (capped at max_pairs); looks before min_pairs are skipped and spend
// nothing. The engine stages the plan at these looks; the decision evaluates exactly these.
import type { ResolvedGateConfig } from './config.js';
import { obrienFlemingBoundaries } from './stats/groupSequential.js';

export interface SequentialLook {
  readonly index: number;
  /** Pairs the look uses (the first `pairs` of the plan). */
  readonly pairs: number;
  /** Information fraction pairs / min(plan, max_pairs). */
  readonly fraction: number;
}

/** The one-sided boundary of a look: reject at this look when z ≥ `z`, i.e. p ≤ `nominal`. */
export interface LookBoundary {
  readonly z: number;
  readonly nominal: number;
  /** α spent up to and including this look. */
  readonly cumulative: number;
}

/** The looks of a plan of `plannedPairs` pairs under `config` (empty for an empty plan). */
export function sequentialLooks(
  plannedPairs: number,
  config: Pick<ResolvedGateConfig, 'checkpoints' | 'min_pairs' | 'max_pairs'>,
  lookPairs?: readonly number[],
): SequentialLook[] {
  const total = Math.min(plannedPairs, config.max_pairs);
  if (total <= 0) return [];
  const sizes: number[] = [];
  // The engine's stages give exact cumulative pair counts; otherwise fractions of the plan.
  const candidates = lookPairs ?? config.checkpoints.map((f) => Math.ceil(f * total));
  for (const c of candidates) {
    const n = Math.min(total, Math.max(1, c));
    if (n < config.min_pairs && n < total) continue;
    if (!sizes.includes(n)) sizes.push(n);
  }
  if (!sizes.includes(total)) sizes.push(total);
  return sizes.map((n, index) => ({ index, pairs: n, fraction: n / total }));
}

const memo = new Map<string, readonly LookBoundary[]>();

/**
 * Exact one-sided boundaries of the looks for overall level `alpha` (Lan–DeMets
 * O'Brien–Fleming spending, recursive numerical integration). Memoised: every rule of every
 * look asks for them.
 */
export function lookBoundaries(looks: readonly SequentialLook[], alpha: number): readonly LookBoundary[] {
  const fractions = looks.map((l) => l.fraction);
  const key = `${alpha}|${fractions.join(',')}`;
  let out = memo.get(key);
  if (!out) {
    out =
      fractions.length === 0
        ? []
        : obrienFlemingBoundaries(fractions, alpha).map((b) => ({
            z: b.z,
            nominal: b.nominalAlpha,
            cumulative: b.cumulativeAlpha,
          }));
    memo.set(key, out);
  }
  return out;
}

/** One-sided α of a two-sided confidence level. */
export function sideAlpha(confidence: number): number {
  // Rounded so 0.95 gives exactly 0.025 in reports.
  return Math.round(((1 - confidence) / 2) * 1e12) / 1e12;
}
