// Flag parsing shared by the commands. Every numeric flag is read strictly — plain decimal
// digits only (no `1e3`, `0x10`, ` 5`, `+5` or `Infinity`, which `Number()` would accept) —
// checked against its range in FLAG_RANGES, and refused with a message that names the flag,
// quotes the value (escaped) and states the rule.
import type { Command } from 'commander';
import { terminalQuote } from '../../../reports/escape.js';
import { UsageError } from '../../common/errors.js';
import { CONFIG_LIMITS } from '../../gate/config.js';
import type { Shard } from '../../sweep/plan.js';

export interface FlagRange {
  readonly min: number;
  readonly max: number;
}

/** The range of every integer flag of every command (the config file shares the limits). */
export const FLAG_RANGES: Readonly<Record<string, FlagRange>> = {
  '--seed': { min: 0, max: CONFIG_LIMITS.seedMax },
  '--suite-seed': { min: 0, max: CONFIG_LIMITS.seedMax },
  '--samples': { min: 1, max: CONFIG_LIMITS.samplesMax },
  '--sample': { min: 0, max: CONFIG_LIMITS.samplesMax - 1 },
  '--workers': { min: 1, max: CONFIG_LIMITS.workersMax },
  '--batch-size': { min: 1, max: 4096 },
  '--max-steps': { min: 1, max: 100_000_000 },
  // simgate check: episodes of search and of shrinking, trials per generation.
  '--budget': { min: 1, max: 1_000_000 },
  '--shrink-budget': { min: 0, max: 1_000_000 },
  '--population': { min: 2, max: 4096 },
};

/** Shards one plan may be cut into. */
export const MAX_SHARDS = 10_000;

const DIGITS = /^[0-9]+$/;

/** Why a text is not a plain decimal integer (the quoted value says what it was). */
function notDigits(value: string): string {
  if (value === '') return 'empty';
  if (value.trim() !== value) return 'spaces around the number';
  if (/^[+-]?0[xob]/i.test(value)) return 'hexadecimal, octal and binary are not accepted';
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(value)) return 'exponent notation is not accepted';
  if (/^[+-]?(infinity|nan)$/i.test(value)) return 'not a number';
  if (/^-\d+$/.test(value)) return 'negative';
  if (/^\+\d+$/.test(value)) return 'a sign is not accepted';
  if (/^\d*\.\d+$|^\d+\.\d*$/.test(value)) return 'not a whole number';
  return 'not a plain decimal integer';
}

/**
 * An integer flag in its FLAG_RANGES range (flags missing from the table: ≥ `min`), or
 * undefined when the flag was not given.
 */
export function integerFlag(name: string, value: string, min?: number): number;
export function integerFlag(name: string, value: string | undefined, min?: number): number | undefined;
export function integerFlag(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const range = FLAG_RANGES[name] ?? { min, max: Number.MAX_SAFE_INTEGER };
  const refuse = (why: string) =>
    new UsageError(
      `${name} must be an integer ≥ ${range.min} (got ${terminalQuote(value)}): ${why}; plain decimal digits, at most ${range.max}`,
    );
  if (!DIGITS.test(value)) throw refuse(notDigits(value));
  // Digits beyond the range are refused before Number() rounds them.
  const n = value.length > 16 ? Number.POSITIVE_INFINITY : Number(value);
  if (n < range.min) throw refuse('below the range');
  if (n > range.max) throw refuse('above the limit');
  return n;
}

/** `--workers N|auto`: the number of threads, 'auto', or undefined when not given. */
export function workersFlag(value: string): number | 'auto';
export function workersFlag(value: string | undefined): number | 'auto' | undefined;
export function workersFlag(value: string | undefined): number | 'auto' | undefined {
  if (value === undefined || value === 'auto') return value;
  if (!DIGITS.test(value))
    throw new UsageError(
      `--workers must be a positive integer or "auto" (got ${terminalQuote(value)}): ${notDigits(value)}; plain decimal digits, at most ${FLAG_RANGES['--workers'].max}`,
    );
  return integerFlag('--workers', value);
}

/** `--shard I/N`: shard I (1-based) of N, or undefined when not given. */
export function shardFlag(value: string): Shard;
export function shardFlag(value: string | undefined): Shard | undefined;
export function shardFlag(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const m = /^([0-9]+)\/([0-9]+)$/.exec(value);
  const refuse = (why: string) =>
    new UsageError(
      `--shard expects I/N, e.g. 2/4 (got ${terminalQuote(value)}): ${why}, with 1 ≤ I ≤ N ≤ ${MAX_SHARDS}`,
    );
  if (!m) throw refuse('two plain decimal integers and a slash, no spaces');
  const [index, total] = [m[1], m[2]].map((d) => (d.length > 6 ? Number.POSITIVE_INFINITY : Number(d)));
  if (total < 1 || total > MAX_SHARDS) throw refuse(`the shard count N is ${m[2]}`);
  if (index < 1 || index > total) throw refuse(`the index I is ${m[1]}`);
  return { index, total };
}

/** `I/N` of a parsed shard, as `parseShard` reads it. */
export function shardText(shard: Shard): string {
  return `${shard.index}/${shard.total}`;
}

const PLAIN_DECIMAL = /^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;

/** A number flag in (0, max], written as a plain decimal (`1.5`, never `1e3` or ` 2`). */
export function positiveNumberFlag(name: string, value: string, max: number, what: string): number {
  const n = PLAIN_DECIMAL.test(value) && value.length <= 32 ? Number(value) : Number.NaN;
  if (!(Number.isFinite(n) && n > 0 && n <= max))
    throw new UsageError(
      `${name} must be a number of ${what} in (0, ${max}] (got ${terminalQuote(value)}): plain decimal notation`,
    );
  return n;
}

/**
 * One `--set key=value`: the key a parameter name, the value a number when it is written as a
 * plain decimal (`2.5`, `-1`) and text otherwise (`box`), so `1e3`, `0x10` and ` 5` reach the
 * parameter check as text and are refused there by name.
 */
export function setFlag(text: string): [string, number | string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set expects key=value (got ${terminalQuote(text)})`);
  const key = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  if (!/^[A-Za-z0-9_.-]+$/.test(key))
    throw new UsageError(
      `--set ${terminalQuote(key)}: a parameter name is letters, digits, ".", "_" and "-" (see simgate params)`,
    );
  return [key, PLAIN_DECIMAL.test(raw) && raw.length <= 32 ? Number(raw) : raw];
}

/** The flags every command that runs the sweep engine shares. */
export function addEngineOptions(command: Command): Command {
  return command
    .option(
      '--workers <n|auto>',
      'worker threads (default: the config file workers, else auto = $SIMGATE_WORKERS or the available parallelism)',
    )
    .option('--out <dir>', 'output directory', 'simgate-report')
    .option('--no-cache', 'do not read or write the episode result cache')
    .option('--cache-dir <dir>', 'episode result cache directory', '.simgate-cache');
}
