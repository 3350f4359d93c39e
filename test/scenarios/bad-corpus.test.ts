// The malformed-scenario corpus: every file under test/fixtures/scenarios/bad/ states its exact
// expected problems (line:col, field path, message) in `# expect:` comments on its first lines.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../scenarios/load.js';
import { formatProblem, ScenarioError } from '../../scenarios/problems.js';

const dir = join(import.meta.dirname, '../fixtures/scenarios/bad');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'requirements.yaml');

function problemsOf(paths: string[]): string[] {
  try {
    loadSuite(paths);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).problems.map(formatProblem);
  }
  return [];
}

function expectedOf(file: string): string[] {
  const display = relative(process.cwd(), file);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('# expect: '))
    .map((line) => `${display}:${line.slice('# expect: '.length)}`);
}

describe('malformed scenario corpus', () => {
  it('has at least 30 files, each stating what it expects', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const f of files) expect(expectedOf(join(dir, f)).length, f).toBeGreaterThan(0);
  });

  it.each(files)('%s reports exactly its expected problems', (name) => {
    const file = join(dir, name);
    expect(problemsOf([file])).toEqual(expectedOf(file));
  });

  it('reports every problem of every file at once when loaded as a folder', () => {
    const all = problemsOf([dir]);
    const expected = files.flatMap((f) => expectedOf(join(dir, f)));
    expect(all).toEqual(expect.arrayContaining(expected));
    // the dup-ids subfolder adds exactly one problem
    expect(all).toHaveLength(expected.length + 1);
  });

  it('names both files of a duplicate scenario id', () => {
    const a = relative(process.cwd(), join(dir, 'dup-ids/a.yaml'));
    const b = relative(process.cwd(), join(dir, 'dup-ids/b.yaml'));
    expect(problemsOf([join(dir, 'dup-ids')])).toEqual([
      `${b}:2:5 id: duplicate scenario id "same-id" (also in ${a})`,
    ]);
  });

  it('formats problems as file:line:col path: message', () => {
    const file = join(dir, 'uniform-min-gt-max.yaml');
    const [line] = problemsOf([file]);
    expect(line).toMatch(
      /^test\/fixtures\/scenarios\/bad\/uniform-min-gt-max\.yaml:\d+:\d+ params\.items\.mass_kg\.uniform: min \(5\) is greater than max \(2\)$/,
    );
  });
});
