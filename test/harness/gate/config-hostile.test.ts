// Every case of the bad-config and bad-flag corpus, in process through the CLI's own entry
// (`main`, the same code bin/simgate.js runs): exit 3, the located line, no stack, nothing raw
// from the input on the terminal, and never a PROMOTE — a gate that gets as far as writing a
// report writes ERROR. The CLI subset runs in test/e2e/config-hostile.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../harness/cli/main.js';
import type { CliRun } from '../../helpers/cli.js';
import { FLAG_RANGES } from '../../../harness/cli/commands/flags.js';
import { terminalQuote, terminalText } from '../../../reports/escape.js';
import { CONFIG_LIMITS } from '../../../harness/gate/config.js';
import { CONFIG_SCHEMA_PATH } from '../../../harness/gate/configFile.js';
import { type BadCase, CASES, CLASSES, expectRefused, GATE, prepare, RAW_CONTROL } from './config-cases.js';

async function inProcess(args: readonly string[], cwd: string): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (sink: string[]) => (chunk: unknown) => {
    sink.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture(stdout));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture(stderr));
  const home = process.cwd();
  process.chdir(cwd);
  try {
    const code = await main(['node', 'simgate', ...args]);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.chdir(home);
    out.mockRestore();
    err.mockRestore();
  }
}

describe('the corpus of bad and hostile configs and flags', () => {
  it('has at least 45 cases in every class, at least 15 of them through the CLI', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(45);
    for (const cls of CLASSES)
      expect(CASES.filter((c) => c.class === cls).length, cls).toBeGreaterThanOrEqual(3);
    expect(CASES.filter((c) => c.cli).length).toBeGreaterThanOrEqual(15);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c): [string, string, BadCase] => [c.class, c.name, c]))(
    '[%s] %s: exit 3 with the located message',
    async (_, __, c) => {
      const { dir, args, out } = prepare(c);
      expectRefused(c, await inProcess(args, dir), out);
    },
  );

  it('every problem of one file at once, in file order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simgate-badcfg-'));
    mkdirSync(join(dir, 'OUT'));
    writeFileSync(
      join(dir, 'bad.yaml'),
      [
        'seed: 1e400', // 1
        'sampels: 4', // 2
        'gate:', // 3
        '  confidence: .nan', // 4
        '  kpis:', // 5
        '    pick_success_rate: { margin: 1 }', // 6
        '    crushs: { margin: 0.1 }', // 7
        '  slices: [{ tag: "a\\e[2J" }]', // 8
      ].join('\n'),
    );
    const run = await inProcess([...GATE, '--config', 'bad.yaml', '--out', 'OUT'], dir);
    expect(run.code).toBe(3);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('bad.yaml:'));
    expect(lines.map((l) => l.split(' ')[0])).toEqual([
      'bad.yaml:1:7',
      'bad.yaml:2:1',
      'bad.yaml:4:15',
      'bad.yaml:6:34',
      'bad.yaml:7:5',
      'bad.yaml:8:19',
    ]);
    expect(run.stderr).toMatch(/^simgate: 6 problems in the config:$/m);
  });
});

describe('one set of limits', () => {
  it('the JSON Schema states the limits the flags and the code use', () => {
    const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8'));
    const gate = schema.definitions.gate.properties;
    expect(schema.properties.seed.maximum).toBe(CONFIG_LIMITS.seedMax);
    expect(schema.properties.samples.maximum).toBe(CONFIG_LIMITS.samplesMax);
    expect(schema.properties.workers.oneOf[0].maximum).toBe(CONFIG_LIMITS.workersMax);
    for (const key of ['min_pairs', 'min_slice_pairs', 'max_pairs'])
      expect(gate[key].maximum, key).toBe(CONFIG_LIMITS.pairsMax);
    expect(gate.checkpoints.maxItems).toBe(CONFIG_LIMITS.checkpointsMax);
    expect([gate.bootstrap_resamples.minimum, gate.bootstrap_resamples.maximum]).toEqual([
      CONFIG_LIMITS.bootstrapMin,
      CONFIG_LIMITS.bootstrapMax,
    ]);
    expect(FLAG_RANGES['--seed'].max).toBe(CONFIG_LIMITS.seedMax);
    expect(FLAG_RANGES['--samples'].max).toBe(CONFIG_LIMITS.samplesMax);
    expect(FLAG_RANGES['--workers'].max).toBe(CONFIG_LIMITS.workersMax);
  });

  it('the bundled defaults and the scaffolded config pass the same checks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simgate-goodcfg-'));
    const init = await inProcess(['init', dir, '--quiet'], dir);
    expect(init).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const valid = await inProcess(['validate', join(dir, 'simgate.config.yaml'), '--quiet'], dir);
    expect(valid).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});

describe('terminalText and terminalQuote (reports/escape.ts)', () => {
  it('make every C0 and C1 control, DEL, bidi control and line separator visible', () => {
    const hostile = 'a\u001b[2Jb\u0007c\u009b1m\u007f\u202eRTL\u2066\u2028\u2029\t\r\n\ufeffz';
    const shown = terminalText(hostile);
    expect(shown).toBe('a\\x1b[2Jb\\x07c\\x9b1m\\x7f\\u202eRTL\\u2066\\u2028\\u2029\\x09\\x0d\\x0a\\ufeffz');
    expect(shown).not.toMatch(RAW_CONTROL);
    expect(shown).not.toContain('\n');
    expect(terminalText('one\ntwo\u001b', { keepNewlines: true })).toBe('one\ntwo\\x1b');
    expect(terminalText('plain ünïcödé ✓')).toBe('plain ünïcödé ✓');
  });

  it('terminalQuote quotes, escapes and cuts a long text with its length', () => {
    expect(terminalQuote('say "hi"\\\u001b')).toBe('"say \\"hi\\"\\\\\\x1b"');
    const long = terminalQuote('x'.repeat(1_000_000));
    expect(long).toBe(`"${'x'.repeat(80)}…" (1000000 characters)`);
  });
});
