// `simgate schema scenario|model-card|config`: prints the JSON Schema of scenario files, model
// cards or simgate.config.yaml (the same JSON as the committed schemas/*.schema.json), for
// editors and other tools.
import type { Command } from 'commander';
import { modelCardJsonSchemaText } from '../../../policies/onnx/card-schema.js';
import { scenarioJsonSchemaText } from '../../../scenarios/schema.js';
import { terminalQuote } from '../../../reports/escape.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { configJsonSchemaText } from '../../gate/configFile.js';
import { action } from '../action.js';

const SCHEMAS: Readonly<Record<string, () => string>> = {
  scenario: scenarioJsonSchemaText,
  'model-card': modelCardJsonSchemaText,
  config: configJsonSchemaText,
};

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of a file format (scenario, model-card, config)')
    .argument('<format>', `one of: ${Object.keys(SCHEMAS).join(', ')}`)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate schema scenario > scenario.schema.json\n' +
        '  # then, first line of a scenario file:\n' +
        '  # yaml-language-server: $schema=./scenario.schema.json\n' +
        '  simgate schema model-card > model-card.schema.json\n' +
        '  simgate schema config > config.schema.json   # for simgate.config.yaml',
    )
    .action(
      action((format: string) => {
        const schema = Object.hasOwn(SCHEMAS, format) ? SCHEMAS[format] : undefined;
        if (!schema) {
          throw new UsageError(
            `unknown schema ${terminalQuote(format)}; available: ${Object.keys(SCHEMAS).join(', ')}`,
          );
        }
        process.stdout.write(schema());
        return EXIT.PASS;
      }),
    );
}
