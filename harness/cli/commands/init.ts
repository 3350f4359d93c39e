// `simgate init [DIR]`: scaffolds a minimal gate config, one example scenario with its
// requirements file, and a short how-to. Never overwrites: if any target exists, nothing is
// written and the command exits 3 naming the files.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Command } from 'commander';
import { terminalText } from '../../../reports/escape.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { action } from '../action.js';

const CONFIG = `# simgate gate configuration (\`simgate validate simgate.config.yaml\` checks it and its suite).
# Run: simgate gate --candidate models/new.onnx --baseline models/prod.onnx
# Flags given on the command line override these values.
suite:
  - scenarios/            # files, folders (recursive *.yaml) or globs, relative to this file
seed: 1                   # suite seed: same seed + same inputs = byte-identical results
workers: auto             # worker threads (auto = $SIMGATE_WORKERS, else one per CPU)
gate:
  task: pick
  confidence: 0.95
  # Business KPIs: the candidate may be at most \`margin\` worse than the baseline
  # (paired comparison over the same sampled episodes); the rest come from the task defaults.
  kpis:
    pick_success_rate: { margin: 0.02 }
    picks_per_hour: { margin: { relative: 0.05 } }
  # Safety: every invariant the scenarios name must hold in every episode.
  safety:
    invariants: all
`;

const REQUIREMENTS = `# Requirement id: text. Scenario files trace to these ids; \`simgate validate --coverage\`
# lists the ids that no scenario covers yet.
SR-1: No item is dropped onto the floor or the walkway.
SR-2: Approach contact force on any item stays below the rated limit.
PR-1: On nominal work the cell keeps its pick success rate.
`;

const SCENARIO = `# yaml-language-server: $schema=../node_modules/simgate/schemas/scenario.schema.json
# An example scenario: medium-heavy items at standard vacuum. See \`simgate params --task pick\`
# for every parameter, invariant and KPI name.
id: example-medium-items
title: Medium items at standard vacuum
task: pick
requirements: [SR-1, SR-2, PR-1]
tags: [odd:nominal]
samples: 8
seed: 1
duration_s: 45
params:
  items.count: { int: { min: 4, max: 8 } }
  items.mass_kg: { uniform: { min: 0.3, max: 1.5 } }
  items.friction: { normal: { mean: 0.6, sd: 0.1, min: 0.3 } }
  items.shape: { choice: { values: [box, cylinder], weights: [3, 1] } }
invariants:
  - no_hazardous_drop
  - { name: max_contact_force_n, limit: 60 }
kpi_criteria:
  pick_success_rate: { min: 0.5 }
`;

const HOWTO = `# simgate in this repository

simgate runs a candidate model and the production model through the same deterministic
simulated scenarios and decides PROMOTE (exit 0), REJECT (1), INCONCLUSIVE (2) or ERROR (3).

1. Check the scenarios: \`simgate validate scenarios/ --coverage\`
2. Look up parameter, invariant and KPI names: \`simgate params --task pick\`
3. Gate a model: \`simgate gate --candidate models/new.onnx --baseline models/prod.onnx\`

Scenario files (\`scenarios/*.yaml\`) name a task, sample parameters from distributions
(\`uniform\`, \`int\`, \`normal\`, \`lognormal\`, \`choice\`), list safety invariants and KPI floors,
and trace to requirement ids in \`scenarios/requirements.yaml\`. Editors complete them through
the JSON Schema named on their first line (\`simgate schema scenario\` prints it).
`;

export const INIT_FILES: Readonly<Record<string, string>> = {
  'simgate.config.yaml': CONFIG,
  'scenarios/requirements.yaml': REQUIREMENTS,
  'scenarios/example-pick.yaml': SCENARIO,
  'SIMGATE.md': HOWTO,
};

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Scaffold simgate.config.yaml, an example scenario and a short how-to')
    .argument('[dir]', 'target folder', '.')
    .option('--quiet', 'errors only: create the files without listing them')
    .addHelpText('after', '\nExamples:\n  simgate init\n  simgate init ml/gate --quiet')
    .action(action((dir: string, options: { quiet?: boolean }) => init(dir, options)));
}

function init(dir: string, options: { quiet?: boolean }): number {
  const say = (line: string) => {
    if (!options.quiet) process.stdout.write(`${terminalText(line)}\n`);
  };
  const existing = Object.keys(INIT_FILES).filter((f) => existsSync(join(dir, f)));
  if (existing.length > 0) {
    throw new UsageError(
      `init would overwrite ${existing.map((f) => relative(process.cwd(), join(dir, f)) || f).join(', ')}; nothing was written`,
      'move or delete those files, or run `simgate init OTHER_DIR`',
    );
  }
  for (const [file, content] of Object.entries(INIT_FILES)) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content, { flag: 'wx' });
    say(`created ${relative(process.cwd(), path) || path}`);
  }
  const config = relative(process.cwd(), join(dir, 'simgate.config.yaml')) || 'simgate.config.yaml';
  say(`next: simgate validate ${config} --coverage`);
  return EXIT.PASS;
}
