// Where the sequential design looks: checkpoints are fractions of the plan (capped at
// max_pairs); looks before min_pairs are skipped and spend nothing. The engine asks for
// these to know where it may stop; the decision evaluates exactly these.
import type { ResolvedGateConfig } from './config.js';
import { spendingSchedule } from './stats/spending.js';

export interface SequentialLook {
  readonly index: number;
  /** Pairs the look uses (the first `pairs` of the plan). */
  readonly pairs: number;
  /** Information fraction pairs / min(plan, max_pairs). */
  readonly fraction: number;
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

/** Nominal one-sided α of every look for an overall one-sided level `alpha`. */
export function lookAlphas(
  looks: readonly SequentialLook[],
  alpha: number,
): { cumulative: number; nominal: number }[] {
  return spendingSchedule(
    looks.map((l) => l.fraction),
    alpha,
  ).map((s) => ({ cumulative: s.cumulativeAlpha, nominal: s.nominalAlpha }));
}

/** One-sided α of a two-sided confidence level. */
export function sideAlpha(confidence: number): number {
  // Rounded so 0.95 gives exactly 0.025 in reports.
  return Math.round(((1 - confidence) / 2) * 1e12) / 1e12;
}
