// The scenario-authoring commands through the real CLI: validate, init, params, schema.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

const GOOD = `id: good
title: Good
task: pick
samples: 2
duration_s: 20
params:
  items.mass_kg: {uniform: {min: 0.2, max: 1}}
invariants: [no_hazardous_drop]
`;

describe('simgate validate', () => {
  it('passes the bundled library (exit 0) and prints coverage', () => {
    const run = runCli(['validate', 'scenarios/library', '--coverage']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ok: 20 scenario files valid; 20 scenarios selected/);
    expect(run.stdout).toContain('samples per ODD cell (tag):');
    expect(run.stdout).toMatch(/SR-3 +\d+ \(2 scen\.\)/);
  });

  it('selects by --tag and --requirement', () => {
    const run = runCli([
      'validate',
      'scenarios/library',
      '--tag',
      'odd:heavy,odd:fragile',
      '--requirement',
      'SR-2',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '1 scenario selected, 16 samples per model (20 in the suite before selection)',
    );
    const none = runCli(['validate', 'scenarios/library', '--tag', 'odd:moon']);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('no scenario in scenarios/library matches --tag odd:moon');
  });

  it('prints every problem of every file with file:line:col and field path (exit 3)', () => {
    const dir = inlineFiles({
      'good.yaml': GOOD,
      'heavy.yaml': GOOD.replace('id: good', 'id: heavy')
        .replace('max: 1}', 'max: 0.1}')
        .replace('samples: 2', 'sampels: 2'),
      'nested/dup.yaml': GOOD,
    });
    const run = runCli(['validate', '.'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      'heavy.yaml:1:1 missing required field "samples"',
      'heavy.yaml:4:1 sampels: unknown field (did you mean "samples"?)',
      'heavy.yaml:7:19 params.items.mass_kg.uniform: min (0.2) is greater than max (0.1)',
      'nested/dup.yaml:1:5 id: duplicate scenario id "good" (also in good.yaml)',
      '',
      '4 problems in 2 files',
      '',
    ]);
  });

  it('names a missing path and never prints a stack trace', () => {
    const run = runCli(['validate', 'no/such/dir']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('no/such/dir: file or folder not found');
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});

describe('simgate init', () => {
  it('scaffolds a config, an example scenario and a how-to that validate cleanly', () => {
    const dir = inlineFiles({});
    const run = runCli(['init'], { cwd: dir });
    expect(run.code).toBe(0);
    for (const f of [
      'simgate.config.yaml',
      'scenarios/example-pick.yaml',
      'scenarios/requirements.yaml',
      'SIMGATE.md',
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const check = runCli(['validate', 'simgate.config.yaml', '--coverage'], { cwd: dir });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('ok: simgate.config.yaml valid');
    expect(check.stdout).toContain('ok: 1 scenario file valid');
  });

  it('refuses to overwrite, naming the files, and writes nothing (exit 3)', () => {
    const dir = inlineFiles({ 'proj/SIMGATE.md': 'mine\n' });
    const run = runCli(['init', 'proj'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('init would overwrite proj/SIMGATE.md; nothing was written');
    expect(readFileSync(join(dir, 'proj/SIMGATE.md'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'proj/simgate.config.yaml'))).toBe(false);
  });
});

describe('simgate params', () => {
  it('lists pick parameters with unit, range, default and description', () => {
    const run = runCli(['params', '--task', 'pick']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/items\.mass_kg +kg +\[0\.05, 8\] +0\.6 +Mean item mass/);
    expect(run.stdout).toContain('max_contact_force_n');
    expect(run.stdout).toContain('pick_success_rate');
    expect(run.stdout).not.toContain('stream.sensor');
  });

  it('prints JSON for both tasks, including stream fault kinds', () => {
    const run = runCli(['params', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['pick', 'stream']);
    expect(out.stream.faults.map((f: { kind: string }) => f.kind)).toContain('drift');
    expect(out.pick.params.find((p: { name: string }) => p.name === 'items.count')).toMatchObject({
      min: 1,
      max: 30,
    });
  });

  it('rejects an unknown task (exit 3)', () => {
    const run = runCli(['params', '--task', 'weld']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('--task must be one of pick, stream (got "weld")');
  });
});

describe('simgate schema', () => {
  it('prints the committed scenario schema', () => {
    const run = runCli(['schema', 'scenario']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      JSON.parse(readFileSync(join(repoRoot, 'schemas/scenario.schema.json'), 'utf8')),
    );
  });

  it('rejects an unknown format (exit 3)', () => {
    const run = runCli(['schema', 'nope']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('unknown schema "nope"; available: scenario');
  });

  it('every command documents an example in --help', () => {
    for (const command of ['validate', 'init', 'params', 'schema']) {
      const run = runCli([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toMatch(/Examples?:\n {2}simgate /);
    }
  });
});
