import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('simgate CLI', () => {
  it('prints its version', () => {
    const run = runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints help naming the decision exit codes', () => {
    const run = runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: simgate');
    expect(run.stdout).toContain('PROMOTE (0)');
  });

  it('rejects an unknown command with exit 3', () => {
    const run = runCli(['frobnicate']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: /);
  });
});
