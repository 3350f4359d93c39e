// The canary hand-off: on PROMOTE, OUT/canary/analysis-template.yaml, an Argo Rollouts
// AnalysisTemplate whose Prometheus thresholds come from the candidate's simulated figures, so
// the real canary is held to what the simulation showed. Any other decision writes nothing and
// removes a template left by an earlier run in the same directory: a stale template must never
// outlive the promotion it belongs to.
//
// Thresholds (docs/reports.md "Canary hand-off"):
// - pick success rate ≥ lower bound of the candidate's interval − the non-inferiority margin;
// - drops per 100 picks ≤ upper bound of the candidate's interval + its margin (when reported);
// - hazardous drops per hour ≤ the exact Poisson upper bound of the candidate's simulated rate
//   (hazardous drops summed over the used episodes ÷ their simulated hours).
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Document } from 'yaml';
import type { Reporter } from './reporter.js';
import type { ReportData } from './types.js';
import { writeFileAtomic } from './write-file.js';

export const CANARY_TEMPLATE_FILE = 'canary/analysis-template.yaml';

export interface CanaryThreshold {
  /** Argo metric name. */
  readonly name: string;
  readonly kpi: string;
  readonly comparison: '>=' | '<=';
  readonly threshold: number;
  /** How the threshold follows from the report's figures. */
  readonly derivation: string;
  readonly query: string;
}

const WINDOW = '5m';
const sel = '{model="{{args.model}}"}';
const ratePer = (counter: string) => `sum(rate(${counter}${sel}[${WINDOW}]))`;
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** μ such that P(X ≤ k | Poisson(μ)) = alpha: the exact one-sided upper bound of a count. */
export function poissonUpperBound(k: number, alpha: number): number {
  const count = Math.max(0, Math.floor(k));
  const cdf = (mu: number) => {
    let term = Math.exp(-mu);
    let sum = term;
    for (let i = 1; i <= count; i++) {
      term *= mu / i;
      sum += term;
    }
    return sum;
  };
  let lo = 0;
  let hi = count + 10 + 10 * Math.sqrt(count + 1) - Math.log(alpha);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The margin of the overall non-inferiority check of a KPI (0 when it has no rule). */
function marginOf(report: ReportData, kpi: string): number {
  const check = report.checks.find((c) => c.rule === 'non_inferiority' && c.slice === 'all' && c.kpi === kpi);
  const m = check?.figures.margin;
  return typeof m === 'number' && Number.isFinite(m) ? m : 0;
}

/** The canary metrics the report supports, with thresholds from the candidate's figures. */
export function canaryThresholds(report: ReportData): CanaryThreshold[] {
  const out: CanaryThreshold[] = [];
  const cand = report.kpis.overall.candidate;
  const pct = `${Math.round(report.kpis.confidence * 100)}%`;
  const success = cand.pick_success_rate;
  if (success && Number.isFinite(success.lower)) {
    const margin = marginOf(report, 'pick_success_rate');
    out.push({
      name: 'pick-success-rate',
      kpi: 'pick_success_rate',
      comparison: '>=',
      threshold: r6(Math.max(0, success.lower - margin)),
      derivation: `simulated ${pct} lower bound ${success.lower} − non-inferiority margin ${margin}`,
      query: `${ratePer('simgate_pick_success_total')} / ${ratePer('simgate_pick_attempts_total')}`,
    });
  }
  const drops = cand.drops_per_100_picks;
  if (drops && Number.isFinite(drops.upper)) {
    const margin = marginOf(report, 'drops_per_100_picks');
    out.push({
      name: 'drops-per-100-picks',
      kpi: 'drops_per_100_picks',
      comparison: '<=',
      threshold: r6(drops.upper + margin),
      derivation: `simulated ${pct} upper bound ${drops.upper} + non-inferiority margin ${margin}`,
      query: `100 * ${ratePer('simgate_drops_total')} / ${ratePer('simgate_pick_attempts_total')}`,
    });
  }
  const exposure = report.exposure?.candidate;
  const hazardous = exposure?.kpi_sums.hazardous_drops;
  if (exposure && hazardous !== undefined && exposure.sim_hours > 0) {
    const alpha = (1 - report.kpis.confidence) / 2;
    const bound = poissonUpperBound(hazardous, alpha) / exposure.sim_hours;
    out.push({
      name: 'hazardous-drops-per-hour',
      kpi: 'hazardous_drops',
      comparison: '<=',
      threshold: r6(bound),
      derivation: `exact Poisson ${r6(1 - alpha)} upper bound of ${hazardous} hazardous drops in ${exposure.sim_hours} simulated hours (${exposure.episodes} episodes)`,
      query: `3600 * ${ratePer('simgate_hazardous_drops_total')}`,
    });
  }
  return out;
}

/** The AnalysisTemplate YAML, or null when the decision is not PROMOTE or no metric applies. */
export function renderCanaryTemplate(report: ReportData): string | null {
  if (report.decision !== 'PROMOTE') return null;
  const thresholds = canaryThresholds(report);
  if (thresholds.length === 0) return null;
  const sha = report.provenance.models.candidate.sha256;
  const template = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: {
      name: `simgate-canary-${sha
        .slice(0, 12)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '0')}`,
      labels: { 'app.kubernetes.io/managed-by': 'simgate' },
      annotations: {
        'simgate.dev/decision': report.decision,
        'simgate.dev/candidate-model': report.provenance.models.candidate.path,
        'simgate.dev/candidate-sha256': sha,
        'simgate.dev/confidence': String(report.kpis.confidence),
      },
    },
    spec: {
      args: [
        { name: 'model' },
        { name: 'prometheus-address', value: 'http://prometheus.monitoring.svc:9090' },
      ],
      metrics: thresholds.map((t) => ({
        name: t.name,
        interval: WINDOW,
        count: 6,
        failureLimit: 1,
        successCondition: `result[0] ${t.comparison} ${t.threshold}`,
        failureCondition: `result[0] ${t.comparison === '>=' ? '<' : '>'} ${t.threshold}`,
        provider: { prometheus: { address: '{{args.prometheus-address}}', query: t.query } },
      })),
    },
  };
  const doc = new Document(template);
  doc.commentBefore = [
    ' Argo Rollouts analysis for the canary of the model simgate promoted.',
    ' Thresholds come from the simulated distributions of the candidate (report.json):',
    ...thresholds.map((t) => `   ${t.name}: ${t.comparison} ${t.threshold} (${t.derivation})`),
    " The PromQL metric names are placeholders: map them to the cell controller's counters.",
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

export function canaryReporter(options: { outDir: string }): Reporter {
  return {
    name: 'canary',
    onEnd(report) {
      const file = join(options.outDir, CANARY_TEMPLATE_FILE);
      const text = renderCanaryTemplate(report);
      if (text === null) {
        if (existsSync(file)) rmSync(file);
        return;
      }
      writeFileAtomic(file, text);
    },
  };
}
