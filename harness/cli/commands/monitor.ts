// `simgate monitor`: field-data drift and forecast-error monitoring against a reference file.
// `--make-reference DATA.csv` writes the reference; otherwise the stream CSV is judged and the
// trigger written to OUT/monitor.json (RETRAIN exit 1, OK exit 0, insufficient data exit 2)
// with the same figures as Prometheus text in OUT/monitor.prom.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { createStreamModelPolicy, loadModel } from '../../../policies/onnx/index.js';
import type { ForecastPolicy } from '../../../policies/policy.js';
import { ewmaForecaster, seasonalNaiveForecaster } from '../../../policies/reference/stream.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { parseSensorCsv, type SensorTable } from '../../monitor/csv.js';
import { evaluateMonitor, type MonitorReport } from '../../monitor/evaluate.js';
import { meanError, oneStepErrors } from '../../monitor/forecast-error.js';
import { buildReference, type ForecastBaseline, parseReference } from '../../monitor/reference.js';
import { monitorPrometheus } from '../../monitor/prom.js';
import { action } from '../action.js';

interface MonitorOptions {
  model?: string;
  reference?: string;
  stream?: string;
  makeReference?: string;
  window: string;
  out: string;
  minSensors: string;
  minCorrelation: string;
  season?: string;
  maeRatio: string;
  quiet?: boolean;
}

export function registerMonitor(program: Command): void {
  program
    .command('monitor')
    .description(
      'Judge field sensor data against a reference: input drift and model forecast error → RETRAIN or OK',
    )
    .option(
      '--model <model>',
      'forecaster: reference:ewma, reference:seasonal-naive, or a stream .onnx',
      'reference:ewma',
    )
    .option('--reference <file>', 'reference JSON (read; with --make-reference, written)')
    .option('--stream <file>', 'field data CSV: header t,<sensor>,... (t in seconds)')
    .option('--make-reference <csv>', 'build the reference file from this CSV of healthy data')
    .option('--window <rows>', 'rows in the latest window (drift) and per rolling-error block', '500')
    .option('--out <dir>', 'output directory for monitor.json and monitor.prom', 'simgate-report')
    .option('--min-sensors <k>', 'correlated sensors that must be flagged together to confirm drift', '2')
    .option(
      '--min-correlation <r>',
      '|Pearson r| on the reference for flagged sensors to confirm each other',
      '0.7',
    )
    .option('--season <rows>', 'season length in rows for reference:seasonal-naive (default: one day)')
    .option('--mae-ratio <r>', 'forecast MAE above this multiple of the reference MAE is degraded', '1.5')
    .option('--quiet', 'print the decision line only')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate monitor --make-reference healthy.csv --reference ref.json --model reference:ewma\n' +
        '  simgate monitor --model reference:ewma --reference ref.json --stream field.csv --window 720 --out monitor/\n' +
        '\nExit codes: 0 OK, 1 RETRAIN, 2 insufficient data, 3 bad input.',
    )
    .action(action((options: MonitorOptions) => monitor(options)));
}

function positiveInt(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a positive integer (got "${raw}")`);
  return n;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${file}: cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** Rows per day from the median sampling interval of the table. */
function rowsPerDay(table: SensorTable): number {
  const gaps = table.t
    .slice(1)
    .map((t, i) => t - table.t[i])
    .sort((a, b) => a - b);
  const median = gaps[gaps.length >> 1];
  return Math.max(1, Math.round(86_400 / (median > 0 ? median : 1)));
}

async function modelFor(
  name: string,
  table: SensorTable,
  season?: string,
): Promise<{ policy: ForecastPolicy; sensors?: string[] }> {
  if (name === 'reference:ewma') return { policy: ewmaForecaster({ window: 30, horizon: 1, alpha: 0.3 }) };
  if (name === 'reference:seasonal-naive') {
    const rows = season !== undefined ? positiveInt('--season', season) : rowsPerDay(table);
    if (rows >= table.t.length) {
      throw new UsageError(
        `reference:seasonal-naive needs more than one season (${rows} rows) of data; got ${table.t.length} rows`,
        'pass --season with a shorter season',
      );
    }
    return { policy: seasonalNaiveForecaster({ season: rows, horizon: 1 }) };
  }
  if (name.startsWith('reference:'))
    throw new UsageError(
      `--model ${name}: unknown reference model (reference:ewma, reference:seasonal-naive)`,
    );
  const model = await loadModel(name);
  const policy = await createStreamModelPolicy(model);
  if (policy.kind !== 'forecaster')
    throw new UsageError(`--model ${name}: a ${policy.kind}; the monitor needs a forecaster`);
  return { policy, ...(model.card.sensor ? { sensors: [model.card.sensor] } : {}) };
}

async function makeReference(options: MonitorOptions, dataFile: string): Promise<number> {
  if (!options.reference) throw new UsageError('--make-reference needs --reference FILE to write');
  const text = readText(dataFile, 'reference data');
  const table = parseSensorCsv(dataFile, text);
  const { policy, sensors } = await modelFor(options.model ?? 'reference:ewma', table, options.season);
  const baselines: Record<string, ForecastBaseline> = {};
  for (const s of table.sensors) {
    if (sensors && !sensors.includes(s)) continue;
    const mae = meanError((await oneStepErrors(policy, table.columns[s])).abs);
    if (Number.isFinite(mae)) baselines[s] = { model: policy.id, window: policy.window, mae };
  }
  const reference = buildReference(dataFile, text, table.columns, baselines);
  mkdirSync(dirname(options.reference), { recursive: true });
  writeFileSync(options.reference, `${JSON.stringify(reference, null, 2)}\n`);
  if (!options.quiet) {
    process.stdout.write(
      `reference ${options.reference}: ${table.sensors.length} sensors, ${table.t.length} rows, forecast baseline ${policy.id}\n`,
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
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The stream must carry the reference's sensors and at least one window of rows. */
function checkStreamFits(
  file: string,
  referenceFile: string,
  sensors: readonly string[],
  table: { readonly sensors: readonly string[]; readonly t: readonly number[] },
  window: number,
): void {
  const missing = sensors.filter((n) => !table.sensors.includes(n));
  const extra = table.sensors.filter((n) => !sensors.includes(n));
  const problems: string[] = [];
  if (missing.length > 0) {
    problems.push(
      `${file}:1:1 header: missing column(s) ${missing.join(', ')} of the reference ${referenceFile}`,
    );
  }
  if (extra.length > 0) {
    problems.push(
      `${file}:1:1 header: column(s) ${extra.join(', ')} are not in the reference ${referenceFile}`,
    );
  }
  if (table.t.length < window) {
    problems.push(`${file}: --window ${window} rows is longer than the stream (${table.t.length} rows)`);
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
}

async function monitor(options: MonitorOptions): Promise<number> {
  if (options.makeReference) return makeReference(options, options.makeReference);
  if (!options.reference || !options.stream)
    throw new UsageError('monitor needs --reference FILE and --stream FILE.csv (or --make-reference)');
  const window = positiveInt('--window', options.window);
  const minSensors = positiveInt('--min-sensors', options.minSensors);
  const minCorrelation = Number(options.minCorrelation);
  if (!(minCorrelation >= 0 && minCorrelation <= 1)) {
    throw new UsageError(`--min-correlation must be a number in [0, 1] (got "${options.minCorrelation}")`);
  }
  const maeRatio = Number(options.maeRatio);
  if (!(maeRatio > 0))
    throw new UsageError(`--mae-ratio must be a positive number (got "${options.maeRatio}")`);
  const reference = parseReference(options.reference, readText(options.reference, 'reference'));
  const table = parseSensorCsv(options.stream, readText(options.stream, 'stream data'));
  checkStreamFits(
    options.stream,
    options.reference,
    reference.sensors.map((r) => r.name),
    table,
    window,
  );
  const { policy, sensors } = await modelFor(options.model ?? 'reference:ewma', table, options.season);
  const report = await evaluateMonitor(reference, table, policy, {
    window,
    minSensors,
    maeRatio,
    ...(sensors ? { modelSensors: sensors } : {}),
  });
  mkdirSync(options.out, { recursive: true });
  writeFileSync(join(options.out, 'monitor.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(options.out, 'monitor.prom'), monitorPrometheus(report));
  if (options.quiet) process.stdout.write(`monitor: ${report.decision}\n`);
  else printReport(report, options.out);
  return report.decision === 'RETRAIN'
    ? EXIT.REJECT
    : report.decision === 'OK'
      ? EXIT.PASS
      : EXIT.INCONCLUSIVE;
}
