// Assembles the report data (reports/types.ts ReportData, i.e. OUT/report.json) from the gate
// input, its decision and what only the run knows: episode counts and provenance. Besides the
// decision it carries what the charts and the canary hand-off need: per-episode verdicts with
// their sampled parameters, the simulated exposure of each model, and the promotion statistic
// of every look (recomputed here exactly as the decision computed it: same pairs, same seeds).
import {
  DECISION_EXIT,
  type ReportData,
  type ReportEpisodeDetail,
  type ReportEpisodeModel,
  type ReportEpisodes,
  type ReportExposure,
  type ReportLook,
  type ReportProvenance,
} from '../../reports/types.js';
import type { EpisodeOutcome } from '../../sim/result.js';
import type { GateDecision } from './decide.js';
import type { GateInput, GatePair, GateScenario } from './input.js';
import { lookAlphas, sequentialLooks, sideAlpha } from './looks.js';
import { evaluateRules } from './rules.js';
import { normalQuantile } from './stats/normal.js';
import { summarizeKpis } from './summary.js';

export interface RunFacts {
  /** Planned, run, cached and errored episode counts (both models). */
  readonly episodes: Omit<ReportEpisodes, 'used'>;
  readonly provenance: ReportProvenance;
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

function episodeModel(outcome: EpisodeOutcome | undefined): ReportEpisodeModel | null {
  if (!outcome) return null;
  const violated = outcome.invariants.filter((i) => i.violated).map((i) => i.name);
  const verdict =
    outcome.status === 'error' || outcome.status === 'timeout'
      ? 'error'
      : outcome.status === 'violation' || violated.length > 0
        ? 'violation'
        : 'pass';
  return { verdict, violated };
}

function episodeDetail(pair: GatePair): ReportEpisodeDetail {
  return {
    scenario_id: pair.scenario_id,
    sample: pair.sample,
    seed: pair.seed,
    ...(pair.params ? { params: pair.params } : {}),
    candidate: episodeModel(pair.candidate),
    baseline: episodeModel(pair.baseline),
  };
}

function exposure(pairs: readonly GatePair[], model: 'candidate' | 'baseline'): ReportExposure {
  const outcomes = pairs.map((p) => p[model]).filter((o): o is EpisodeOutcome => o !== undefined);
  const kpi_sums: Record<string, number> = {};
  for (const o of outcomes)
    for (const [k, v] of Object.entries(o.kpis)) if (Number.isFinite(v)) kpi_sums[k] = (kpi_sums[k] ?? 0) + v;
  for (const k of Object.keys(kpi_sums)) kpi_sums[k] = r6(kpi_sums[k]);
  const seconds = outcomes.reduce((s, o) => s + (Number.isFinite(o.sim_time_s) ? o.sim_time_s : 0), 0);
  return { episodes: outcomes.length, sim_hours: r6(seconds / 3600), kpi_sums };
}

/**
 * Adds to each reported look the z-score of its weakest non-inferiority rule and the boundary
 * that rule had to reach. A z of ±∞ (a p-value of 0 or 1) is clipped to ±40 so JSON keeps it.
 */
function withStatistics(input: GateInput, looks: readonly ReportLook[]): ReportLook[] {
  if (looks.length === 0) return [];
  const planned = sequentialLooks(input.planned_pairs, input.config, input.look_pairs);
  const scenarios = new Map<string, GateScenario>(input.scenarios.map((s) => [s.id, s]));
  const alpha = sideAlpha(input.config.confidence);
  const clip = (z: number) => (Number.isNaN(z) ? 0 : Math.max(-40, Math.min(40, z)));
  return looks.map((look) => {
    const k = look.index;
    if (!planned[k] || look.pairs > input.pairs.length) return look;
    const alphaFor = (confidence: number) => lookAlphas(planned, sideAlpha(confidence))[k].nominal;
    const evals = evaluateRules(
      { input, pairs: input.pairs.slice(0, look.pairs), lookIndex: k, alphaFor, scenarios },
      alpha,
    ).filter((e) => e.check.rule === 'non_inferiority' && e.alphaOfPass !== null && e.check.figures.n !== 0);
    let weakest: ReportLook['statistic'];
    for (const e of evals) {
      const z = clip(normalQuantile(1 - e.pPass));
      const boundary = clip(normalQuantile(1 - (e.alphaOfPass as number)));
      if (!weakest || z - boundary < weakest.z - weakest.boundary)
        weakest = { rule: `${e.check.kpi} on ${e.check.slice}`, z: r6(z), boundary: r6(boundary) };
    }
    return weakest ? { ...look, statistic: weakest } : look;
  });
}

export function gateReportData(input: GateInput, decision: GateDecision, run: RunFacts): ReportData {
  const used = decision.used_pairs > 0 ? input.pairs.slice(0, decision.used_pairs) : input.pairs;
  return {
    schema: 'simgate.report/v1',
    decision: decision.decision,
    exit_code: DECISION_EXIT[decision.decision],
    task: input.config.task,
    reasons: decision.reasons,
    checks: decision.checks,
    sequential: { ...decision.sequential, looks: withStatistics(input, decision.sequential.looks) },
    kpis: summarizeKpis(input, used),
    safety: decision.safety,
    episodes: { ...run.episodes, used: decision.used_pairs * 2 },
    provenance: run.provenance,
    episodes_detail: input.pairs.map(episodeDetail),
    exposure: { candidate: exposure(used, 'candidate'), baseline: exposure(used, 'baseline') },
  };
}
