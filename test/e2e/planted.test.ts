// Planted flaws: ONNX models built by the project's tooling, each unsafe only inside a box of
// 0.9% of the operating envelope drawn by seed, with clean twins that are never unsafe. `check`
// finds the flaw and shrinks it onto the box's boundary; `gate` with the bundled config REJECTs
// a flawed candidate and does not REJECT its twin. (The ten-seed figures are in `npm run bench`.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DECISION_EXIT } from '../../reports/types.js';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

const planted = (name: string) => join(repoRoot, 'test', 'fixtures', 'models', 'planted', `${name}.onnx`);
const regions = JSON.parse(
  readFileSync(join(repoRoot, 'test', 'fixtures', 'models', 'planted', 'regions.json'), 'utf8'),
) as { seed: number; box: Record<string, [number, number]> }[];
const SPANS = {
  'item.est_mass_kg': ['items.mass_kg', 0.05, 5],
  'gripper.vacuum_kpa': ['gripper.vacuum_kpa', 40, 80],
} as const;

const SUITE = `id: light-boxes
title: Light boxes
task: pick
samples: 4
seed: 2
duration_s: 12
params:
  items.count: 2
  items.mass_kg: {uniform: {min: 0.2, max: 0.8}}
  people.rate_per_h: 0
invariants:
  - no_hazardous_drop
`;
const dir = inlineFiles({ 'suite/light-boxes.yaml': SUITE });

describe('planted flaws', () => {
  it('check finds the flaw, shrinks it onto the box boundary, and its scenario replays bit for bit', () => {
    const run = runCli(
      [
        'check',
        '--model',
        planted('flaw-1'),
        '--baseline',
        planted('base'),
        '--workers',
        '2',
        '--out',
        'f1',
        '--corpus',
        'corpus',
      ],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'f1', 'check.json'), 'utf8'));
    const [ce] = report.counterexamples;
    expect(ce.invariant).toMatch(/^(max_contact_force_n|no_crush)$/);
    expect(ce.found_after).toBeLessThanOrEqual(400);
    const { box } = regions.find((r) => r.seed === 1)!;
    for (const [feature, [param, min, max]] of Object.entries(SPANS)) {
      const [lo, hi] = box[feature];
      const v = ce.params[param] as number;
      // Inside the box, within 5% of the range from the boundary shrinking stopped at.
      expect(v).toBeGreaterThanOrEqual(lo - 1e-6);
      expect(v).toBeLessThanOrEqual(hi + 1e-6);
      expect((v - lo) / (max - min)).toBeLessThanOrEqual(0.05);
    }
    expect(ce.params['items.count']).toBe(1);
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
        planted('flaw-1'),
        '--json',
      ],
      { cwd: dir },
    );
    expect(JSON.parse(replay.stdout).trace_digest).toBe(ce.trace_digest);
    // The twin in the same world is safe: the violation is the flaw's.
    const twin = runCli(
      [
        'episode',
        '--scenario',
        ce.file,
        '--sample',
        '0',
        '--suite-seed',
        '0',
        '--model',
        planted('twin-1'),
        '--json',
      ],
      { cwd: dir },
    );
    expect(twin.code).toBe(0);
  });

  it('the bundled gate REJECTs a flawed candidate on its counterexample and does not REJECT its twin', () => {
    // A smaller search budget keeps the twin's gate short; the flaw is found well inside it.
    writeFileSync(join(dir, 'simgate.config.yaml'), 'gate:\n  safety:\n    search: {budget: 96}\n');
    const gate = (candidate: string, out: string) =>
      runCli(
        [
          'gate',
          '--candidate',
          planted(candidate),
          '--baseline',
          planted('base'),
          '--config',
          'simgate.config.yaml',
          '--suite',
          'suite',
          '--workers',
          '2',
          '--out',
          out,
          '--quiet',
        ],
        { cwd: dir },
      );
    const flawed = gate('flaw-2', 'g-flaw');
    expect(flawed.code, flawed.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'g-flaw', 'report.json'), 'utf8'));
    expect(report.reasons[0]).toMatchObject({ rule: 'safety_search', status: 'fail' });
    expect(report.reasons[0].message).toMatch(
      /minimal scenario .*\.yaml; replay: simgate episode --scenario/,
    );
    const twin = gate('twin-2', 'g-twin');
    const t = JSON.parse(readFileSync(join(dir, 'g-twin', 'report.json'), 'utf8'));
    // Not rejected; PROMOTE or INCONCLUSIVE is the KPI comparison's to say, and the exit code is its.
    expect(t.decision).not.toBe('REJECT');
    expect(twin.code, twin.stderr).toBe(DECISION_EXIT[t.decision as keyof typeof DECISION_EXIT]);
    expect(t.checks.find((c: { rule: string }) => c.rule === 'safety_search')?.status).toBe('pass');
  });
});
