// `simgate check` on stream forecasters: fault schedules are searched. The production forecaster
// (no front end for missing readings) forecasts NaN through a NaN burst: the search finds it and
// shrinks the schedule to the one fault that matters (the other silenced, the world simplest);
// the minimal scenario replays bit for bit and the corpus replays it first next time. The
// retrained forecaster (hold-last, median of three) survives the whole default budget.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

const model = (name: string) => join(repoRoot, 'models', `${name}.onnx`);

describe('simgate check on stream forecasters', () => {
  const dir = inlineFiles({});
  const report = (out: string) => JSON.parse(readFileSync(join(dir, out, 'check.json'), 'utf8'));

  it('finds the NaN burst production forecasts through, with the fewest faults, and replays it', () => {
    const run = runCli(
      ['check', '--model', model('temp-forecast-v1'), '--budget', '40', '--out', 'v1', '--no-cache'],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(1);
    const ce = report('v1').counterexamples[0];
    expect(['no_nan_forecast', 'finite_actions']).toContain(ce.invariant);
    const scenario = parse(readFileSync(join(dir, ce.file), 'utf8'));
    expect(scenario.horizon_h).toBe(24);
    // One schedule entry per searched kind; only NaN readings are left to blame.
    const byKind = Object.fromEntries(scenario.faults.map((f: { kind: string }) => [f.kind, f]));
    expect(Object.keys(byKind).sort()).toEqual(['dropout', 'nan']);
    expect(byKind.dropout.probability).toBe(0);
    expect(byKind.nan.probability).toBeGreaterThan(0);
    expect(byKind.nan.end_h - byKind.nan.start_h).toBeLessThanOrEqual(2);
    expect(scenario.params['temperature.noise_c']).toBe(0);

    const replay = runCli(
      [
        'episode',
        '--scenario',
        ce.file,
        '--sample',
        '0',
        '--suite-seed',
        '0',
        '--model',
        model('temp-forecast-v1'),
        '--json',
      ],
      { cwd: dir },
    );
    expect(replay.code).toBe(1);
    expect(JSON.parse(replay.stdout).trace_digest).toBe(ce.trace_digest);

    const again = runCli(
      ['check', '--model', model('temp-forecast-v1'), '--budget', '40', '--out', 'again'],
      {
        cwd: dir,
      },
    );
    expect(again.code).toBe(1);
    expect(report('again').counterexamples[0].found_by).toBe('corpus');
  });

  it('finds nothing against the retrained forecaster in the default budget (exit 0)', () => {
    // A scenario put in the corpus by hand that is not one fixed trial is named, not skipped quietly.
    const hand = join(dir, 'v2-corpus', 'stream', 'no_nan_forecast', 'hand.yaml');
    mkdirSync(dirname(hand), { recursive: true });
    writeFileSync(
      hand,
      'id: hand\ntitle: Random NaN bursts\ntask: stream\nsamples: 1\nseed: 0\nhorizon_h: 24\n' +
        'params:\n  stream.period_s: 300\nfaults:\n  - {kind: nan, start_h: 1, end_h: 20, rate_per_h: 0.5, probability: 0.5}\n',
    );
    const run = runCli(
      ['check', '--model', model('temp-forecast-v2'), '--out', 'v2', '--corpus', 'v2-corpus'],
      {
        cwd: dir,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const r = report('v2');
    expect(r.counterexamples).toEqual([]);
    expect(r.episodes.explore + r.episodes.search).toBe(400);
    expect(run.stdout).toMatch(/closest to failing: max_abs_error/);
    expect(run.stderr).toMatch(/corpus: 1 scenario\(s\) not replayed, not one fixed trial .*hand\.yaml/);
  });
});

// Detectors get their own envelope: a sensor stuck at its last reading and spikes, in a world
// where both are detectable (noise of at least 0.1 °C, spikes of 10 °C or more).
describe('simgate check on stream detectors', () => {
  const dir = inlineFiles({});
  const report = (out: string) => JSON.parse(readFileSync(join(dir, out, 'check.json'), 'utf8'));
  const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', 'models', `${name}.onnx`);

  it('finds the stuck sensor a jump-only detector never alarms on, shrunk to that one fault', () => {
    const model = fixture('detector-misses-stuck');
    const run = runCli(['check', '--model', model, '--out', 'miss', '--no-save', '--no-cache'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    const r = report('miss');
    expect(r.envelope.dims.map((d: { name: string }) => d.name)).toContain('fault.stuck.active');
    const ce = r.counterexamples[0];
    expect(ce.invariant).toBe('max_detection_delay_s');
    // --no-save: nothing in the corpus, the minimal scenario under OUT/counterexamples/.
    expect(ce.file).toMatch(
      /^miss\/counterexamples\/stream\/max_detection_delay_s\/trial-[0-9a-f]{16}\.yaml$/,
    );
    expect(existsSync(join(dir, 'simgate-corpus'))).toBe(false);
    const scenario = parse(readFileSync(join(dir, ce.file), 'utf8'));
    const byKind = Object.fromEntries(scenario.faults.map((f: { kind: string }) => [f.kind, f]));
    expect(Object.keys(byKind).sort()).toEqual(['spike', 'stuck']);
    expect(byKind.spike.probability).toBe(0);
    expect(byKind.stuck.end_h - byKind.stuck.start_h).toBeGreaterThanOrEqual(1);
    // The simplest world stays inside the envelope: the noise at its floor, not at 0.
    expect(scenario.params['temperature.noise_c']).toBe(0.1);
    expect(scenario.params['temperature.weather_sd_c']).toBe(0);

    const replay = runCli(
      ['episode', '--scenario', ce.file, '--sample', '0', '--suite-seed', '0', '--model', model, '--json'],
      { cwd: dir },
    );
    expect(replay.code, replay.stderr).toBe(1);
    const episode = JSON.parse(replay.stdout);
    expect(episode.trace_digest).toBe(ce.trace_digest);
    expect(episode.kpis.recall).toBe(0);

    // The same search on one worker thread finds, shrinks and writes the same counterexample.
    const one = runCli(
      ['check', '--model', model, '--out', 'miss-1', '--no-save', '--no-cache', '--workers', '1'],
      {
        cwd: dir,
      },
    );
    expect(one.code, one.stderr).toBe(1);
    const single = report('miss-1');
    expect(single.episodes).toEqual(r.episodes);
    expect(single.counterexamples[0].trace_digest).toBe(ce.trace_digest);
    // Byte for byte, but for the output folder its replay command names.
    expect(
      readFileSync(join(dir, single.counterexamples[0].file), 'utf8').replaceAll('miss-1/', 'miss/'),
    ).toBe(readFileSync(join(dir, ce.file), 'utf8'));
  });

  it('finds nothing against a detector that alarms on stuck readings and spikes (exit 0)', () => {
    const run = runCli(
      ['check', '--model', fixture('detector-stuck-aware'), '--out', 'aware', '--no-cache'],
      {
        cwd: dir,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const r = report('aware');
    expect(r.counterexamples).toEqual([]);
    expect(r.unconfirmed).toEqual([]);
    expect(r.episodes.explore + r.episodes.search).toBe(400);
    expect(r.invariants.map((i: { name: string }) => i.name)).toEqual(
      expect.arrayContaining(['max_detection_delay_s', 'max_false_alarms_per_day']),
    );
    expect(r.invariants.find((i: { name: string }) => i.name === 'max_detection_delay_s').limit).toBe(3600);
  });

  it('a detector that cannot run a trial (its window never fills in a day) is an error, never "none found"', () => {
    const run = runCli(
      ['check', '--model', fixture('detector-window-too-long'), '--out', 'long', '--no-save'],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /the safety search could not run a trial of the candidate \(explore, trial-[0-9a-f]{16}\): no decision fits in the 24 h horizon: the detector reads 300 readings of 300 s before its first; no verdict without it/,
    );
    expect(run.stdout).not.toMatch(/no counterexample found/);
    expect(existsSync(join(dir, 'long', 'check.json'))).toBe(false);
  });
});
