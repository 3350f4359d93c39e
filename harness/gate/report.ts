// Assembles the report data (reports/types.ts ReportData, i.e. OUT/report.json) from the gate
// input, its decision and what only the run knows: episode counts and provenance.
import {
  DECISION_EXIT,
  type ReportData,
  type ReportEpisodes,
  type ReportProvenance,
} from '../../reports/types.js';
import type { GateDecision } from './decide.js';
import type { GateInput } from './input.js';
import { summarizeKpis } from './summary.js';

export interface RunFacts {
  /** Planned, run, cached and errored episode counts (both models). */
  readonly episodes: Omit<ReportEpisodes, 'used'>;
  readonly provenance: ReportProvenance;
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
    sequential: decision.sequential,
    kpis: summarizeKpis(input, used),
    safety: decision.safety,
    episodes: { ...run.episodes, used: decision.used_pairs * 2 },
    provenance: run.provenance,
  };
}
