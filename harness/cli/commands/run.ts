// `simgate run`: evaluates one model (an ONNX file, or the reference policies) over a scenario
// suite with the sweep engine, and prints KPIs per scenario, per tag and overall with 95%
// intervals. Exit 0 when every episode is ok, 1 on any violation or timeout, 3 on errors,
// 130 when interrupted (Ctrl-C stops dispatching; finished episodes stay on disk).
import type { Command } from 'commander';
import { loadModelRef, runSweep, type SweepResult, sweepExitCode } from '../../sweep/engine.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { coveredScenarios, skippedScenarioLines } from '../../sweep/coverage.js';
import { type ModelRef, planSweep } from '../../sweep/plan.js';
import { resolveWorkers } from '../../sweep/pool.js';
import { createProgress } from '../../sweep/progress.js';
import { shardPlan } from '../../sweep/shard.js';
import { addSuiteFilterOptions, selectSuite } from '../../sweep/suite.js';
import { formatSummaryText } from '../../sweep/summary-text.js';
import { terminalText } from '../../../reports/escape.js';
import { baselineCompilerOnly } from '../../../sim/physics.js';
import { action } from '../action.js';
import { addEngineOptions, integerFlag, shardFlag, workersFlag } from './flags.js';

interface RunOptions {
  model?: string;
  policy?: string;
  suite: string[];
  samples?: string;
  seed: string;
  workers: string;
  shard?: string;
  out: string;
  cache: boolean;
  cacheDir?: string;
  resume?: boolean;
  quiet?: boolean;
  json?: boolean;
  tag?: string[];
  requirement?: string[];
  batchSize?: string;
  maxSteps?: string;
}

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('Evaluate one model (or the reference policies) over a scenario suite')
    .option('--model <path>', 'ONNX model (its card beside it, NAME.card.yaml)')
    .option('--policy <name>', '"reference": the reference policy of each scenario\'s task')
    .requiredOption('--suite <paths...>', 'scenario files, folders or globs')
    .option('--samples <n>', "override every scenario's sample count")
    .option('--seed <n>', 'suite seed', '0')
    .option('--shard <i/n>', 'run only shard I of N (merge the outputs with simgate merge)')
    .option('--resume', 'finish an interrupted run in --out without redoing finished episodes')
    .option('--batch-size <n>', 'episodes per lockstep batch', '16')
    .option('--max-steps <n>', 'step budget per episode (exceeding it is a timeout)')
    .option('--quiet', 'errors only: no progress and no summary text')
    .option('--json', 'print the summary as JSON on stdout');
  addSuiteFilterOptions(addEngineOptions(command))
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate run --policy reference --suite scenarios/library --samples 8\n' +
        '  simgate run --model models/candidate.onnx --suite scenarios/library/pick --workers 2 --out out/\n' +
        '  simgate run --model models/candidate.onnx --suite scenarios/ --shard 2/4 --out out/shard-2\n' +
        '  simgate run --model models/candidate.onnx --suite scenarios/ --out out/ --resume\n' +
        '\nOutputs: OUT/results.jsonl (one line per episode, in plan order), OUT/summary.json,\n' +
        'OUT/sweep.json (plan, models, versions), OUT/run.json (timings, not reproducible).\n' +
        'Exit codes: 0 all episodes ok, 1 a violation or timeout, 3 error, 130 interrupted.',
    )
    .action(action((options: RunOptions) => run(options)));
}

async function modelOf(options: RunOptions): Promise<ModelRef> {
  if (options.model && options.policy) throw new UsageError('give either --model or --policy, not both');
  if (options.policy !== undefined) {
    if (options.policy !== 'reference') {
      throw new UsageError(`--policy must be "reference" (got "${options.policy}")`);
    }
    return { role: 'reference', kind: 'reference' };
  }
  if (!options.model)
    throw new UsageError('give the model to evaluate: --model PATH.onnx or --policy reference');
  return loadModelRef('candidate', options.model);
}

async function run(options: RunOptions): Promise<number> {
  // Flags are read once, before anything is loaded or runs.
  const flags = {
    suiteSeed: integerFlag('--seed', options.seed),
    samples: integerFlag('--samples', options.samples),
    batchSize: integerFlag('--batch-size', options.batchSize),
    maxSteps: integerFlag('--max-steps', options.maxSteps),
    shard: shardFlag(options.shard),
    workers: resolveWorkers(workersFlag(options.workers)),
  };
  const model = await modelOf(options);
  const suite = selectSuite({ paths: options.suite, tags: options.tag, requirements: options.requirement });
  const { covered: scenarios, skipped } = coveredScenarios(suite.scenarios, [model]);
  if (scenarios.length === 0) {
    const what = model.kind === 'onnx' ? `${model.task}${model.sensor ? ` ${model.sensor}` : ''} ` : '';
    throw new UsageError(`no ${what}scenario in ${options.suite.join(', ')} for this model`);
  }
  // The plan built here is the one the engine runs.
  const plan = shardPlan(
    planSweep({
      scenarios,
      models: [model],
      suiteSeed: flags.suiteSeed,
      samples: flags.samples,
      batchSize: flags.batchSize,
      maxSteps: flags.maxSteps,
    }),
    flags.shard,
  );
  const workers = flags.workers;
  // Printed even with --quiet: a skipped scenario is never dropped silently.
  for (const line of skippedScenarioLines(skipped)) process.stderr.write(`simgate: ${terminalText(line)}\n`);
  const progress = createProgress({ quiet: options.quiet || options.json });
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\nsimgate: interrupted — finishing running batches (Ctrl-C again to abort)\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  let result: SweepResult;
  try {
    result = await runSweep({
      plan,
      workers,
      outDir: options.out,
      cacheDir: options.cache ? (options.cacheDir ?? '.simgate-cache') : false,
      resume: options.resume,
      signal: controller.signal,
      onEpisodeEnd: (r, p) => progress.onEpisodeEnd(r, p),
      // A couple of episodes per thread to simulate (the cache and a resumed run serve the rest)
      // is over before V8's optimised engine would pay back its compilation: see
      // baselineCompilerOnly.
      beforeSimulate: (episodes) => {
        if (episodes <= 2 * workers) baselineCompilerOnly();
      },
    });
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onSigint);
  }
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ status: result.status, counts: result.counts, summary: result.summary }, null, 2)}\n`,
    );
  } else if (!options.quiet) {
    const c = result.counts;
    process.stdout.write(
      terminalText(
        `simgate run: ${c.finished}/${c.planned} episodes (${c.run} simulated, ${c.cached} cached, ${c.resumed} resumed) ` +
          `— ${c.ok} ok, ${c.violation} violation, ${c.timeout} timeout, ${c.error} error\n\n` +
          formatSummaryText(result.summary) +
          `\nresults: ${options.out}/results.jsonl\n`,
        { keepNewlines: true },
      ),
    );
  }
  if (result.status === 'interrupted') return EXIT.INTERRUPTED;
  // A shard the stable hash left empty has nothing to fail; the merge checks completeness.
  if (result.plan.shard && result.plan.episodes.length === 0) return EXIT.PASS;
  return sweepExitCode(result.results);
}
