// `simgate check`: searches a model's operating envelope for a safety counterexample — corpus
// first, then fast-check exploration and margin-guided search — shrinks what it finds and saves
// it to the counterexample corpus. Exit 0 none found, 1 found, 3 error, 130 interrupted.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadModel } from '../../../policies/onnx/index.js';
import { writeFileAtomic } from '../../../reports/write-file.js';
import { displayPath } from '../../../scenarios/problems.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { terminalQuote, terminalText } from '../../../reports/escape.js';
import { prepareOutDir } from '../../common/out-dir.js';
import { componentVersions } from '../../common/version.js';
import { DEFAULT_CORPUS_DIR } from '../../check/corpus.js';
import { defaultEnvelope, loadEnvelope } from '../../check/envelope.js';
import { gateInvariants } from '../../gate/safety-config.js';
import { gateConfigFor, loadConfigFile } from '../../gate/configFile.js';
import { safetySearch } from '../../check/search.js';
import { TrialRunner } from '../../check/trials.js';
import { onnxModelRef } from '../../sweep/plan.js';
import { resolveWorkers } from '../../sweep/pool.js';
import { action } from '../action.js';
import { integerFlag, workersFlag } from './flags.js';

interface CheckOptions {
  model: string;
  baseline?: string;
  envelope?: string;
  budget: string;
  shrinkBudget: string;
  population: string;
  seed: string;
  workers?: string;
  out: string;
  corpus?: string;
  config?: string;
  strategy: string;
  save: boolean;
  cache: boolean;
  cacheDir: string;
  quiet?: boolean;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('Search a model’s operating envelope for safety counterexamples (property-based)')
    .requiredOption('--model <model.onnx>', 'the model to check (its card beside it)')
    .option(
      '--baseline <model.onnx>',
      'differential: a violation the production model shows too, in the same world, is reported as shared and the search goes on; a pick search is guided to where the two models act differently',
    )
    .option('--envelope <file>', 'envelope.yaml narrowing the bundled operating envelope of the task')
    .option('--budget <n>', 'episodes for exploration and guided search', '400')
    .option('--shrink-budget <n>', 'episodes to shrink a counterexample', '160')
    .option('--population <n>', 'trials per search generation (one engine batch)', '8')
    .option('--seed <n>', 'search seed: the same seed finds the same counterexample', '0')
    .option('--strategy <name>', 'guided (margins, cross-entropy method) or uniform (baseline)', 'guided')
    .option(
      '--workers <n|auto>',
      'worker threads (default: auto = $SIMGATE_WORKERS or the available parallelism)',
    )
    .option('--out <dir>', 'output directory (check.json, trial results)', 'simgate-check')
    .option(
      '--corpus <dir>',
      'counterexample corpus: replayed first, new counterexamples saved here',
      DEFAULT_CORPUS_DIR,
    )
    .option('--no-save', 'do not write new counterexamples into the corpus (they go to OUT/counterexamples/)')
    .option('--no-cache', 'do not read or write the episode result cache')
    .option('--cache-dir <dir>', 'episode result cache directory', '.simgate-cache')
    .option('--quiet', 'errors only')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate check --model models/pick-v2.onnx\n' +
        '  simgate check --model cand.onnx --envelope envelope.yaml --budget 800 --seed 7 --workers 2\n' +
        '  simgate check --model cand.onnx --strategy uniform --no-save   # the baseline the search is measured against\n' +
        '\nThe envelope is the bundled one of the task, narrowed by --envelope; a stream detector (card kind:\n' +
        'detector) gets its own, of stuck sensors and spikes it must alarm on within max_detection_delay_s.\n' +
        '\nOutputs: OUT/check.json (counterexamples, episodes, the margin landscape); each minimal\n' +
        'counterexample is saved as CORPUS/<task>/<invariant>/<id>.yaml (with --no-save under\n' +
        'OUT/counterexamples/) and replays with the printed command.\n' +
        'Exit codes: 0 no counterexample, 1 counterexample found, 3 error, 130 interrupted.',
    )
    .action(action((options: CheckOptions) => check(options)));
}

async function check(o: CheckOptions): Promise<number> {
  const budget = integerFlag('--budget', o.budget, 1);
  const shrinkBudget = integerFlag('--shrink-budget', o.shrinkBudget, 0);
  const population = integerFlag('--population', o.population, 2);
  const seed = integerFlag('--seed', o.seed, 0);
  if (o.strategy !== 'guided' && o.strategy !== 'uniform')
    throw new UsageError(`--strategy must be guided or uniform (got ${terminalQuote(o.strategy)})`);
  const workers = resolveWorkers(workersFlag(o.workers));
  const model = await loadModel(o.model);
  const task = model.card.task;
  // The invariants, limits, waivers, envelope and corpus of the gate config (the bundled one of
  // the task by default): `check` searches for exactly what a gate would reject.
  const safety = gateConfigFor(o.config ? loadConfigFile(o.config) : {}, task).safety;
  const base = o.config ? resolve(o.config, '..') : process.cwd();
  const envelopeFile =
    o.envelope ?? (safety.search?.envelope ? resolve(base, safety.search.envelope) : undefined);
  const envelope = envelopeFile
    ? loadEnvelope(envelopeFile, task, model.card.kind)
    : defaultEnvelope(task, model.card.kind);
  const corpusDir = o.corpus ?? (safety.search ? resolve(base, safety.search.corpus) : DEFAULT_CORPUS_DIR);
  prepareOutDir(o.out);
  const invariants = gateInvariants(task, safety, model.card.kind);
  for (const [name, reason] of Object.entries(safety.waived))
    if (!o.quiet) process.stderr.write(`simgate check: ${name} is waived: ${terminalText(reason)}\n`);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const baselineModel = o.baseline ? await loadModel(o.baseline) : undefined;
  if (baselineModel && baselineModel.card.task !== task)
    throw new UsageError(
      `--baseline ${o.baseline} is a ${baselineModel.card.task} model, the model a ${task} one`,
    );
  const baselineRef = baselineModel ? onnxModelRef('baseline', baselineModel) : undefined;
  const runner = new TrialRunner({
    task,
    model: onnxModelRef('candidate', model),
    invariants,
    workers,
    outDir: o.out,
    cacheDir: o.cache ? o.cacheDir : false,
    signal: controller.signal,
    // Differential: every pick trial also says how differently the baseline would have acted.
    ...(baselineRef ? { shadow: baselineRef } : {}),
  });
  const baseline = baselineRef
    ? new TrialRunner({
        task,
        model: baselineRef,
        invariants,
        workers: 1,
        outDir: join(o.out, 'baseline'),
        cacheDir: o.cache ? o.cacheDir : false,
        signal: controller.signal,
      })
    : undefined;
  const log = (line: string) => {
    if (!o.quiet) process.stderr.write(`simgate check: ${line}\n`);
  };
  let outcome: Awaited<ReturnType<typeof safetySearch>>;
  try {
    outcome = await safetySearch(
      {
        envelope,
        model: { ...onnxModelRef('candidate', model), display: displayPath(o.model) },
        invariants,
        runner,
        ...(baseline ? { baseline } : {}),
        log,
      },
      {
        seed,
        budget,
        shrinkBudget,
        population,
        strategy: o.strategy,
        corpusDir,
        save: o.save,
        unsavedDir: join(o.out, 'counterexamples'),
      },
    );
  } finally {
    await runner.close();
    await baseline?.close();
    process.removeListener('SIGINT', onSigint);
  }
  if (controller.signal.aborted) return EXIT.INTERRUPTED;
  const found = outcome.counterexamples.length > 0;
  const report = {
    schema: 'simgate.check/v1',
    verdict: found ? 'COUNTEREXAMPLE' : 'NONE_FOUND',
    exit_code: found ? EXIT.FAIL : EXIT.PASS,
    model: { path: displayPath(o.model), sha256: model.sha256, card_sha256: model.cardSha256, task },
    envelope: {
      source: envelope.source === 'default' ? 'default' : displayPath(envelope.source),
      sha256: envelope.sha256,
      dims: envelope.dims,
      fixed: envelope.fixed,
    },
    invariants,
    search: {
      seed,
      budget,
      shrink_budget: shrinkBudget,
      population,
      strategy: o.strategy,
      corpus: displayPath(corpusDir),
    },
    waived: safety.waived,
    episodes: { ...outcome.episodes, total: runner.episodes },
    counterexamples: outcome.counterexamples,
    shared_with_baseline: outcome.shared,
    unconfirmed: outcome.unconfirmed,
    weakest: outcome.weakest,
    coverage: outcome.coverage,
    landscape: outcome.landscape,
    versions: componentVersions(),
  };
  writeFileAtomic(join(o.out, 'check.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (!o.quiet) process.stdout.write(summary(report));
  return found ? EXIT.FAIL : EXIT.PASS;
}

function summary(r: {
  verdict: string;
  episodes: Record<string, number>;
  counterexamples: readonly {
    invariant: string;
    found_by: string;
    found_after: number;
    margin: number;
    file: string;
    replay: string;
  }[];
  weakest: { robustness: number; invariant: string } | null;
  coverage: Readonly<Record<string, readonly [number, number]>>;
}): string {
  const e = r.episodes;
  const lines = [
    `simgate check: ${r.verdict === 'COUNTEREXAMPLE' ? 'COUNTEREXAMPLE FOUND (exit 1)' : 'no counterexample found (exit 0)'}`,
    `  episodes: ${e.corpus} corpus, ${e.explore} explore, ${e.search} search, ${e.shrink} shrink`,
  ];
  for (const c of r.counterexamples) {
    lines.push(
      `  ${c.invariant} violated (margin ${c.margin}), found by ${c.found_by} after ${c.found_after} episodes`,
      `    minimal scenario: ${c.file}`,
      `    replay: ${c.replay}`,
    );
  }
  const cov = Object.entries(r.coverage);
  if (cov.length > 0)
    lines.push(
      `  feature coverage: ${cov
        .filter(([name]) => /mass|visible|distance|fragile|vacuum|cup/.test(name))
        .map(([name, [lo, hi]]) => `${name} ${lo}–${hi}`)
        .join(', ')}`,
    );
  if (r.counterexamples.length === 0 && r.weakest)
    lines.push(
      `  closest to failing: ${r.weakest.invariant} at normalised margin ${r.weakest.robustness.toFixed(3)}`,
    );
  return `${lines.join('\n')}\n`;
}
