// `simgate episode --task stream` through the real built CLI: the reference, EWMA and
// seasonal-naive forecasters and a real ONNX forecaster on simulated streams with faults, the
// telemetry trace, and one-line errors for bad flags.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTelemetry } from '../../sim/telemetry.js';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

const STREAM = ['episode', '--task', 'stream', '--seed', '3', '--horizon-h', '4'];
const json = (args: string[]) => {
  const run = runCli([...args, '--json']);
  expect(run.stderr).toBe('');
  return { code: run.code, out: JSON.parse(run.stdout) };
};

describe('simgate episode --task stream', () => {
  it('runs the reference forecaster and prints KPIs, invariants and status', () => {
    const run = runCli([...STREAM, '--policy', 'reference']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^stream episode, policy reference:ewma\(alpha=0\.3\), seed 3: ok \(4\.0 h simulated, 240 readings\)/,
    );
    expect(run.stdout).toMatch(/\n {2}mae +\d+\.\d{3} °C\n/);
    expect(run.stdout).toMatch(/\n {2}no_nan_forecast +holds/);
    expect(run.stdout).toMatch(/trace digest [0-9a-f]{64}\n$/);
  });

  it('is deterministic, and a fault (JSON or short form, same meaning) changes the episode', () => {
    const a = json([...STREAM, '--policy', 'ewma']);
    const b = json([...STREAM, '--policy', 'ewma']);
    expect(a.code).toBe(0);
    expect(b.out.trace_digest).toBe(a.out.trace_digest);
    expect(a.out.kpis).toEqual(b.out.kpis);
    const short = json([...STREAM, '--policy', 'ewma', '--fault', 'step:start_h=2,magnitude=5']);
    const long = json([
      ...STREAM,
      '--policy',
      'ewma',
      '--fault',
      '{"kind":"step","start_h":2,"magnitude":5}',
    ]);
    expect(short.out.faults).toEqual([{ kind: 'step', start_h: 2, magnitude: 5 }]);
    expect(long.out.trace_digest).toBe(short.out.trace_digest);
    expect(short.out.trace_digest).not.toBe(a.out.trace_digest);
    expect(short.out.kpis.mae).toBeGreaterThan(a.out.kpis.mae);
    expect(short.out.events).toEqual([{ t: 7200, kind: 'fault', fault: 'step', entry: 0, end_t: 14400 }]);
  });

  it('exits 1 when a requested invariant is violated', () => {
    const run = json([...STREAM, '--fault', 'step:start_h=2,magnitude=5', '--invariant', 'max_abs_error=1']);
    expect(run.code).toBe(1);
    expect(run.out.status).toBe('violation');
    expect(run.out.invariants.find((i: { name: string }) => i.name === 'max_abs_error').violated).toBe(true);
  });

  it('runs seasonal-naive over more than a day of another sensor', () => {
    const run = json([
      'episode',
      '--task',
      'stream',
      '--policy',
      'seasonal-naive',
      '--seed',
      '1',
      '--horizon-h',
      '30',
      '--set',
      'stream.sensor=vibration',
      '--set',
      'stream.period_s=600',
    ]);
    expect(run.code).toBe(0);
    expect(run.out.policy).toBe('reference:seasonal-naive(season=144)');
    expect(run.out.kpis.mae).toBeGreaterThan(0);
    const short = runCli(['episode', '--task', 'stream', '--policy', 'seasonal-naive', '--horizon-h', '12']);
    expect(short.code).toBe(3);
    expect(short.stderr).toMatch(/seasonal-naive needs more than one day of readings/);
  });

  it('runs a real ONNX forecaster and writes a byte-stable telemetry trace', () => {
    const dir = inlineFiles({});
    const args = [
      ...STREAM,
      '--model',
      join(repoRoot, 'models/temp-forecast-v2.onnx'),
      '--fault',
      'dropout:start_h=1,end_h=2,probability=0.5',
    ];
    const a = runCli([...args, '--trace', join(dir, 'a.jsonl'), '--json']);
    const b = runCli([...args, '--trace', join(dir, 'b.jsonl')]);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const text = readFileSync(join(dir, 'a.jsonl'), 'utf8');
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toBe(text);
    const out = JSON.parse(a.stdout);
    expect(out.policy).toMatch(/^onnx:[0-9a-f]{64}$/);
    const trace = readTelemetry(text, 'a.jsonl');
    expect(trace.meta).toMatchObject({
      task: 'stream',
      seed: '3',
      window: 48,
      horizon: 6,
      sensor: 'temperature',
    });
    expect(trace.meta.trace_digest).toBe(out.trace_digest);
    const sensors = trace.records.filter((r) => r.type === 'sensor');
    const actions = trace.records.filter((r) => r.type === 'action');
    expect(sensors).toHaveLength(240);
    expect(sensors.some((r) => r.present === 0)).toBe(true);
    // A decision at every reading with a full window behind it and 6 readings ahead.
    expect(actions.length).toBeGreaterThan(150);
    expect(actions.length).toBeLessThan(240 - 48);
    expect(actions[0].forecast).toHaveLength(6);
    expect(trace.records.filter((r) => r.type === 'event')).toHaveLength(1);
  });

  it('rejects bad flags with one line and exit 3', () => {
    const bad = (args: string[], message: RegExp) => {
      const run = runCli(['episode', ...args]);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    };
    bad(
      ['--task', 'stream', '--set', 'stream.sensr=vibration'],
      /unknown parameter "stream\.sensr" \(did you mean "stream\.sensor"\?\)/,
    );
    bad(['--task', 'stream', '--set', 'zzz=1'], /valid parameters: stream\.sensor, stream\.period_s/);
    bad(['--task', 'stream', '--set', 'stream.sensor=sonar'], /stream\.sensor: must be one of "temperature"/);
    bad(
      ['--task', 'stream', '--fault', 'spkie:magnitude=3'],
      /--fault spkie:magnitude=3: kind: must be one of .* \(did you mean "spike"\?\)/,
    );
    bad(['--task', 'stream', '--fault', 'spike'], /--fault spike: magnitude: required for a spike fault/);
    bad(
      ['--task', 'stream', '--fault', 'step:magnitud=3'],
      /unknown key for a step fault \(did you mean "magnitude"\?\)/,
    );
    bad(['--task', 'stream', '--fault', '{"kind": "step"'], /--fault .*: invalid JSON/);
    bad(['--task', 'stream', '--invariant', 'max_abs_eror=1'], /unknown stream invariant "max_abs_eror"/);
    bad(['--task', 'stream', '--horizon-h', '0'], /--horizon-h must be a number of hours/);
    bad(
      ['--task', 'stream', '--policy', 'arima'],
      /unknown stream policy "arima" \(known: reference, ewma, seasonal-naive\)/,
    );
    bad(['--task', 'sonar'], /--task must be one of pick, stream/);
    bad(['--task', 'pick', '--fault', 'spike:magnitude=3'], /--fault applies to stream episodes/);
    bad(['--task', 'pick', '--horizon-h', '3'], /--horizon-h applies to stream episodes/);
    bad(
      ['--task', 'stream', '--model', join(repoRoot, 'models/pick-v2.onnx')],
      /pick-v2\.onnx: its card says task "pick", but this command needs a stream model/,
    );
    bad(
      ['--task', 'pick', '--model', join(repoRoot, 'models/temp-forecast-v2.onnx')],
      /temp-forecast-v2\.onnx: its card says task "stream", but this command needs a pick model/,
    );
  });

  it('has help with an example of every form', () => {
    const help = runCli(['episode', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/simgate episode --task stream --policy reference --seed 4/);
    expect(help.stdout).toMatch(/--fault spike:start_h=1,end_h=3,magnitude=8/);
    expect(help.stdout).toMatch(
      /simgate episode --scenario scenarios\/library\/pick\/nominal\.yaml --sample 3 --suite-seed 1 --model models\/pick-v2\.onnx --trace replay\.jsonl/,
    );
  });
});
