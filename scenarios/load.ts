// Loads scenario files and suites (files, folders, globs) into validated Scenarios. Every
// problem of every file is collected, with file:line:col and field path, before one
// ScenarioError is thrown; nothing is defaulted silently.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { nearestName } from '../sim/params.js';
import { buildScenario, checkScenarioRules } from './check.js';
import { NON_SCENARIO_FILE, SCENARIO_SHAPE } from './format.js';
import {
  displayPath,
  formatProblem,
  type ProblemSink,
  ScenarioError,
  type ScenarioProblem,
} from './problems.js';
import {
  findRequirementsFile,
  type Requirement,
  type RequirementsFile,
  readRequirementsFile,
} from './requirements.js';
import { checkShape, describeValue, isPlainObject } from './shape.js';
import type { Scenario } from './types.js';
import { readYamlFile } from './yaml.js';

export interface SuiteFilter {
  /** Keep scenarios carrying any of these tags. */
  readonly tags?: readonly string[];
  /** Keep scenarios tracing to any of these requirement ids. */
  readonly requirements?: readonly string[];
}

export interface Suite {
  /** The selected scenarios, in file order. */
  readonly scenarios: Scenario[];
  /** Every scenario of the suite before selection (coverage reads it). */
  readonly all: Scenario[];
  /** Requirements of the requirements files the suite's scenarios trace to. */
  readonly requirements: Requirement[];
  /** Absolute paths of the scenario files, sorted. */
  readonly files: string[];
}

export function loadScenarioFile(path: string): Scenario {
  return loadSuite([path]).scenarios[0];
}

export function loadSuite(paths: readonly string[], filter: SuiteFilter = {}): Suite {
  const { files, problems } = expandSuitePaths(paths);
  const sinks: ProblemSink[] = [];
  const requirementFiles = new Map<string, RequirementsFile | undefined>();
  const scenarios: Scenario[] = [];
  const firstId = new Map<string, string>();
  for (const file of files) {
    const result = checkScenarioFile(file, requirementFiles, sinks);
    if (!result) continue;
    const { scenario, sink } = result;
    const earlier = firstId.get(scenario.id);
    if (earlier) {
      sink.report(['id'], `duplicate scenario id "${scenario.id}" (also in ${earlier})`);
    } else {
      firstId.set(scenario.id, sink.file);
      scenarios.push(scenario);
    }
  }
  const all = [...problems, ...sinks.flatMap((s) => s.problems)];
  if (all.length > 0) throw new ScenarioError(all);
  const requirements = [...requirementFiles.values()].flatMap((r) => r?.requirements ?? []);
  return { scenarios: scenarios.filter((s) => selected(s, filter)), all: scenarios, requirements, files };
}

function selected(scenario: Scenario, filter: SuiteFilter): boolean {
  const { tags, requirements } = filter;
  if (tags && tags.length > 0 && !scenario.tags.some((t) => tags.includes(t))) return false;
  if (
    requirements &&
    requirements.length > 0 &&
    !scenario.requirements.some((r) => requirements.includes(r))
  ) {
    return false;
  }
  return true;
}

/** Checks one file; its problems land in `sinks`. Returns the scenario when the file is valid. */
function checkScenarioFile(
  file: string,
  requirementFiles: Map<string, RequirementsFile | undefined>,
  sinks: ProblemSink[],
): { scenario: Scenario; sink: ProblemSink } | undefined {
  const { sink, value, sha256 } = readYamlFile(file);
  sinks.push(sink);
  if (sink.problems.length > 0) return undefined;
  if (!isPlainObject(value)) {
    sink.report([], `a scenario must be a mapping of fields (got ${describeValue(value)})`);
    return undefined;
  }
  checkShape(value, SCENARIO_SHAPE, [], sink);
  checkScenarioRules(value, sink);
  checkRequirementIds(file, value.requirements, requirementFiles, sinks, sink);
  if (sink.problems.length > 0) return undefined;
  return { scenario: buildScenario(value, file, sha256), sink };
}

function checkRequirementIds(
  file: string,
  ids: unknown,
  cache: Map<string, RequirementsFile | undefined>,
  sinks: ProblemSink[],
  sink: ProblemSink,
): void {
  if (!Array.isArray(ids)) return;
  const reqFile = findRequirementsFile(dirname(file));
  if (!reqFile) return;
  if (!cache.has(reqFile)) cache.set(reqFile, readRequirementsFile(reqFile, sinks));
  const known = cache.get(reqFile)!.requirements.map((r) => r.id);
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || known.includes(id)) return;
    const hint = nearestName(id, known);
    sink.report(
      ['requirements', i],
      `unknown requirement id "${id}" (not in ${displayPath(reqFile)})${hint ? `; did you mean "${hint}"?` : ''}`,
    );
  });
}

const SCENARIO_GLOB = '**/*.{yaml,yml}';
const IGNORE = ['**/node_modules/**', '**/.git/**'];

/** Scenario files named by files, folders (recursive) and globs; sorted, without duplicates. */
export function expandSuitePaths(paths: readonly string[]): { files: string[]; problems: ScenarioProblem[] } {
  const files = new Set<string>();
  const problems: ScenarioProblem[] = [];
  const missing = (path: string, message: string) =>
    problems.push({ file: path, line: 0, col: 0, path: '', message });
  if (paths.length === 0) missing('(suite)', 'no scenario paths given');
  for (const path of paths) {
    let found: string[];
    if (isDynamicPattern(path)) {
      found = globSync(path, { absolute: true, onlyFiles: true, ignore: IGNORE }).filter(isScenarioFile);
      if (found.length === 0) missing(path, 'no scenario files match this pattern');
    } else if (!existsSync(path)) {
      missing(path, 'file or folder not found');
      found = [];
    } else if (statSync(path).isDirectory()) {
      found = globSync(SCENARIO_GLOB, { cwd: path, absolute: true, onlyFiles: true, ignore: IGNORE }).filter(
        isScenarioFile,
      );
      if (found.length === 0) missing(path, 'no scenario files (*.yaml, *.yml) in this folder');
    } else {
      found = [resolve(path)];
    }
    for (const f of found) files.add(resolve(f));
  }
  return { files: [...files].sort(), problems };
}

function isScenarioFile(file: string): boolean {
  return /\.ya?ml$/.test(file) && !NON_SCENARIO_FILE.test(file.replaceAll('\\', '/'));
}

export { formatProblem, ScenarioError, type ScenarioProblem };
