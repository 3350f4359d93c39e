// Plain-decimal parsing, terminal-safe text and escaped text outputs of the monitor.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MonitorReport } from '../../../harness/monitor/evaluate.js';
import { monitorPrometheus } from '../../../harness/monitor/prom.js';
import { parseDecimal, sensorNameProblem } from '../../../harness/monitor/rules.js';
import { quoteExcerpt, showValue, terminalText } from '../../../harness/monitor/text.js';

describe('parseDecimal', () => {
  it.each([
    ['1', 1],
    ['-2.5', -2.5],
    ['+.5', 0.5],
    ['3.', 3],
    ['1e-3', 0.001],
    ['2.5E+2', 250],
    [' 7\t', 7],
    ['007', 7],
  ])('reads %j as %d', (text, value) => {
    expect(parseDecimal(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank (whitespace only)'],
    ['0x12', 'hexadecimal is not accepted'],
    ['0b11', 'binary is not accepted'],
    ['0o17', 'octal is not accepted'],
    ['Infinity', 'Infinity is not a reading'],
    ['-inf', 'Infinity is not a reading'],
    ['NaN', 'NaN is not a value here'],
    ['1e400', 'out of range (overflows to Infinity)'],
    ['1_000', 'not a plain decimal number'],
    ['1,5', 'not a plain decimal number'],
    ['٣', 'not a plain decimal number'],
    [`${'1'.repeat(101)}`, 'too long for a number'],
  ])('refuses %j: %s', (text, why) => {
    expect(parseDecimal(text)).toEqual({ ok: false, why });
  });

  it('reads back every finite double as JavaScript prints it (fast-check, seed 20240611)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const parsed = parseDecimal(String(x));
        return parsed.ok && parsed.value === x;
      }),
      { seed: 20240611, numRuns: 2000 },
    );
  });

  it('stays linear on a long digit run (never handed to the pattern)', () => {
    expect(parseDecimal(`${'9'.repeat(5_000_000)}x`)).toEqual({ ok: false, why: 'too long for a number' });
  });
});

describe('terminal-safe text', () => {
  it('escapes ESC, C1, NUL, DEL and bidi controls; keeps newlines only when asked', () => {
    expect(terminalText('a\u001b[31mb\u009b2J\u0000\u007f\u202ec\nd')).toBe(
      'a\\x1b[31mb\\x9b2J\\x00\\x7f\\u202ec\\x0ad',
    );
    expect(terminalText('one\ntwo\u001b', true)).toBe('one\ntwo\\x1b');
  });

  it('quotes at most 60 characters with the full length', () => {
    expect(quoteExcerpt('warm')).toBe('"warm"');
    expect(quoteExcerpt('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    const huge = quoteExcerpt('x'.repeat(8_000_000));
    expect(huge).toBe(`"${'x'.repeat(60)}…" (8000000 chars)`);
  });

  it('shows NaN and infinities by name, not as JSON null', () => {
    expect([Number.NaN, Infinity, -Infinity, 2, null, undefined, [1, 2], {}].map(showValue)).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      '2',
      'null',
      'nothing',
      'a list of 2',
      'an object',
    ]);
  });

  it('sensor names: printable, short, trimmed', () => {
    expect(sensorNameProblem('temp_a')).toBeUndefined();
    expect(sensorNameProblem('')).toBe('has no name');
    expect(sensorNameProblem('a\u001bb')).toMatch(/holds control characters/);
    expect(sensorNameProblem(' a')).toMatch(/leading or trailing whitespace/);
    expect(sensorNameProblem('a'.repeat(101))).toMatch(/longer than 100 characters/);
  });
});

describe('Prometheus text', () => {
  it('label values carry no raw control character', () => {
    const report = {
      decision: 'OK',
      window: 10,
      sensors: [
        {
          name: 'bad\u001b[2J"\\\nname\u009b',
          drift: { status: 'insufficient', n: 0, reason: 'none', sensor: 'x' },
          forecast: { model: 'm\u001b', mae_latest: 1, rolling_mae: [], non_finite: 0 },
        },
      ],
    } as unknown as MonitorReport;
    const text = monitorPrometheus(report);
    // ESC → \x1b (its backslash doubled by label escaping); the quote and backslash escaped.
    expect(text).toContain('sensor="bad\\\\x1b[2J\\"\\\\\\\\x0aname\\\\x9b"');
    expect(text).not.toMatch(/(?!\n)\p{Cc}/u);
  });
});
