// Assembles the report data (reports/types.ts ReportData, i.e. OUT/report.json) from the gate
// input, its decision and what only the run knows: episode counts and provenance. Besides the
// decision it carries what the charts and the canary hand-off need: per-episode verdicts with
// their sampled parameters, the simulated exposure of each model, and the promotion statistic
// of every look exactly as the decision evaluated it (nothing here re-evaluates a rule).
import {
  DECISION_EXIT,
  type ReportData,
  type ReportEpisodeDetail,
  type ReportEpisodeModel,
  type ReportEpisodes,
  type ReportExposure,
  type ReportProvenance,
} from '../../reports/types.js';
import type { GateDecision } from './decide.js';
import type { GateEpisode, GateInput, GatePair } from './input.js';
import { reportSearch } from './landscape.js';
import { summarizeKpis } from './summary.js';

export interface RunFacts {
  /** Planned, run, cached and errored episode counts (both models). */
  readonly episodes: Omit<ReportEpisodes, 'used'>;
  readonly provenance: ReportProvenance;
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

function episodeModel(outcome: GateEpisode | undefined): ReportEpisodeModel | null {
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
  const outcomes = pairs.map((p) => p[model]).filter((o): o is GateEpisode => o !== undefined);
  const kpi_sums: Record<string, number> = {};
  for (const o of outcomes)
    for (const [k, v] of Object.entries(o.kpis)) if (Number.isFinite(v)) kpi_sums[k] = (kpi_sums[k] ?? 0) + v;
  for (const k of Object.keys(kpi_sums)) kpi_sums[k] = r6(kpi_sums[k]);
  const seconds = outcomes.reduce((s, o) => s + (Number.isFinite(o.sim_time_s) ? o.sim_time_s : 0), 0);
  return { episodes: outcomes.length, sim_hours: r6(seconds / 3600), kpi_sums };
}

export function gateReportData(input: GateInput, decision: GateDecision, run: RunFacts): ReportData {
  const used = input.pairs.slice(0, decision.used_pairs);
  // Past the KPI decision only the candidate ran: its episodes are the rest of the safety evidence.
  const screened = input.pairs.slice(0, decision.screened_pairs);
  const candidateOnly = screened.length - used.length;
  return {
    schema: 'simgate.report/v1',
    decision: decision.decision,
    exit_code: DECISION_EXIT[decision.decision],
    task: input.config.task,
    reasons: decision.reasons,
    checks: decision.checks,
    sequential: decision.sequential,
    kpis: summarizeKpis(input, used),
    safety: input.search ? { ...decision.safety, search: reportSearch(input.search) } : decision.safety,
    episodes: { ...run.episodes, used: used.length * 2 + candidateOnly },
    provenance: run.provenance,
    episodes_detail: screened.map(episodeDetail),
    exposure: { candidate: exposure(used, 'candidate'), baseline: exposure(used, 'baseline') },
  };
}
