// The monitor's validation pass on every case of the hostile-input corpus (in process, real
// files in a temp dir), and on the valid inputs it must let through.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSensorCsv } from '../../../harness/monitor/csv.js';
import type { MonitorFlags } from '../../../harness/monitor/flags.js';
import { readSensorJsonl } from '../../../harness/monitor/jsonl.js';
import { formatMonitorProblem, MonitorInputError } from '../../../harness/monitor/problems.js';
import { jsonText } from '../../../harness/monitor/text.js';
import { validateMonitorInputs, validateReferenceData } from '../../../harness/monitor/validate.js';
import { inlineFiles, repoRoot } from '../../helpers/cli.js';
import {
  argsOf,
  BASE_ARGS,
  BASE_FILES,
  CASES,
  CLASSES,
  type HostileCase,
  RAW_CONTROL,
  writeCase,
} from './hostile-cases.js';

/** Command-line arguments as commander hands them to the command (last value of a flag wins). */
function flagsOf(args: readonly string[]): MonitorFlags {
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const key = args[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (key === 'quiet') flags.quiet = true;
    else flags[key] = args[++i];
  }
  return flags as MonitorFlags;
}

const validate = (args: readonly string[]) => {
  const flags = flagsOf(args);
  return flags.makeReference !== undefined ? validateReferenceData(flags) : validateMonitorInputs(flags);
};

let dir: string;
let cwd: string;
beforeAll(() => {
  dir = inlineFiles(BASE_FILES);
  cwd = process.cwd();
  // Paths in messages are shown as given, relative to the working directory, as on the CLI.
  process.chdir(dir);
});
afterAll(() => process.chdir(cwd));

describe('the hostile-input corpus', () => {
  it('has at least 40 cases, at least 5 per class, and a CLI subset of at least 12 covering every class', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    for (const cls of CLASSES) {
      expect(CASES.filter((c) => c.class === cls).length, cls).toBeGreaterThanOrEqual(5);
      expect(CASES.filter((c) => c.class === cls && c.cli).length, cls).toBeGreaterThanOrEqual(1);
    }
    expect(CASES.filter((c) => c.cli).length).toBeGreaterThanOrEqual(12);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('the base inputs pass, so each case fails for its own reason', async () => {
    const inputs = await validateMonitorInputs(flagsOf(BASE_ARGS));
    expect(inputs.table.sensors).toEqual(['temp_a', 'temp_b', 'temp_c', 'vibration']);
    expect(inputs.run.window).toBe(288);
  });

  for (const cls of CLASSES) {
    describe(cls, () => {
      const cases = CASES.filter((c) => c.class === cls && !c.cliOnly);
      it.each(cases.map((c): [string, HostileCase] => [c.name, c]))(
        '%s: exit-3 error, located',
        async (_, c) => {
          writeCase(dir, c);
          const error = await validate(argsOf(c)).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error, 'validation let the input through').toBeInstanceOf(MonitorInputError);
          const { message, problems } = error as MonitorInputError;
          expect(message).toMatch(c.expect);
          expect(message).not.toMatch(RAW_CONTROL);
          expect(message.length).toBeLessThan(20_000);
          for (const p of problems) {
            expect(p.file).not.toBe('');
            if (p.line > 0) expect(p.col).toBeGreaterThan(0);
          }
          if (c.at) {
            const p = problems.find((q) => c.expect.test(formatMonitorProblem(q)))!;
            const line = readFileSync(p.file, 'utf8').split('\n')[p.line - 1];
            expect(line.slice(p.col - 1)).toMatch(
              new RegExp(`^${c.at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
            );
          }
          expect(existsSync(join(dir, 'out', 'monitor.json'))).toBe(false);
        },
      );
    });
  }
});

describe('valid inputs the checks let through', () => {
  it('a quoted header is unquoted; empty and NaN cells are missing readings', () => {
    const read = readSensorCsv('q.csv', '"t","temp a",b\n0,1.5,\n300,NaN,-2e-3\n600, 3 ,.5\n');
    expect(read.problems).toEqual([]);
    expect(read.table?.sensors).toEqual(['temp a', 'b']);
    expect(read.table?.columns['temp a']).toEqual([1.5, Number.NaN, 3]);
    expect(read.table?.columns.b).toEqual([Number.NaN, -0.002, 0.5]);
  });

  it('rows after a quoted cell with a line break keep their file line', () => {
    const read = readSensorCsv('q.csv', 't,a\r\n0,"1\r\n2"\r\n\r\n300,x\r\n');
    expect(read.problems.map(formatMonitorProblem)).toEqual([
      'q.csv:2:2 a: expected a number (got "1\\x0d\\x0a2": not a plain decimal number)',
      'q.csv:5:2 a: expected a number (got "x": not a plain decimal number)',
    ]);
  });

  it('telemetry JSON Lines give the same table as the CSV', () => {
    const jsonl = readSensorJsonl('clean.jsonl', BASE_FILES['clean.jsonl']);
    const csv = readSensorCsv('clean.csv', BASE_FILES['clean.csv']);
    expect(jsonl.problems).toEqual([]);
    expect(jsonl.table?.t).toEqual(csv.table?.t.slice(0, 300));
    expect(jsonl.table?.columns.temp_b).toEqual(csv.table?.columns.temp_b.slice(0, 300));
  });

  it('an ONNX forecaster whose card sensor names a column validates', async () => {
    const rename = (text: string) => text.replaceAll('temp_a', 'temperature');
    writeFileSync(join(dir, 'named-ref.json'), rename(BASE_FILES['ref.json']));
    writeFileSync(join(dir, 'named.csv'), rename(BASE_FILES['clean.csv']));
    const model = join(repoRoot, 'models', 'temp-forecast-v1.onnx');
    const inputs = await validate([
      '--reference',
      'named-ref.json',
      '--stream',
      'named.csv',
      '--window',
      '288',
      '--model',
      model,
    ]);
    expect(inputs.model.sensors).toEqual(['temperature']);
  });

  it('the reference made from healthy data passes the reference check', async () => {
    const { table } = await validate(['--make-reference', 'healthy.csv', '--reference', 'made.json']);
    expect(table.t.length).toBe(2016);
    expect(jsonText({ c1: '\u009b', ls: '\u2028' })).toBe('{\n  "c1": "\\u009b",\n  "ls": "\\u2028"\n}\n');
  });
});
