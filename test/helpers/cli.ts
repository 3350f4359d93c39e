// Runs the real built CLI (bin/simgate.js → dist/) in a child process, as a user would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const binPath = join(repoRoot, 'bin', 'simgate.js');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    timeoutMs?: number;
    nodeArgs?: readonly string[];
  } = {},
): CliRun {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), binPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    // One worker thread unless a test asks for more (--workers, or SIMGATE_WORKERS in env): the
    // suite runs two files at once on 2 vCPUs, and a second thread only adds its warm-up there.
    // Worker counts are tested where they matter (run.test.ts: 1, 2 and 4 workers, shards).
    env: { ...process.env, CI: 'true', FORCE_COLOR: '0', SIMGATE_WORKERS: '1', ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 600_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temp dir holding the given files (path → content). */
export function inlineFiles(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'simgate-test-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}
