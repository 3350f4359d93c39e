// Parameter rules of a scenario: every name from the task's registry, every constant and every
// distribution bound inside the parameter's physical range, sound distribution arguments.
// Also turns a checked YAML value into the Distribution the sampler draws from.
import { nearestName, type ParamSpec, type ParamValue, paramProblem } from '../sim/params.js';
import { DISTRIBUTION_SHAPE, PARAM_VALUE_SHAPE } from './format.js';
import type { PathSegment, Reporter } from './problems.js';
import { checkShape, conforms, isPlainObject } from './shape.js';
import type { Distribution, Task } from './types.js';

type Raw = Record<string, unknown>;

export function checkParams(task: Task, registry: readonly ParamSpec[], params: Raw, sink: Reporter): void {
  const names = registry.map((p) => p.name);
  for (const [name, value] of Object.entries(params)) {
    const path: PathSegment[] = ['params', name];
    const spec = registry.find((p) => p.name === name);
    if (!spec) {
      sink.report(path, unknownParamMessage(task, name, value, names), 'key');
    } else if (checkShape(value, PARAM_VALUE_SHAPE, path, sink)) {
      checkValue(spec, value, path, sink);
    }
  }
}

function unknownParamMessage(task: Task, name: string, value: unknown, names: readonly string[]): string {
  const hint = nearestName(name, names);
  if (hint) return `unknown ${task} parameter (did you mean "${hint}"?)`;
  const nested = names.filter((n) => n.startsWith(`${name}.`));
  if (nested.length > 0 && isPlainObject(value) && !conforms(value, DISTRIBUTION_SHAPE)) {
    return `unknown ${task} parameter; parameter names are dotted, write e.g. "${nested[0]}:" directly under params`;
  }
  return `unknown ${task} parameter (run \`simgate params --task ${task}\` for the list)`;
}

function checkValue(spec: ParamSpec, value: unknown, path: PathSegment[], sink: Reporter): void {
  if (!isPlainObject(value)) {
    inRange(spec, value as ParamValue, path, sink);
    return;
  }
  const [kind, args] = Object.entries(value)[0] as [string, Raw];
  const at = [...path, kind];
  const integerOnly = spec.kind === 'number' && spec.integer === true;
  if (spec.kind === 'choice' && kind !== 'choice') {
    sink.report(
      at,
      `${spec.name} takes one of ${spec.values.join(', ')}: use a constant or {choice: {values: [...]}}`,
      'key',
    );
    return;
  }
  if (integerOnly && (kind === 'uniform' || kind === 'normal' || kind === 'lognormal')) {
    sink.report(at, `${spec.name} takes integers: use a constant, {int: {min, max}} or {choice: ...}`, 'key');
    return;
  }
  switch (kind) {
    case 'uniform':
    case 'int':
      bounds(spec, args, at, sink, true);
      return;
    case 'normal':
      if ((args.sd as number) < 0) sink.report([...at, 'sd'], `must not be negative (got ${args.sd})`);
      inRange(spec, args.mean as number, [...at, 'mean'], sink);
      bounds(spec, args, at, sink, false);
      return;
    case 'lognormal': {
      if ((args.sigma as number) < 0)
        sink.report([...at, 'sigma'], `must not be negative (got ${args.sigma})`);
      const median = Math.exp(args.mu as number);
      if (spec.kind === 'number' && (median < spec.min || median > spec.max)) {
        sink.report(
          [...at, 'mu'],
          `the median exp(mu) = ${round(median)} is outside the physical range [${spec.min}, ${spec.max}]${spec.unit ? ` ${spec.unit}` : ''}`,
        );
      }
      bounds(spec, args, at, sink, false);
      return;
    }
    case 'choice':
      checkChoice(spec, args, at, sink);
      return;
  }
}

function bounds(spec: ParamSpec, args: Raw, at: PathSegment[], sink: Reporter, required: boolean): void {
  const { min, max } = args as { min?: number; max?: number };
  if (min !== undefined || required) inRange(spec, min as number, [...at, 'min'], sink);
  if (max !== undefined || required) inRange(spec, max as number, [...at, 'max'], sink);
  if (min !== undefined && max !== undefined && min > max) {
    sink.report(at, `min (${min}) is greater than max (${max})`, 'key');
  }
}

function checkChoice(spec: ParamSpec, args: Raw, at: PathSegment[], sink: Reporter): void {
  const values = args.values as ParamValue[];
  values.forEach((v, i) => {
    inRange(spec, v, [...at, 'values', i], sink);
  });
  const weights = args.weights as number[] | undefined;
  if (!weights) return;
  if (weights.length !== values.length) {
    sink.report(
      [...at, 'weights'],
      `has ${weights.length} weight${weights.length === 1 ? '' : 's'} for ${values.length} value${values.length === 1 ? '' : 's'}`,
    );
    return;
  }
  const negative = weights.findIndex((w) => w < 0);
  if (negative >= 0)
    sink.report([...at, 'weights', negative], `must not be negative (got ${weights[negative]})`);
  else if (!weights.some((w) => w > 0)) sink.report([...at, 'weights'], 'must not all be zero');
}

function inRange(spec: ParamSpec, value: ParamValue, path: PathSegment[], sink: Reporter): void {
  const problem = paramProblem(spec, value);
  if (problem) sink.report(path, problem);
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

/** The Distribution of a checked parameter value. */
export function toDistribution(value: unknown): Distribution {
  if (!isPlainObject(value)) return { kind: 'const', value: value as ParamValue };
  const [kind, args] = Object.entries(value)[0] as [string, Raw];
  switch (kind) {
    case 'uniform':
    case 'int':
      return { kind, min: args.min as number, max: args.max as number };
    case 'normal':
      return withBounds({ kind, mean: args.mean as number, sd: args.sd as number }, args);
    case 'lognormal':
      return withBounds({ kind, mu: args.mu as number, sigma: args.sigma as number }, args);
    default: {
      const values = [...(args.values as ParamValue[])];
      const weights = args.weights as number[] | undefined;
      return weights ? { kind: 'choice', values, weights: [...weights] } : { kind: 'choice', values };
    }
  }
}

function withBounds<T extends object>(base: T, args: Raw): T & { min?: number; max?: number } {
  const out: T & { min?: number; max?: number } = { ...base };
  if (typeof args.min === 'number') out.min = args.min;
  if (typeof args.max === 'number') out.max = args.max;
  return out;
}
