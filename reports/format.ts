// Number and KPI-table formatting shared by the console and Markdown reporters.
import type { KpiEstimate, ReportData } from './types.js';

export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(2);
  const abs = Math.abs(x);
  return abs >= 100 ? x.toFixed(1) : abs >= 1 ? x.toFixed(3) : x.toFixed(4);
}

export function estimate(e: KpiEstimate | undefined): string {
  return e ? `${num(e.mean)} [${num(e.lower)}, ${num(e.upper)}]` : '–';
}

/** Rows of the overall KPI table: kpi, candidate, baseline, difference. */
export function kpiRows(report: ReportData): string[][] {
  const o = report.kpis.overall;
  return report.kpis.order
    .filter((k) => o.candidate[k] || o.baseline[k])
    .map((k) => [k, estimate(o.candidate[k]), estimate(o.baseline[k]), estimate(o.difference[k])]);
}

export const DECISION_TEXT: Readonly<Record<string, string>> = {
  PROMOTE: 'PROMOTE — the candidate is non-inferior on every rule',
  REJECT: 'REJECT — the candidate is worse or unsafe',
  INCONCLUSIVE: 'INCONCLUSIVE — the evidence does not settle it',
  ERROR: 'ERROR — the run cannot support a decision',
};
