// Exact McNemar test for paired success/failure: conditional on the discordant pairs, the
// count where only the candidate failed is Binomial(discordant, 1/2) under no difference.
import { binomialCdf, binomialUpperTail } from './binomial.js';

/** Discordant pair counts of a paired binary comparison. */
export interface DiscordantPairs {
  /** Pairs where the candidate succeeded and the baseline failed. */
  readonly candidateOnly: number;
  /** Pairs where the baseline succeeded and the candidate failed. */
  readonly baselineOnly: number;
}

export interface McNemarResult {
  readonly discordant: number;
  /** Two-sided exact p-value: 2 · P(X ≤ min(b, c)), capped at 1. */
  readonly pTwoSided: number;
  /** One-sided exact p-value for "the candidate fails more often than the baseline". */
  readonly pCandidateWorse: number;
  /** One-sided exact p-value for "the candidate succeeds more often than the baseline". */
  readonly pCandidateBetter: number;
}

export function exactMcNemar(pairs: DiscordantPairs): McNemarResult {
  const b = pairs.candidateOnly;
  const c = pairs.baselineOnly;
  for (const [name, v] of [
    ['candidateOnly', b],
    ['baselineOnly', c],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`${name} must be a non-negative integer (got ${v})`);
  }
  const n = b + c;
  // Stryker disable next-line ConditionalExpression: the binomial tails of n = 0 give the same 1s
  if (n === 0) return { discordant: 0, pTwoSided: 1, pCandidateWorse: 1, pCandidateBetter: 1 };
  return {
    discordant: n,
    pTwoSided: Math.min(1, 2 * binomialCdf(Math.min(b, c), n, 0.5)),
    pCandidateWorse: binomialUpperTail(c, n, 0.5),
    pCandidateBetter: binomialUpperTail(b, n, 0.5),
  };
}
