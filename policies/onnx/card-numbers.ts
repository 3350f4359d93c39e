// The numbers of a card: every number anywhere finite (quoted as written, so `1e400`, which
// YAML reads as Infinity, and `.nan` are named as such), every normalisation usable (std > 0,
// max > min, values and scale factors inside the float32 range the model computes in), and
// every action bound ordered and inside the physical range of its feature. Works on the raw
// parsed value: shapes the schema rejects are skipped here and reported there.
import { actionRange } from './action-ranges.js';
import type { CardProblems, FieldPath } from './card-problems.js';

const FLOAT32_MAX = 3.4028234663852886e38;
/** Deeper than any card; a walk stops here rather than recurse without end. */
const MAX_DEPTH = 64;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isNum = (v: unknown): v is number => typeof v === 'number';

/** A value as messages show it: NaN and Infinity by name, never JSON's null. */
export function valueText(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'a list';
  if (isRecord(v)) return 'a mapping';
  return String(v);
}

function notFinite(value: number, written: string | undefined): string {
  const text = written ?? String(value);
  if (Number.isNaN(value)) return `${text} is not a finite number (NaN)`;
  return /inf/i.test(text)
    ? `${text} is not a finite number (${value})`
    : `${text} is not a finite number (it reads as ${value})`;
}

/** Every non-finite number in the card, wherever it is. */
function checkFinite(value: unknown, path: FieldPath, problems: CardProblems, depth: number): void {
  if (depth > MAX_DEPTH) {
    problems.report(path, `nested deeper than ${MAX_DEPTH} levels`);
    return;
  }
  if (isNum(value)) {
    if (!Number.isFinite(value)) problems.report(path, notFinite(value, problems.sourceOf(path)));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      checkFinite(v, [...path, i], problems, depth + 1);
    });
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) checkFinite(v, [...path, k], problems, depth + 1);
  }
}

const finite = (v: unknown): v is number => isNum(v) && Number.isFinite(v);

function written(problems: CardProblems, path: FieldPath, v: number): string {
  return problems.sourceOf(path) ?? String(v);
}

/** Values the model's float32 tensors cannot hold (the scaled input would be ±Infinity). */
function checkFloat32(entry: Record<string, unknown>, path: FieldPath, problems: CardProblems): void {
  for (const key of ['mean', 'std', 'min', 'max']) {
    const v = entry[key];
    if (finite(v) && Math.abs(v) > FLOAT32_MAX) {
      problems.report(
        [...path, key],
        `${written(problems, [...path, key], v)} is outside the float32 range (±3.4e38) of the model's tensors`,
      );
    }
  }
}

function checkNormalisation(feature: string, entry: Record<string, unknown>, problems: CardProblems): void {
  const path = ['normalisation', feature];
  checkFloat32(entry, path, problems);
  if ('mean' in entry) {
    const std = entry.std;
    if (!finite(std) || problems.has([...path, 'std'])) return;
    if (!(std > 0)) {
      problems.report(
        [...path, 'std'],
        `std must be > 0 (got ${written(problems, [...path, 'std'], std)}): inputs are divided by it`,
      );
    } else if (!Number.isFinite(Math.fround(1 / std))) {
      problems.report(
        [...path, 'std'],
        `std ${written(problems, [...path, 'std'], std)} is too small: 1/std overflows float32`,
      );
    }
    return;
  }
  checkOrdered(path, entry, problems, 'a zero span divides by zero');
  const { min, max } = entry;
  if (finite(min) && finite(max) && max > min && !Number.isFinite(Math.fround(1 / (max - min)))) {
    problems.report(path, `span max − min = ${max - min} is too small: 1/span overflows float32`, 'key');
  }
}

/** min < max, both finite (non-finite ones were reported where they are). */
function checkOrdered(
  path: FieldPath,
  entry: Record<string, unknown>,
  problems: CardProblems,
  zeroSpan: string,
): boolean {
  const { min, max } = entry;
  if (!finite(min) || !finite(max)) return false;
  const lo = written(problems, [...path, 'min'], min);
  const hi = written(problems, [...path, 'max'], max);
  if (min > max) {
    problems.report(path, `min ${lo} > max ${hi}`, 'key');
    return false;
  }
  if (min === max) {
    problems.report(path, `min ${lo} = max ${hi}: ${zeroSpan}`, 'key');
    return false;
  }
  return true;
}

function checkActionBounds(
  task: unknown,
  feature: string,
  entry: Record<string, unknown>,
  problems: CardProblems,
): void {
  const path = ['action_bounds', feature];
  if (!checkOrdered(path, entry, problems, 'no action could pass')) return;
  const range = typeof task === 'string' ? actionRange(task, feature) : undefined;
  const { min, max } = entry as { min: number; max: number };
  if (range && (min < range.min || max > range.max)) {
    const unit = range.unit ? ` ${range.unit}` : '';
    problems.report(
      path,
      `[${min}, ${max}] is outside the physical range [${range.min}, ${range.max}]${unit} of ${feature} (${range.from})`,
      'key',
    );
  }
}

/** Every number problem of a parsed card, reported by field path. */
export function checkNumbers(card: unknown, problems: CardProblems): void {
  checkFinite(card, [], problems, 0);
  if (!isRecord(card)) return;
  if (isRecord(card.normalisation)) {
    for (const [feature, entry] of Object.entries(card.normalisation)) {
      if (isRecord(entry)) checkNormalisation(feature, entry, problems);
    }
  }
  if (isRecord(card.action_bounds)) {
    for (const [feature, entry] of Object.entries(card.action_bounds)) {
      if (isRecord(entry)) checkActionBounds(card.task, feature, entry, problems);
    }
  }
}
