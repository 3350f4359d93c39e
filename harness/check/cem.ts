// Margin-guided falsification by the cross-entropy method (Rubinstein; used for falsifying
// cyber-physical systems by Sankaranarayanan & Fainekos, S-TaLiRo, and in VerifAI): a sampling
// distribution over the envelope's unit cube — an independent clipped normal per numeric
// dimension, a categorical per choice — is refit each generation to the elite trials, those with
// the lowest robustness (the smallest normalised invariant margin). It needs no gradient and
// evaluates a whole generation at once, so the worker pool stays full. Pure and seeded.
import { rngStream } from '../../sim/rng.js';
import type { Envelope } from './envelope.js';

export interface CemOptions {
  /** Trials per generation (one engine batch). */
  readonly population: number;
  /** Trials, the best of every trial so far, that refit the distribution. */
  readonly elites: number;
  /** Weight of the new fit against the old distribution (smoothing). */
  readonly smoothing: number;
  /** Floor of every numeric dimension's standard deviation (unit-cube scale). */
  readonly minSd: number;
}

export const DEFAULT_CEM: CemOptions = { population: 8, elites: 3, smoothing: 0.7, minSd: 0.03 };

export interface CemState {
  readonly generation: number;
  /** Per dimension: mean and sd (numeric) or choice probabilities (choice). */
  readonly dims: readonly (
    | { readonly mean: number; readonly sd: number }
    | { readonly probs: readonly number[] }
  )[];
}

export function initialCem(envelope: Envelope): CemState {
  return {
    generation: 0,
    dims: envelope.dims.map((d) =>
      d.kind === 'choice' ? { probs: d.values.map(() => 1 / d.values.length) } : { mean: 0.5, sd: 0.35 },
    ),
  };
}

/**
 * One generation of unit-cube points with a stream keyed by (`seed`, `generation`): point k is
 * drawn from `states[k mod S]` — one distribution per invariant the search climbs, so each
 * invariant's margins guide their own share of the trials — and every `uniformEvery`-th point
 * uniformly instead: a converged distribution can sit in a local minimum of the margins, and
 * those points keep the rest of the envelope in play.
 */
export function sampleGeneration(
  states: readonly CemState[],
  seed: number,
  generation: number,
  n: number,
  uniformEvery = 4,
): number[][] {
  const rng = rngStream('cem', seed, generation);
  let drawn = 0;
  return Array.from({ length: n }, (_, k) => {
    const uniform = k % uniformEvery === uniformEvery - 1;
    const state = states[drawn % states.length];
    if (!uniform) drawn++;
    return state.dims.map((d) => {
      if (uniform) return rng.next();
      if ('probs' in d) {
        const i = rng.weighted(d.probs);
        return (i + 0.5) / d.probs.length;
      }
      const u = rng.normal(d.mean, d.sd);
      return Math.min(1, Math.max(0, u));
    });
  });
}

/**
 * Refits the distribution to the elite points of a generation: `scores` (lower = closer to a
 * failure, +∞ = no evidence) in the order of `points`; ties keep point order, so the fit is
 * deterministic.
 */
export function refit(
  state: CemState,
  points: readonly number[][],
  scores: readonly number[],
  o: CemOptions = DEFAULT_CEM,
): CemState {
  const order = points.map((_, i) => i).sort((a, b) => scores[a] - scores[b] || a - b);
  // Elites from every trial so far (an elitist refit): a good point is never forgotten. A trial
  // scored +∞ (no evidence for this objective) is an elite only when no trial has a score.
  const k = Math.max(2, o.elites);
  const best = order.slice(0, Math.min(k, points.length));
  const scored = best.filter((i) => Number.isFinite(scores[i]));
  const elites = (scored.length > 0 ? scored : best).map((i) => points[i]);
  const a = o.smoothing;
  return {
    generation: state.generation + 1,
    dims: state.dims.map((d, j) => {
      const xs = elites.map((p) => p[j]);
      if ('probs' in d) {
        const counts = d.probs.map(() => 0);
        for (const x of xs) counts[Math.min(d.probs.length - 1, Math.floor(x * d.probs.length))]++;
        // A choice never seen among the elites keeps a little mass: the search can come back to it.
        return { probs: d.probs.map((p, i) => Math.max(0.02, a * (counts[i] / xs.length) + (1 - a) * p)) };
      }
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
      return { mean: a * mean + (1 - a) * d.mean, sd: Math.max(o.minSd, a * sd + (1 - a) * d.sd) };
    }),
  };
}
