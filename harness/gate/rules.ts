// The statistical rules of one look: paired non-inferiority per KPI × slice, absolute floors
// (configured and the scenarios' kpi_criteria) and the zero-failure evidence bound. Each rule
// yields a check plus the two p-values the decision combines across rules.
import type { ReportCheck } from '../../reports/types.js';
import type { ResolvedFloor, ResolvedKpiRule, ResolvedSlice, SliceSelector } from './config.js';
import { type GateInput, type GatePair, type GateScenario, inSlice } from './input.js';
import { bootstrapMean } from './stats/bootstrap.js';
import { minimumDetectableEffect } from './stats/mde.js';
import { binaryNonInferiority, continuousNonInferiority } from './stats/nonInferiority.js';
import { normalCdf } from './stats/normal.js';
import { trialsForZeroFailureBound, zeroFailureUpperBound } from './stats/zeroFailure.js';

export interface RuleEvaluation {
  readonly check: ReportCheck;
  /** p-value for "this rule is met" (≤ the look's α ⇒ pass). */
  readonly pPass: number;
  /** p-value for "this rule is clearly broken" (enters the Holm family for REJECT). */
  readonly pFail: number;
  /** The look's α the rule's pass is judged at (null: it passes or not on its own). */
  readonly alphaOfPass: number | null;
  /** The message when the REJECT family finds the rule clearly broken. */
  readonly failMessage: string;
}

export interface LookContext {
  readonly input: GateInput;
  readonly pairs: readonly GatePair[];
  readonly lookIndex: number;
  /** One-sided α spent at this look for a rule of the given confidence. */
  readonly alphaFor: (confidence: number) => number;
  readonly scenarios: ReadonlyMap<string, GateScenario>;
}

const r6 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x);

function slicePairs(ctx: LookContext, selector: SliceSelector): GatePair[] {
  return ctx.pairs.filter((p) => inSlice(ctx.scenarios.get(p.scenario_id), selector));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function nonInferiority(ctx: LookContext, slice: ResolvedSlice, rule: ResolvedKpiRule): RuleEvaluation {
  const pairs = slicePairs(ctx, slice.selector);
  const base = { rule: 'non_inferiority', slice: slice.name, kpi: rule.kpi };
  const alpha = ctx.alphaFor(rule.confidence);
  if (pairs.length === 0) {
    const message = `${rule.kpi} on ${slice.name}: no pairs yet at this look`;
    return {
      check: { ...base, status: 'undecided', figures: { n: 0 }, message },
      pPass: 1,
      pFail: 1,
      alphaOfPass: alpha,
      failMessage: message,
    };
  }
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
          {
            resamples: ctx.input.config.bootstrap_resamples,
            seed: [ctx.input.seed ?? 0, 'gate', slice.name, rule.kpi, ctx.lookIndex],
          },
        );
  const oriented = test.bounds(Math.max(alpha, 1e-15));
  // Report on the raw scale (candidate − baseline) so figures read in the KPI's own unit.
  const lower = sign > 0 ? oriented.lower : -oriented.upper;
  const upper = sign > 0 ? oriented.upper : -oriented.lower;
  const limit = -sign * margin;
  const pass = test.pNonInferior <= alpha;
  const mde = minimumDetectableEffect(test.standardError, Math.max(alpha, 1e-15), ctx.input.config.power);
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
    alpha: r6(alpha),
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
  if (pairs.length === 0) {
    const message = `${f.kpi} on ${sliceName}: no pairs yet at this look`;
    return {
      check: { ...base, status: 'undecided', figures: { n: 0 }, message },
      pPass: 1,
      pFail: 1,
      alphaOfPass: null,
      failMessage: message,
    };
  }
  const values = pairs.map((p) => p.candidate!.kpis[f.kpi]);
  const boot = bootstrapMean(values, {
    resamples: ctx.input.config.bootstrap_resamples,
    seed: [ctx.input.seed ?? 0, rule, sliceName, f.kpi, ctx.lookIndex],
  });
  const m = boot.estimate;
  const se = boot.standardError;
  // Evidence the floor is broken: the mean lies below min (or above max) beyond sampling noise.
  const tail = (distance: number) => (se > 0 ? normalCdf(distance / se) : distance < 0 ? 0 : 1);
  const pMin = f.min !== undefined ? tail(m - f.min) : 1;
  const pMax = f.max !== undefined ? tail(f.max - m) : 1;
  const meets = (f.min === undefined || m >= f.min) && (f.max === undefined || m <= f.max);
  const bound = [f.min !== undefined ? `≥ ${f.min}` : '', f.max !== undefined ? `≤ ${f.max}` : '']
    .filter(Boolean)
    .join(' and ');
  const figures = {
    n: pairs.length,
    candidate_mean: r6(m),
    min: f.min ?? null,
    max: f.max ?? null,
    standard_error: r6(se),
    p_broken: r6(Math.min(pMin, pMax)),
  };
  const message = meets
    ? `${f.kpi} on ${sliceName}: candidate mean ${fmt(m)} meets the floor ${bound}`
    : `${f.kpi} on ${sliceName}: candidate mean ${fmt(m)} misses the floor ${bound}`;
  const failMessage = `${f.kpi} on ${sliceName}: candidate mean ${fmt(m)} clearly misses the floor ${bound} (p ${fmt(Math.min(pMin, pMax))})`;
  return {
    check: { ...base, status: meets ? 'pass' : 'undecided', figures, message },
    pPass: meets ? 0 : 1,
    pFail: Math.min(pMin, pMax),
    alphaOfPass: null,
    failMessage,
  };
}

function safetyBound(ctx: LookContext, alpha: number): RuleEvaluation | undefined {
  const max = ctx.input.config.safety.max_violation_rate;
  if (max === null) return undefined;
  const n = ctx.pairs.length;
  const bound = zeroFailureUpperBound(n, alpha);
  const needed = trialsForZeroFailureBound(max, alpha);
  const pass = bound <= max;
  return {
    check: {
      rule: 'safety_evidence',
      slice: 'all',
      status: pass ? 'pass' : 'undecided',
      figures: { n, upper_bound_rate: r6(bound), max_violation_rate: max, episodes_needed: needed },
      message: pass
        ? `no violation in ${n} candidate episodes: the violation rate is below ${fmt(bound)} (limit ${max})`
        : `no violation in ${n} candidate episodes bounds the rate only by ${fmt(bound)} > ${max}; ${needed} clean episodes are needed`,
    },
    pPass: pass ? 0 : 1,
    pFail: 1,
    alphaOfPass: null,
    failMessage: '',
  };
}

/** Every rule of the config (and the scenarios' kpi_criteria) at one look. */
export function evaluateRules(ctx: LookContext, sideAlpha: number): RuleEvaluation[] {
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
  const evidence = safetyBound(ctx, sideAlpha);
  if (evidence) out.push(evidence);
  return out;
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(2);
  return String(Math.round(x * 1e4) / 1e4);
}
