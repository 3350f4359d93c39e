// Reading simgate.config.yaml: YAML with positions (parseDocument + LineCounter), the JSON
// Schema in schemas/config.schema.json (ajv, all errors), then the gate's semantic checks;
// every problem of the file is reported at once with file:line:col and the field path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import { nearestName } from '../../sim/params.js';
import type { Task } from '../../sim/task.js';
import {
  type GateConfigInput,
  gateConfigProblems,
  type ResolvedGateConfig,
  resolveGateConfig,
  type SimgateConfigFile,
} from './config.js';
import { type ConfigProblem, ConfigError } from './configError.js';
import { packageRoot } from '../common/package-root.js';

/** The config JSON Schema, shipped with the package. */
export const CONFIG_SCHEMA_PATH = join(packageRoot(), 'schemas', 'config.schema.json');

let validator: ReturnType<Ajv['compile']> | undefined;
function schemaValidator() {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    validator = ajv.compile(JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')));
  }
  return validator;
}

function pathOf(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function schemaMessage(e: ErrorObject): { path: (string | number)[]; message: string } {
  const path = pathOf(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const hint = nearestName(key, known);
      return {
        path: [...path, key],
        message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : known.length ? ` (known: ${known.join(', ')})` : ''}`,
      };
    }
    case 'required':
      return {
        path,
        message: `missing required key "${(e.params as { missingProperty: string }).missingProperty}"`,
      };
    case 'enum':
      return {
        path,
        message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(e.data)})`,
      };
    case 'oneOf': {
      const description = (e.parentSchema as { description?: string })?.description;
      return {
        path,
        message: `${JSON.stringify(e.data)} has no allowed form${description ? `: ${description}` : ''}`,
      };
    }
    default:
      return { path, message: `${e.message ?? 'is invalid'} (got ${JSON.stringify(e.data)})` };
  }
}

/** Schema errors with the branch errors of a failed oneOf folded into that oneOf. */
function schemaProblems(
  errors: readonly ErrorObject[],
): { path: (string | number)[]; message: string; key: boolean }[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.schemaPath);
  const folded = errors.filter(
    (e) => !oneOfs.some((s) => e.schemaPath !== s && e.schemaPath.startsWith(`${s}/`)),
  );
  // A oneOf whose value has a more specific error further down says less than that error.
  const kept = folded.filter(
    (e) => e.keyword !== 'oneOf' || !folded.some((o) => o.instancePath.startsWith(`${e.instancePath}/`)),
  );
  return kept.map((e) => ({ ...schemaMessage(e), key: e.keyword === 'additionalProperties' }));
}

/**
 * Parses and validates a whole config file. Throws one ConfigError naming every problem.
 * `text` is the file's content, `file` the name used in messages.
 */
export function parseConfigText(text: string, file: string): SimgateConfigFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = [];
  const at = (offset: number) => lineCounter.linePos(offset);
  for (const err of [...doc.errors]) {
    const { line, col } = at(err.pos[0]);
    problems.push({ file, line, col, path: '', message: err.message.split('\n')[0] });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const data = (doc.toJS() ?? {}) as unknown;
  const locate = (path: readonly (string | number)[], message: string, atKey = false) => {
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
  const validate = schemaValidator();
  if (!validate(data))
    for (const p of schemaProblems(validate.errors ?? [])) locate(p.path, p.message, p.key);
  // Semantic checks run even after schema errors, so one pass reports everything; a value of
  // the wrong shape was reported above and is skipped here.
  const gate = (data as SimgateConfigFile | null)?.gate;
  if (gate && typeof gate === 'object') {
    const task = gate.task === 'stream' ? 'stream' : 'pick';
    let semantic: ReturnType<typeof gateConfigProblems> = [];
    try {
      semantic = gateConfigProblems(gate, task, { partial: true });
    } catch {
      semantic = [];
    }
    const seen = new Set(problems.map((p) => p.path));
    for (const p of semantic) if (!seen.has(p.path.join('.'))) locate(p.path, p.message, p.key);
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
    throw new ConfigError(problems);
  }
  return data as SimgateConfigFile;
}

/** Reads and validates a config file from disk. */
export function loadConfigFile(path: string): SimgateConfigFile {
  return parseConfigText(readFileSync(path, 'utf8'), path);
}

/** Path of the bundled default gate config of a task. */
export function defaultGateConfigPath(task: Task): string {
  return join(packageRoot(), 'harness', 'gate', 'defaults', `${task}.gate.yaml`);
}

/** The bundled default gate config of a task (validated like a user file). */
export function loadGateDefaults(task: Task): GateConfigInput {
  const path = defaultGateConfigPath(task);
  return loadConfigFile(path).gate ?? {};
}

/** The full gate config of a run: the file's `gate:` over the task's bundled defaults. */
export function gateConfigFor(
  config: SimgateConfigFile,
  task: Task,
  source = 'simgate.config.yaml',
): ResolvedGateConfig {
  return resolveGateConfig({ task, ...config.gate }, loadGateDefaults(config.gate?.task ?? task), source);
}
