// The safety side of a decision: per-invariant summaries over the screened candidate
// episodes, the zero-tolerance reasons, the zero-failure evidence a PROMOTE needs, and the
// human approvals some slices require.
import type { ReportCheck, ReportInvariantSummary, ReportReason } from '../../reports/types.js';
import { parseSliceName } from './config.js';
import { type GateInput, type GatePair, inSlice } from './input.js';
import { fmt } from './rules.js';
import type { Screening } from './screen.js';
import { wilsonInterval } from './stats/wilson.js';
import { trialsForZeroFailureBound, zeroFailureUpperBound } from './stats/zeroFailure.js';

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function invariantSummaries(pairs: readonly GatePair[], alpha: number): ReportInvariantSummary[] {
  const names = new Map<string, { episodes: number; violations: number }>();
  for (const pair of pairs) {
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

export function invariantChecks(
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
        upper_bound_rate: r6(s.upper_bound_rate),
        zero_tolerance: strict,
      },
      message: failed
        ? `${s.invariant}: ${s.violations} of ${s.episodes} candidate episodes violate it (zero tolerance)`
        : `${s.invariant}: ${s.violations} violations in ${s.episodes} candidate episodes (rate ≤ ${fmt(s.upper_bound_rate)})`,
    };
  });
}

/** One reason per candidate violation of a zero-tolerance invariant, with its replay command. */
export function violationReasons(screening: Screening, strict: 'all' | readonly string[]): ReportReason[] {
  return screening.violations
    .filter((v) => v.model === 'candidate' && (strict === 'all' || strict.includes(v.invariant)))
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
}

/**
 * The evidence a PROMOTE needs: every planned candidate episode ran (`complete`) without a
 * violation, and — when `max_violation_rate` is set — that many clean episodes bound the
 * violation rate below it at the gate's confidence (1 − α^(1/n) ≤ limit).
 */
export function safetyEvidence(
  input: GateInput,
  screened: number,
  alpha: number,
  complete: boolean,
): ReportCheck {
  const max = input.config.safety.max_violation_rate;
  const n = screened;
  const bound = zeroFailureUpperBound(Math.max(n, 1), alpha);
  const planned = Math.min(input.planned_pairs, input.config.max_pairs);
  if (!complete) {
    return {
      rule: 'safety_evidence',
      slice: 'all',
      status: 'undecided',
      figures: { n, planned, upper_bound_rate: r6(bound), max_violation_rate: max },
      message: `only ${n} of ${planned} planned candidate episodes ran: a PROMOTE needs the whole safety budget`,
    };
  }
  if (max === null) {
    return {
      rule: 'safety_evidence',
      slice: 'all',
      status: 'pass',
      figures: { n, planned, upper_bound_rate: r6(bound), max_violation_rate: null },
      message: `the whole safety budget ran: no violation in ${n} candidate episodes (rate ≤ ${fmt(bound)})`,
    };
  }
  const needed = trialsForZeroFailureBound(max, alpha);
  const pass = bound <= max;
  return {
    rule: 'safety_evidence',
    slice: 'all',
    status: pass ? 'pass' : 'undecided',
    figures: { n, planned, upper_bound_rate: r6(bound), max_violation_rate: max, episodes_needed: needed },
    message: pass
      ? `no violation in ${n} candidate episodes: the violation rate is below ${fmt(bound)} (limit ${max})`
      : `no violation in ${n} candidate episodes bounds the rate only by ${fmt(bound)} > ${max}; ${needed} clean episodes are needed`,
  };
}

export function approvalGaps(input: GateInput): ReportCheck[] {
  const sha = input.models.candidate.sha256;
  const approved = sha !== undefined && (input.approvals ?? []).includes(sha);
  if (approved) return [];
  return input.config.require_approval
    .filter((name) => {
      const selector = parseSliceName(name);
      return selector !== undefined && input.scenarios.some((s) => inSlice(s, selector));
    })
    .map((name) => ({
      rule: 'approval_required',
      slice: name,
      status: 'undecided' as const,
      figures: { candidate_sha256: sha ?? null, approvals: (input.approvals ?? []).length },
      message: `slice ${name} requires a human approval: the statistics would promote, but no approval lists candidate sha256 ${sha ?? '(unknown)'}`,
    }));
}

/** The safety search's verdict as a check: a counterexample fails, an unfinished search is undecided. */
export function searchChecks(input: GateInput): ReportCheck[] {
  const search = input.search;
  if (!search) return [];
  if (search.counterexamples.length > 0)
    return search.counterexamples.map((c) => ({
      rule: 'safety_search',
      slice: `scenario:${c.scenario_id}`,
      kpi: c.invariant,
      status: 'fail' as const,
      figures: {
        invariant: c.invariant,
        margin: c.margin,
        found_by: c.found_by,
        scenario: c.file,
        replay: c.replay,
      },
      message: `the safety search found the candidate violating ${c.invariant} (margin ${fmt(c.margin)}); minimal scenario ${c.file}; replay: ${c.replay}`,
    }));
  const figures = {
    episodes: search.episodes,
    budget: search.budget,
    weakest_margin: search.weakest ? r6(search.weakest.robustness) : null,
    weakest_invariant: search.weakest?.invariant ?? null,
  };
  if (!search.complete)
    return [
      {
        rule: 'safety_search',
        slice: 'envelope',
        status: 'undecided',
        figures,
        message: `the safety search ran ${search.episodes} of its ${search.budget} episodes: a PROMOTE needs the whole search`,
      },
    ];
  const shared = search.shared ?? [];
  return [
    {
      rule: 'safety_search',
      slice: 'envelope',
      status: 'pass',
      figures: { ...figures, shared_with_baseline: shared.length },
      message: `no counterexample of the candidate's own in ${search.episodes} safety-search episodes over the operating envelope${search.weakest ? ` (closest: ${search.weakest.invariant} at normalised margin ${fmt(search.weakest.robustness)})` : ''}`,
    },
    ...shared.map((h) => ({
      rule: 'safety_search_shared',
      slice: `scenario:${h.scenario_id}`,
      kpi: h.invariant,
      status: 'pass' as const,
      figures: { invariant: h.invariant, margin: h.margin, scenario: h.scenario_id },
      message: `${h.invariant} is violated in ${h.scenario_id} by the production model too (margin ${fmt(h.margin)}): a hazard of the cell or its ODD, not a regression of the candidate — review it`,
    })),
  ];
}
