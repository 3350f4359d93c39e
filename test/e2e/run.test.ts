// `simgate run` and `simgate merge` as a user runs them: separate processes on inline scenario
// files of both tasks. results.jsonl must be byte-identical whatever the worker count or shard
// split, and a run killed mid-way must resume to the same bytes. The reference policy finishes
// every episode of this suite without a violation, so every complete run exits 0. Each test
// compares with the uninterrupted one-worker run of beforeAll, never with another test's output.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, inlineFiles, runCli } from '../helpers/cli.js';
import { PICK_SCENARIO, STREAM_SCENARIO } from '../harness/sweep/engine.fixture.js';

const dir = inlineFiles({
  'suite/pick-small.yaml': PICK_SCENARIO,
  'suite/stream-small.yaml': STREAM_SCENARIO,
});
const common = [
  'run',
  '--policy',
  'reference',
  '--suite',
  'suite',
  '--samples',
  '4',
  '--batch-size',
  '2',
  '--no-cache',
];
const TOTAL = 8;
const cli = (args: string[]) => runCli(args, { cwd: dir });
const results = (out: string) => readFileSync(join(dir, out, 'results.jsonl'), 'utf8');
const lineCount = (out: string) => {
  const path = join(dir, out, 'results.jsonl');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0;
};

/** Starts a run in the background and sends `signal` once `lines` results are on disk. */
async function interruptedRun(out: string, signal: NodeJS.Signals, lines: number) {
  const child = spawn(process.execPath, [binPath, ...common, '--workers', '1', '--quiet', '--out', out], {
    cwd: dir,
    env: { ...process.env, CI: 'true' },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  while (lineCount(out) < lines) await new Promise((r) => setTimeout(r, 20));
  child.kill(signal);
  return { code: await exited, linesAtSignal: lineCount(out) };
}

/** Exit 0 and the reason: every episode finished, none violated an invariant. */
function expectCleanRun(run: { code: number; stderr: string }, out: string) {
  expect(run.code, run.stderr).toBe(0);
  const lines = results(out)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { status: string });
  expect(lines.map((l) => l.status)).toEqual(Array(TOTAL).fill('ok'));
}

beforeAll(() => {
  const reference = cli([...common, '--workers', '1', '--out', 'w1']);
  expectCleanRun(reference, 'w1');
  expect(reference.stdout).toMatch(/overall \(reference\): 8 episodes/);
});

describe('simgate run', () => {
  it('writes byte-identical results for 1, 2 and 4 workers, on a suite of both tasks', () => {
    for (const workers of ['2', '4']) {
      const run = cli([...common, '--workers', workers, '--out', `w${workers}`]);
      expect(run.stderr).not.toMatch(/internal error/);
      expectCleanRun(run, `w${workers}`);
      expect(run.stdout).toMatch(/scenario pick-small \[pick\] \(reference\)/);
      expect(run.stdout).toMatch(/scenario stream-small \[stream\] \(reference\)/);
      expect(run.stdout).toMatch(/overall \(reference\): 8 episodes/);
    }
    expect(results('w1').split('\n')).toHaveLength(TOTAL + 1);
    expect(results('w2')).toBe(results('w1'));
    expect(results('w4')).toBe(results('w1'));
    expect(readFileSync(join(dir, 'w4', 'summary.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'w1', 'summary.json'), 'utf8'),
    );
  });

  it('merges --shard 1/3, 2/3, 3/3 run in separate processes into the single-machine bytes', () => {
    for (const i of [1, 2, 3]) {
      const run = cli([...common, '--workers', '1', '--shard', `${i}/3`, '--out', `shard${i}`, '--quiet']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0); // no violation in any shard
    }
    const merged = cli(['merge', 'shard1', 'shard2', 'shard3', '--out', 'merged', '--json']);
    expectCleanRun(merged, 'merged');
    expect(JSON.parse(merged.stdout).episodes).toEqual({ planned: TOTAL, finished: TOTAL });
    expect(results('merged')).toBe(results('w1'));
    for (const file of ['summary.json', 'sweep.json']) {
      expect(readFileSync(join(dir, 'merged', file), 'utf8')).toBe(
        readFileSync(join(dir, 'w1', file), 'utf8'),
      );
    }
    const missing = cli(['merge', 'shard1', 'shard3', '--out', 'bad']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/missing shard 2\/3 of 3/);
  });

  it('resumes a run killed with SIGKILL to the results of an uninterrupted run', async () => {
    const killed = await interruptedRun('killed', 'SIGKILL', 2);
    expect(killed.code).toBeNull();
    expect(killed.linesAtSignal).toBeLessThan(TOTAL);
    const resumed = cli([...common, '--workers', '2', '--out', 'killed', '--resume', '--json']);
    expectCleanRun(resumed, 'killed');
    const counts = JSON.parse(resumed.stdout).counts;
    expect(counts.resumed).toBeGreaterThanOrEqual(2);
    expect(counts.resumed + counts.run).toBe(TOTAL);
    expect(results('killed')).toBe(results('w1'));
  });

  it('stops dispatching on Ctrl-C, keeps finished episodes and exits 130', async () => {
    const interrupted = await interruptedRun('sigint', 'SIGINT', 2);
    expect(interrupted.code).toBe(130);
    const kept = lineCount('sigint');
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(TOTAL);
    const resumed = cli([...common, '--workers', '1', '--out', 'sigint', '--resume', '--quiet']);
    expectCleanRun(resumed, 'sigint');
    expect(results('sigint')).toBe(results('w1'));
  });

  it('takes --workers auto from SIMGATE_WORKERS, to the same bytes, and refuses a bad value', () => {
    const auto = runCli([...common, '--out', 'auto', '--quiet'], { cwd: dir, env: { SIMGATE_WORKERS: '3' } });
    expectCleanRun(auto, 'auto');
    expect(JSON.parse(readFileSync(join(dir, 'auto', 'run.json'), 'utf8')).workers).toBe(3);
    expect(results('auto')).toBe(results('w1'));
    // A flag wins over the environment.
    const flag = runCli([...common, '--workers', '1', '--out', 'flag', '--quiet'], {
      cwd: dir,
      env: { SIMGATE_WORKERS: '3' },
    });
    expect(flag.code, flag.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'flag', 'run.json'), 'utf8')).workers).toBe(1);
    const bad = runCli([...common, '--out', 'bad'], { cwd: dir, env: { SIMGATE_WORKERS: 'two' } });
    expect(bad.code).toBe(3);
    expect(bad.stderr.trim()).toBe(
      'simgate: SIMGATE_WORKERS must be a positive integer or "auto" (got "two")',
    );
  });

  it('rejects bad input with exit 3 and one clear line', () => {
    const noModel = cli(['run', '--suite', 'suite']);
    expect(noModel.code).toBe(3);
    expect(noModel.stderr).toMatch(/--model PATH\.onnx or --policy reference/);
    const badShard = cli([...common, '--shard', '4/3']);
    expect(badShard.code).toBe(3);
    expect(badShard.stderr).toMatch(/--shard expects I\/N.*\(got "4\/3"\): the index I is 4, with 1 ≤ I ≤ N/);
    const missing = cli(['run', '--policy', 'reference', '--suite', 'nowhere.yaml']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/nowhere\.yaml/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints help with an example', () => {
    const help = cli(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/simgate run --policy reference --suite/);
  });
});
