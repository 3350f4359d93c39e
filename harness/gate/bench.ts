// Bench helper: episodes the sequential design used next to a fixed-sample design (one look
// at the end of the plan) on the same cases, and whether both reached the same decision.
import type { Decision } from '../../reports/types.js';
import { decideGate, type GateDecision } from './decide.js';
import type { GateInput } from './input.js';

export interface SequentialSavingsCase {
  readonly sequential: { readonly decision: Decision; readonly episodes: number };
  readonly fixed: { readonly decision: Decision; readonly episodes: number };
  readonly same_decision: boolean;
}

export interface SequentialSavings {
  readonly cases: readonly SequentialSavingsCase[];
  readonly sequential_episodes: number;
  readonly fixed_episodes: number;
  /** sequential / fixed episodes over the cases where both designs agree (NaN when none). */
  readonly ratio_when_agreeing: number;
  readonly agreeing: number;
}

/**
 * Both models run each pair the KPI comparison used; after an early PROMOTE the candidate alone
 * runs the rest of its safety episodes. A decision made before any look (ERROR) used nothing.
 */
function episodesOf(decision: GateDecision): number {
  return decision.used_pairs * 2 + Math.max(0, decision.screened_pairs - decision.used_pairs);
}

export function sequentialSavings(inputs: readonly GateInput[]): SequentialSavings {
  const cases = inputs.map((input): SequentialSavingsCase => {
    const seq = decideGate(input);
    // One look at the end of the plan: no stages, no early stop.
    const fixedInput: GateInput = {
      ...input,
      look_pairs: undefined,
      config: { ...input.config, checkpoints: [1] },
    };
    const fix = decideGate(fixedInput);
    return {
      sequential: { decision: seq.decision, episodes: episodesOf(seq) },
      fixed: { decision: fix.decision, episodes: episodesOf(fix) },
      same_decision: seq.decision === fix.decision,
    };
  });
  const agreeing = cases.filter((c) => c.same_decision);
  const seqSum = agreeing.reduce((s, c) => s + c.sequential.episodes, 0);
  const fixSum = agreeing.reduce((s, c) => s + c.fixed.episodes, 0);
  return {
    cases,
    sequential_episodes: cases.reduce((s, c) => s + c.sequential.episodes, 0),
    fixed_episodes: cases.reduce((s, c) => s + c.fixed.episodes, 0),
    ratio_when_agreeing: fixSum > 0 ? seqSum / fixSum : Number.NaN,
    agreeing: agreeing.length,
  };
}
