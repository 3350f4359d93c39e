// `simgate schema scenario|model-card`: prints the JSON Schema of scenario files or model cards
// (the same JSON as the committed schemas/*.schema.json), for editors and other tools.
import type { Command } from 'commander';
import { modelCardJsonSchemaText } from '../../../policies/onnx/card-schema.js';
import { scenarioJsonSchemaText } from '../../../scenarios/schema.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { action } from '../action.js';

const SCHEMAS: Readonly<Record<string, () => string>> = {
  scenario: scenarioJsonSchemaText,
  'model-card': modelCardJsonSchemaText,
};

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of a file format (scenario, model-card)')
    .argument('<format>', `one of: ${Object.keys(SCHEMAS).join(', ')}`)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate schema scenario > scenario.schema.json\n' +
        '  # then, first line of a scenario file:\n' +
        '  # yaml-language-server: $schema=./scenario.schema.json\n' +
        '  simgate schema model-card > model-card.schema.json',
    )
    .action(
      action((format: string) => {
        const schema = Object.hasOwn(SCHEMAS, format) ? SCHEMAS[format] : undefined;
        if (!schema) {
          throw new UsageError(`unknown schema "${format}"; available: ${Object.keys(SCHEMAS).join(', ')}`);
        }
        process.stdout.write(schema());
        return EXIT.PASS;
      }),
    );
}
