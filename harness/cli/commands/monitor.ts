// `simgate monitor`: field-data drift and forecast-error monitoring against a reference file.
// `--make-reference DATA.csv` writes the reference; otherwise the stream is judged and the
// trigger written to OUT/monitor.json (RETRAIN exit 1, OK exit 0, insufficient data exit 2)
// with the same figures as Prometheus text in OUT/monitor.prom. Every input is validated in
// one pass before anything is computed (bad input: exit 3, every problem located).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../../common/errors.js';
import { evaluateMonitor, type MonitorReport } from '../../monitor/evaluate.js';
import { FLAG_DEFAULTS, type MonitorFlags } from '../../monitor/flags.js';
import { meanError, oneStepErrors } from '../../monitor/forecast-error.js';
import { terminalSafeError } from '../../monitor/problems.js';
import { monitorPrometheus } from '../../monitor/prom.js';
import { buildReference, type ForecastBaseline } from '../../monitor/reference.js';
import { checkReference } from '../../monitor/reference-check.js';
import { jsonText, terminalText } from '../../monitor/text.js';
import { validateMonitorInputs, validateReferenceData } from '../../monitor/validate.js';
import { action } from '../action.js';

export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description(
      'Judge field sensor data against a reference: input drift and model forecast error → RETRAIN or OK',
    )
    .option(
      '--model <model>',
      'forecaster: reference:ewma, reference:seasonal-naive, or a stream .onnx',
      FLAG_DEFAULTS.model,
    )
    .option('--reference <file>', 'reference JSON (read; with --make-reference, written)')
    .option(
      '--stream <file>',
      'field data: CSV with header t,<sensor>,... (t in seconds), or telemetry .jsonl',
    )
    .option('--make-reference <csv>', 'build the reference file from this CSV of healthy data')
    .option(
      '--window <rows>',
      'rows in the latest window (drift) and per rolling-error block',
      FLAG_DEFAULTS.window,
    )
    .option('--out <dir>', 'output directory for monitor.json and monitor.prom', FLAG_DEFAULTS.out)
    .option(
      '--min-sensors <k>',
      'correlated sensors that must be flagged together to confirm drift',
      FLAG_DEFAULTS.minSensors,
    )
    .option(
      '--min-correlation <r>',
      '|Pearson r| on the reference for flagged sensors to confirm each other',
      FLAG_DEFAULTS.minCorrelation,
    )
    .option('--season <rows>', 'season length in rows for reference:seasonal-naive (default: one day)')
    .option(
      '--mae-ratio <r>',
      'forecast MAE above this multiple of the reference MAE is degraded',
      FLAG_DEFAULTS.maeRatio,
    )
    .option('--quiet', 'print the decision line only')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate monitor --make-reference healthy.csv --reference ref.json --model reference:ewma\n' +
        '  simgate monitor --model reference:ewma --reference ref.json --stream field.csv --window 720 --out monitor/\n' +
        '\nExit codes: 0 OK, 1 RETRAIN, 2 insufficient data, 3 bad input.',
    )
    // commander echoes unknown options verbatim: keep escape sequences off the terminal.
    .configureOutput({
      writeErr: (text) => process.stderr.write(terminalText(text, true)),
      outputError: (text, write) => write(terminalText(text, true)),
    })
    .action(action((flags: MonitorFlags) => monitor(flags)));
}

async function makeReference(flags: MonitorFlags): Promise<number> {
  const { run, text, table, model } = await validateReferenceData(flags);
  const baselines: Record<string, ForecastBaseline> = {};
  for (const s of table.sensors) {
    if (model.sensors && !model.sensors.includes(s)) continue;
    const mae = meanError((await oneStepErrors(model.policy, table.columns[s])).abs);
    if (Number.isFinite(mae)) baselines[s] = { model: model.policy.id, window: model.policy.window, mae };
  }
  const json = jsonText(buildReference(run.data, text, table.columns, baselines));
  // What is written must pass the check every reference read passes.
  const self = checkReference(run.reference, json);
  if (self.problems.length > 0)
    throw new Error(`the reference built from ${run.data} fails its own check: ${self.problems[0].message}`);
  mkdirSync(dirname(run.reference), { recursive: true });
  writeFileSync(run.reference, json);
  if (!run.quiet) {
    process.stdout.write(
      terminalText(
        `reference ${run.reference}: ${table.sensors.length} sensors, ${table.t.length} rows, forecast baseline ${model.policy.id}`,
      ) + '\n',
    );
  }
  return EXIT.PASS;
}

function printReport(report: MonitorReport, outDir: string): void {
  const lines = [
    `monitor: ${report.decision} (model ${report.model}, window ${report.window} rows, min sensors ${report.confirmation.min_sensors})`,
  ];
  for (const s of report.sensors) {
    const d = s.drift;
    const stats =
      d.status === 'insufficient'
        ? d.reason
        : `psi ${d.statistics.psi.toFixed(3)} ks ${d.statistics.ks.statistic.toFixed(3)} (p ${d.statistics.ks.p_value.toPrecision(3)}) w1 ${d.statistics.wasserstein.toFixed(3)} js ${d.statistics.js.toFixed(3)}`;
    const mae = s.forecast
      ? ` mae ${s.forecast.mae_latest.toPrecision(4)}${s.forecast.mae_reference !== undefined ? ` (ref ${s.forecast.mae_reference.toPrecision(4)})` : ''}`
      : '';
    lines.push(`  ${s.name}: ${d.status} — ${stats}${mae}`);
  }
  for (const r of report.reasons) lines.push(`  reason: ${r.message}`);
  for (const w of report.warnings) lines.push(`  warning: ${w}`);
  lines.push(`  wrote ${join(outDir, 'monitor.json')} and ${join(outDir, 'monitor.prom')}`);
  process.stdout.write(`${lines.map((line) => terminalText(line)).join('\n')}\n`);
}

async function judge(flags: MonitorFlags): Promise<number> {
  const { run, reference, table, model } = await validateMonitorInputs(flags);
  const report = await evaluateMonitor(reference, table, model.policy, {
    window: run.window,
    minSensors: run.minSensors,
    minCorrelation: run.minCorrelation,
    maeRatio: run.maeRatio,
    ...(model.sensors ? { modelSensors: model.sensors } : {}),
  });
  mkdirSync(run.out, { recursive: true });
  writeFileSync(join(run.out, 'monitor.json'), jsonText(report));
  writeFileSync(join(run.out, 'monitor.prom'), monitorPrometheus(report));
  if (run.quiet) process.stdout.write(`monitor: ${report.decision}\n`);
  else printReport(report, run.out);
  return report.decision === 'RETRAIN'
    ? EXIT.REJECT
    : report.decision === 'OK'
      ? EXIT.PASS
      : EXIT.INCONCLUSIVE;
}

async function monitor(flags: MonitorFlags): Promise<number> {
  try {
    return flags.makeReference !== undefined ? await makeReference(flags) : await judge(flags);
  } catch (error) {
    throw terminalSafeError(error);
  }
}
