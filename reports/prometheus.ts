// Prometheus text exposition of the key figures (for a pushgateway or a textfile collector).
import { join } from 'node:path';
import { escapePromLabel as esc } from './escape.js';
import type { Reporter } from './reporter.js';
import type { Decision, ReportData } from './types.js';
import { writeFileAtomic } from './write-file.js';

export function renderPrometheus(report: ReportData): string {
  const out: string[] = [];
  const metric = (
    name: string,
    help: string,
    type: 'gauge' | 'counter',
    samples: [Record<string, string>, number][],
  ) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${esc(v)}"`)
        .join(',');
      out.push(`${name}${l ? `{${l}}` : ''} ${Number.isFinite(value) ? value : 'NaN'}`);
    }
  };
  const decisions: Decision[] = ['PROMOTE', 'REJECT', 'INCONCLUSIVE', 'ERROR'];
  metric(
    'simgate_gate_decision',
    'The gate decision (1 for the decision taken).',
    'gauge',
    decisions.map((d) => [{ decision: d }, report.decision === d ? 1 : 0]),
  );
  metric('simgate_gate_exit_code', 'Exit code of the decision.', 'gauge', [[{}, report.exit_code]]);
  metric(
    'simgate_episodes',
    'Episode counts of the run.',
    'gauge',
    Object.entries(report.episodes).map(([kind, v]) => [{ kind }, v]),
  );
  metric('simgate_stopped_at_pairs', 'Pairs used when the sequential design stopped.', 'gauge', [
    [{}, report.sequential.stopped_at?.pairs ?? 0],
  ]);
  metric(
    'simgate_safety_violations',
    'Invariant violations by model.',
    'gauge',
    (['candidate', 'baseline'] as const).map((m) => [
      { model: m },
      report.safety.violations.filter((v) => v.model === m).length,
    ]),
  );
  const kpi: [Record<string, string>, number][] = [];
  for (const name of report.kpis.order) {
    for (const model of ['candidate', 'baseline'] as const) {
      const e = report.kpis.overall[model][name];
      if (e)
        kpi.push(
          [{ kpi: name, model, stat: 'mean' }, e.mean],
          [{ kpi: name, model, stat: 'lower' }, e.lower],
          [{ kpi: name, model, stat: 'upper' }, e.upper],
        );
    }
  }
  metric('simgate_kpi', 'Overall KPI means and interval bounds by model.', 'gauge', kpi);
  metric(
    'simgate_checks',
    'Checks by status.',
    'gauge',
    (['pass', 'fail', 'undecided', 'error'] as const).map((s) => [
      { status: s },
      report.checks.filter((c) => c.status === s).length,
    ]),
  );
  return `${out.join('\n')}\n`;
}

export function prometheusReporter(options: { outDir: string; file?: string }): Reporter {
  return {
    name: 'prometheus',
    onEnd(report) {
      writeFileAtomic(join(options.outDir, options.file ?? 'metrics.prom'), renderPrometheus(report));
    },
  };
}
