// Structural checking of a parsed YAML value against a shape description (scenarios/format.ts):
// types, required and unknown fields, numeric bounds. Reports every problem with its path and
// returns whether the value conforms, so registry checks only look at well-formed parts.
import { nearestName } from '../sim/params.js';
import type { Shape } from './format.js';
import type { PathSegment, Reporter } from './problems.js';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Short description of what a value is, for "got ..." in messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return String(value);
}

function expected(shape: Shape): string {
  switch (shape.kind) {
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'number':
      return shape.integer ? 'an integer' : 'a number';
    case 'scalar':
      return 'a number or a string';
    case 'list':
      return 'a list';
    case 'record':
    case 'map':
      return 'a mapping';
    case 'variant':
      return `a distribution (${Object.keys(shape.variants).join(', ')})`;
    case 'union':
      return shape.options.map(expected).join(' or ');
  }
}

function matchesType(shape: Shape, value: unknown): boolean {
  switch (shape.kind) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'scalar':
      return typeof value === 'string' || typeof value === 'number';
    case 'list':
      return Array.isArray(value);
    case 'record':
    case 'map':
    case 'variant':
      return isPlainObject(value);
    case 'union':
      return shape.options.some((o) => matchesType(o, value));
  }
}

export function checkShape(value: unknown, shape: Shape, path: PathSegment[], sink: Reporter): boolean {
  if (!matchesType(shape, value)) {
    sink.report(path, `must be ${expected(shape)} (got ${describeValue(value)})`);
    return false;
  }
  switch (shape.kind) {
    case 'boolean':
      return true;
    case 'string':
      return checkString(value as string, shape, path, sink);
    case 'number':
      return checkNumber(value as number, shape, path, sink);
    case 'scalar':
      if (typeof value === 'number' && !Number.isFinite(value)) {
        sink.report(path, `must be a finite number (got ${value})`);
        return false;
      }
      return true;
    case 'list': {
      const list = value as unknown[];
      let ok = true;
      if (shape.minItems !== undefined && list.length < shape.minItems) {
        sink.report(path, `must have at least ${shape.minItems} item${shape.minItems === 1 ? '' : 's'}`);
        ok = false;
      }
      list.forEach((item, i) => {
        ok = checkShape(item, shape.items, [...path, i], sink) && ok;
      });
      return ok;
    }
    case 'map': {
      let ok = true;
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        ok = checkShape(item, shape.values, [...path, key], sink) && ok;
      }
      return ok;
    }
    case 'record':
      return checkRecord(value as Record<string, unknown>, shape, path, sink);
    case 'variant':
      return checkVariant(value as Record<string, unknown>, shape, path, sink);
    case 'union': {
      const option = shape.options.find((o) => matchesType(o, value))!;
      return checkShape(value, option, path, sink);
    }
  }
}

function checkString(
  value: string,
  shape: Shape & { kind: 'string' },
  path: PathSegment[],
  sink: Reporter,
): boolean {
  if (shape.enum && !shape.enum.includes(value)) {
    const hint = nearestName(value, shape.enum);
    const list = shape.enum.map((v) => JSON.stringify(v)).join(', ');
    sink.report(
      path,
      `must be one of ${list} (got ${JSON.stringify(value)})${hint ? `; did you mean "${hint}"?` : ''}`,
    );
    return false;
  }
  if (shape.pattern && !new RegExp(shape.pattern).test(value)) {
    sink.report(
      path,
      `${JSON.stringify(value)} is not a valid name: use ${shape.patternHint ?? shape.pattern}`,
    );
    return false;
  }
  return true;
}

function checkNumber(
  value: number,
  shape: Shape & { kind: 'number' },
  path: PathSegment[],
  sink: Reporter,
): boolean {
  let problem: string | undefined;
  if (!Number.isFinite(value)) problem = `must be a finite number (got ${value})`;
  else if (shape.integer && !Number.isInteger(value)) problem = `must be an integer (got ${value})`;
  else if (shape.min !== undefined && value < shape.min)
    problem = `must be at least ${shape.min} (got ${value})`;
  else if (shape.max !== undefined && value > shape.max)
    problem = `must be at most ${shape.max} (got ${value})`;
  else if (shape.above !== undefined && value <= shape.above) {
    problem = `must be greater than ${shape.above} (got ${value})`;
  }
  if (problem) sink.report(path, problem);
  return problem === undefined;
}

function checkRecord(
  value: Record<string, unknown>,
  shape: Shape & { kind: 'record' },
  path: PathSegment[],
  sink: Reporter,
): boolean {
  let ok = true;
  const names = Object.keys(shape.fields);
  for (const [key, item] of Object.entries(value)) {
    const field = shape.fields[key];
    if (field && shape.deferred?.includes(key)) {
      if (!matchesType(field, item)) {
        sink.report([...path, key], `must be ${expected(field)} (got ${describeValue(item)})`);
        ok = false;
      }
    } else if (field) {
      ok = checkShape(item, field, [...path, key], sink) && ok;
    } else if (!shape.open) {
      const hint = nearestName(key, names);
      sink.report(
        [...path, key],
        `unknown field${hint ? ` (did you mean "${hint}"?)` : `; expected one of ${names.join(', ')}`}`,
        'key',
      );
      ok = false;
    }
  }
  for (const name of shape.required ?? []) {
    if (!(name in value)) {
      sink.report(path, `missing required field "${name}"`, 'key');
      ok = false;
    }
  }
  if (shape.anyOf && !shape.anyOf.some((name) => name in value)) {
    sink.report(path, `must give at least one of ${shape.anyOf.join(', ')}`, 'key');
    ok = false;
  }
  return ok;
}

function checkVariant(
  value: Record<string, unknown>,
  shape: Shape & { kind: 'variant' },
  path: PathSegment[],
  sink: Reporter,
): boolean {
  const names = Object.keys(shape.variants);
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    const got = keys.length === 0 ? 'an empty mapping' : keys.join(', ');
    sink.report(path, `must have exactly one distribution key: ${names.join(', ')} (got ${got})`);
    return false;
  }
  const key = keys[0];
  const variant = shape.variants[key];
  if (!variant) {
    const hint = nearestName(key, names);
    sink.report(
      [...path, key],
      `unknown distribution${hint ? ` (did you mean "${hint}"?)` : `; expected one of ${names.join(', ')}`}`,
      'key',
    );
    return false;
  }
  return checkShape(value[key], variant, [...path, key], sink);
}

/** Whether `value` conforms to `shape`, reporting nothing (problems were reported once already). */
export function conforms(value: unknown, shape: Shape): boolean {
  return checkShape(value, shape, [], { report() {} });
}
