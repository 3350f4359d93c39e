// The requirements file (`requirements.yaml`: requirement id → text) that scenarios trace to.
// A suite uses the nearest one above each scenario file, up to the project root.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProblemSink } from './problems.js';
import { describeValue, isPlainObject } from './shape.js';
import { readYamlFile } from './yaml.js';

export interface Requirement {
  readonly id: string;
  readonly text: string;
  /** The requirements file it came from (absolute). */
  readonly file: string;
}

export interface RequirementsFile {
  readonly file: string;
  readonly requirements: readonly Requirement[];
}

export const REQUIREMENTS_FILE_NAMES = ['requirements.yaml', 'requirements.yml'] as const;
const PROJECT_ROOT_MARKERS = ['simgate.config.yaml', 'simgate.config.yml', 'package.json', '.git'];

/** The nearest requirements file at or above `dir`, not looking past the project root. */
export function findRequirementsFile(dir: string): string | undefined {
  let current = dir;
  for (;;) {
    for (const name of REQUIREMENTS_FILE_NAMES) {
      if (existsSync(join(current, name))) return join(current, name);
    }
    if (PROJECT_ROOT_MARKERS.some((m) => existsSync(join(current, m)))) return undefined;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Reads a requirements file; problems go to `problems` (all of them, with positions). */
export function readRequirementsFile(file: string, problems: ProblemSink[]): RequirementsFile {
  const { sink, value: raw } = readYamlFile(file);
  problems.push(sink);
  if (sink.problems.length > 0) return { file, requirements: [] };
  if (!isPlainObject(raw)) {
    sink.report([], `must be a mapping of requirement id to text (got ${describeValue(raw)})`);
    return { file, requirements: [] };
  }
  const requirements: Requirement[] = [];
  for (const [id, value] of Object.entries(raw)) {
    if (!ID_PATTERN.test(id)) sink.report([id], 'is not a valid requirement id (e.g. SR-3)', 'key');
    else if (typeof value !== 'string' || value.trim() === '') {
      sink.report([id], `must be the requirement text (got ${describeValue(value)})`);
    } else requirements.push({ id, text: value, file });
  }
  return { file, requirements };
}
