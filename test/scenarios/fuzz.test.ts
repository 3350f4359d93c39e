// Property: whatever bytes a scenario file holds — random YAML-ish text or a mutated library
// file — the loader returns a Scenario or throws a ScenarioError whose problems all carry a
// file, a 1-based position and a message. Never another exception, never a hang.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/load.js';
import { ScenarioError } from '../../scenarios/problems.js';
import { inlineFiles } from '../helpers/cli.js';

const library = join(import.meta.dirname, '../../scenarios/library');
const seeds = readdirSync(library, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('requirements.yaml'))
  .sort()
  .map((f) => readFileSync(join(library, f), 'utf8'));

// A folder without a requirements file above it (package.json marks the project root).
const dir = inlineFiles({ 'package.json': '{}' });
const file = join(dir, 'fuzz.yaml');

function loadOrProblems(text: string): void {
  writeFileSync(file, text);
  try {
    loadScenarioFile(file);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    expect(error.problems.length).toBeGreaterThan(0);
    for (const p of error.problems) {
      expect(p.file).toContain('fuzz.yaml');
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.col).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeGreaterThan(0);
    }
  }
}

const yamlToken = fc.constantFrom(
  ':',
  ' ',
  '\n',
  '  ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '#',
  '&a ',
  '*a',
  '!!str ',
  '!tag ',
  '---\n',
  '"',
  "'",
  '|',
  '>',
  '? ',
  'id',
  'task',
  'pick',
  'stream',
  'params',
  'uniform',
  'min',
  'max',
  'samples',
  '.nan',
  '.inf',
  '-1',
  '0',
  '1e308',
  'items.mass_kg',
  'faults',
  'kind',
  'choice',
  'values',
  'weights',
  'null',
  'true',
  '~',
  '\t',
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.nat(40) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.array(yamlToken, { maxLength: 6 }).map((t) => t.join('')),
  }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, m: Mutation): string {
  if (m.kind === 'delete') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + text.slice(at + m.len);
  }
  if (m.kind === 'insert') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.text + text.slice(at);
  }
  const lines = text.split('\n');
  const a = m.a % lines.length;
  const b = m.b % lines.length;
  [lines[a], lines[b]] = [lines[b], lines[a]];
  return lines.join('\n');
}

describe('scenario loader under random input', () => {
  it('random YAML-ish text only ever yields ScenarioError (seed 7331)', () => {
    fc.assert(
      fc.property(fc.array(yamlToken, { maxLength: 60 }), (tokens) => loadOrProblems(tokens.join(''))),
      { seed: 7331, numRuns: 300 },
    );
  });

  it('arbitrary unicode text only ever yields ScenarioError (seed 424242)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), loadOrProblems), {
      seed: 424242,
      numRuns: 200,
    });
  });

  it('mutated library scenarios only ever yield ScenarioError (seed 99)', () => {
    fc.assert(
      fc.property(
        fc.nat(seeds.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (index, mutations) => loadOrProblems(mutations.reduce(mutate, seeds[index])),
      ),
      { seed: 99, numRuns: 400 },
    );
  });

  it('an alias bomb is a problem, not a hang', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      );
    expect(() => loadOrProblems(bomb.join('\n'))).not.toThrow();
  });
});
