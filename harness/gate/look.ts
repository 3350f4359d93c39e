// One look of the sequential design: every KPI rule on the first n pairs at the look's
// nominal α (exact group-sequential boundaries), combined into the look's outcome. PROMOTE
// needs every rule to pass — an intersection–union test, so no multiplicity penalty is due;
// REJECT needs one rule clearly broken, and that family is Holm–Bonferroni adjusted.
import type { ReportCheck, ReportLook } from '../../reports/types.js';
import type { GateInput, GateScenario } from './input.js';
import { type LookBoundary, lookBoundaries, type SequentialLook } from './looks.js';
import { evaluateRules, fmt, type RuleEvaluation } from './rules.js';
import { holmReject } from './stats/holm.js';
import { normalQuantile } from './stats/normal.js';

export interface EvaluatedLook {
  readonly index: number;
  readonly pairs: number;
  readonly outcome: 'PROMOTE' | 'REJECT' | 'CONTINUE';
  /** Every rule × slice at this look (failing ones marked by the Holm family). */
  readonly checks: readonly ReportCheck[];
  readonly failing: readonly ReportCheck[];
  readonly undecided: readonly ReportCheck[];
  /** The weakest non-inferiority rule's z and the boundary it had to reach. */
  readonly statistic?: ReportLook['statistic'];
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
/** Six significant digits: nominal α of an early look is about 1e-5. */
const r6e = (x: number) => Number(x.toPrecision(6));
const clip = (z: number) => (Number.isNaN(z) ? 0 : Math.max(-40, Math.min(40, z)));

export function evaluateLook(input: GateInput, looks: readonly SequentialLook[], k: number): EvaluatedLook {
  const look = looks[k];
  const config = input.config;
  const scenarios = new Map<string, GateScenario>(input.scenarios.map((s) => [s.id, s]));
  const nominal = (confidence: number) => lookBoundaries(looks, (1 - confidence) / 2)[k].nominal;
  const evals = evaluateRules({
    input,
    pairs: input.pairs.slice(0, look.pairs),
    lookIndex: k,
    alphaFor: nominal,
    scenarios,
  });
  const family = evals.map((e) => e.pFail);
  const broken = holmReject(family, nominal(config.confidence));
  const checks = evals.map((e, i) => (broken[i] ? failCheck(e, nominal(config.confidence)) : e.check));
  const failing = checks.filter((c) => c.status === 'fail');
  const enough = look.pairs >= config.min_pairs;
  const extra: ReportCheck[] = enough ? [] : [minPairsCheck(look.pairs, config.min_pairs)];
  const passes = evals.length > 0 && evals.every((e) => e.check.status === 'pass') && enough;
  const outcome = failing.length > 0 ? 'REJECT' : passes ? 'PROMOTE' : 'CONTINUE';
  return {
    index: k,
    pairs: look.pairs,
    outcome,
    checks: [...extra, ...checks],
    failing,
    undecided: [...extra, ...checks.filter((c) => c.status !== 'pass')],
    ...weakest(evals),
  };
}

/** The rule furthest from passing: its z (Φ⁻¹(1 − p)) against its boundary (Φ⁻¹(1 − α)). */
function weakest(evals: readonly RuleEvaluation[]): { statistic?: ReportLook['statistic'] } {
  let out: ReportLook['statistic'];
  for (const e of evals) {
    if (e.check.rule !== 'non_inferiority' || e.alphaOfPass === null || e.check.figures.n === 0) continue;
    const z = clip(normalQuantile(1 - e.pPass));
    const boundary = clip(normalQuantile(1 - e.alphaOfPass));
    if (!out || z - boundary < out.z - out.boundary)
      out = { rule: `${e.check.kpi} on ${e.check.slice}`, z: r6(z), boundary: r6(boundary) };
  }
  return out ? { statistic: out } : {};
}

export function lookRow(
  look: SequentialLook,
  bound: LookBoundary,
  outcome: ReportLook['outcome'],
  statistic?: ReportLook['statistic'],
): ReportLook {
  return {
    index: look.index,
    pairs: look.pairs,
    fraction: look.fraction,
    cumulative_alpha: r6e(bound.cumulative),
    nominal_alpha: r6e(bound.nominal),
    boundary_z: Number.isFinite(bound.z) ? r6(bound.z) : null,
    outcome,
    ...(statistic ? { statistic } : {}),
  };
}

function failCheck(e: RuleEvaluation, alpha: number): ReportCheck {
  return {
    ...e.check,
    status: 'fail',
    figures: { ...e.check.figures, p_fail: e.pFail, holm_alpha: alpha },
    message: `${e.failMessage}, Holm-adjusted at α ${fmt(alpha)}`,
  };
}

function minPairsCheck(pairs: number, min: number): ReportCheck {
  return {
    rule: 'min_pairs',
    slice: 'all',
    status: 'undecided',
    figures: { pairs, min_pairs: min },
    message: `the plan has ${pairs} pairs, fewer than min_pairs ${min}: too few to promote`,
  };
}
