// The JSON Schema: the committed file is exactly what the format description generates, and a
// real JSON Schema validator agrees with the loader on the library and on malformed files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../scenarios/schema.js';

const root = join(import.meta.dirname, '../..');
const committed = join(root, 'schemas/scenario.schema.json');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('requirements.yaml'))
    .map((f) => join(dir, f));
}

describe('scenario JSON Schema', () => {
  // Compared as data: the committed file is biome-formatted like every JSON file of the repo.
  it('the committed schema equals the generated one', () => {
    const hint =
      'regenerate: node bin/simgate.js schema scenario > schemas/scenario.schema.json && npx biome format --write schemas/scenario.schema.json';
    expect(JSON.parse(readFileSync(committed, 'utf8')), hint).toEqual(JSON.parse(scenarioJsonSchemaText()));
  });

  const validate = new Ajv({ allErrors: true, strict: false }).compile(scenarioJsonSchema());

  it('accepts every bundled scenario', () => {
    const files = yamlFiles(join(root, 'scenarios/library'));
    expect(files.length).toBeGreaterThanOrEqual(16);
    for (const file of files) {
      const ok = validate(parse(readFileSync(file, 'utf8')));
      expect(ok, `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('rejects structural mistakes the loader also rejects', () => {
    const bad = join(root, 'test/fixtures/scenarios/bad');
    for (const name of [
      'unknown-field-typo',
      'unknown-param',
      'wrong-type-samples',
      'samples-zero',
      'bad-task',
      'two-distributions',
      'unknown-distribution',
      'unknown-invariant',
      'unknown-kpi',
      'pick-with-faults',
      'stream-missing-horizon',
      'stream-bad-fault-kind',
      'stream-fault-unknown-key',
      'const-out-of-range',
    ]) {
      expect(validate(parse(readFileSync(join(bad, `${name}.yaml`), 'utf8'))), name).toBe(false);
    }
  });

  it('names every parameter with unit and range for editor completion', () => {
    const schema = scenarioJsonSchema() as {
      properties: { params: { properties: Record<string, { description: string }> } };
    };
    expect(schema.properties.params.properties['items.mass_kg'].description).toMatch(
      /Range \[0\.05, 8\] kg; default 0\.6/,
    );
    expect(schema.properties.params.properties['stream.sensor'].description).toContain('temperature');
  });
});
