// The promotion decision: a pure function of the plan-ordered paired results, the resolved
// config and the models' load status. Fail closed first (ERROR / REJECT on any violation),
// then group-sequential looks in plan order, stopping at the first look where the candidate is
// clearly non-inferior on every rule (PROMOTE) or clearly worse on one (REJECT).
//
// Error control: PROMOTE needs every rule to pass at the look's α — an intersection–union
// test, so no multiplicity penalty is due. REJECT needs one rule clearly broken: that family
// is Holm–Bonferroni adjusted. Both families spend α over the looks (O'Brien–Fleming type).
import type {
  Decision,
  ReportCheck,
  ReportInvariantSummary,
  ReportLook,
  ReportReason,
  ReportSafety,
  ReportSequential,
} from '../../reports/types.js';
import { parseSliceName } from './config.js';
import { type GateInput, type GateScenario, inSlice } from './input.js';
import { lookAlphas, sequentialLooks, sideAlpha } from './looks.js';
import { evaluateRules, fmt, type RuleEvaluation } from './rules.js';
import { screen } from './screen.js';
import { holmReject } from './stats/holm.js';
import { wilsonInterval } from './stats/wilson.js';
import { zeroFailureUpperBound } from './stats/zeroFailure.js';

export interface GateDecision {
  readonly decision: Decision;
  /** What decided: failing rules for REJECT, undecided ones for INCONCLUSIVE, errors for ERROR, passes for PROMOTE. */
  readonly reasons: readonly ReportReason[];
  /** Every rule × slice and invariant at the deciding look. */
  readonly checks: readonly ReportCheck[];
  readonly sequential: ReportSequential;
  readonly safety: ReportSafety;
  /** Pairs the decision used (0 when none). */
  readonly used_pairs: number;
}

const STATUS_ORDER = { error: 0, fail: 1, undecided: 2, pass: 3 } as const;

function invariantSummaries(input: GateInput, pairs: number, alpha: number): ReportInvariantSummary[] {
  const names = new Map<string, { episodes: number; violations: number }>();
  for (const pair of input.pairs.slice(0, pairs)) {
    for (const inv of pair.candidate?.invariants ?? []) {
      const s = names.get(inv.name) ?? { episodes: 0, violations: 0 };
      s.episodes++;
      if (inv.violated) s.violations++;
      names.set(inv.name, s);
    }
  }
  return [...names].map(([invariant, s]) => ({
    invariant,
    episodes: s.episodes,
    violations: s.violations,
    upper_bound_rate:
      s.violations === 0
        ? zeroFailureUpperBound(s.episodes, alpha)
        : wilsonInterval(s.violations, s.episodes, 1 - 2 * alpha).upper,
  }));
}

function invariantChecks(
  summaries: readonly ReportInvariantSummary[],
  zeroTolerance: 'all' | readonly string[],
): ReportCheck[] {
  return summaries.map((s) => {
    const strict = zeroTolerance === 'all' || zeroTolerance.includes(s.invariant);
    const failed = strict && s.violations > 0;
    return {
      rule: 'safety_invariant',
      slice: 'all',
      kpi: s.invariant,
      status: failed ? 'fail' : 'pass',
      figures: {
        episodes: s.episodes,
        violations: s.violations,
        upper_bound_rate: Math.round(s.upper_bound_rate * 1e6) / 1e6,
        zero_tolerance: strict,
      },
      message: failed
        ? `${s.invariant}: ${s.violations} of ${s.episodes} candidate episodes violate it (zero tolerance)`
        : `${s.invariant}: ${s.violations} violations in ${s.episodes} candidate episodes (rate ≤ ${fmt(s.upper_bound_rate)})`,
    };
  });
}

function sortChecks(checks: ReportCheck[]): ReportCheck[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => STATUS_ORDER[a.c.status] - STATUS_ORDER[b.c.status] || a.i - b.i)
    .map((x) => x.c);
}

export function decideGate(input: GateInput): GateDecision {
  const config = input.config;
  const alpha = sideAlpha(config.confidence);
  const looks = sequentialLooks(input.planned_pairs, config, input.look_pairs);
  const spent = lookAlphas(looks, alpha);
  const scr = screen(input);
  const reportLooks: ReportLook[] = [];
  const finish = (
    decision: Decision,
    lookIndex: number | null,
    checks: ReportCheck[],
    reasons: ReportReason[],
  ): GateDecision => {
    const used = lookIndex === null ? 0 : looks[lookIndex].pairs;
    const summaries = invariantSummaries(input, lookIndex === null ? input.pairs.length : used, alpha);
    const allChecks = sortChecks([
      ...scr.errors,
      ...invariantChecks(summaries, config.safety.invariants),
      ...checks,
    ]);
    return {
      decision,
      reasons: reasons.length > 0 ? reasons : allChecks.filter((c) => c.status !== 'pass').slice(0, 1),
      checks: allChecks,
      sequential: {
        design: 'group-sequential',
        spending: 'lan-demets-obrien-fleming',
        alpha,
        planned_looks: looks.length,
        looks: reportLooks,
        stopped_at: lookIndex === null ? null : { look: lookIndex, pairs: used, episodes: used * 2 },
      },
      safety: { violations: scr.violations, invariants: summaries },
      used_pairs: used,
    };
  };

  // A counterexample is definitive evidence: REJECT at the first look that contains it.
  if (scr.zeroToleranceAt.length > 0) {
    const first = Math.min(...scr.zeroToleranceAt);
    let at = looks.findIndex((l) => l.pairs > first);
    if (at < 0) at = looks.length - 1;
    const reasons: ReportReason[] = scr.violations
      .filter(
        (v) =>
          v.model === 'candidate' &&
          (config.safety.invariants === 'all' || config.safety.invariants.includes(v.invariant)),
      )
      .map((v) => ({
        rule: 'safety_invariant',
        slice: `scenario:${v.scenario_id}`,
        kpi: v.invariant,
        status: 'fail' as const,
        figures: {
          invariant: v.invariant,
          scenario: v.scenario_id,
          sample: v.sample,
          seed: v.seed,
          worst: v.worst,
          limit: v.limit,
          margin: v.margin,
          t: v.t,
          replay: v.replay,
        },
        message: `the candidate violates ${v.invariant} in scenario ${v.scenario_id} sample ${v.sample} (seed ${v.seed}): ${v.message}; replay: ${v.replay}`,
      }));
    if (at >= 0)
      reportLooks.push(
        ...looks.slice(0, at + 1).map((l, i) => lookRow(l, spent[i], i === at ? 'REJECT' : 'CONTINUE')),
      );
    return finish('REJECT', at >= 0 ? at : null, [], [...reasons, ...scr.errors]);
  }
  if (scr.errors.length > 0) return finish('ERROR', null, [], scr.errors);

  const scenarios = new Map<string, GateScenario>(input.scenarios.map((s) => [s.id, s]));
  const total = Math.min(input.planned_pairs, config.max_pairs);
  let last: { index: number; evals: RuleEvaluation[] } | undefined;
  for (const look of looks) {
    if (look.pairs > input.pairs.length) break;
    const k = look.index;
    const alphaFor = (confidence: number) => lookAlphas(looks, sideAlpha(confidence))[k].nominal;
    const evals = evaluateRules(
      { input, pairs: input.pairs.slice(0, look.pairs), lookIndex: k, alphaFor, scenarios },
      alpha,
    );
    last = { index: k, evals };
    // Only statistical rules enter the REJECT family (the evidence bound never fails a model).
    const family = evals.map((e, i) => ({ e, i })).filter(({ e }) => e.check.rule !== 'safety_evidence');
    const rejected = holmReject(
      family.map(({ e }) => e.pFail),
      spent[k].nominal,
    );
    const broken = evals.map(() => false);
    family.forEach(({ i }, j) => {
      broken[i] = rejected[j];
    });
    if (broken.some(Boolean)) {
      const checks = evals.map((e, i) => (broken[i] ? failCheck(e, spent[k].nominal) : e.check));
      reportLooks.push(lookRow(look, spent[k], 'REJECT'));
      return finish(
        'REJECT',
        k,
        checks,
        checks.filter((c) => c.status === 'fail'),
      );
    }
    const allPass = evals.every((e) => e.check.status === 'pass') && look.pairs >= config.min_pairs;
    if (allPass) {
      const unapproved = approvalGaps(input, scenarios);
      if (unapproved.length > 0) {
        reportLooks.push(lookRow(look, spent[k], 'INCONCLUSIVE'));
        return finish('INCONCLUSIVE', k, [...unapproved, ...evals.map((e) => e.check)], unapproved);
      }
      reportLooks.push(lookRow(look, spent[k], 'PROMOTE'));
      const checks = evals.map((e) => e.check);
      return finish('PROMOTE', k, checks, checks);
    }
    const final = look.pairs >= total;
    reportLooks.push(lookRow(look, spent[k], final ? 'INCONCLUSIVE' : 'CONTINUE'));
    if (final) {
      const checks = evals.map((e) => e.check);
      const extra: ReportCheck[] =
        look.pairs < config.min_pairs ? [minPairsCheck(look.pairs, config.min_pairs)] : [];
      return finish(
        'INCONCLUSIVE',
        k,
        [...extra, ...checks],
        [...extra, ...checks.filter((c) => c.status !== 'pass')],
      );
    }
  }
  // The run ended before the next look: nothing can be decided yet.
  const incomplete: ReportCheck = {
    rule: 'incomplete_run',
    slice: 'all',
    status: 'undecided',
    figures: {
      pairs: input.pairs.length,
      planned_pairs: total,
      next_look_pairs: looks.find((l) => l.pairs > input.pairs.length)?.pairs ?? null,
    },
    message: `only ${input.pairs.length} of ${total} planned pairs finished and no look decided`,
  };
  const checks = last ? last.evals.map((e) => e.check) : [];
  return finish('INCONCLUSIVE', last ? last.index : null, [incomplete, ...checks], [incomplete]);
}

function lookRow(
  look: { index: number; pairs: number; fraction: number },
  spent: { cumulative: number; nominal: number },
  outcome: ReportLook['outcome'],
): ReportLook {
  return {
    index: look.index,
    pairs: look.pairs,
    fraction: look.fraction,
    cumulative_alpha: spent.cumulative,
    nominal_alpha: spent.nominal,
    outcome,
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

function approvalGaps(input: GateInput, scenarios: ReadonlyMap<string, GateScenario>): ReportCheck[] {
  const sha = input.models.candidate.ok ? input.models.candidate.sha256 : input.models.candidate.sha256;
  const approved = sha !== undefined && (input.approvals ?? []).includes(sha);
  if (approved) return [];
  return input.config.require_approval
    .filter((name) => {
      const selector = parseSliceName(name);
      return selector !== undefined && [...scenarios.values()].some((s) => inSlice(s, selector));
    })
    .map((name) => ({
      rule: 'approval_required',
      slice: name,
      status: 'undecided' as const,
      figures: { candidate_sha256: sha ?? null, approvals: (input.approvals ?? []).length },
      message: `slice ${name} requires a human approval: the statistics would promote, but no approval lists candidate sha256 ${sha ?? '(unknown)'}`,
    }));
}
