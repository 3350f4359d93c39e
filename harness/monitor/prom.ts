// The monitor report in Prometheus text exposition format (version 0.0.4), for a
// node-exporter textfile collector or a Pushgateway: one HELP/TYPE block per metric family.
import { escapePromLabel } from '../../reports/escape.js';
import type { MonitorReport } from './evaluate.js';
import { terminalText } from './text.js';

/** Label values come from input files: control characters are written as visible escapes. */
const escapeLabel = (v: string): string => escapePromLabel(terminalText(v));

const value = (x: number): string =>
  Number.isNaN(x) ? 'NaN' : x === Infinity ? '+Inf' : x === -Infinity ? '-Inf' : String(x);

export function monitorPrometheus(report: MonitorReport): string {
  const families = new Map<string, { help: string; samples: string[] }>();
  const add = (name: string, help: string, labels: Record<string, string>, x: number) => {
    const family = families.get(name) ?? { help, samples: [] };
    families.set(name, family);
    const text = Object.entries(labels)
      .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      .join(',');
    family.samples.push(`${name}${text ? `{${text}}` : ''} ${value(x)}`);
  };
  add(
    'simgate_monitor_retrain',
    'Whether the monitor asks for a retrain (1) or not (0)',
    {},
    report.decision === 'RETRAIN' ? 1 : 0,
  );
  add(
    'simgate_monitor_insufficient_data',
    'Whether some sensor had too little usable data (1) or not (0)',
    {},
    report.decision === 'INSUFFICIENT_DATA' ? 1 : 0,
  );
  add(
    'simgate_monitor_window_rows',
    'Rows in the latest window the drift statistics used',
    {},
    report.window,
  );
  for (const s of report.sensors) {
    const l = { sensor: s.name };
    const d = s.drift;
    add(
      'simgate_monitor_sensor_drift',
      'Sensor drift verdict: 1 drift, 0 stable, -1 insufficient data',
      l,
      d.status === 'drift' ? 1 : d.status === 'stable' ? 0 : -1,
    );
    add('simgate_monitor_window_readings', 'Finite readings of the sensor in the latest window', l, d.n);
    if (d.status !== 'insufficient') {
      add(
        'simgate_monitor_psi',
        'Population stability index against the reference bins',
        l,
        d.statistics.psi,
      );
      add(
        'simgate_monitor_ks_statistic',
        'Two-sample Kolmogorov-Smirnov statistic against the reference',
        l,
        d.statistics.ks.statistic,
      );
      add(
        'simgate_monitor_ks_p_value',
        'Two-sample Kolmogorov-Smirnov p-value against the reference',
        l,
        d.statistics.ks.p_value,
      );
      add(
        'simgate_monitor_wasserstein',
        'Wasserstein-1 distance divided by the reference IQR',
        l,
        d.statistics.wasserstein,
      );
      add(
        'simgate_monitor_js_distance',
        'Jensen-Shannon distance (base 2) on the reference bins',
        l,
        d.statistics.js,
      );
    }
    if (s.forecast) {
      const lm = { sensor: s.name, model: s.forecast.model };
      add(
        'simgate_monitor_forecast_mae',
        'One-step forecast MAE of the model on the latest window',
        lm,
        s.forecast.mae_latest,
      );
      if (s.forecast.mae_reference !== undefined) {
        add(
          'simgate_monitor_forecast_mae_reference',
          'One-step forecast MAE of the model on the reference data',
          lm,
          s.forecast.mae_reference,
        );
      }
    }
  }
  const out: string[] = [];
  for (const [name, f] of families)
    out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} gauge`, ...f.samples);
  return `${out.join('\n')}\n`;
}
