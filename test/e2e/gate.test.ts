// The promotion gate end to end: the real CLI, the real engine and onnxruntime, models built by
// the project's own tooling, on small inline suites so each decision takes seconds.
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

const model = (name: string) => join(repoRoot, 'models', `${name}.onnx`);
const fixture = (name: string) => join(repoRoot, 'test', 'fixtures', 'models', `${name}.onnx`);

// The inline suites carry no ODD tags: the bundled gate's per-ODD slices would match no scenario.
// The safety search has its own tests (check, planted, demo); these gates judge the suite alone.
const CONFIG = `gate:
  min_pairs: 6
  checkpoints: [0.5, 1]
  slices: []
  safety:
    search: false
`;

const scenario = (id: string, body: string) => `id: ${id}
title: ${id}
task: pick
samples: 16
seed: 11
duration_s: 14
${body}`;

const LOW_VACUUM = scenario(
  'low-vacuum',
  `params:
  items.count: 2
  items.mass_kg: {uniform: {min: 0.8, max: 1.4}}
  gripper.vacuum_kpa: {uniform: {min: 30, max: 40}}
invariants:
  - {name: max_drop_height_m, limit: 0.3}
`,
);

const FRAGILE = scenario(
  'fragile',
  `params:
  items.count: 2
  items.fragile_fraction: 1
  items.fragile_force_limit_n: 15
  items.mass_kg: 0.3
invariants:
  - no_crush
`,
);

function gateIn(files: Record<string, string>, args: string[]) {
  const dir = inlineFiles({ 'simgate.config.yaml': CONFIG, ...files });
  const out = join(dir, 'out');
  const run = runCli(
    [
      'gate',
      '--config',
      'simgate.config.yaml',
      '--suite',
      'scenarios',
      '--out',
      'out',
      '--no-cache',
      '--workers',
      '2',
      ...args,
    ],
    { cwd: dir },
  );
  const report = () => JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  return { dir, out, run, report };
}

describe('simgate gate', () => {
  it('rejects the old model against the retrained one where it loses items, naming the rule and figures', () => {
    const g = gateIn({ 'scenarios/low-vacuum.yaml': LOW_VACUUM }, [
      '--candidate',
      model('pick-v1'),
      '--baseline',
      model('pick-v2'),
    ]);
    expect(g.run.code, g.run.stderr).toBe(1);
    const report = g.report();
    expect(report.decision).toBe('REJECT');
    const reason = report.reasons.find((r: { kpi?: string }) => r.kpi === 'pick_success_rate');
    expect(reason).toMatchObject({ rule: 'non_inferiority', slice: 'all', status: 'fail' });
    expect(reason.message).toMatch(/candidate [\d.]+ vs baseline [\d.]+, difference -/);
    expect(g.run.stdout).toContain('REJECT');
  });

  it('rejects the fixture model that crushes fragile items, naming no_crush and the scenario', () => {
    const g = gateIn({ 'scenarios/fragile.yaml': FRAGILE }, [
      '--candidate',
      fixture('fragile-fast'),
      '--baseline',
      model('pick-v1'),
    ]);
    expect(g.run.code).toBe(1);
    const reasons = g.report().reasons as { kpi?: string; slice: string; message: string }[];
    const crush = reasons.find((r) => r.kpi === 'no_crush' && r.slice === 'scenario:fragile');
    expect(crush?.message).toMatch(
      /simgate episode --scenario scenarios\/fragile\.yaml --sample \d+ --suite-seed 0 --model .*fragile-fast\.onnx/,
    );
  });

  it('never promotes a model that fails to load: ERROR with every report written', () => {
    const g = gateIn({ 'scenarios/fragile.yaml': FRAGILE }, [
      '--candidate',
      fixture('corrupt'),
      '--baseline',
      model('pick-v1'),
    ]);
    expect(g.run.code).toBe(3);
    const report = g.report();
    expect(report.decision).toBe('ERROR');
    expect(JSON.stringify(report.reasons)).toContain('not an ONNX model');
    const junit = readFileSync(join(g.out, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(junit)).toBe(true);
  });

  it('never promotes a model that emits NaN', () => {
    const walkway = scenario(
      'walkway',
      `params:
  items.count: 3
  people.rate_per_h: 240
  people.first_s: 0
invariants:
  - finite_actions
`,
    );
    const g = gateIn({ 'scenarios/walkway.yaml': walkway }, [
      '--candidate',
      fixture('nan-near-person'),
      '--baseline',
      model('pick-v1'),
    ]);
    // The output guard turns a NaN action into a finite_actions violation of the candidate: a
    // safety REJECT naming the invariant, the scenario and the replay command (not an ERROR).
    expect(g.run.code, g.run.stderr).toBe(1);
    const report = g.report();
    expect(report.decision).toBe('REJECT');
    expect(report.reasons[0]).toMatchObject({
      rule: 'safety_invariant',
      kpi: 'finite_actions',
      slice: 'scenario:walkway',
      status: 'fail',
    });
    expect(report.reasons[0].message).toMatch(
      /simgate episode --scenario scenarios\/walkway\.yaml .*nan-near-person\.onnx/,
    );
  });

  it('re-renders the same decision from disk, and its attestation breaks when a byte changes', () => {
    // The crushing fixture model is rejected for certain (no_crush), whatever the bundled models do.
    const dir = inlineFiles({ 'simgate.config.yaml': CONFIG, 'scenarios/fragile.yaml': FRAGILE });
    copyFileSync(fixture('fragile-fast'), join(dir, 'cand.onnx'));
    copyFileSync(fixture('fragile-fast').replace(/\.onnx$/, '.card.yaml'), join(dir, 'cand.card.yaml'));
    const args = ['--config', 'simgate.config.yaml', '--suite', 'scenarios', '--no-cache'];
    const first = runCli(
      [
        'gate',
        '--candidate',
        'cand.onnx',
        '--baseline',
        model('pick-v1'),
        ...args,
        '--out',
        'w1',
        '--workers',
        '1',
      ],
      { cwd: dir },
    );
    const second = runCli(
      [
        'gate',
        '--candidate',
        'cand.onnx',
        '--baseline',
        model('pick-v1'),
        ...args,
        '--out',
        'w2',
        '--workers',
        '2',
      ],
      { cwd: dir },
    );
    expect(first.code, first.stderr).toBe(1);
    expect(second.code).toBe(1);
    const read = (p: string) => readFileSync(join(dir, p), 'utf8');
    const decided = JSON.parse(read('w1/report.json'));
    expect(decided.decision).toBe('REJECT');
    expect(decided.reasons[0]).toMatchObject({ rule: 'safety_invariant', kpi: 'no_crush' });
    expect(read('w2/results.jsonl')).toBe(read('w1/results.jsonl'));
    // Known difference: after an early stop, `episodes.run` also counts the batches still in
    // flight, so it grows with the worker count (16 with one worker, 24 with two here). Every
    // other byte of the report is the same.
    const withoutRunCount = (p: string) => ({ ...JSON.parse(read(p)), episodes: undefined });
    expect(withoutRunCount('w2/report.json')).toEqual(withoutRunCount('w1/report.json'));
    const { run: _run1, ...episodes1 } = JSON.parse(read('w1/report.json')).episodes;
    const { run: _run2, ...episodes2 } = JSON.parse(read('w2/report.json')).episodes;
    expect(episodes2).toEqual(episodes1);

    const before = read('w1/report.json');
    const rerender = runCli(['report', 'w1', '--quiet'], { cwd: dir });
    expect(rerender.code).toBe(1);
    expect(read('w1/report.json')).toBe(before);

    // No key was pinned for these runs: integrity only, whatever the decision.
    const integrity = ['--allow-unsigned', '--integrity-only'];
    expect(runCli(['verify', 'w1', ...integrity], { cwd: dir }).code).toBe(0);
    const html = read('w1/report.html');
    writeFileSync(join(dir, 'w1/report.html'), html.replace('</body>', ' </body>'));
    const tampered = runCli(['verify', 'w1', ...integrity], { cwd: dir });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('report.html');

    expect(runCli(['verify', 'w2', ...integrity], { cwd: dir }).code).toBe(0);
    const bytes = readFileSync(join(dir, 'cand.onnx'));
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(join(dir, 'cand.onnx'), bytes);
    const changedModel = runCli(['verify', 'w2', ...integrity], { cwd: dir });
    expect(changedModel.code).toBe(1);
    expect(changedModel.stdout).toContain('cand.onnx');
  });

  it('explains bad input in one line with exit 3', () => {
    const missing = runCli([
      'gate',
      '--candidate',
      'nope.onnx',
      '--baseline',
      model('pick-v1'),
      '--suite',
      'nowhere/',
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^simgate: /);
    const badConfig = inlineFiles({
      'simgate.config.yaml': 'gate:\n  min_pairs: -3\n  kpis:\n    pick_succes_rate: {margin: 0.1}\n',
    });
    const run = runCli(
      [
        'gate',
        '--candidate',
        model('pick-v2'),
        '--baseline',
        model('pick-v1'),
        '--config',
        'simgate.config.yaml',
      ],
      { cwd: badConfig },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/simgate\.config\.yaml:2:\d+ gate\.min_pairs/);
    expect(run.stderr).toMatch(
      /simgate\.config\.yaml:4:\d+ gate\.kpis\.pick_succes_rate.*did you mean "pick_success_rate"/,
    );
  });

  it('signs the attestation with --sign-key; verify pins the trusted public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519').publicKey;
    const dir = inlineFiles({
      'simgate.config.yaml': CONFIG,
      'scenarios/fragile.yaml': FRAGILE,
      'release.pem': privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'release.pub.pem': publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      'other.pub.pem': other.export({ type: 'spki', format: 'pem' }).toString(),
      'rsa.pem': generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
    });
    const gate = (key: string, out: string) =>
      runCli(
        [
          'gate',
          '--candidate',
          fixture('fragile-fast'),
          '--baseline',
          model('pick-v1'),
          '--config',
          'simgate.config.yaml',
        ].concat(['--suite', 'scenarios', '--no-cache', '--out', out, '--sign-key', key]),
        { cwd: dir },
      );
    // A REJECT is attested and signed like any decision (the crushing fixture: certain to REJECT).
    const signed = gate('release.pem', 'signed');
    expect(signed.code, signed.stderr).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'signed', 'report.json'), 'utf8')).reasons[0]).toMatchObject({
      rule: 'safety_invariant',
      kpi: 'no_crush',
    });
    // A verified REJECT: the signature holds, and verify says the decision is not a PROMOTE.
    const pinned = ['--public-key', 'release.pub.pem'];
    expect(runCli(['verify', 'signed', ...pinned, '--integrity-only'], { cwd: dir }).code).toBe(0);
    expect(runCli(['verify', 'signed', ...pinned], { cwd: dir }).code).toBe(1);
    const wrongKey = runCli(['verify', 'signed', '--public-key', 'other.pub.pem'], { cwd: dir });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stdout).toMatch(/not signed with the trusted key/);
    const rsa = gate('rsa.pem', 'rsa');
    expect(rsa.code).toBe(3);
    expect(rsa.stderr).toMatch(/^simgate: --sign-key rsa\.pem: an Ed25519 private key is required, got rsa/);
  });

  it('decides the same from shards run as separate processes, merged, then reported', () => {
    const dir = inlineFiles({
      'simgate.config.yaml': CONFIG,
      'scenarios/low-vacuum.yaml': LOW_VACUUM,
      'scenarios/fragile.yaml': FRAGILE,
    });
    // The crushing fixture model against production: a REJECT on no_crush for certain.
    const models = ['--candidate', fixture('fragile-fast'), '--baseline', model('pick-v1')];
    // Eight samples a scenario (16 pairs, looks at 8 and 16): the shards still split two
    // scenarios, and the single gate still stops at its first look, with half the episodes.
    const suite = ['--suite', 'scenarios', '--samples', '8'];
    const common = [...models, '--config', 'simgate.config.yaml', ...suite, '--no-cache'];
    // The single-machine gate stops at the look that rejects; the shards run every episode.
    // The merged results decide at the same look, for the same reasons.
    const single = runCli(['gate', ...common, '--out', 'single', '--reporter', 'json'], { cwd: dir });
    expect(single.code, single.stderr).toBe(1);
    for (const i of [1, 2, 3]) {
      const shard = runCli(
        ['gate', ...common, '--shard', `${i}/3`, '--out', `shard-${i}`, '--workers', '1'],
        {
          cwd: dir,
        },
      );
      expect(shard.code, shard.stderr).toBe(0);
      expect(shard.stdout).toContain(`shard ${i}/3 finished`);
    }
    const merge = runCli(['merge', 'shard-1', 'shard-2', 'shard-3', '--out', 'merged', '--quiet'], {
      cwd: dir,
    });
    // merge exits like `simgate run`: 1, the merged results hold the candidate's crushes.
    expect(merge.code, merge.stderr).toBe(1);
    const decided = runCli(['report', 'merged', '--reporter', 'json'], { cwd: dir });
    expect(decided.code).toBe(1);
    const read = (p: string) => JSON.parse(readFileSync(join(dir, p), 'utf8'));
    const [a, b] = [read('single/report.json'), read('merged/report.json')];
    expect(a.decision).toBe('REJECT');
    expect(a.reasons[0]).toMatchObject({ rule: 'safety_invariant', kpi: 'no_crush' });
    expect(b.decision).toBe(a.decision);
    expect(b.reasons).toEqual(a.reasons);
    expect(b.kpis).toEqual(a.kpis);
    expect(b.sequential.stopped_at).toEqual(a.sequential.stopped_at);
    const mismatched = runCli(['merge', 'shard-1', 'single', '--out', 'bad'], { cwd: dir });
    expect(mismatched.code).toBe(3);
  });
});
