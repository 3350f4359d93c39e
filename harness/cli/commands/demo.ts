// `simgate demo`: the README's main job — gates the bundled pick-v2 (retrained) against
// pick-v1 (production) on the bundled pick library with the bundled gate config, writes
// every report and says where to open the HTML report.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../../common/package-root.js';
import { action } from '../action.js';
import { type GateOptions, gate } from './gate.js';

interface DemoOptions {
  workers: string;
  out: string;
  cache: boolean;
  quiet?: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Gate the bundled retrained pick model against the production one (the quick start)')
    .option(
      '--workers <n|auto>',
      'worker threads (auto = $SIMGATE_WORKERS or the available parallelism)',
      'auto',
    )
    .option('--out <dir>', 'output directory', 'simgate-report')
    .option('--no-cache', 'do not read or write the episode result cache')
    .option('--quiet', 'no progress and no console summary')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate demo\n' +
        '  simgate demo --workers 2 --out /tmp/demo\n' +
        '\nRuns: simgate gate --candidate models/pick-v2.onnx --baseline models/pick-v1.onnx\n' +
        '(bundled pick scenario library and gate config). Exit codes as for gate.',
    )
    .action(action((options: DemoOptions) => demo(options)));
}

async function demo(options: DemoOptions): Promise<number> {
  const root = packageRoot();
  const shown = (p: string) => {
    const rel = relative(process.cwd(), p);
    return rel && !rel.startsWith('..') ? rel : p;
  };
  const candidate = join(root, 'models', 'pick-v2.onnx');
  const baseline = join(root, 'models', 'pick-v1.onnx');
  if (!options.quiet) {
    process.stdout.write(
      `simgate demo: gating ${shown(candidate)} (retrained) against ${shown(baseline)} (production)\n` +
        `on the bundled pick scenario library; this simulates a few hundred episodes.\n\n`,
    );
  }
  const gateOptions: GateOptions = {
    candidate,
    baseline,
    workers: options.workers,
    out: options.out,
    cache: options.cache,
    cacheDir: '.simgate-cache',
    quiet: options.quiet,
  };
  const code = await gate(gateOptions);
  // A gate that could not start (exit 3 on bad input) writes no HTML report.
  if (!options.quiet && existsSync(join(options.out, 'report.html'))) {
    process.stdout.write(`\nopen the HTML report: ${join(options.out, 'report.html')}\n`);
  }
  return code;
}
