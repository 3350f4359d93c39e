// `simgate validate PATH...`: checks scenario files, folders and globs (every problem of every
// file, with file:line:col and field path), checks simgate.config.yaml files together with the
// suite they name, and hands model files (.onnx, .card.yaml) to the model validator.
// Exit 0 when everything is valid, 3 otherwise. Everything printed quotes files (titles, ids,
// tags, requirement texts, paths), so every line goes through terminalText.
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { validateModelPath } from '../../../policies/onnx/index.js';
import { terminalText } from '../../../reports/escape.js';
import { formatCoverage, type SuiteCoverage } from '../../../scenarios/coverage.js';
import { displayPath, ScenarioError } from '../../../scenarios/problems.js';
import { EXIT } from '../../common/errors.js';
import { loadConfigFile } from '../../gate/configFile.js';
import { ConfigError } from '../../gate/configError.js';
import { addSuiteFilterOptions, selectSuite } from '../../sweep/suite.js';
import { action } from '../action.js';
import { isModelPath, validateModelCommand } from './validate-model.js';

interface ValidateOptions {
  tag?: string[];
  requirement?: string[];
  coverage?: boolean;
  quiet?: boolean;
}

const CONFIG_FILE = /(^|[/\\])simgate\.config\.ya?ml$/;

export function registerValidate(program: Command): void {
  const command = program
    .command('validate')
    .description('Check scenario files, folders and globs (and model files) without running anything')
    .argument('<paths...>', 'scenario files, folders (recursive *.yaml) or globs; .onnx / .card.yaml models')
    .option('--coverage', 'print samples per ODD cell (tag) and per requirement, and uncovered requirements')
    .option('--quiet', 'errors only: no "ok" lines, no coverage, no model warnings');
  addSuiteFilterOptions(command)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate validate scenarios/\n' +
        '  simgate validate "scenarios/**/heavy*.yaml" --coverage\n' +
        '  simgate validate scenarios/library --tag odd:heavy --requirement SR-1\n' +
        '  simgate validate models/candidate.onnx',
    )
    .action(action((paths: string[], options: ValidateOptions) => validate(paths, options)));
}

async function validate(paths: string[], options: ValidateOptions): Promise<number> {
  const models = paths.filter(isModelPath);
  const configs = paths.filter((p) => CONFIG_FILE.test(p));
  const scenarioPaths = paths.filter((p) => !isModelPath(p) && !CONFIG_FILE.test(p));
  let code: number = EXIT.PASS;
  if (models.length > 0)
    code = Math.max(
      code,
      options.quiet ? await validateModelsQuietly(models) : await validateModelCommand(models),
    );
  for (const config of configs) code = Math.max(code, validateConfig(config, options));
  if (scenarioPaths.length > 0) code = Math.max(code, validateScenarios(scenarioPaths, options));
  return code;
}

/** Model files with --quiet: the problems of an invalid model, nothing about a valid one. */
async function validateModelsQuietly(paths: readonly string[]): Promise<number> {
  let code: number = EXIT.PASS;
  for (const path of paths) {
    const result = await validateModelPath(path);
    if (result.ok) continue;
    for (const message of result.messages) process.stderr.write(`${terminalText(message)}\n`);
    code = EXIT.ERROR;
  }
  return code;
}

/** Tags, ids and requirement texts come from the files: each escaped, line breaks included. */
function printableCoverage(coverage: SuiteCoverage): SuiteCoverage {
  const row = <T extends { key: string; text?: string }>(r: T): T => ({
    ...r,
    key: terminalText(r.key),
    ...(r.text !== undefined ? { text: terminalText(r.text) } : {}),
  });
  return {
    ...coverage,
    tags: coverage.tags.map(row),
    requirements: coverage.requirements.map(row),
    uncovered: coverage.uncovered.map((id) => terminalText(id)),
    untraced: coverage.untraced.map((id) => terminalText(id)),
  };
}

const out = (text: string) => process.stdout.write(terminalText(text, { keepNewlines: true }));
const err = (text: string) => process.stderr.write(terminalText(text, { keepNewlines: true }));

/** A config file, then the suite it names (paths relative to the config file). */
function validateConfig(file: string, options: ValidateOptions): number {
  let suite: readonly string[];
  try {
    const config = loadConfigFile(file);
    suite = typeof config.suite === 'string' ? [config.suite] : (config.suite ?? []);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(`${error.message}\n`);
    return EXIT.ERROR;
  }
  if (!options.quiet) out(`ok: ${terminalText(displayPath(resolve(file)))} valid\n`);
  if (suite.length === 0) return EXIT.PASS;
  return validateScenarios(
    suite.map((p) => resolve(dirname(file), p)),
    options,
  );
}

function validateScenarios(paths: string[], options: ValidateOptions): number {
  try {
    const suite = selectSuite({ paths, tags: options.tag, requirements: options.requirement });
    if (!options.quiet) {
      const samples = suite.scenarios.reduce((n, s) => n + s.samples, 0);
      const selected =
        suite.scenarios.length === suite.all.length
          ? ''
          : ` (${suite.all.length} in the suite before selection)`;
      out(
        `ok: ${suite.files.length} scenario file${suite.files.length === 1 ? '' : 's'} valid; ` +
          `${suite.scenarios.length} scenario${suite.scenarios.length === 1 ? '' : 's'} selected, ` +
          `${samples} samples per model${selected}\n`,
      );
      if (options.coverage) out(`\n${formatCoverage(printableCoverage(suite.coverage))}\n`);
    }
    return EXIT.PASS;
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    const files = new Set(error.problems.map((p) => p.file)).size;
    err(
      `${error.message}\n\n${error.problems.length} problem${error.problems.length === 1 ? '' : 's'} ` +
        `in ${files} file${files === 1 ? '' : 's'}\n`,
    );
    return EXIT.ERROR;
  }
}
