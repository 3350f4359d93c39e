// Reading simgate.config.yaml: YAML with positions and limits (configYaml.ts), the JSON Schema
// in schemas/config.schema.json (ajv, all errors), the gate's semantic checks, and the gate
// laid over the task's bundled defaults as the run will resolve it. One pass before anything
// runs; every problem of the file is reported at once with file:line:col and the field path.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isNode, isScalar } from 'yaml';
import { terminalQuote, terminalText } from '../../reports/escape.js';
import { nearestName } from '../../sim/params.js';
import type { Task } from '../../sim/task.js';
import { packageRoot } from '../common/package-root.js';
import {
  type GateConfigInput,
  gateConfigProblems,
  mergedGateProblems,
  type ResolvedGateConfig,
  resolveGateConfig,
  type SimgateConfigFile,
} from './config.js';
import { type ConfigProblem, ConfigError } from './configError.js';
import { MAX_CONFIG_BYTES, readConfigYaml } from './configYaml.js';

/** The config JSON Schema, shipped with the package. */
export const CONFIG_SCHEMA_PATH = join(packageRoot(), 'schemas', 'config.schema.json');

/** The config JSON Schema as shipped (what `simgate schema config` prints). */
export function configJsonSchemaText(): string {
  return readFileSync(CONFIG_SCHEMA_PATH, 'utf8');
}

let validator: ReturnType<Ajv['compile']> | undefined;
function schemaValidator() {
  if (!validator) {
    // The shipped schema is checked against the meta-schema by test/harness/schemas-meta.test.ts.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateSchema: false });
    validator = ajv.compile(JSON.parse(configJsonSchemaText()));
  }
  return validator;
}

type Path = (string | number)[];

function pathOf(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const MAX_SHOWN_JSON = 80;

/** A value as a message shows it: NaN and ±Infinity by name (never JSON's null), text escaped. */
export function showValue(value: unknown): string {
  if (typeof value === 'number')
    return Number.isFinite(value) || Number.isNaN(value)
      ? String(value)
      : value > 0
        ? 'Infinity'
        : '-Infinity';
  if (typeof value === 'string') return terminalQuote(value);
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? String(value);
  return terminalText(json.length > MAX_SHOWN_JSON ? `${json.slice(0, MAX_SHOWN_JSON)}…` : json);
}

/** A name from the file is worth a "did you mean" only when it could be a typo. */
function didYouMean(name: string, known: readonly string[]): string | undefined {
  return name.length <= 100 ? nearestName(name, known) : undefined;
}

function schemaMessage(e: ErrorObject): { path: Path; message: string } {
  const path = pathOf(e.instancePath);
  const got = `(got ${showValue(e.data)})`;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const hint = didYouMean(key, known);
      return {
        path: [...path, key],
        message: `unknown key ${terminalQuote(key)}${hint ? ` (did you mean "${hint}"?)` : known.length ? ` (known: ${known.join(', ')})` : ''}`,
      };
    }
    case 'required':
      return {
        path,
        message: `missing required key "${(e.params as { missingProperty: string }).missingProperty}"`,
      };
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const hint =
        typeof e.data === 'string'
          ? didYouMean(
              e.data,
              allowed.filter((v): v is string => typeof v === 'string'),
            )
          : undefined;
      return {
        path,
        message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')} ${got}${hint ? ` (did you mean "${hint}"?)` : ''}`,
      };
    }
    case 'oneOf': {
      const description = (e.parentSchema as { description?: string })?.description;
      return {
        path,
        message: `${showValue(e.data)} has no allowed form${description ? `: ${description}` : ''}`,
      };
    }
    case 'type':
      return { path, message: `must be ${article((e.params as { type: string }).type)} ${got}` };
    case 'pattern':
      return { path, message: `holds control characters ${got}` };
    case 'minProperties':
      return { path, message: `is empty ${got}: give at least one key` };
    default:
      return { path, message: `${e.message ?? 'is invalid'} ${got}` };
  }
}

function article(type: string): string {
  return type === 'integer'
    ? 'an integer'
    : type === 'object'
      ? 'a mapping'
      : type === 'array'
        ? 'a list'
        : `a ${type}`;
}

const startsWith = (path: readonly unknown[], prefix: readonly unknown[]): boolean =>
  prefix.length <= path.length && prefix.every((p, i) => p === path[i]);

/** Errors that say a value is of the wrong kind for a oneOf branch. */
const KIND_KEYWORDS = new Set(['type', 'const', 'enum']);
/** Errors that say an object has the wrong keys for a oneOf branch. */
const KEY_KEYWORDS = new Set(['required', 'additionalProperties']);

/**
 * The errors worth reporting: a failed oneOf is replaced by the errors of the one branch that
 * fits the value (`-0.1` as a margin is "must be >= 0", not "no allowed form"); it is dropped
 * when an error further down says more, and kept as one error when nothing explains it better.
 */
function explainErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  // Definitions are shared ($ref), so a branch error belongs to a oneOf by schema *and* place.
  const under = (e: ErrorObject, o: ErrorObject) =>
    e !== o &&
    e.schemaPath.startsWith(`${o.schemaPath}/`) &&
    (e.instancePath === o.instancePath || e.instancePath.startsWith(`${o.instancePath}/`));
  const out: ErrorObject[] = [];
  for (const e of errors.filter((x) => !oneOfs.some((o) => under(x, o)))) {
    if (e.keyword !== 'oneOf') {
      out.push(e);
      continue;
    }
    const branches = new Map<string, ErrorObject[]>();
    for (const x of errors.filter((x) => under(x, e))) {
      const branch = x.schemaPath.slice(e.schemaPath.length + 1).split('/')[0];
      branches.set(branch, [...(branches.get(branch) ?? []), x]);
    }
    const at = (keywords: Set<string>) => (errs: ErrorObject[]) =>
      !errs.some((x) => x.instancePath === e.instancePath && keywords.has(x.keyword));
    const ofKind = [...branches.values()].filter(at(KIND_KEYWORDS));
    const fitting = ofKind.length === 1 ? ofKind : ofKind.filter(at(KEY_KEYWORDS));
    if (fitting.length === 1) out.push(...explainErrors(fitting[0]));
    else if (!errors.some((x) => x.instancePath.startsWith(`${e.instancePath}/`) && !under(x, e)))
      out.push(e);
  }
  return out;
}

/** Schema problems, with nothing said twice about a value already reported as not finite. */
function schemaProblems(
  errors: readonly ErrorObject[],
  nonFinite: readonly (readonly (string | number)[])[],
): { path: Path; message: string; key: boolean }[] {
  return explainErrors(errors)
    .map((e) => ({
      ...schemaMessage(e),
      key: e.keyword === 'additionalProperties',
      oneOf: e.keyword === 'oneOf',
    }))
    .filter((p) => !nonFinite.some((bad) => startsWith(p.path, bad) || (p.oneOf && startsWith(bad, p.path))))
    .map(({ oneOf: _, ...p }) => p);
}

/**
 * Parses and validates a whole config file. Throws one ConfigError naming every problem.
 * `text` is the file's content, `file` the name used in messages.
 */
export function parseConfigText(text: string, file: string): SimgateConfigFile {
  return readConfig(text, file, true);
}

/**
 * One pass over a config text. With `merge`, the `gate:` is also laid over the bundled
 * defaults of its task, so what the run would refuse later is refused here, with a position.
 */
function readConfig(text: string, file: string, merge: boolean): SimgateConfigFile {
  const yaml = readConfigYaml(text);
  const problems: ConfigProblem[] = [];
  const at = (offset: number) => yaml.lines.linePos(offset);
  const doc = yaml.doc;
  const locate = (path: readonly (string | number)[], message: string, atKey = false) => {
    if (!doc) {
      problems.push({ file, line: 1, col: 1, path: path.join('.'), message });
      return;
    }
    // A problem with a key's name points at the key; any other at the deepest node on the path.
    const parent =
      path.length > 0 ? (path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true)) : undefined;
    if (atKey && isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
      if (pair && isNode(pair.key) && pair.key.range) {
        const { line, col } = at(pair.key.range[0]);
        problems.push({ file, line, col, path: path.join('.'), message });
        return;
      }
    }
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const { line, col } = at(node.range[0]);
        problems.push({ file, line, col, path: path.join('.'), message });
        return;
      }
    }
    problems.push({ file, line: 1, col: 1, path: path.join('.'), message });
  };
  for (const p of yaml.problems) {
    const { line, col } = at(p.offset);
    problems.push({ file, line, col, path: (p.path ?? []).join('.'), message: p.message });
  }
  if (!('value' in yaml)) throw new ConfigError(problems);
  const data = (yaml.value ?? {}) as unknown;
  const validate = schemaValidator();
  const schemaOk = validate(data);
  if (!schemaOk)
    for (const p of schemaProblems(validate.errors ?? [], yaml.nonFinite)) locate(p.path, p.message, p.key);
  // Semantic checks run even after schema errors, so one pass reports everything; a value of
  // the wrong shape was reported above and is skipped here.
  const gate = (data as SimgateConfigFile | null)?.gate;
  if (gate && typeof gate === 'object' && !Array.isArray(gate)) {
    const task: Task = gate.task === 'stream' ? 'stream' : 'pick';
    // A value the schema refused is not judged again; the merged config repeats what the
    // user's own section already showed, which is said once.
    const refused = new Set(problems.map((p) => p.path));
    const said = new Set<string>();
    const add = (found: ReturnType<typeof gateConfigProblems>) => {
      for (const p of found) {
        const path = p.path.join('.');
        if (refused.has(path) || said.has(`${path}\n${p.message}`)) continue;
        said.add(`${path}\n${p.message}`);
        locate(p.path, p.message, p.key);
      }
    };
    try {
      add(gateConfigProblems(gate, task, { partial: true }));
    } catch {
      // A shape the schema refused can trip a check; the schema's problem says what is wrong.
    }
    // Laid over the defaults, as the run resolves it: needs a well-formed file.
    if (merge && schemaOk && yaml.problems.length === 0)
      add(mergedGateProblems(gate, loadGateDefaults(gate.task ?? task)));
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
    throw new ConfigError(problems);
  }
  return data as SimgateConfigFile;
}

/** Reads and validates a config file from disk (its size is checked before it is read). */
export function loadConfigFile(path: string): SimgateConfigFile {
  const refuse = (message: string) => new ConfigError([{ file: path, path: '', message }]);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw refuse('not a file');
    size = stat.size;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`);
  }
  if (size > MAX_CONFIG_BYTES)
    throw new ConfigError([
      {
        file: path,
        line: 1,
        col: 1,
        path: '',
        message: `the file is ${size} bytes; a config file may be at most ${MAX_CONFIG_BYTES} bytes`,
      },
    ]);
  return parseConfigText(readFileSync(path, 'utf8'), path);
}

/** Path of the bundled default gate config of a task. */
export function defaultGateConfigPath(task: Task): string {
  return join(packageRoot(), 'harness', 'gate', 'defaults', `${task}.gate.yaml`);
}

const defaultsCache = new Map<Task, GateConfigInput>();

/** The bundled default gate config of a task (validated like a user file, read once). */
export function loadGateDefaults(task: Task): GateConfigInput {
  let defaults = defaultsCache.get(task);
  if (!defaults) {
    const path = defaultGateConfigPath(task);
    defaults = readConfig(readFileSync(path, 'utf8'), path, false).gate ?? {};
    defaultsCache.set(task, defaults);
  }
  return defaults;
}

/** The full gate config of a run: the file's `gate:` over the task's bundled defaults. */
export function gateConfigFor(
  config: SimgateConfigFile,
  task: Task,
  source = 'simgate.config.yaml',
): ResolvedGateConfig {
  return resolveGateConfig({ task, ...config.gate }, loadGateDefaults(config.gate?.task ?? task), source);
}
