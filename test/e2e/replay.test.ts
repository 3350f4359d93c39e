// `simgate replay` through the real built CLI on the bundled incidents (examples/incidents/,
// recorded from the project's flawed fixture models): closed-loop fidelity of the recorded
// model's replay, the retrained candidate's outcome, open-loop envelopes, MCAP input, the
// messy field-style recording, and the fail-closed outcomes (no baseline, the wrong baseline).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { DECISION_EXIT } from '../../reports/types.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const INCIDENTS = join(repoRoot, 'examples', 'incidents');
const FIXTURES = join(repoRoot, 'test', 'fixtures', 'models');
const CANDIDATE = join(repoRoot, 'models', 'pick-v2.onnx');

interface Replay {
  outcome: string;
  reason: string;
  incident: { kind: string; t: number; item?: number; cause_t: number; from: string } | null;
  fidelity: {
    reproduced: boolean;
    gripper_mm: { max: number; mean: number } | null;
    incident_offset_s: number | null;
  } | null;
  closed_loop: { role: string; recurred: boolean; other_incidents: unknown[]; divergence: unknown[] }[];
  open_loop: {
    rows: { candidate_divergence: Record<string, number> | null }[];
    incident_decision?: { inside: boolean; envelope: { name: string; margin: number }[] };
  };
  notes: string[];
  recording: string;
}

function replay(args: readonly string[]): {
  code: number;
  out: string;
  result: Replay;
  stdout: string;
  stderr: string;
} {
  const out = mkdtempSync(join(tmpdir(), 'simgate-replay-'));
  const run = runCli(['replay', ...args, '--out', out]);
  const file = join(out, 'replay.json');
  const result = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Replay) : (undefined as never);
  return { code: run.code, out, result, stdout: run.stdout, stderr: run.stderr };
}

const bundled = [
  { name: 'crush-fragile', model: 'fragile-fast', kind: 'crush', outcome: 'AVOIDED', code: 0 },
  { name: 'drop-heavy', model: 'heavy-hard-accel', kind: 'drop', outcome: 'AVOIDED', code: 0 },
  // People walk the same path whatever the model: the stop recurs with the candidate too.
  { name: 'stop-person', model: 'heavy-hard-accel', kind: 'protective_stop', outcome: 'REPRODUCED', code: 1 },
] as const;

describe('simgate replay: the bundled incidents, closed loop', () => {
  for (const b of bundled) {
    it(`${b.name}: the recorded model reproduces the ${b.kind}; pick-v2 is ${b.outcome}`, () => {
      const r = replay([
        join(INCIDENTS, `${b.name}.jsonl`),
        '--model',
        CANDIDATE,
        '--baseline',
        join(FIXTURES, `${b.model}.onnx`),
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(b.code);
      expect(r.result.outcome).toBe(b.outcome);
      expect(r.result.incident).toMatchObject({ kind: b.kind, from: 'meta.incident' });
      // Fidelity: the recorded model's replay repeats the incident within a step or two, and the
      // gripper stays within millimetres of the recording over the seconds before it.
      expect(r.result.fidelity?.reproduced).toBe(true);
      expect(Math.abs(r.result.fidelity!.incident_offset_s!)).toBeLessThan(0.05);
      expect(r.result.fidelity!.gripper_mm!.max).toBeLessThan(20);
      const base = r.result.closed_loop.find((c) => c.role === 'baseline')!;
      expect(base.divergence.length).toBeGreaterThan(0);
      for (const f of [
        'replay.md',
        'replay.html',
        'junit.xml',
        'candidate.jsonl',
        'candidate.mcap',
        'baseline.mcap',
      ])
        expect(existsSync(join(r.out, f)), f).toBe(true);
      const junit = new XMLParser({ ignoreAttributes: false }).parse(
        readFileSync(join(r.out, 'junit.xml'), 'utf8'),
      );
      expect(Number(junit.testsuites['@_failures'])).toBe(b.outcome === 'AVOIDED' ? 0 : 1);
      expect(readFileSync(join(r.out, 'replay.html'), 'utf8')).toContain('<polyline');
      expect(r.stdout).toContain(`simgate replay: ${b.outcome}`);
    });
  }

  it('reads the MCAP file of an incident to the same replay as its JSON Lines', () => {
    const args = ['--model', CANDIDATE, '--baseline', join(FIXTURES, 'fragile-fast.onnx')];
    const a = replay([join(INCIDENTS, 'crush-fragile.jsonl'), ...args]);
    const b = replay([join(INCIDENTS, 'crush-fragile.mcap'), ...args]);
    expect(b.code).toBe(0);
    // The same replay; only where the scene was read from is named differently.
    const strip = (r: Replay) => JSON.stringify({ ...r, recording: '', reconstructed: [] });
    expect(strip(b.result)).toBe(strip(a.result));
    expect((b.result as unknown as { reconstructed: string[] }).reconstructed[0]).toMatch(
      /crush-fragile\.mcap: \/simgate\/scene#\d+/,
    );
    expect(readFileSync(join(b.out, 'candidate.jsonl'), 'utf8').split('\n').slice(1).join('\n')).toBe(
      readFileSync(join(a.out, 'candidate.jsonl'), 'utf8').split('\n').slice(1).join('\n'),
    );
  });

  it('people walk their recorded paths: moved away in the recording, the stop no longer reproduces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simgate-people-'));
    const moved = readFileSync(join(INCIDENTS, 'stop-person.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => {
        const r = JSON.parse(line) as { people?: { id: number; x: number; y: number }[] };
        if (!r.people) return line;
        r.people = r.people.map((q) => ({ ...q, y: q.y - 20 }));
        return JSON.stringify(r);
      });
    const file = join(dir, 'moved.jsonl');
    writeFileSync(file, `${moved.join('\n')}\n`);
    const r = replay([file, '--model', CANDIDATE, '--baseline', join(FIXTURES, 'heavy-hard-accel.onnx')]);
    expect(r.code).toBe(2);
    expect(r.result.reason).toMatch(/the recorded model's replay does not reproduce the protective stop/);
    expect((r.result as unknown as { reconstructed: string[] }).reconstructed.join('\n')).toMatch(
      /people: 2 recorded path\(s\)/,
    );
  });

  it('REPRODUCED when the candidate is the model that caused the incident (exit 1)', () => {
    const r = replay([
      join(INCIDENTS, 'crush-fragile.jsonl'),
      '--model',
      join(FIXTURES, 'fragile-fast.onnx'),
      '--baseline',
      join(FIXTURES, 'fragile-fast.onnx'),
    ]);
    expect(r.code).toBe(1);
    expect(r.result.outcome).toBe('REPRODUCED');
    expect(r.result.reason).toMatch(/the candidate repeats the crush of item 0/);
  });

  it('never AVOIDED without a baseline: INSUFFICIENT (exit 2)', () => {
    const r = replay([join(INCIDENTS, 'drop-heavy.jsonl'), '--model', CANDIDATE]);
    expect(r.code).toBe(2);
    expect(r.result.outcome).toBe('INSUFFICIENT');
    expect(r.result.reason).toMatch(/without --baseline/);
  });

  it('never AVOIDED against a baseline that is not the recorded model: INSUFFICIENT (exit 2)', () => {
    const r = replay([
      join(INCIDENTS, 'drop-heavy.jsonl'),
      '--model',
      CANDIDATE,
      '--baseline',
      join(repoRoot, 'models', 'pick-v1.onnx'),
    ]);
    expect(r.code).toBe(2);
    expect(r.result.reason).toMatch(/the recording was made with onnx:/);
  });

  it('a messy field-style recording replays, and what was tolerated is reported', () => {
    const r = replay([
      join(INCIDENTS, 'crush-fragile-field.jsonl'),
      '--model',
      CANDIDATE,
      '--baseline',
      join(FIXTURES, 'fragile-fast.onnx'),
    ]);
    expect(r.code).toBe(0);
    expect(r.result.fidelity?.reproduced).toBe(true);
    expect(r.result.incident?.from).toBe('first incident event');
    const notes = r.result.notes.join('\n');
    for (const note of [
      /record\(s\) out of time order/,
      /unknown fields kept but not used: .*meta\.site.*sensor\.temperature_c/,
      /clock jitter/,
      /2 gap\(s\) in the periodic readings/,
      /without item velocities/,
      /safety scanner distance is not logged/,
      /no people readings \(periodic `people`\): people walk the walkway schedule of meta\.params/,
      /actions recorded as requested only/,
    ])
      expect(notes).toMatch(note);
  });
});

describe('simgate replay --mode open', () => {
  it('feeds every recorded observation to the models and checks the incident decision', () => {
    const safe = replay([join(INCIDENTS, 'drop-heavy.jsonl'), '--model', CANDIDATE, '--mode', 'open']);
    const lines = readFileSync(join(INCIDENTS, 'drop-heavy.jsonl'), 'utf8').split('\n');
    const observations = lines.filter((l) => l.startsWith('{"type":"observation"')).length;
    expect(safe.result.open_loop.rows).toHaveLength(observations);
    expect(safe.code).toBe(0);
    expect(safe.result.open_loop.incident_decision?.envelope[0]).toMatchObject({ name: 'hold' });
    expect(safe.result.open_loop.incident_decision!.envelope[0].margin).toBeGreaterThan(0);
    expect(safe.result.closed_loop).toEqual([]);
    const same = replay([
      join(INCIDENTS, 'drop-heavy.jsonl'),
      '--model',
      join(FIXTURES, 'heavy-hard-accel.onnx'),
      '--mode',
      'open',
    ]);
    expect(same.code).toBe(1);
    expect(same.result.open_loop.incident_decision!.envelope[0].margin).toBeLessThan(0);
    // The recorded model answers the recorded observations exactly as recorded.
    for (const row of same.result.open_loop.rows)
      for (const d of Object.values(row.candidate_divergence ?? {})) expect(d).toBeLessThan(1e-5);
  });

  it('the crushing approach speed itself is on the limit, not inside it', () => {
    const r = replay([
      join(INCIDENTS, 'crush-fragile.jsonl'),
      '--model',
      join(FIXTURES, 'fragile-fast.onnx'),
      '--mode',
      'open',
    ]);
    expect(r.code).toBe(1);
    expect(r.result.open_loop.incident_decision?.envelope).toEqual([
      expect.objectContaining({ name: 'approach_speed', margin: 0 }),
    ]);
  });
});

describe('simgate replay --to-scenario', () => {
  it('writes a scenario that validates, and a gate on the bundled suite picks it up and REJECTs the model that caused the incident', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'simgate-incident-'));
    const scenario = join('scenarios', 'incidents', 'crush.yaml');
    const out = join(cwd, 'replay-out');
    const r = runCli(
      [
        'replay',
        join(INCIDENTS, 'crush-fragile.jsonl'),
        '--model',
        CANDIDATE,
        '--mode',
        'open',
        '--to-scenario',
        scenario,
        '--samples',
        '4',
        '--out',
        out,
      ],
      { cwd },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const match = /scenario: \S+ \((incident-crush-[0-9a-f]{8}), 4 samples, guarded by no_crush\)/.exec(
      r.stdout,
    );
    expect(match, r.stdout).not.toBeNull();
    const text = readFileSync(join(cwd, scenario), 'utf8');
    const requirement = /requirements:\n\s+- (INC-[0-9a-f]{8})/.exec(text)![1];
    expect(runCli(['validate', scenario], { cwd }).code).toBe(0);
    writeFileSync(
      join(cwd, 'simgate.config.yaml'),
      'gate:\n  min_pairs: 2\n  checkpoints: [1]\n  safety:\n    search: false\n',
    );
    // No --suite: the bundled library plus ./scenarios/incidents; --requirement keeps the incident.
    const gate = (candidate: string, dir: string) =>
      runCli(
        [
          'gate',
          '--candidate',
          candidate,
          '--baseline',
          join(repoRoot, 'models', 'pick-v1.onnx'),
          '--config',
          'simgate.config.yaml',
          '--requirement',
          requirement,
          '--out',
          dir,
          '--quiet',
          '--no-cache',
        ],
        { cwd },
      );
    const culprit = gate(join(FIXTURES, 'fragile-fast.onnx'), 'g-culprit');
    expect(culprit.code).toBe(1);
    const report = JSON.parse(readFileSync(join(cwd, 'g-culprit', 'report.json'), 'utf8'));
    expect(report.decision).toBe('REJECT');
    expect(report.reasons[0].message).toMatch(
      new RegExp(`violates no_crush in scenario ${match![1]} sample 0`),
    );
    const retrained = gate(CANDIDATE, 'g-retrained');
    const { decision } = JSON.parse(readFileSync(join(cwd, 'g-retrained', 'report.json'), 'utf8'));
    expect(decision).not.toBe('REJECT');
    expect(retrained.code, retrained.stderr).toBe(DECISION_EXIT[decision as keyof typeof DECISION_EXIT]);
  });
});

describe('simgate replay of a stream incident (sensor CSV)', () => {
  const csv = join(INCIDENTS, 'nan-burst-temperature.csv');
  const v1 = join(repoRoot, 'models', 'temp-forecast-v1.onnx');
  const v2 = join(repoRoot, 'models', 'temp-forecast-v2.onnx');

  it('AVOIDED by the retrained forecaster, REPRODUCED by the production one, never AVOIDED unmeasured', () => {
    const avoided = replay([csv, '--model', v2, '--baseline', v1, '--at', '7260']);
    expect(avoided.stderr).toBe('');
    expect(avoided.code).toBe(0);
    const r = avoided.result as unknown as {
      outcome: string;
      fidelity: { reproduced: boolean };
      runs: { role: string; in_window: { invariant: string } | null; violations: number }[];
    };
    expect(r.outcome).toBe('AVOIDED');
    expect(r.fidelity.reproduced).toBe(true);
    expect(r.runs[1].in_window?.invariant).toBe('no_nan_forecast');
    expect(r.runs[0].violations).toBe(0);
    expect(readFileSync(join(avoided.out, 'junit.xml'), 'utf8')).toContain('failures="0"');

    const reproduced = replay([csv, '--model', v1, '--baseline', v1, '--at', '7260']);
    expect(reproduced.code).toBe(1);
    expect(reproduced.result.reason).toMatch(
      /the candidate repeats the incident: no_nan_forecast at t = 72\d\d s/,
    );

    const unmeasured = replay([csv, '--model', v2, '--at', '7260']);
    expect(unmeasured.code).toBe(2);
    // Far from the burst the recorded model is fine: the recording does not show that incident.
    const elsewhere = replay([csv, '--model', v2, '--baseline', v1, '--at', '3600']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.result.reason).toMatch(/shows no violation around t = 3600 s/);
  });

  it('refuses what it cannot replay, located (exit 3)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simgate-stream-bad-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, readFileSync(csv, 'utf8').replace('\n60,', '\n60,warm'));
    const cases: [string[], RegExp][] = [
      [[bad, '--model', v2, '--at', '7260'], /bad\.csv:3:\d+/],
      [[csv, '--model', v2, '--at', '99999'], /--at 99999: the recording .* runs from t = 0 to 14340/],
      [[csv, '--model', v2], /needs --at SECONDS/],
      [
        [csv, '--model', v2, '--at', '7260', '--to-scenario', join(dir, 's.yaml')],
        /--to-scenario applies to pick recordings/,
      ],
      [[csv, '--model', CANDIDATE, '--at', '7260'], /task "pick"|forecaster|stream/],
      [
        [join(INCIDENTS, 'crush-fragile.jsonl'), '--model', CANDIDATE, '--at', '1'],
        /--at applies to stream recordings/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['replay', ...args, '--out', join(dir, 'out')]);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('simgate replay of a telemetry/v1 recording', () => {
  it('replays it open-loop, and refuses the closed loop naming the field its scene lacks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simgate-v1-'));
    const lines = readFileSync(join(INCIDENTS, 'crush-fragile.jsonl'), 'utf8').trimEnd().split('\n');
    const v1 = lines.map((line, i) => {
      const r = JSON.parse(line) as Record<string, unknown>;
      if (i === 0) {
        for (const k of ['time_base', 'cell', 'invariants', 'incident', 'policy', 'versions']) delete r[k];
        r.schema = 'simgate.telemetry/v1';
      }
      if (r.type === 'scene')
        r.items = (r.items as Record<string, unknown>[]).map(
          ({ id, shape, half, mass_kg, fragile, porosity, pose }) => ({
            id,
            shape,
            half,
            mass_kg,
            fragile,
            porosity,
            pose,
          }),
        );
      if (r.type === 'action') delete r.applied;
      return JSON.stringify(r);
    });
    const file = join(dir, 'v1.jsonl');
    writeFileSync(file, `${v1.join('\n')}\n`);
    const open = replay([file, '--model', CANDIDATE, '--mode', 'open']);
    expect(open.code).toBe(0);
    expect(open.result.notes.join('\n')).toMatch(/time base not stated \(telemetry\/v1\)/);
    expect(open.result.incident).toMatchObject({ kind: 'crush', item: 0, from: 'first incident event' });
    const closed = runCli(['replay', file, '--model', CANDIDATE, '--out', join(dir, 'closed')]);
    expect(closed.code).toBe(3);
    expect(closed.stderr).toMatch(
      /v1\.jsonl:\d+: items\[0\]\.catalog_mass_kg is missing: .*record with telemetry\/v1\.1/,
    );
  });
});
