// The statistical rules of one look: paired non-inferiority per KPI × slice and absolute floors
// (configured and the scenarios' kpi_criteria). Each rule yields a check plus the two p-values
// the look combines across rules. A slice with fewer pairs than `min_slice_pairs` decides
// nothing either way: one pair must never pass or break a rule.
import type { ReportCheck } from '../../reports/types.js';
import type { ResolvedFloor, ResolvedKpiRule, ResolvedSlice, SliceSelector } from './config.js';
import { type GateInput, type GatePair, type GateScenario, inSlice } from './input.js';
import { floorTest } from './stats/floor.js';
import { minimumDetectableEffect } from './stats/mde.js';
import { binaryNonInferiority, continuousNonInferiority } from './stats/nonInferiority.js';

export interface RuleEvaluation {
  readonly check: ReportCheck;
  /** p-value for "this rule is met" (≤ the look's α ⇒ pass). */
  readonly pPass: number;
  /** p-value for "this rule is clearly broken" (enters the Holm family for REJECT). */
  readonly pFail: number;
  /** The look's α the rule's pass is judged at. */
  readonly alphaOfPass: number | null;
  /** The message when the REJECT family finds the rule clearly broken. */
  readonly failMessage: string;
}

export interface LookContext {
  readonly input: GateInput;
  readonly pairs: readonly GatePair[];
  readonly lookIndex: number;
  /** One-sided nominal α of this look for a rule of the given confidence. */
  readonly alphaFor: (confidence: number) => number;
  readonly scenarios: ReadonlyMap<string, GateScenario>;
}

const r6 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function slicePairs(ctx: LookContext, selector: SliceSelector): GatePair[] {
  return ctx.pairs.filter((p) => inSlice(ctx.scenarios.get(p.scenario_id), selector));
}

/** A rule that cannot decide at this look: too few pairs in its slice. */
function tooFew(
  base: Omit<ReportCheck, 'status' | 'figures' | 'message'>,
  n: number,
  min: number,
  alpha: number | null,
) {
  const message =
    n === 0
      ? `${base.kpi} on ${base.slice}: no pairs yet at this look`
      : `${base.kpi} on ${base.slice}: ${n} pair(s), fewer than min_slice_pairs ${min}: too few to decide either way`;
  return {
    check: { ...base, status: 'undecided' as const, figures: { n, min_slice_pairs: min }, message },
    pPass: 1,
    pFail: 1,
    alphaOfPass: alpha,
    failMessage: message,
  };
}

function nonInferiority(ctx: LookContext, slice: ResolvedSlice, rule: ResolvedKpiRule): RuleEvaluation {
  const pairs = slicePairs(ctx, slice.selector);
  const base = { rule: 'non_inferiority', slice: slice.name, kpi: rule.kpi };
  const alpha = ctx.alphaFor(rule.confidence);
  const min = ctx.input.config.min_slice_pairs;
  if (pairs.length < Math.max(1, min)) return tooFew(base, pairs.length, min, alpha);
  const cand = pairs.map((p) => p.candidate!.kpis[rule.kpi]);
  const basel = pairs.map((p) => p.baseline!.kpis[rule.kpi]);
  const sign = rule.direction === 'higher' ? 1 : -1;
  const baselineMean = mean(basel);
  const margin =
    rule.margin.kind === 'absolute' ? rule.margin.value : rule.margin.value * Math.abs(baselineMean);
  const test =
    rule.test === 'binary'
      ? binaryNonInferiority(cand, basel, margin, rule.direction)
      : continuousNonInferiority(
          cand.map((c, i) => sign * (c - basel[i])),
          margin,
        );
  const oriented = test.bounds(alpha);
  // Report on the raw scale (candidate − baseline) so figures read in the KPI's own unit.
  const lower = sign > 0 ? oriented.lower : -oriented.upper;
  const upper = sign > 0 ? oriented.upper : -oriented.lower;
  const limit = -sign * margin;
  const pass = test.pNonInferior <= alpha;
  const mde = minimumDetectableEffect(test.standardError, alpha, ctx.input.config.power);
  const figures = {
    n: pairs.length,
    candidate_mean: r6(mean(cand)),
    baseline_mean: r6(baselineMean),
    difference: r6(mean(cand) - baselineMean),
    lower: r6(lower),
    upper: r6(upper),
    limit: r6(limit),
    margin: r6(margin),
    margin_kind: rule.margin.kind,
    direction: rule.direction,
    test: rule.test,
    method: test.method,
    alpha: Number(alpha.toPrecision(6)),
    p_noninferior: r6(test.pNonInferior),
    p_worse: r6(test.pWorse),
    standard_error: r6(test.standardError),
    mde: r6(mde),
    ...(test.mcnemar
      ? {
          mcnemar_p: r6(test.mcnemar.pTwoSided),
          mcnemar_p_worse: r6(test.mcnemar.pCandidateWorse),
          discordant: test.mcnemar.discordant,
        }
      : {}),
  };
  const side = rule.direction === 'higher' ? 'above' : 'below';
  const range = `difference ${fmt(figures.difference)} [${fmt(lower)}, ${fmt(upper)}]`;
  const head = `${rule.kpi} on ${slice.name}: candidate ${fmt(figures.candidate_mean)} vs baseline ${fmt(figures.baseline_mean)}, ${range}`;
  const message = pass
    ? `${head} lies ${side} the non-inferiority limit ${fmt(limit)}`
    : `${head} does not clear the limit ${fmt(limit)} (p ${fmt(test.pNonInferior)} > α ${fmt(alpha)}); this sample detects differences of ${fmt(mde)} with power ${ctx.input.config.power}`;
  const failMessage = `${head}: the candidate is worse than the non-inferiority limit ${fmt(limit)} allows (p ${fmt(test.pWorse)})`;
  return {
    check: { ...base, status: pass ? 'pass' : 'undecided', figures, message },
    pPass: test.pNonInferior,
    pFail: test.pWorse,
    alphaOfPass: alpha,
    failMessage,
  };
}

function floor(
  ctx: LookContext,
  sliceName: string,
  selector: SliceSelector,
  f: ResolvedFloor,
  rule: string,
): RuleEvaluation {
  const pairs = slicePairs(ctx, selector);
  const base = { rule, slice: sliceName, kpi: f.kpi };
  const alpha = ctx.alphaFor(ctx.input.config.confidence);
  const min = ctx.input.config.min_slice_pairs;
  if (pairs.length < Math.max(1, min)) return tooFew(base, pairs.length, min, alpha);
  const values = pairs.map((p) => p.candidate!.kpis[f.kpi]);
  const test = floorTest(values, { min: f.min, max: f.max });
  const m = mean(values);
  const byInterval = ctx.input.config.floor_evidence === 'interval';
  const meetsPoint = (f.min === undefined || m >= f.min) && (f.max === undefined || m <= f.max);
  const pass = byInterval ? test.pMeets <= alpha : meetsPoint;
  const interval = test.bounds(alpha);
  const bound = [f.min !== undefined ? `≥ ${f.min}` : '', f.max !== undefined ? `≤ ${f.max}` : '']
    .filter(Boolean)
    .join(' and ');
  const figures = {
    n: pairs.length,
    candidate_mean: r6(m),
    lower: r6(interval.lower),
    upper: r6(interval.upper),
    min: f.min ?? null,
    max: f.max ?? null,
    evidence: ctx.input.config.floor_evidence,
    alpha: Number(alpha.toPrecision(6)),
    method: test.method,
    standard_error: r6(test.standardError),
    p_meets: r6(test.pMeets),
    p_broken: r6(test.pBroken),
  };
  const head = `${f.kpi} on ${sliceName}: candidate mean ${fmt(m)} [${fmt(interval.lower)}, ${fmt(interval.upper)}]`;
  const message = pass
    ? `${head} meets the floor ${bound}`
    : meetsPoint
      ? `${head}: the interval does not yet clear the floor ${bound} (p ${fmt(test.pMeets)} > α ${fmt(alpha)})`
      : `${head} misses the floor ${bound}`;
  const failMessage = `${head} clearly misses the floor ${bound} (p ${fmt(test.pBroken)})`;
  return {
    check: { ...base, status: pass ? 'pass' : 'undecided', figures, message },
    pPass: byInterval ? test.pMeets : meetsPoint ? 0 : 1,
    pFail: test.pBroken,
    alphaOfPass: alpha,
    failMessage,
  };
}

/** Every rule of the config and the scenarios' kpi_criteria at one look. */
export function evaluateRules(ctx: LookContext): RuleEvaluation[] {
  const out: RuleEvaluation[] = [];
  for (const slice of ctx.input.config.slices) {
    for (const rule of slice.kpis) out.push(nonInferiority(ctx, slice, rule));
    for (const f of slice.floors) out.push(floor(ctx, slice.name, slice.selector, f, 'floor'));
  }
  for (const s of ctx.input.scenarios) {
    for (const c of s.kpi_criteria) {
      out.push(
        floor(
          ctx,
          `scenario:${s.id}`,
          { kind: 'scenario', value: s.id },
          { kpi: c.kpi, min: c.min, max: c.max },
          'scenario_criterion',
        ),
      );
    }
  }
  return out;
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(2);
  return String(Math.round(x * 1e4) / 1e4);
}
