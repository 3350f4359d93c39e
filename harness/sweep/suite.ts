// Suite selection for commands that run or check scenarios: the paths (files, folders, globs),
// the `--tag` / `--requirement` filters, and the coverage of what was selected. An empty
// selection is an error, so nothing downstream can pass on zero scenarios.
import type { Command } from 'commander';
import { terminalText } from '../../reports/escape.js';
import { type SuiteCoverage, suiteCoverage } from '../../scenarios/coverage.js';
import { loadSuite, type Suite } from '../../scenarios/load.js';
import { UsageError } from '../common/errors.js';

export interface SuiteSelection {
  readonly paths: readonly string[];
  readonly tags?: readonly string[];
  readonly requirements?: readonly string[];
}

export interface SelectedSuite extends Suite {
  readonly coverage: SuiteCoverage;
}

/** Loads and filters a suite; throws ScenarioError (bad files) or UsageError (empty selection). */
export function selectSuite(selection: SuiteSelection): SelectedSuite {
  const suite = loadSuite(selection.paths, { tags: selection.tags, requirements: selection.requirements });
  if (suite.scenarios.length === 0) {
    // Paths, filters and tags are the user's and the files' text: escaped, one line each.
    const filters = [
      ...(selection.tags ?? []).map((t) => `--tag ${terminalText(t)}`),
      ...(selection.requirements ?? []).map((r) => `--requirement ${terminalText(r)}`),
    ];
    const tags = [...new Set(suite.all.flatMap((s) => s.tags))].sort().map((t) => terminalText(t));
    throw new UsageError(
      `no scenario in ${selection.paths.map((p) => terminalText(p)).join(', ')} matches ${filters.join(' ')}`,
      `known tags: ${tags.join(', ') || '(none)'}`,
    );
  }
  return { ...suite, coverage: suiteCoverage(suite.scenarios, suite.requirements) };
}

function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/** Adds the repeatable `--tag` and `--requirement` selection flags to a command. */
export function addSuiteFilterOptions(command: Command): Command {
  return command
    .option('--tag <tag>', 'only scenarios with this tag (repeatable, comma-separated; any matches)', collect)
    .option(
      '--requirement <id>',
      'only scenarios tracing to this requirement id (repeatable, comma-separated; any matches)',
      collect,
    );
}
