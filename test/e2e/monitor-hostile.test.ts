// The real CLI on the CLI subset of the hostile-input corpus (every class): exit 3, the file
// and line:col on stderr, no decision, no stack trace, nothing raw from the input on the
// terminal. The whole corpus runs in process in test/harness/monitor/validate.test.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  argsOf,
  BASE_FILES,
  CASES,
  CLASSES,
  type HostileCase,
  RAW_CONTROL,
  writeCase,
} from '../harness/monitor/hostile-cases.js';
import { type CliRun, inlineFiles, runCli } from '../helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = inlineFiles(BASE_FILES);
});

function expectRefused(r: CliRun): void {
  expect(r.code, r.stderr).toBe(3);
  expect(r.stdout).not.toMatch(/\b(OK|RETRAIN|INSUFFICIENT_DATA)\b/);
  expect(r.stderr).not.toMatch(/\b(OK|RETRAIN)\b/);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
  expect(r.stderr.length).toBeLessThan(20_000);
  expect(existsSync(join(dir, 'out', 'monitor.json'))).toBe(false);
}

describe('simgate monitor refuses bad and hostile input', () => {
  const cli = CASES.filter((c) => c.cli);
  it('the CLI subset covers every class', () => {
    expect(cli.length).toBeGreaterThanOrEqual(12);
    for (const cls of CLASSES)
      expect(
        cli.some((c) => c.class === cls),
        cls,
      ).toBe(true);
  });

  it.each(cli.map((c): [string, string, HostileCase] => [c.class, c.name, c]))('[%s] %s', (_, __, c) => {
    writeCase(dir, c);
    const r = runCli(['monitor', ...argsOf(c)], { cwd: dir });
    expectRefused(r);
    expect(r.stderr).toMatch(c.expect);
  });

  it('every problem of every input in one run: flags, reference and stream together', () => {
    const grouped = CASES.filter((c) =>
      ['--window not a number', 'empty sample', 'hexadecimal reading'].includes(c.name),
    );
    for (const c of grouped) writeCase(dir, c);
    const r = runCli(
      ['monitor', '--reference', 'bad-ref.json', '--stream', 'hex.csv', '--window', 'abc', '--out', 'out'],
      { cwd: dir },
    );
    expectRefused(r);
    expect(r.stderr).toMatch(/^simgate: 3 problems in the monitor input:$/m);
    for (const c of grouped) expect(r.stderr).toMatch(c.expect);
  });
});
