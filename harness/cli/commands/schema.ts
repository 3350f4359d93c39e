// `simgate schema scenario`: prints the JSON Schema of scenario files (the same text as the
// committed schemas/scenario.schema.json), for editors and other tools.
import type { Command } from 'commander';
import { scenarioJsonSchemaText } from '../../../scenarios/schema.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { action } from '../action.js';

const SCHEMAS: Readonly<Record<string, () => string>> = { scenario: scenarioJsonSchemaText };

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of a file format (scenario)')
    .argument('<format>', `one of: ${Object.keys(SCHEMAS).join(', ')}`)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate schema scenario > scenario.schema.json\n' +
        '  # then, first line of a scenario file:\n' +
        '  # yaml-language-server: $schema=./scenario.schema.json',
    )
    .action(
      action((format: string) => {
        const schema = SCHEMAS[format];
        if (!schema) {
          throw new UsageError(`unknown schema "${format}"; available: ${Object.keys(SCHEMAS).join(', ')}`);
        }
        process.stdout.write(schema());
        return EXIT.PASS;
      }),
    );
}
