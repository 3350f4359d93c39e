// `simgate gate`: the promotion decision for a candidate model against the production
// baseline. Exit 0 PROMOTE, 1 REJECT, 2 INCONCLUSIVE, 3 ERROR, 130 interrupted.
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { terminalText } from '../../../reports/escape.js';
import { DECISION_EXIT, removeReportsExcept } from '../../../reports/index.js';
import { describeError, EXIT } from '../../common/errors.js';
import { prepareOutDir } from '../../common/out-dir.js';
import type { GateInvocation } from '../../gate/invocation.js';
import { writeInvocation } from '../../gate/invocation.js';
import { writeErrorReport } from '../../gate/error-report.js';
import { DEFAULT_REPORTERS, type GateRequest, resolveGateRun, type ResolvedRun } from '../../gate/resolve.js';
import { executeGate, finishGate, writeReports } from '../../gate/run.js';
import { skippedScenarioLines } from '../../sweep/coverage.js';
import { createProgress } from '../../sweep/progress.js';
import { addSuiteFilterOptions } from '../../sweep/suite.js';
import { action } from '../action.js';
import { addEngineOptions, integerFlag, shardFlag, shardText, workersFlag } from './flags.js';

export interface GateOptions {
  candidate: string;
  baseline: string;
  config?: string;
  suite?: string[];
  seed?: string;
  samples?: string;
  workers?: string;
  out: string;
  cache: boolean;
  cacheDir: string;
  resume?: boolean;
  shard?: string;
  reporter?: string;
  signKey?: string;
  approvals?: string;
  quiet?: boolean;
  tag?: string[];
  requirement?: string[];
  aa?: boolean;
}

export function addGateOptions(command: Command): Command {
  return addSuiteFilterOptions(
    addEngineOptions(command)
      .option(
        '--config <file>',
        'simgate.config.yaml with a gate: section (default: the bundled gate of the task)',
      )
      .option(
        '--suite <paths...>',
        'scenario files, folders or globs (default: the config file suite, else the bundled library of the task)',
      )
      .option('--seed <n>', 'suite seed (default: the config file seed, else 0)')
      .option('--samples <n>', "override every scenario's sample count (default: the config file samples)")
      .option('--resume', 'finish an interrupted gate in --out without redoing finished episodes')
      .option(
        '--shard <i/n>',
        'simulate only shard I of N (no early stop); then `simgate merge` the N outputs and decide with `simgate report`',
      )
      .option('--reporter <names>', `comma-separated reporters (default: ${DEFAULT_REPORTERS})`)
      .option('--sign-key <file>', 'Ed25519 private key (PKCS#8 PEM) that signs the attestation')
      .option('--approvals <file>', 'approval file listing candidate sha256 values (require_approval slices)')
      .option('--aa', 'A/A run: the same model bytes as candidate and baseline on purpose')
      .option('--quiet', 'errors only: no progress and no console summary'),
  );
}

export function registerGate(program: Command): void {
  addGateOptions(
    program
      .command('gate')
      .description('Decide whether a candidate model may replace the production model')
      .requiredOption('--candidate <model.onnx>', 'the retrained model (its card beside it)')
      .requiredOption('--baseline <model.onnx>', 'the production model (its card beside it)'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate gate --candidate models/pick-v2.onnx --baseline models/pick-v1.onnx\n' +
        '  simgate gate --candidate cand.onnx --baseline prod.onnx --config simgate.config.yaml --workers 2 --out out/\n' +
        '  simgate gate --candidate cand.onnx --baseline prod.onnx --suite scenarios/ --tag odd:heavy --sign-key key.pem\n' +
        '  simgate gate --candidate cand.onnx --baseline prod.onnx --shard 2/4 --out shard-2   # then merge + report\n' +
        '\nFlags win over the config file (suite, seed, samples, workers), which wins over the bundled defaults.\n' +
        'Outputs in --out: report.json, junit.xml, summary.md, report.html, metrics.prom, attestation.json,\n' +
        'canary/analysis-template.yaml (Argo Rollouts, on PROMOTE only),\n' +
        'results.jsonl (one line per episode), gate.json (re-render with `simgate report OUT`).\n' +
        'A bad config or flag still writes report.json and junit.xml with ERROR and the located message.\n' +
        'Exit codes: 0 PROMOTE, 1 REJECT, 2 INCONCLUSIVE, 3 ERROR, 130 interrupted.',
    )
    .action(action((options: GateOptions) => gate(options)));
}

/**
 * Paths inside the working directory are kept relative, so shards run on machines with different
 * checkout paths record the same invocation (and `simgate report` runs from the same directory).
 */
function portable(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(path);
}

export function invocationOf(options: GateOptions): GateInvocation {
  return {
    schema: 'simgate.gate/v1',
    candidate: portable(options.candidate),
    baseline: portable(options.baseline),
    ...(options.config ? { config: portable(options.config) } : {}),
    ...(options.suite ? { suite: options.suite.map((p) => (/[*?[{]/.test(p) ? p : portable(p))) } : {}),
    ...(options.tag ? { tags: options.tag } : {}),
    ...(options.requirement ? { requirements: options.requirement } : {}),
    ...(options.seed !== undefined ? { seed: integerFlag('--seed', options.seed, 0) } : {}),
    ...(options.samples !== undefined ? { samples: integerFlag('--samples', options.samples, 1) } : {}),
    ...(options.approvals ? { approvals: resolve(options.approvals) } : {}),
    ...(options.aa ? { aa: true } : {}),
  };
}

export function requestOf(options: GateOptions): GateRequest {
  return {
    invocation: invocationOf(options),
    workers: options.workers !== undefined ? String(workersFlag(options.workers)) : undefined,
    out: options.out,
    reporters: options.reporter,
    cacheDir: options.cache ? options.cacheDir : false,
    resume: options.resume,
    shard: options.shard !== undefined ? shardText(shardFlag(options.shard)) : undefined,
    quiet: options.quiet,
    signKey: options.signKey,
  };
}

export async function gate(options: GateOptions): Promise<number> {
  let run: ResolvedRun;
  try {
    run = await resolveGateRun(requestOf(options));
  } catch (error) {
    // CI reads report.json and junit.xml: a bad config or flag must leave them, saying why.
    const message = describeError(error);
    process.stderr.write(`simgate: ${terminalText(message, { keepNewlines: true })}\n`);
    const written = await writeErrorReport(options.out, message, options);
    if (written.length > 0 && !options.quiet)
      process.stderr.write(
        `simgate: decision ERROR written to ${written.map((f) => join(options.out, f)).join(', ')}\n`,
      );
    return EXIT.ERROR;
  }
  return runGate(run);
}

export async function runGate(run: ResolvedRun): Promise<number> {
  for (const line of skippedScenarioLines(run.skipped)) process.stderr.write(`simgate: ${line}\n`);
  for (const name of run.inapplicable)
    process.stderr.write(
      `simgate: bundled slice ${name} has no scenario in this suite: its rules do not apply\n`,
    );
  prepareOutDir(run.out);
  // The reports an earlier run left in --out go before this run starts: whichever reporters this
  // run writes, none of that run's files (a PROMOTE's HTML, metrics, canary template) may stand
  // beside this run's reports, be attested with them, or outlive a run that is killed or stops.
  removeReportsExcept(run.out, []);
  writeInvocation(run.out, run.invocation);
  const progress = createProgress({ quiet: run.quiet });
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\nsimgate: interrupted — finishing running batches; resume with --resume\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  let executed: Awaited<ReturnType<typeof executeGate>>;
  try {
    executed = await executeGate(run, {
      signal: controller.signal,
      onEpisodeEnd: (r, p) => progress.onEpisodeEnd(r, p),
      log: (line) => {
        if (!run.quiet) process.stderr.write(`simgate: safety search: ${line}\n`);
      },
    });
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onSigint);
  }
  if (executed.sweep?.status === 'interrupted') {
    process.stderr.write(`simgate: interrupted; finished episodes are in ${run.out}/results.jsonl\n`);
    return EXIT.INTERRUPTED;
  }
  if (run.shard) {
    const c = executed.sweep?.counts;
    if (!run.quiet)
      process.stdout.write(
        `simgate gate: shard ${run.shard.index}/${run.shard.total} finished, ${c?.finished ?? 0} episodes in ${run.out}/results.jsonl.\n` +
          'Merge every shard with `simgate merge DIR... --out MERGED` and decide with `simgate report MERGED`.\n',
      );
    // A shard decides nothing, but a shard whose episodes errored must not look like a success.
    const errored = (c?.error ?? 0) + (c?.timeout ?? 0);
    if (errored > 0) {
      process.stderr.write(
        `simgate: ${errored} episode(s) of this shard errored or timed out; the merged gate will say ERROR\n`,
      );
      return EXIT.ERROR;
    }
    return EXIT.PASS;
  }
  const counts = executed.sweep?.counts ?? { planned: 0, run: 0, cached: 0 };
  const { report } = finishGate(executed, executed.sweep?.results ?? [], counts);
  const failures = await writeReports(report, run);
  for (const f of failures) process.stderr.write(`simgate: ${f}\n`);
  if (failures.length > 0) {
    // CI must never act on a decision whose reports are missing or torn (a full disk, say).
    process.stderr.write(
      `simgate: ERROR — the decision was ${report.decision}, but not every report could be written\n`,
    );
    return EXIT.ERROR;
  }
  return DECISION_EXIT[report.decision];
}
