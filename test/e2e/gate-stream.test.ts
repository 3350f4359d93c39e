// The stream half of the promotion gate end to end: the real CLI on the bundled stream
// scenarios and the bundled temperature forecasters (built by `npm run models`), with the
// bundled stream gate. v2 carries the hold-last front end for missing readings; v1 has none.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

const V1 = join(repoRoot, 'models', 'temp-forecast-v1.onnx');
const V2 = join(repoRoot, 'models', 'temp-forecast-v2.onnx');

interface Reason {
  readonly rule: string;
  readonly slice: string;
  readonly status: string;
  readonly message: string;
}

function gate(candidate: string, baseline: string, extra: string[] = []) {
  // A directory of its own: the safety search keeps its corpus beside the run.
  const cwd = inlineFiles({});
  const out = join(cwd, 'out');
  const run = runCli(
    [
      'gate',
      '--candidate',
      candidate,
      '--baseline',
      baseline,
      '--out',
      out,
      '--no-cache',
      '--workers',
      '2',
      ...extra,
    ],
    { cwd },
  );
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
    decision: string;
    reasons: Reason[];
    provenance: { scenarios: { id: string }[] };
  };
  return { run, report, out };
}

describe('simgate gate on the bundled stream suite', () => {
  it('promotes the retrained forecaster over production, skipping the vibration scenario', () => {
    const { run, report } = gate(V2, V1);
    expect(run.code, run.stderr).toBe(0);
    expect(report.decision).toBe('PROMOTE');
    expect(run.stderr).toMatch(
      /skipping 1 scenario\(s\) the model does not cover: stream-vibration-wear \(vibration sensor; the model reads temperature\)/,
    );
    const ids = report.provenance.scenarios.map((s) => s.id);
    expect(ids).toContain('stream-dropouts');
    expect(ids).not.toContain('stream-vibration-wear');
    const passed = report.reasons.filter((r) => r.status === 'pass').map((r) => r.message);
    expect(passed.some((m) => /^mae on all/.test(m))).toBe(true);
    expect(passed.some((m) => /^rmse on all/.test(m))).toBe(true);
  });

  it('v2 is non-inferior on every scenario on its own scale, not only on the pooled mean', () => {
    const ids = [
      'stream-temperature-nominal',
      'stream-spikes',
      'stream-latency-reorder',
      'stream-dropouts',
      'stream-stuck-sensor',
      'stream-temperature-drift',
    ];
    const slices = ids.map((id) => `    - {scenario: ${id}, kpis: [mae, rmse]}`).join('\n');
    // The per-scenario comparison is what this test is about; the full bundled safety search ran
    // in the test above, so this gate searches a tenth of its budget.
    const search = '  safety:\n    search: {budget: 40, shrink_budget: 16}\n';
    const dir = inlineFiles({
      'simgate.config.yaml': `gate:\n  task: stream\n  slices:\n${slices}\n${search}`,
    });
    const { run, report } = gate(V2, V1, ['--config', join(dir, 'simgate.config.yaml')]);
    expect(run.code, run.stderr).toBe(0);
    expect(report.decision).toBe('PROMOTE');
    const perScenario = report.reasons.filter((r) => r.rule === 'non_inferiority' && r.slice !== 'all');
    expect(new Set(perScenario.map((r) => r.slice))).toEqual(new Set(ids.map((id) => `scenario:${id}`)));
    expect(perScenario.every((r) => r.status === 'pass')).toBe(true);
  });

  it('rejects production over the retrained model: the search finds the NaN burst it forecasts NaN through', () => {
    const { run, report } = gate(V1, V2);
    expect(run.code, run.stderr).toBe(1);
    expect(report.decision).toBe('REJECT');
    const found = report.reasons.filter((r) => r.status === 'fail' && r.rule === 'safety_search');
    expect(found.length, JSON.stringify(report.reasons, null, 1)).toBeGreaterThan(0);
    expect(found[0].message).toMatch(/no_nan_forecast|finite_actions/);
    expect(found[0].message).toMatch(
      /simgate episode --scenario .*simgate-corpus\/stream\/.*temp-forecast-v1\.onnx/,
    );
  });

  it('rejects production over the retrained model on the suite alone: NaN forecasts on missing readings', () => {
    const dir = inlineFiles({
      'simgate.config.yaml': 'gate:\n  task: stream\n  safety:\n    search: false\n',
    });
    const { run, report } = gate(V1, V2, ['--config', join(dir, 'simgate.config.yaml')]);
    expect(run.code, run.stderr).toBe(1);
    expect(report.decision).toBe('REJECT');
    const nan = report.reasons.filter(
      (r) =>
        r.status === 'fail' &&
        r.slice === 'scenario:stream-dropouts' &&
        /no_nan_forecast|finite_actions/.test(`${r.rule} ${r.message}`),
    );
    expect(nan.length, JSON.stringify(report.reasons, null, 1)).toBeGreaterThan(0);
    expect(nan[0].message).toMatch(/simgate episode --scenario .*dropouts\.yaml .*temp-forecast-v1\.onnx/);
  });

  it('searches a detector candidate over the detector envelope: a stuck sensor it never alarms on is a REJECT', () => {
    const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', 'models', `${name}.onnx`);
    const { run, report } = gate(fixture('detector-misses-stuck'), fixture('detector-stuck-aware'));
    expect(run.code, run.stderr).toBe(1);
    expect(report.decision).toBe('REJECT');
    const found = report.reasons.filter((r) => r.status === 'fail' && r.rule === 'safety_search');
    expect(found.length, JSON.stringify(report.reasons, null, 1)).toBe(1);
    expect(found[0].message).toMatch(/violating max_detection_delay_s/);
    expect(found[0].message).toMatch(
      /simgate-corpus\/stream\/max_detection_delay_s\/trial-[0-9a-f]{16}\.yaml/,
    );
  });

  it('a candidate whose safety-search trials cannot run ends the gate with exit 3, never PROMOTE', () => {
    const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', 'models', `${name}.onnx`);
    const cwd = inlineFiles({});
    const args = ['gate', '--candidate', fixture('detector-window-too-long')];
    const run = runCli(
      [...args, '--baseline', fixture('detector-stuck-aware'), '--out', 'out', '--no-cache'],
      {
        cwd,
      },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/the safety search could not run a trial of the candidate/);
    expect(existsSync(join(cwd, 'out', 'report.json'))).toBe(false);
  });

  it('a suite the models do not cover decides ERROR, never PROMOTE', () => {
    const vibration = join(repoRoot, 'scenarios/library/stream/vibration-wear.yaml');
    const { run, report } = gate(V2, V1, ['--suite', vibration]);
    expect(run.code, run.stderr).toBe(3);
    expect(report.decision).toBe('ERROR');
    expect(report.reasons.map((r) => r.rule)).toContain('empty_suite');
    expect(run.stderr).toMatch(/stream-vibration-wear \(vibration sensor; the model reads temperature\)/);
  });
});

describe('simgate run with a stream model', () => {
  it('runs the scenarios of the model sensor and says which ones it skips', () => {
    const out = join(inlineFiles({}), 'out');
    const run = runCli([
      'run',
      '--model',
      V2,
      '--suite',
      join(repoRoot, 'scenarios/library/stream'),
      '--samples',
      '1',
      '--workers',
      '2',
      '--no-cache',
      '--quiet',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /simgate: skipping 1 scenario\(s\) the model does not cover: stream-vibration-wear \(vibration sensor; the model reads temperature\)/,
    );
    const scenarios = readFileSync(join(out, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { scenario_id: string }).scenario_id);
    expect(scenarios).toHaveLength(6);
    expect(scenarios).toContain('stream-dropouts');
    expect(scenarios).not.toContain('stream-vibration-wear');
  });
});
