// Property: whatever bytes a scenario file holds — random YAML-ish text or a mutated library
// file — the loader returns a Scenario or throws a ScenarioError whose problems all carry a
// file, a 1-based position and a message. Never another exception, never a hang. A scenario it
// accepts must be sound: it round-trips (written back as YAML it loads to the same Scenario),
// every sample lies inside the declared distributions and the physical ranges, and every stream
// fault lies inside the horizon.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { paramSpec } from '../../scenarios/registry.js';
import { loadScenarioFile } from '../../scenarios/load.js';
import { ScenarioError } from '../../scenarios/problems.js';
import { sampleParams } from '../../scenarios/sample.js';
import type { Distribution, Scenario } from '../../scenarios/types.js';
import { paramProblem } from '../../sim/params.js';
import { inlineFiles } from '../helpers/cli.js';

const library = join(import.meta.dirname, '../../scenarios/library');
const seeds = readdirSync(library, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('requirements.yaml'))
  .sort()
  .map((f) => readFileSync(join(library, f), 'utf8'));

// A folder without a requirements file above it (package.json marks the project root).
const dir = inlineFiles({ 'package.json': '{}' });
const file = join(dir, 'fuzz.yaml');

/** The file form of a loaded scenario (the inverse of the loader). */
function scenarioYaml(s: Scenario): string {
  const value = (d: Distribution) => {
    if (d.kind === 'const') return d.value;
    const { kind, ...args } = d;
    return { [kind]: args };
  };
  return stringify({
    id: s.id,
    title: s.title,
    task: s.task,
    requirements: s.requirements,
    tags: s.tags,
    samples: s.samples,
    seed: s.seed,
    ...(s.duration_s !== undefined ? { duration_s: s.duration_s } : {}),
    ...(s.horizon_h !== undefined ? { horizon_h: s.horizon_h } : {}),
    params: Object.fromEntries(Object.entries(s.params).map(([k, d]) => [k, value(d)])),
    invariants: s.invariants.map((i) => (i.limit === undefined ? i.name : { name: i.name, limit: i.limit })),
    kpi_criteria: Object.fromEntries(s.kpi_criteria.map(({ kpi, ...bounds }) => [kpi, bounds])),
    ...(s.task === 'stream' ? { faults: s.faults } : {}),
  });
}

/** Whether a drawn value lies inside what the scenario declared for it. */
function insideDeclared(d: Distribution, v: unknown): boolean {
  switch (d.kind) {
    case 'const':
      return v === d.value;
    case 'choice':
      return d.values.includes(v as never);
    case 'uniform':
    case 'int':
      return typeof v === 'number' && v >= d.min && v <= d.max;
    default:
      return typeof v === 'number' && v >= (d.min ?? -Infinity) && v <= (d.max ?? Infinity);
  }
}

const roundTripFile = join(dir, 'round-trip.yaml');

function expectSound(scenario: Scenario): void {
  writeFileSync(roundTripFile, scenarioYaml(scenario));
  const again = loadScenarioFile(roundTripFile);
  expect({ ...again, file: '', sha256: '' }).toEqual({ ...scenario, file: '', sha256: '' });
  for (let sample = 0; sample < 3; sample++) {
    const params = sampleParams(scenario, 1, sample);
    for (const [name, d] of Object.entries(scenario.params)) {
      const spec = paramSpec(scenario.task, name)!;
      expect(paramProblem(spec, params[name]), `${name} sample ${sample}`).toBeUndefined();
      expect(insideDeclared(d, params[name]), `${name} = ${params[name]}`).toBe(true);
    }
  }
  for (const f of scenario.faults) {
    expect(f.start_h as number).toBeLessThan(scenario.horizon_h!);
    if (typeof f.end_h === 'number') expect(f.end_h).toBeLessThanOrEqual(scenario.horizon_h!);
  }
}

/** Scenarios the loader accepted, to check the acceptance assertions ran at all. */
let accepted = 0;

function loadOrProblems(text: string): void {
  writeFileSync(file, text);
  let scenario: Scenario;
  try {
    scenario = loadScenarioFile(file);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    expect(error.problems.length).toBeGreaterThan(0);
    for (const p of error.problems) {
      expect(p.file).toContain('fuzz.yaml');
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.col).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeGreaterThan(0);
    }
    return;
  }
  accepted++;
  expectSound(scenario);
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

  it('mutated library scenarios yield a sound Scenario or a ScenarioError (seed 99)', () => {
    accepted = 0;
    fc.assert(
      fc.property(
        fc.nat(seeds.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (index, mutations) => loadOrProblems(mutations.reduce(mutate, seeds[index])),
      ),
      { seed: 99, numRuns: 400 },
    );
    // Many mutations (a deleted comment, swapped lines) keep the file valid: the acceptance
    // branch must have run, or this test checks only the error path.
    expect(accepted).toBeGreaterThan(40);
  });

  it('every library scenario is sound as it stands', () => {
    accepted = 0;
    for (const text of seeds) loadOrProblems(text);
    expect(accepted).toBe(seeds.length);
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
