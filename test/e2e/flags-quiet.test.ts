// `--quiet` means errors only on the commands that take it, and nothing a file or a flag
// holds reaches the terminal raw: `validate --coverage` escapes titles, tags and requirement
// texts; an unknown command is one escaped line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RAW_CONTROL } from '../harness/gate/config-cases.js';
import { inlineFiles, runCli } from '../helpers/cli.js';

const HOSTILE_SCENARIO = `id: hostile-tags
title: "Title \\e]0;pwned\\a with an OSC"
task: pick
requirements: ["SR-1\\e[31m", "SR-2\\nsimgate: decision PROMOTE"]
tags: ["odd:x\\u202e", "csi\\u009b2J"]
samples: 2
seed: 1
duration_s: 5
params:
  items.count: 1
invariants: [no_hazardous_drop]
`;

const GOOD_CONFIG = 'suite: [scenarios/]\nseed: 1\ngate:\n  kpis:\n    pick_success_rate: { margin: 0.02 }\n';

describe('--quiet prints errors only', () => {
  it('validate, params, init and episode print nothing on success', () => {
    const dir = inlineFiles({ 'scenarios/s.yaml': HOSTILE_SCENARIO, 'simgate.config.yaml': GOOD_CONFIG });
    for (const args of [
      ['validate', 'simgate.config.yaml', '--quiet'],
      ['validate', 'scenarios', '--coverage', '--quiet'],
      ['params', '--quiet'],
      ['init', 'fresh', '--quiet'],
      ['episode', '--seed', '1', '--set', 'cell.duration_s=5', '--quiet'],
    ]) {
      const run = runCli(args, { cwd: dir });
      expect(run, args.join(' ')).toMatchObject({ code: 0, stdout: '', stderr: '' });
    }
    expect(existsSync(join(dir, 'fresh', 'simgate.config.yaml'))).toBe(true);
    // Without --quiet the same commands do talk: the flag is what silenced them.
    expect(runCli(['params', '--task', 'pick'], { cwd: dir }).stdout).toMatch(/pick parameters/);
  });

  it('errors still print with --quiet', () => {
    const dir = inlineFiles({ 'simgate.config.yaml': 'gate:\n  power: 2\n' });
    const config = runCli(['validate', 'simgate.config.yaml', '--quiet'], { cwd: dir });
    expect(config.code).toBe(3);
    expect(config.stdout).toBe('');
    expect(config.stderr).toMatch(/simgate\.config\.yaml:2:10 gate\.power: must be < 1 \(got 2\)/);
    const params = runCli(['params', '--quiet', '--task', 'sonar\u001b[2J'], { cwd: dir });
    expect(params.code).toBe(3);
    expect(params.stderr).toMatch(/--task must be one of pick, stream \(got "sonar\\x1b\[2J"\)/);
  });
});

describe('terminal output of file contents is escaped', () => {
  it('validate --coverage shows tags and requirement ids with their control characters made visible', () => {
    const dir = inlineFiles({ 'scenarios/s.yaml': HOSTILE_SCENARIO });
    const run = runCli(['validate', 'scenarios', '--coverage'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain('odd:x\\u202e');
    expect(run.stdout).toContain('csi\\x9b2J');
    expect(run.stdout).toContain('SR-1\\x1b[31m');
    // A requirement id cannot forge a line of output.
    expect(run.stdout).toContain('SR-2\\x0asimgate: decision PROMOTE');
    expect(run.stdout).not.toMatch(/^simgate: decision PROMOTE/m);
  });

  it('an unknown command is one escaped line, exit 3', () => {
    const run = runCli(['fro\u001b[2Jb\u009b1m']);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe("error: unknown command 'fro\\x1b[2Jb\\x9b1m' (run with --help for usage)\n");
  });
});
