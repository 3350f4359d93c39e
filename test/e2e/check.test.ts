// `simgate check` end to end on the real engine: a model unsafe everywhere is caught, its
// minimal counterexample is a valid scenario file that replays the violation bit for bit, the
// corpus replays it first the next time, the same seed finds the same counterexample with 1 or 2
// workers, and bad input is a located error.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', 'models', `${name}.onnx`);
const ENVELOPE = `task: pick
params:
  items.count: {min: 1, max: 2}
  people.rate_per_h: 0
  cell.duration_s: 12
`;

const dir = inlineFiles({ 'envelope.yaml': ENVELOPE });
const check = (args: readonly string[]) =>
  runCli(
    ['check', '--model', fixture('fragile-fast'), '--envelope', 'envelope.yaml', '--budget', '16', ...args],
    { cwd: dir },
  );

describe('simgate check', () => {
  it('finds, shrinks, saves and replays a counterexample, the same for 1 and 2 workers', () => {
    const one = check(['--workers', '1', '--out', 'w1', '--corpus', 'corpus-1', '--no-cache']);
    expect(one.code, one.stderr).toBe(1);
    expect(one.stdout).toMatch(/COUNTEREXAMPLE FOUND/);
    const two = check(['--workers', '2', '--out', 'w2', '--corpus', 'corpus-2', '--no-cache']);
    expect(two.code).toBe(1);
    const report = (out: string) => JSON.parse(readFileSync(join(dir, out, 'check.json'), 'utf8'));
    const [a, b] = [report('w1'), report('w2')];
    expect(a.counterexamples[0].invariant).toBe('max_contact_force_n');
    expect(b.counterexamples.map((c: { params: unknown }) => c.params)).toEqual(
      a.counterexamples.map((c: { params: unknown }) => c.params),
    );
    // The minimal scenario is a scenario file like any other: it validates.
    const file = a.counterexamples[0].file as string;
    expect(file).toMatch(/^corpus-1\/pick\/max_contact_force_n\/trial-[0-9a-f]+\.yaml$/);
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text).toMatch(/provenance:\n {2}model_sha256: [0-9a-f]{64}/);
    expect(runCli(['validate', file], { cwd: dir }).code).toBe(0);
    // Its replay command rebuilds the violating episode bit for bit.
    const replay = runCli(
      [
        'episode',
        '--scenario',
        file,
        '--sample',
        '0',
        '--suite-seed',
        '0',
        '--model',
        fixture('fragile-fast'),
        '--json',
      ],
      { cwd: dir },
    );
    expect(replay.code).toBe(1);
    const episode = JSON.parse(replay.stdout);
    expect(episode.trace_digest).toBe(a.counterexamples[0].trace_digest);
    expect(episode.invariants.find((i: { name: string }) => i.name === 'max_contact_force_n').violated).toBe(
      true,
    );

    // The next check replays the corpus first and stops there.
    const again = check(['--workers', '2', '--out', 'again', '--corpus', 'corpus-1']);
    expect(again.code).toBe(1);
    const r = report('again');
    expect(r.counterexamples[0].found_by).toBe('corpus');
    expect(r.episodes.explore + r.episodes.search).toBe(0);
  });

  it('a clean model over a narrow envelope finds nothing and says how close it came (exit 0)', () => {
    const env =
      'task: pick\nparams:\n  items.count: 1\n  items.fragile_fraction: 0\n  people.rate_per_h: 0\n  cell.duration_s: 10\n  items.mass_kg: {min: 0.1, max: 0.3}\n';
    writeFileSync(join(dir, 'narrow.yaml'), env);
    const run = runCli(
      [
        'check',
        '--model',
        join(repoRoot, 'models', 'pick-v1.onnx'),
        '--envelope',
        'narrow.yaml',
        '--budget',
        '16',
        '--out',
        'clean',
        '--corpus',
        'corpus-clean',
      ],
      { cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/no counterexample found[\s\S]*closest to failing: \w+ at normalised margin/);
  });

  it('reports every problem of a bad envelope with file:line:col, exit 3', () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'task: pick\nparams:\n  items.mas_kg: {min: 1, max: 2}\n  gripper.vacuum_kpa: {min: 80, max: 40}\n  items.count: {min: 0, max: 99}\nextra: 1\n',
    );
    const run = runCli(['check', '--model', fixture('fragile-fast'), '--envelope', 'bad.yaml'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /bad\.yaml:3:3 params\.items\.mas_kg: unknown pick parameter "items\.mas_kg" \(did you mean "items\.mass_kg"\?\)/,
    );
    expect(run.stderr).toMatch(/bad\.yaml:4:\d+ params\.gripper\.vacuum_kpa: min 80 must be below max 40/);
    expect(run.stderr).toMatch(/bad\.yaml:5:\d+ params\.items\.count\.min: 0 is outside the physical range/);
    expect(run.stderr).toMatch(/bad\.yaml:6:1 extra: unknown key "extra"/);
    expect(run.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  });
});
