// The operating envelope: per task, the range of every parameter the model must be safe in.
// Scenarios sample *typical* conditions; the safety search explores the *envelope*. The bundled
// default spans the realistic physical ranges of the task's parameters; a user's envelope.yaml
// narrows it (never widens it past the physical range), with its problems located line:col.
import { nearestName, type NumberParamSpec, type ParamValue } from '../../sim/params.js';
import type { Task } from '../../sim/task.js';
import { paramSpec, taskRegistry } from '../../scenarios/registry.js';
import { ScenarioError } from '../../scenarios/problems.js';
import { readYamlFile } from '../../scenarios/yaml.js';
import { DEFAULT_ENVELOPES } from './default-envelopes.js';
import { faultParamSpec } from './faults.js';

/** One searched dimension: a numeric range (integer or not) or a set of choices. */
export type EnvelopeDim =
  | {
      readonly name: string;
      readonly kind: 'number';
      readonly min: number;
      readonly max: number;
      readonly integer: boolean;
    }
  | { readonly name: string; readonly kind: 'choice'; readonly values: readonly string[] };

export interface Envelope {
  readonly task: Task;
  /** Where it came from: 'default' or the envelope file. */
  readonly source: string;
  readonly sha256: string;
  /** ODD tags the envelope stands for (recorded in the report and each counterexample). */
  readonly odd: readonly string[];
  /** Searched dimensions, in a fixed order (the order of the task's parameter registry). */
  readonly dims: readonly EnvelopeDim[];
  /** Parameters held constant in every trial. */
  readonly fixed: Readonly<Record<string, ParamValue>>;
}

/** The raw shape of envelope.yaml and of the bundled defaults. */
export interface EnvelopeInput {
  readonly task: Task;
  readonly odd?: readonly string[];
  /** A range `{min, max}`, a set `{values: [...]}`, or a constant. */
  readonly params: Readonly<
    Record<string, { min: number; max: number } | { values: readonly string[] } | ParamValue>
  >;
}

type Report = (path: readonly (string | number)[], message: string, anchor?: 'key' | 'value') => void;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Builds an envelope, reporting every problem through `report`; undefined when any was found. */
export function buildEnvelope(
  raw: unknown,
  source: string,
  sha256: string,
  report: Report,
  base?: Envelope,
): Envelope | undefined {
  let bad = false;
  const fail: Report = (path, message, anchor) => {
    bad = true;
    report(path, message, anchor);
  };
  if (!isRecord(raw)) {
    fail([], 'an envelope is a mapping with task and params');
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (!['task', 'odd', 'params'].includes(key)) {
      const hint = nearestName(key, ['task', 'odd', 'params']);
      fail([key], `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`, 'key');
    }
  }
  const task = raw.task;
  if (task !== 'pick' && task !== 'stream') {
    fail(['task'], `task must be "pick" or "stream" (got ${JSON.stringify(task) ?? 'nothing'})`);
    return undefined;
  }
  if (base && base.task !== task)
    fail(['task'], `the envelope is for ${task} but the model is a ${base.task} model`);
  const odd = raw.odd ?? [];
  if (!Array.isArray(odd) || odd.some((t) => typeof t !== 'string' || !/^[\w:.-]+$/.test(t)))
    fail(['odd'], 'odd is a list of tags such as odd:heavy');
  const defaults = base ?? defaultEnvelope(task);
  const dims = new Map(defaults.dims.map((d) => [d.name, d]));
  const fixed: Record<string, ParamValue> = { ...defaults.fixed };
  const params = raw.params ?? {};
  if (!isRecord(params)) fail(['params'], 'params is a mapping from parameter names to ranges');
  else
    for (const [name, value] of Object.entries(params)) {
      const narrowed = narrow(task, name, value, dims.get(name), (p, m, a) =>
        fail(['params', name, ...p], m, a),
      );
      if (narrowed === undefined) continue;
      if ('kind' in narrowed) dims.set(name, narrowed);
      else {
        dims.delete(name);
        fixed[name] = narrowed.value;
      }
    }
  if (bad) return undefined;
  const order = taskRegistry(task).params.map((p) => p.name);
  // Registry parameters in registry order, then the fault dimensions by name.
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return {
    task,
    source,
    sha256,
    odd: odd as string[],
    dims: [...dims.values()].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name)),
    fixed,
  };
}

/** One user entry over the default dimension: a narrower range, a subset, or a constant. */
function narrow(
  task: Task,
  name: string,
  value: unknown,
  current: EnvelopeDim | undefined,
  fail: Report,
): EnvelopeDim | { value: ParamValue } | undefined {
  // A stream's fault schedule is searched too: `fault.<kind>.<key>` (see faults.ts).
  const spec = paramSpec(task, name) ?? (task === 'stream' ? faultParamSpec(name) : undefined);
  if (!spec) {
    const hint = nearestName(
      name,
      taskRegistry(task).params.map((p) => p.name),
    );
    fail([], `unknown ${task} parameter "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`, 'key');
    return undefined;
  }
  if (spec.kind === 'choice') {
    const values = isRecord(value) && Array.isArray(value.values) ? value.values : [value];
    const unknown = values.filter((v) => !spec.values.includes(v as string));
    if (values.length === 0 || unknown.length > 0) {
      fail(
        [],
        `${name} takes ${spec.values.join(', ')} (got ${unknown.map((v) => JSON.stringify(v)).join(', ') || 'nothing'})`,
      );
      return undefined;
    }
    return values.length === 1
      ? { value: values[0] as string }
      : { name, kind: 'choice', values: [...new Set(values as string[])] };
  }
  if (typeof value === 'number') {
    if (!inRange(spec, value)) {
      fail([], `${value} is outside the physical range of ${name} [${spec.min}, ${spec.max}] ${spec.unit}`);
      return undefined;
    }
    return { value };
  }
  if (!isRecord(value) || typeof value.min !== 'number' || typeof value.max !== 'number') {
    fail([], `${name} takes a number or {min, max} in ${spec.unit || 'its unit'}`);
    return undefined;
  }
  const { min, max } = value;
  for (const [k, v] of [
    ['min', min],
    ['max', max],
  ] as const) {
    if (!Number.isFinite(v)) fail([k], `${k} must be a finite number (got ${String(v)})`);
    else if (!inRange(spec, v))
      fail([k], `${v} is outside the physical range of ${name} [${spec.min}, ${spec.max}] ${spec.unit}`);
  }
  if (!(max > min)) fail([], `min ${min} must be below max ${max} (a range needs a positive span)`, 'key');
  if (spec.integer && (!Number.isInteger(min) || !Number.isInteger(max)))
    fail([], `${name} is an integer parameter: min and max must be integers`);
  if (current === undefined) {
    // A parameter outside the default envelope may still be searched when the user asks for it.
  }
  return { name, kind: 'number', min, max, integer: spec.integer === true };
}

function inRange(spec: NumberParamSpec, v: number): boolean {
  return v >= spec.min && v <= spec.max;
}

/** A stream model's kind picks its envelope; a pick model has one. */
export type ModelKind = 'forecaster' | 'detector';

/**
 * The bundled envelope of a task (of a stream detector: its own): realistic physical ranges of
 * its world parameters.
 */
export function defaultEnvelope(task: Task, kind?: ModelKind): Envelope {
  const problems: string[] = [];
  const name = task === 'stream' && kind === 'detector' ? 'stream-detector' : task;
  const env = buildEnvelope(
    DEFAULT_ENVELOPES[name],
    'default',
    '',
    (path, message) => problems.push(`${path.join('.')}: ${message}`),
    emptyEnvelope(task),
  );
  if (!env) throw new Error(`the bundled ${task} envelope is invalid: ${problems.join('; ')}`);
  return env;
}

function emptyEnvelope(task: Task): Envelope {
  return { task, source: 'default', sha256: '', odd: [], dims: [], fixed: {} };
}

/** Reads envelope.yaml over the model's default envelope; every problem at once, located. */
export function loadEnvelope(file: string, task: Task, kind?: ModelKind): Envelope {
  const yaml = readYamlFile(file);
  let envelope: Envelope | undefined;
  if (yaml.value !== undefined)
    envelope = buildEnvelope(
      yaml.value,
      file,
      yaml.sha256,
      (p, m, a) => yaml.sink.report(p, m, a),
      defaultEnvelope(task, kind),
    );
  if (yaml.sink.problems.length > 0 || !envelope) throw new ScenarioError([...yaml.sink.problems]);
  return envelope;
}
