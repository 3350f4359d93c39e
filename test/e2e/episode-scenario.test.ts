// Proof of replay: `simgate episode --scenario FILE --sample N --suite-seed S` rebuilds exactly
// the episode `simgate run` ran for that sample — same trace digest, KPIs, invariants and status
// as the sweep's results.jsonl line — for pick and stream scenarios, with the reference
// policies and with real ONNX models (pick-v2 in a 2-lane lockstep batch, temp-forecast-v2).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

const PICK = `id: replay-pick
title: Two short picks of light boxes
task: pick
samples: 2
seed: 11
duration_s: 6
params:
  items.count: {int: {min: 2, max: 3}}
  items.mass_kg: {uniform: {min: 0.2, max: 1.0}}
  items.shape: box
invariants:
  - no_hazardous_drop
  - {name: max_contact_force_n, limit: 60}
`;

const STREAM = `id: replay-stream
title: Four hours of hall temperature with spikes
task: stream
samples: 3
seed: 12
horizon_h: 4
params:
  stream.sensor: temperature
  stream.period_s: 60
  temperature.mean_c: {uniform: {min: 14, max: 22}}
faults:
  - {kind: spike, start_h: 1, end_h: 3, magnitude: 6, probability: 0.05}
invariants:
  - no_nan_forecast
  - {name: max_abs_error, limit: 5}
`;

const SUITE_SEED = '5';
const PICK_MODEL = join(repoRoot, 'models/pick-v2.onnx');
const STREAM_MODEL = join(repoRoot, 'models/temp-forecast-v2.onnx');

const dir = inlineFiles({ 'suite/pick.yaml': PICK, 'suite/stream.yaml': STREAM });
const cli = (args: string[]) => runCli(args, { cwd: dir });

interface ResultLine {
  scenario_id: string;
  sample: number;
  seed: string;
  status: string;
  kpis: Record<string, number>;
  invariants: { name: string; margin: number; violated: boolean }[];
  trace_digest: string;
}

function sweep(out: string, suite: string, model: string[]): ResultLine[] {
  const args = [
    '--suite',
    suite,
    '--seed',
    SUITE_SEED,
    '--out',
    out,
    '--no-cache',
    '--workers',
    '1',
    '--quiet',
  ];
  const run = cli(['run', ...model, ...args]);
  expect(run.stderr).toBe('');
  const lines = readFileSync(join(dir, out, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ResultLine);
  // A finished sweep exits 1 exactly when an episode violated an invariant, else 0 (the ONNX
  // model's behaviour may change with retraining; the rule may not).
  expect(lines.every((l) => l.status === 'ok' || l.status === 'violation')).toBe(true);
  expect(run.code).toBe(lines.some((l) => l.status === 'violation') ? 1 : 0);
  return lines;
}

/** Replays one sample and checks it against the sweep's line for it. */
function expectReplayMatches(results: ResultLine[], file: string, sample: number, extra: string[]) {
  const line = results.find((r) => r.sample === sample)!;
  const args = ['--scenario', file, '--sample', String(sample), '--suite-seed', SUITE_SEED];
  const replay = cli(['episode', ...args, ...extra, '--json']);
  expect(replay.stderr).toBe('');
  // The replay exits like the episode it replays: 1 for a violation, 0 for ok.
  expect(replay.code).toBe(line.status === 'violation' ? 1 : 0);
  const out = JSON.parse(replay.stdout);
  expect(out.replay).toMatchObject({ scenario_id: line.scenario_id, sample, suite_seed: Number(SUITE_SEED) });
  expect(out.seed).toBe(line.seed);
  expect(out.trace_digest).toBe(line.trace_digest);
  expect(out.kpis).toEqual(line.kpis);
  expect(out.invariants).toEqual(line.invariants);
  expect(out.status).toBe(line.status);
  return out;
}

describe('simgate episode --scenario replays a sweep episode bit for bit', () => {
  let pickRef: ResultLine[];
  let streamRef: ResultLine[];
  let pickOnnx: ResultLine[];
  let streamOnnx: ResultLine[];

  beforeAll(() => {
    const ref = sweep('ref', 'suite', ['--policy', 'reference']);
    pickRef = ref.filter((r) => r.scenario_id === 'replay-pick');
    streamRef = ref.filter((r) => r.scenario_id === 'replay-stream');
    pickOnnx = sweep('pick-v2', 'suite/pick.yaml', ['--model', PICK_MODEL]);
    streamOnnx = sweep('temp-v2', 'suite/stream.yaml', ['--model', STREAM_MODEL]);
    expect(pickRef).toHaveLength(2);
    expect(streamOnnx).toHaveLength(3);
  });

  it('pick, reference policy: same digest and KPIs; the trace file hashes to the digest', () => {
    expectReplayMatches(pickRef, 'suite/pick.yaml', 1, ['--policy', 'reference', '--trace', 'pick1.jsonl']);
    const bytes = readFileSync(join(dir, 'pick1.jsonl'));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pickRef[1].trace_digest);
  });

  it('stream, reference policy: same digest and KPIs', () => {
    const out = expectReplayMatches(streamRef, 'suite/stream.yaml', 1, ['--policy', 'reference']);
    expect(out.horizon_h).toBe(4);
    expect(out.faults).toEqual([{ kind: 'spike', start_h: 1, end_h: 3, magnitude: 6, probability: 0.05 }]);
    expect(out.kpis.mae).toBeGreaterThan(0);
  });

  it('pick, ONNX pick-v2 (run in one 2-lane lockstep batch): same digest and KPIs', () => {
    expectReplayMatches(pickOnnx, 'suite/pick.yaml', 1, ['--model', PICK_MODEL]);
  });

  it('stream, ONNX temp-forecast-v2: same digest and KPIs', () => {
    expectReplayMatches(streamOnnx, 'suite/stream.yaml', 2, ['--model', STREAM_MODEL]);
  });

  it('--set on top of the scenario is announced and changes the episode', () => {
    const args = ['episode', '--scenario', 'suite/stream.yaml', '--sample', '1', '--suite-seed', SUITE_SEED];
    const run = cli([...args, '--set', 'temperature.noise_c=0.5', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.overrides).toEqual(['temperature.noise_c']);
    expect(out.params['temperature.noise_c']).toBe(0.5);
    expect(out.trace_digest).not.toBe(streamRef[1].trace_digest);
    const text = cli([...args, '--set', 'temperature.noise_c=0.5']);
    expect(text.stdout).toMatch(
      /^replay of replay-stream sample 1 \(suite\/stream\.yaml, suite seed 5\)\n--set overrides on top of the scenario's draw: temperature\.noise_c=0\.5 — this is no longer the planned episode\n/,
    );
  });

  it("defaults the suite seed to simgate run's (0)", () => {
    const run = cli(['episode', '--scenario', 'suite/stream.yaml', '--sample', '0', '--json']);
    expect(run.code).toBe(0);
    const explicit = cli([
      'episode',
      '--scenario',
      'suite/stream.yaml',
      '--sample',
      '0',
      '--suite-seed',
      '0',
      '--json',
    ]);
    expect(JSON.parse(run.stdout).trace_digest).toBe(JSON.parse(explicit.stdout).trace_digest);
    expect(JSON.parse(run.stdout).replay.suite_seed).toBe(0);
  });
});

describe('simgate episode --scenario rejects bad input with one line and exit 3', () => {
  const bad = (args: string[], message: RegExp) => {
    const run = cli(['episode', ...args]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  };

  it('names the problem', () => {
    bad(
      ['--scenario', 'suite/missing.yaml', '--sample', '0'],
      /^simgate: suite\/missing\.yaml: scenario file not found/,
    );
    bad(['--scenario', 'suite', '--sample', '0'], /takes one scenario file, not a folder/);
    bad(
      ['--scenario', 'suite/pick.yaml', '--sample', '2'],
      /replay-pick: sample 2 is out of range: the scenario has 2 sample\(s\), 0 to 1/,
    );
    bad(['--scenario', 'suite/pick.yaml'], /--scenario needs --sample N/);
    bad(['--scenario', 'suite/pick.yaml', '--sample', 'x'], /--sample must be an integer ≥ 0 \(got "x"\)/);
    bad(
      ['--scenario', 'suite/pick.yaml', '--sample', '0', '--task', 'stream'],
      /scenario "replay-pick" is a pick scenario, but --task is stream/,
    );
    bad(
      ['--scenario', 'suite/pick.yaml', '--sample', '0', '--seed', '3'],
      /--seed cannot be combined with --scenario/,
    );
    bad(['--sample', '2'], /--sample only applies with --scenario FILE/);
    bad(
      ['--scenario', 'suite/stream.yaml', '--sample', '0', '--model', PICK_MODEL],
      /its card says task "pick", but this command needs a stream model/,
    );
    bad(
      ['--scenario', 'suite/pick.yaml', '--sample', '0', '--set', 'gripper.vacum_kpa=5'],
      /did you mean "gripper\.vacuum_kpa"/,
    );
  });

  it('reports a broken scenario file with file:line:col and field path', () => {
    const broken = inlineFiles({ 'bad.yaml': PICK.replace('duration_s: 6', 'duration_s: 6\nhorizon_h: 2') });
    const run = runCli(['episode', '--scenario', 'bad.yaml', '--sample', '0'], { cwd: broken });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/bad\.yaml:\d+:\d+ /);
  });
});
