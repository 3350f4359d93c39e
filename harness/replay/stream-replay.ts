// A recorded stream incident (a sensor CSV as `simgate monitor` reads it) replayed against a
// candidate forecaster: the recorded readings are fed window by window to the candidate and the
// production model, and every one-step forecast is checked against the stream invariants
// (no_nan_forecast; max_abs_error with its limit). A forecaster does not act on the world, so
// the open loop is the whole replay. The incident is the time the field saw it (`--at`); the
// production model's replay must show a violation within the window around it (fidelity)
// before the candidate's may be called AVOIDED.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, escapeMarkdownCell, escapeXml, escapeXmlAttribute } from '../../reports/escape.js';
import { writeFileAtomic } from '../../reports/write-file.js';
import type { ForecastPolicy } from '../../policies/policy.js';
import { telemetryDigest } from '../../sim/telemetry.js';
import { UsageError } from '../common/errors.js';
import { readSensorCsv, type SensorTable } from '../monitor/csv.js';
import { forEachForecast } from '../monitor/forecast-error.js';
import { checkModelFits, loadMonitorModel, type MonitorModel, rowsPerDay } from '../monitor/model.js';
import { MonitorInputError } from '../monitor/problems.js';
import type { ReplayOutcome } from './replay.js';

export interface StreamViolation {
  readonly t: number;
  readonly invariant: 'no_nan_forecast' | 'max_abs_error';
  /** The forecast (null when non-finite) and the reading it forecast. */
  readonly forecast: number | null;
  readonly actual: number | null;
}

export interface StreamRun {
  readonly role: 'candidate' | 'baseline';
  readonly policy: string;
  readonly forecasts: number;
  readonly violations: number;
  readonly first: StreamViolation | null;
  readonly in_window: StreamViolation | null;
  readonly max_abs_error: number | null;
}

export interface StreamReplayResult {
  readonly schema: 'simgate.replay/v1';
  readonly task: 'stream';
  readonly recording: string;
  readonly recording_sha256: string;
  readonly sensor: string;
  readonly outcome: ReplayOutcome;
  readonly reason: string;
  readonly incident: { readonly t: number; readonly window: readonly [number, number] };
  readonly limit: number;
  readonly fidelity: { readonly measured: boolean; readonly reproduced: boolean } | null;
  readonly runs: readonly StreamRun[];
  readonly notes: readonly string[];
}

export interface StreamReplayOptions {
  readonly at: number;
  readonly limit: number;
  readonly sensor?: string;
  /** Half-width of the incident window in readings (default 10). */
  readonly withinRows: number;
}

/** Reads the CSV and both models; every problem located (exit 3) before anything is forecast. */
export async function loadStreamIncident(
  file: string,
  candidateName: string,
  baselineName: string | undefined,
  sensorFlag: string | undefined,
): Promise<{
  table: SensorTable;
  sha256: string;
  sensor: string;
  candidate: MonitorModel;
  baseline?: MonitorModel;
}> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${file}: cannot read the recording (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const read = readSensorCsv(file, text);
  if (!read.table) throw new MonitorInputError(read.problems);
  const table = read.table;
  const models: MonitorModel[] = [];
  for (const name of [candidateName, ...(baselineName ? [baselineName] : [])]) {
    const { model, problems } = await loadMonitorModel(name, undefined, table);
    if (!model) throw new MonitorInputError(problems);
    const fits = checkModelFits(model, file, table);
    if (fits.length > 0) throw new MonitorInputError(fits);
    models.push(model);
  }
  const sensor =
    sensorFlag ?? models[0].sensors?.[0] ?? (table.sensors.length === 1 ? table.sensors[0] : undefined);
  if (sensor === undefined)
    throw new UsageError(
      `${file}: ${table.sensors.length} sensor columns (${table.sensors.join(', ')}); name the one to replay with --sensor`,
    );
  if (!table.sensors.includes(sensor))
    throw new UsageError(`--sensor ${sensor}: not a column of ${file} (${table.sensors.join(', ')})`);
  return { table, sha256: telemetryDigest(text), sensor, candidate: models[0], baseline: models[1] };
}

export async function replayStreamIncident(
  file: string,
  loaded: Awaited<ReturnType<typeof loadStreamIncident>>,
  o: StreamReplayOptions,
): Promise<StreamReplayResult> {
  const { table, sensor } = loaded;
  const t = table.t;
  if (!(o.at >= t[0] && o.at <= t[t.length - 1]))
    throw new UsageError(`--at ${o.at}: the recording ${file} runs from t = ${t[0]} to ${t[t.length - 1]}`);
  const gaps = t
    .slice(1)
    .map((x, i) => x - t[i])
    .sort((a, b) => a - b);
  const dt = gaps[gaps.length >> 1];
  const window: [number, number] = [o.at - o.withinRows * dt, o.at + o.withinRows * dt];
  const column = table.columns[sensor];
  const run = async (model: MonitorModel, role: 'candidate' | 'baseline') =>
    streamRun(role, model.policy, column, t, o.limit, window);
  const cand = await run(loaded.candidate, 'candidate');
  const base = loaded.baseline ? await run(loaded.baseline, 'baseline') : undefined;
  const missing = column.filter((x) => !Number.isFinite(x)).length;
  const notes = [
    `${t.length} readings of ${sensor}, one every ${dt} s (${rowsPerDay(table)} a day); ${missing} missing`,
    `incident window: ${window[0]} to ${window[1]} s (±${o.withinRows} readings around --at ${o.at})`,
  ];
  const { outcome, reason } = verdict(cand, base, o);
  return {
    schema: 'simgate.replay/v1',
    task: 'stream',
    recording: file,
    recording_sha256: loaded.sha256,
    sensor,
    outcome,
    reason,
    incident: { t: o.at, window },
    limit: o.limit,
    fidelity: base ? { measured: true, reproduced: base.in_window !== null } : null,
    runs: base ? [cand, base] : [cand],
    notes,
  };
}

async function streamRun(
  role: 'candidate' | 'baseline',
  policy: ForecastPolicy,
  column: readonly number[],
  t: readonly number[],
  limit: number,
  window: readonly [number, number],
): Promise<StreamRun> {
  const violations: StreamViolation[] = [];
  let forecasts = 0;
  let maxAbs = Number.NaN;
  await forEachForecast(policy, column, (i, f) => {
    forecasts++;
    const x = column[i];
    if (!Number.isFinite(f)) {
      violations.push({
        t: t[i],
        invariant: 'no_nan_forecast',
        forecast: null,
        actual: Number.isFinite(x) ? x : null,
      });
      return;
    }
    if (!Number.isFinite(x)) return;
    const err = Math.abs(f - x);
    maxAbs = Number.isNaN(maxAbs) ? err : Math.max(maxAbs, err);
    if (err > limit) violations.push({ t: t[i], invariant: 'max_abs_error', forecast: f, actual: x });
  });
  return {
    role,
    policy: policy.id,
    forecasts,
    violations: violations.length,
    first: violations[0] ?? null,
    in_window: violations.find((v) => v.t >= window[0] && v.t <= window[1]) ?? null,
    max_abs_error: Number.isNaN(maxAbs) ? null : maxAbs,
  };
}

function verdict(
  cand: StreamRun,
  base: StreamRun | undefined,
  o: StreamReplayOptions,
): { outcome: ReplayOutcome; reason: string } {
  const show = (v: StreamViolation) =>
    `${v.invariant} at t = ${v.t} s (forecast ${v.forecast ?? 'NaN'}, reading ${v.actual ?? 'missing'})`;
  if (cand.in_window)
    return { outcome: 'REPRODUCED', reason: `the candidate repeats the incident: ${show(cand.in_window)}` };
  if (!base)
    return {
      outcome: 'INSUFFICIENT',
      reason:
        'the candidate shows no violation around the incident, but without --baseline (the recorded model) the replay is not shown to reproduce it',
    };
  if (!base.in_window)
    return {
      outcome: 'INSUFFICIENT',
      reason: `the recorded model's replay shows no violation around t = ${o.at} s: the recording does not reproduce the incident`,
    };
  if (cand.first)
    return {
      outcome: 'DIVERGED',
      reason: `the candidate avoids the incident (${show(base.in_window)} for the recorded model) but violates elsewhere: ${show(cand.first)}`,
    };
  return {
    outcome: 'AVOIDED',
    reason: `the recorded model's replay reproduces the incident (${show(base.in_window)}); the candidate keeps every forecast finite and within ${o.limit} over the whole recording`,
  };
}

export function writeStreamReplayReports(dir: string, r: StreamReplayResult): void {
  writeFileAtomic(join(dir, 'replay.json'), `${JSON.stringify(r, null, 2)}\n`);
  const md = escapeMarkdownCell;
  const cell = (v: StreamViolation | null) => (v ? `${v.invariant} @ ${v.t} s` : 'none');
  const rows = r.runs.map(
    (run) =>
      `| ${md(run.role)} | ${md(run.policy)} | ${run.forecasts} | ${run.violations} | ${md(cell(run.in_window))} | ${md(cell(run.first))} | ${run.max_abs_error ?? '—'} |`,
  );
  writeFileAtomic(
    join(dir, 'replay.md'),
    [
      `# simgate replay (stream): ${md(r.outcome)}`,
      '',
      `**${md(r.reason)}**`,
      '',
      `- recording: \`${md(r.recording)}\`, sensor \`${md(r.sensor)}\`; incident at t = ${r.incident.t} s; max_abs_error limit ${r.limit}`,
      ...r.notes.map((n) => `- ${md(n)}`),
      '',
      '| run | model | forecasts | violations | around the incident | first | max abs error |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
  const h = escapeHtml;
  writeFileAtomic(
    join(dir, 'replay.html'),
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>simgate replay: ${h(r.outcome)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"></head><body>
<h1>simgate replay (stream): ${h(r.outcome)}</h1><p>${h(r.reason)}</p>
<table><tr><th>run</th><th>model</th><th>forecasts</th><th>violations</th><th>around the incident</th><th>first</th></tr>
${r.runs.map((run) => `<tr><td>${h(run.role)}</td><td>${h(run.policy)}</td><td>${run.forecasts}</td><td>${run.violations}</td><td>${h(cell(run.in_window))}</td><td>${h(cell(run.first))}</td></tr>`).join('\n')}
</table><ul>${r.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul></body></html>\n`,
  );
  const a = escapeXmlAttribute;
  const name = `the candidate avoids the incident at t = ${r.incident.t} s`;
  const failures = r.outcome === 'AVOIDED' ? 0 : 1;
  const body =
    failures === 0
      ? `  <testcase classname="simgate.replay" name="${a(name)}"/>`
      : `  <testcase classname="simgate.replay" name="${a(name)}"><failure message="${a(`${r.outcome}: ${r.reason}`)}">${escapeXml(r.reason)}</failure></testcase>`;
  writeFileAtomic(
    join(dir, 'junit.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="simgate replay" tests="1" failures="${failures}">\n<testsuite name="${a(`replay ${r.recording}`)}" tests="1" failures="${failures}">\n${body}\n</testsuite>\n</testsuites>\n`,
  );
}
