import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSensorCsv } from '../../harness/monitor/csv.js';
import { inlineFiles, runCli } from '../helpers/cli.js';
import { fieldTable } from '../harness/monitor/field-data.js';

// Reference: a healthy week. Streams: the two days after it, clean or faulted.
const week = fieldTable({ seed: 'site', hours: 168 });
const after = (o: Omit<Parameters<typeof fieldTable>[0], 'seed' | 'hours'>) =>
  fieldTable({ seed: 'site', from_h: 168, hours: 48, ...o });
const csv = (t: ReturnType<typeof fieldTable>) => formatSensorCsv(t);
let dir: string;

beforeAll(() => {
  dir = inlineFiles({
    'healthy.csv': csv(week),
    'clean.csv': csv(after({})),
    // The hall runs 3 °C warmer: every temperature sensor drifts together.
    'warmer.csv': csv(after({ hall: { 'temperature.hvac_setpoint_c': 22 } })),
    // One temperature sensor loses calibration; its correlated neighbours stay put.
    'flaky.csv': csv(after({ faults: { temp_b: [{ kind: 'step', magnitude: 2.5 }] } })),
    'bad.csv': 't,temp_a,temp_b\n0,18.1,18.2\n300,18.0,warm\n600,18.3\n',
    'missing-column.csv': 't,temp_a,temp_b,vib_a,vib_b\n0,18.1,18.2,1.0,1.1\n300,18.0,18.1,1.0,1.1\n',
    'backwards.csv': 't,temp_a,temp_b,temp_c,vib_a,vib_b\n0,1,1,1,1,1\n600,1,1,1,1,1\n300,1,1,1,1,1\n',
    'duplicate.csv': 't,temp_a,temp_b,temp_c,vib_a,vib_b\n0,1,1,1,1,1\n300,1,1,1,1,1\n300,1,1,1,1,1\n',
    'empty.csv': '',
    'header-only.csv': 't,temp_a,temp_b,temp_c,vib_a,vib_b\n',
    'short.csv': csv(fieldTable({ seed: 'site', from_h: 168, hours: 2 })),
  });
  const made = runCli(['monitor', '--make-reference', 'healthy.csv', '--reference', 'ref.json'], {
    cwd: dir,
  });
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
});

const monitor = (stream: string, out: string, ...extra: string[]) =>
  runCli(
    [
      'monitor',
      '--model',
      'reference:ewma',
      '--reference',
      'ref.json',
      '--stream',
      stream,
      '--window',
      '288',
      '--out',
      out,
      ...extra,
    ],
    { cwd: dir },
  );

describe('simgate monitor', () => {
  it('OK on a clean stream', () => {
    const r = monitor('clean.csv', 'out-clean');
    expect(r.stdout).toMatch(/^monitor: OK/);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out-clean', 'monitor.json'), 'utf8'));
    expect(report.decision).toBe('OK');
    expect(report.reasons).toEqual([]);
  });

  it('RETRAIN when correlated sensors drift together, with reasons and Prometheus metrics', () => {
    const r = monitor('warmer.csv', 'out-warm');
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'out-warm', 'monitor.json'), 'utf8'));
    expect(report.decision).toBe('RETRAIN');
    const drifting = new Set(report.reasons.map((x: { sensor: string }) => x.sensor));
    expect([...drifting].sort()).toEqual(['temp_a', 'temp_b', 'temp_c']);
    expect(report.reasons.some((x: { statistic: string }) => x.statistic === 'psi')).toBe(true);
    const prom = readFileSync(join(dir, 'out-warm', 'monitor.prom'), 'utf8');
    expect(prom).toMatch(/^# HELP simgate_monitor_retrain /m);
    expect(prom).toMatch(/^# TYPE simgate_monitor_psi gauge$/m);
    expect(prom).toMatch(/^simgate_monitor_retrain 1$/m);
    expect(prom).toMatch(/^simgate_monitor_psi\{sensor="temp_a"\} \d/m);
  });

  it('a single drifting sensor among stable correlated ones does not trigger; --min-sensors 1 does', () => {
    const r = monitor('flaky.csv', 'out-flaky');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out-flaky', 'monitor.json'), 'utf8'));
    expect(report.decision).toBe('OK');
    // temp_b is flagged alone among its correlated neighbours (vibration may show its slow wear
    // trend, but it is not correlated with the hall temperature).
    expect(report.confirmation.unconfirmed).toContain('temp_b');
    const status = Object.fromEntries(
      report.sensors.map((s: { name: string; drift: { status: string } }) => [s.name, s.drift.status]),
    );
    expect(status).toMatchObject({ temp_a: 'stable', temp_b: 'drift', temp_c: 'stable' });
    expect(report.warnings.join('\n')).toMatch(/temp_b: flagged but not confirmed/);
    const single = monitor('flaky.csv', 'out-flaky-1', '--min-sensors', '1');
    expect(single.code).toBe(1);
  });

  it('bad CSV: exit 3 naming file, line and column', () => {
    const r = monitor('bad.csv', 'out-bad');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'bad.csv:3:3 temp_b: expected a number (got "warm": not a plain decimal number)',
    );
    expect(r.stderr).toContain('bad.csv:4:1 row: expected 3 cells');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [
      'missing-column.csv',
      /missing-column\.csv:1:1 header: missing column\(s\) temp_c, vibration of the reference/,
    ],
    ['backwards.csv', /backwards\.csv:4:1 t: 300 does not increase \(previous 600\)/],
    ['duplicate.csv', /duplicate\.csv:4:1 t: 300 does not increase \(previous 300\)/],
    ['empty.csv', /empty\.csv/],
    ['header-only.csv', /header-only\.csv: no data rows after the header/],
    ['short.csv', /short\.csv: --window 288 rows is longer than the stream \(24 rows\)/],
  ])('bad stream %s: exit 3 naming file and line', (file, message) => {
    const r = monitor(file, `out-${file}`);
    expect(r.code, r.stdout).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('missing files and bad flags: exit 3 with a clear message', () => {
    expect(monitor('nope.csv', 'o').stderr).toMatch(/nope\.csv: cannot read stream data \(ENOENT\)/);
    const r = monitor('clean.csv', 'o', '--min-sensors', 'two');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--min-sensors must be a positive integer/);
  });
});
