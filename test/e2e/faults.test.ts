// Faults of the machine, not of the model: a full disk while the reports are written, a worker
// thread that dies in a shard. Neither may look like a success to CI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

const model = (name: string) => join(repoRoot, 'models', `${name}.onnx`);

const SCENARIO = `id: one-box
title: One box
task: pick
samples: 2
seed: 9
duration_s: 5
params:
  items.count: 1
invariants:
  - no_hazardous_drop
`;

const dir = inlineFiles({
  'scenarios/one-box.yaml': SCENARIO,
  'simgate.config.yaml': 'gate:\n  safety:\n    search: false\n',
});
const gateArgs = [
  'gate',
  '--candidate',
  model('pick-v2'),
  '--baseline',
  model('pick-v1'),
  '--suite',
  'scenarios',
  '--config',
  'simgate.config.yaml',
];

/** A 48 KiB tmpfs: the run's own files fit, the reports do not. Needs root and mount(8). */
function smallDisk(): string | undefined {
  const mount = join(dir, 'full');
  mkdirSync(mount, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', mount]);
  return r.status === 0 ? mount : undefined;
}
const disk = smallDisk();
afterAll(() => {
  if (disk) spawnSync('umount', [disk]);
});

describe('a full disk', () => {
  it.skipIf(!disk)('is ERROR (exit 3), never a decision with torn or missing reports', () => {
    const out = join(disk!, 'out');
    const run = runCli([...gateArgs, '--out', out, '--no-cache', '--workers', '1'], { cwd: dir });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/could not be written \(ENOSPC\)/);
    expect(run.stderr).toMatch(/not every report could be written/);
    // Every file the console lists exists, and no report is left empty or half written.
    const listed = /files: (.*)/.exec(run.stdout)?.[1].split(', ') ?? [];
    for (const f of listed) expect(existsSync(f), f).toBe(true);
    for (const name of readdirSync(out)) {
      const path = join(out, name);
      if (!statSync(path).isFile()) continue;
      expect(statSync(path).size, name).toBeGreaterThan(0);
      if (name === 'report.json') expect(() => JSON.parse(readFileSync(path, 'utf8'))).not.toThrow();
    }
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a worker thread that dies', () => {
  it('makes a shard exit 3, not 0, even though a shard decides nothing', () => {
    const run = runCli([...gateArgs, '--shard', '1/1', '--out', 'shard', '--no-cache', '--workers', '1'], {
      cwd: dir,
      env: { SIMGATE_TEST_FAULT: 'exit:one-box#0@candidate' },
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/errored or timed out; the merged gate will say ERROR/);
  });
});
