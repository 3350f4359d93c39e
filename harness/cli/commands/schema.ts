// `simgate schema scenario|model-card|config|envelope|telemetry`: prints the JSON Schema of scenario files,
// model cards, simgate.config.yaml or envelope.yaml (the same JSON as the committed schemas/*.schema.json), for
// editors and other tools.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { modelCardJsonSchemaText } from '../../../policies/onnx/card-schema.js';
import { scenarioJsonSchemaText } from '../../../scenarios/schema.js';
import { terminalQuote } from '../../../reports/escape.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { packageRoot } from '../../common/package-root.js';
import { configJsonSchemaText } from '../../gate/configFile.js';
import { telemetryJsonSchemaText } from '../../replay/telemetry-schemas.js';
import { action } from '../action.js';

const SCHEMAS: Readonly<Record<string, () => string>> = {
  scenario: scenarioJsonSchemaText,
  'model-card': modelCardJsonSchemaText,
  config: configJsonSchemaText,
  envelope: () => readFileSync(join(packageRoot(), 'schemas', 'envelope.schema.json'), 'utf8'),
  telemetry: telemetryJsonSchemaText,
};

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of a file format (scenario, model-card, config, envelope, telemetry)')
    .argument('<format>', `one of: ${Object.keys(SCHEMAS).join(', ')}`)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate schema scenario > scenario.schema.json\n' +
        '  # then, first line of a scenario file:\n' +
        '  # yaml-language-server: $schema=./scenario.schema.json\n' +
        '  simgate schema model-card > model-card.schema.json\n' +
        '  simgate schema config > config.schema.json   # for simgate.config.yaml\n' +
        '  simgate schema envelope > envelope.schema.json   # for simgate check --envelope\n' +
        '  simgate schema telemetry > telemetry.schema.json # one line of a recording (docs/incidents.md)',
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
