// The promotion decision: one pure function of the plan-ordered pairs, the resolved config and
// the models' load status, returning the evaluation of every look it made. The sweep engine
// calls it at each checkpoint with a memo of the looks already evaluated, so every look is
// evaluated exactly once per run, and the report renders what it returns.
//
// Order: fail closed first (ERROR), then looks in plan order. At each look the candidate's
// new episodes are screened (a zero-tolerance violation → REJECT, an error → ERROR); until the
// KPI comparison has promoted, the rules are evaluated on the first n pairs: REJECT when the
// Holm family finds a rule clearly broken, a tentative PROMOTE when every rule passes. After a
// tentative PROMOTE only the candidate's episodes still run — the whole safety budget — and
// the PROMOTE stands only when every planned candidate episode ran clean and the zero-failure
// bound holds. Early stopping may shorten the KPI comparison, never the safety evidence.
import type {
  Decision,
  ReportCheck,
  ReportReason,
  ReportSafety,
  ReportSequential,
} from '../../reports/types.js';
import type { GateInput } from './input.js';
import { type EvaluatedLook, evaluateLook, lookRow } from './look.js';
import { lookBoundaries, type SequentialLook, sequentialLooks, sideAlpha } from './looks.js';
import { type Screening, screenGlobal, screenPairs } from './screen.js';
import {
  approvalGaps,
  invariantChecks,
  invariantSummaries,
  safetyEvidence,
  searchChecks,
  violationReasons,
} from './safety.js';

export interface GateDecision {
  readonly decision: Decision;
  /** What decided: failing rules for REJECT, undecided ones for INCONCLUSIVE, errors for ERROR, passes for PROMOTE. */
  readonly reasons: readonly ReportReason[];
  /** Every rule × slice and invariant at the deciding look. */
  readonly checks: readonly ReportCheck[];
  readonly sequential: ReportSequential;
  readonly safety: ReportSafety;
  /** Pairs the KPI comparison used (0 when none). */
  readonly used_pairs: number;
  /** Pairs whose candidate episode the safety screen covered (≥ used_pairs). */
  readonly screened_pairs: number;
  /**
   * What the engine should do next when the results are partial: `stop` (decided), `candidate`
   * (KPIs promoted: run only the candidate's remaining episodes) or `continue`.
   */
  readonly next: 'stop' | 'candidate' | 'continue';
}

/** Look evaluations keyed by look index, reused while the look's pairs are unchanged. */
export type LookMemo = Map<number, EvaluatedLook>;

const STATUS_ORDER = { error: 0, fail: 1, undecided: 2, pass: 3 } as const;

function sortChecks(checks: readonly ReportCheck[]): ReportCheck[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => STATUS_ORDER[a.c.status] - STATUS_ORDER[b.c.status] || a.i - b.i)
    .map((x) => x.c);
}

interface Progress {
  /** Looks walked, with their evaluation when the KPI comparison ran at them. */
  readonly rows: ReportSequential['looks'][number][];
  promotedAt: number | null;
  screened: number;
}

export function decideGate(input: GateInput, memo: LookMemo = new Map()): GateDecision {
  const config = input.config;
  const alpha = sideAlpha(config.confidence);
  const looks = sequentialLooks(input.planned_pairs, config, input.look_pairs);
  const bounds = lookBoundaries(looks, alpha);
  const progress: Progress = { rows: [], promotedAt: null, screened: 0 };
  const search = searchChecks(input);
  const finish = (
    decision: Decision,
    next: GateDecision['next'],
    at: SequentialLook | null,
    checks: readonly ReportCheck[],
    reasons: readonly ReportReason[],
    screening: Screening,
  ): GateDecision => {
    // KPI pairs: up to the look that promoted, else up to the deciding look.
    const used = progress.promotedAt !== null ? looks[progress.promotedAt].pairs : (at?.pairs ?? 0);
    const episodes = used * 2 + Math.max(0, progress.screened - used);
    const summaries = invariantSummaries(input.pairs.slice(0, progress.screened), alpha);
    // The search's checks belong to every decision made after it ran, whatever decided it.
    const searched = search.filter((c) => !checks.includes(c));
    const all = sortChecks([
      ...screening.errors,
      ...invariantChecks(summaries, config.safety.invariants),
      ...checks,
      ...searched,
    ]);
    return {
      decision,
      reasons: reasons.length > 0 ? reasons : all.filter((c) => c.status !== 'pass').slice(0, 1),
      checks: all,
      sequential: {
        design: 'group-sequential',
        spending: 'lan-demets-obrien-fleming',
        alpha,
        planned_looks: looks.length,
        looks: progress.rows,
        stopped_at: at === null ? null : { look: at.index, pairs: at.pairs, episodes },
      },
      safety: {
        violations: screening.violations,
        invariants: summaries,
        ...(Object.keys(config.safety.waived).length > 0 ? { waived: config.safety.waived } : {}),
      },
      used_pairs: used,
      screened_pairs: progress.screened,
      next,
    };
  };

  const global = screenGlobal(input);
  if (global.errors.length > 0) return finish('ERROR', 'stop', null, [], global.errors, global);
  // A counterexample of the safety search is definitive: REJECT before any comparison.
  const searchFailed = search.filter((c) => c.status === 'fail');
  if (searchFailed.length > 0) return finish('REJECT', 'stop', null, search, searchFailed, global);
  let screening: Screening = { errors: [], violations: [], zeroTolerance: [] };
  let last: EvaluatedLook | undefined;
  for (const look of looks) {
    const from = progress.screened;
    const segment = input.pairs.slice(from, look.pairs);
    const kpisOpen = progress.promotedAt === null;
    // A look is complete when its candidates (and, while KPIs are open, baselines) all finished;
    // results end at an incomplete look (a run still going, interrupted, or stopped early).
    if (segment.length < look.pairs - from || segment.some((p) => !p.candidate || (kpisOpen && !p.baseline)))
      break;
    screening = merge(screening, screenPairs(input, segment, from, kpisOpen ? 'both' : 'candidate'));
    progress.screened = look.pairs;
    if (screening.zeroTolerance.length > 0) {
      progress.rows.push(lookRow(look, bounds[look.index], 'REJECT', last?.statistic));
      const reasons = violationReasons(screening, config.safety.invariants);
      return finish('REJECT', 'stop', look, last?.checks ?? [], reasons, screening);
    }
    if (screening.errors.length > 0) {
      progress.rows.push(lookRow(look, bounds[look.index], 'ERROR'));
      return finish('ERROR', 'stop', look, [], screening.errors, screening);
    }
    if (!kpisOpen) {
      progress.rows.push(lookRow(look, bounds[look.index], 'SAFETY'));
      continue;
    }
    const cached = memo.get(look.index);
    const evaluated = cached && cached.pairs === look.pairs ? cached : evaluateLook(input, looks, look.index);
    memo.set(look.index, evaluated);
    last = evaluated;
    if (evaluated.outcome === 'REJECT') {
      progress.rows.push(lookRow(look, bounds[look.index], 'REJECT', evaluated.statistic));
      return finish('REJECT', 'stop', look, evaluated.checks, evaluated.failing, screening);
    }
    if (evaluated.outcome === 'PROMOTE') {
      const unapproved = approvalGaps(input);
      if (unapproved.length > 0) {
        progress.rows.push(lookRow(look, bounds[look.index], 'INCONCLUSIVE', evaluated.statistic));
        return finish(
          'INCONCLUSIVE',
          'stop',
          look,
          [...unapproved, ...evaluated.checks],
          unapproved,
          screening,
        );
      }
      progress.promotedAt = look.index;
      progress.rows.push(lookRow(look, bounds[look.index], 'PROMOTE', evaluated.statistic));
      continue;
    }
    const final = look.index === looks.length - 1;
    progress.rows.push(
      lookRow(look, bounds[look.index], final ? 'INCONCLUSIVE' : 'CONTINUE', evaluated.statistic),
    );
    if (final) {
      return finish('INCONCLUSIVE', 'stop', look, evaluated.checks, evaluated.undecided, screening);
    }
  }

  // The results end at an incomplete look: a counterexample past it is evidence all the same.
  let late: Screening = { errors: [], violations: [], zeroTolerance: [] };
  for (let i = progress.screened; i < input.pairs.length; i++) {
    if (!input.pairs[i].candidate) continue;
    const one = screenPairs(input, [input.pairs[i]], i, 'candidate');
    if (one.zeroTolerance.length > 0) late = merge(late, { ...one, errors: [] });
  }
  if (late.zeroTolerance.length > 0) {
    screening = merge(screening, late);
    // The safety summaries, JUnit's safety cases and the episode detail cover the violation.
    progress.screened = Math.max(...late.zeroTolerance) + 1;
    const reasons = violationReasons(screening, config.safety.invariants);
    const at = looks.find((l) => l.pairs > late.zeroTolerance[0]) ?? looks.at(-1)!;
    progress.rows.push(lookRow(at, bounds[at.index], 'REJECT'));
    return finish('REJECT', 'stop', at, last?.checks ?? [], reasons, screening);
  }
  if (progress.promotedAt !== null) {
    const promoted = looks[progress.promotedAt];
    const checks = memo.get(progress.promotedAt)?.checks ?? [];
    const complete = progress.screened >= (looks.at(-1)?.pairs ?? 0);
    const evidence = safetyEvidence(input, progress.screened, alpha, complete);
    const missing = [evidence, ...search].filter((c) => c.status !== 'pass');
    if (missing.length > 0) {
      return finish(
        'INCONCLUSIVE',
        complete ? 'stop' : 'candidate',
        promoted,
        [...missing, ...checks],
        missing,
        screening,
      );
    }
    const passes = [...checks, evidence, ...search];
    return finish('PROMOTE', 'stop', promoted, passes, passes, screening);
  }
  // The results end before the next look: nothing can be decided yet.
  const incomplete: ReportCheck = {
    rule: 'incomplete_run',
    slice: 'all',
    status: 'undecided',
    figures: {
      pairs: input.pairs.length,
      planned_pairs: looks.at(-1)?.pairs ?? 0,
      next_look_pairs: looks.find((l) => l.pairs > progress.screened)?.pairs ?? null,
    },
    message: `only ${progress.screened} of ${looks.at(-1)?.pairs ?? 0} planned pairs finished and no look decided`,
  };
  const at = last ? looks[last.index] : null;
  return finish(
    'INCONCLUSIVE',
    'continue',
    at,
    [incomplete, ...(last?.checks ?? [])],
    [incomplete],
    screening,
  );
}

function merge(a: Screening, b: Screening): Screening {
  return {
    errors: [...a.errors, ...b.errors],
    violations: [...a.violations, ...b.violations],
    zeroTolerance: [...a.zeroTolerance, ...b.zeroTolerance],
  };
}
