// The JSON Schemas simgate validates inputs and files with are valid JSON Schemas (draft-07). The
// runtime compiles them without this check (`validateSchema: false`: it compiled the meta-schema
// in every process), so this test is where a malformed schema is caught.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { configJsonSchemaText } from '../../harness/gate/configFile.js';
import { SHAPE_SCHEMAS } from '../../harness/sweep/shapes.js';
import { MODEL_CARD_SCHEMA } from '../../policies/onnx/card-schema.js';

const schemas: Record<string, unknown> = {
  'model card': MODEL_CARD_SCHEMA,
  'config file': JSON.parse(configJsonSchemaText()),
  'result line': SHAPE_SCHEMAS.line,
  'run manifest': SHAPE_SCHEMAS.manifest,
  'cache entry': SHAPE_SCHEMAS.cache,
};

function metaProblems(schema: unknown): string {
  const ajv = new Ajv({ strict: false, allowUnionTypes: true });
  return ajv.validateSchema(schema as object) ? '' : ajv.errorsText(ajv.errors);
}

describe('the schemas compiled at run time', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name}: valid against the draft-07 meta-schema`, () => {
      expect(metaProblems(schema)).toBe('');
    });
  }

  it('a schema with a misspelt type or a negative bound is caught here', () => {
    expect(metaProblems({ type: 'object', properties: { n: { type: 'integr' } } })).toMatch(/type/);
    expect(metaProblems({ type: 'array', minItems: -1 })).toMatch(/minItems/);
  });
});
