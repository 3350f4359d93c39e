// The published telemetry schema (schemas/telemetry.schema.json = `simgate schema telemetry`):
// every line of the bundled recordings validates; a line of no known type, or a meta of
// another schema, does not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { telemetryJsonSchemaText } from '../../../harness/replay/telemetry-schemas.js';
import { repoRoot } from '../../helpers/cli.js';

const committed = readFileSync(join(repoRoot, 'schemas', 'telemetry.schema.json'), 'utf8');
const validate = new Ajv2020({ strict: false }).compile(JSON.parse(committed));

describe('schemas/telemetry.schema.json', () => {
  it('is what `simgate schema telemetry` prints (formatted by biome)', () => {
    expect(JSON.parse(committed)).toEqual(JSON.parse(telemetryJsonSchemaText()));
  });

  for (const name of ['crush-fragile', 'drop-heavy', 'stop-person', 'crush-fragile-field']) {
    it(`accepts every line of examples/incidents/${name}.jsonl`, () => {
      const lines = readFileSync(join(repoRoot, 'examples', 'incidents', `${name}.jsonl`), 'utf8')
        .trimEnd()
        .split('\n');
      const bad = lines.map((l, i) => [i + 1, validate(JSON.parse(l))] as const).filter(([, ok]) => !ok);
      expect(bad).toEqual([]);
    });
  }

  it('refuses a record of no known type, a negative time and another schema', () => {
    expect(validate({ type: 'alarm', t: 1 })).toBe(false);
    expect(validate({ type: 'event', t: -1, kind: 'drop' })).toBe(false);
    expect(validate({ type: 'meta', schema: 'simgate.telemetry/v9' })).toBe(false);
    expect(validate({ type: 'scene', t: 0, items: [{ id: 0, pose: [0, 0, 1] }] })).toBe(false);
    expect(validate({ type: 'event', t: 2, kind: 'drop', item: 1 })).toBe(true);
  });
});
