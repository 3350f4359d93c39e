// `simgate gate`: the promotion decision for a candidate model against the production
// baseline. Exit 0 PROMOTE, 1 REJECT, 2 INCONCLUSIVE, 3 ERROR, 130 interrupted.
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { DECISION_EXIT } from '../../../reports/index.js';
import { EXIT, UsageError } from '../../common/errors.js';
import type { GateInvocation } from '../../gate/invocation.js';
import { writeInvocation } from '../../gate/invocation.js';
import { skippedScenarioLines } from '../../sweep/coverage.js';
import { executeGate, finishGate, prepareGate, writeReports } from '../../gate/run.js';
import { resolveWorkers } from '../../sweep/pool.js';
import { createProgress } from '../../sweep/progress.js';
import { parseShard } from '../../sweep/shard.js';
import { addSuiteFilterOptions } from '../../sweep/suite.js';
import { action } from '../action.js';
import { addEngineOptions, DEFAULT_REPORTERS, integerFlag, reporterList } from './flags.js';

export interface GateOptions {
  candidate: string;
  baseline: string;
  config?: string;
  suite?: string[];
  seed?: string;
  samples?: string;
  workers: string;
  out: string;
  cache: boolean;
  cacheDir: string;
  resume?: boolean;
  shard?: string;
  reporter: string;
  signKey?: string;
  approvals?: string;
  quiet?: boolean;
  tag?: string[];
  requirement?: string[];
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
        'scenario files, folders or globs (default: the bundled library of the task)',
      )
      .option('--seed <n>', 'suite seed (default: the config file seed, else 0)')
      .option('--samples <n>', "override every scenario's sample count")
      .option('--resume', 'finish an interrupted gate in --out without redoing finished episodes')
      .option(
        '--shard <i/n>',
        'simulate only shard I of N (no early stop); then `simgate merge` the N outputs and decide with `simgate report`',
      )
      .option('--reporter <names>', 'comma-separated reporters', DEFAULT_REPORTERS)
      .option('--sign-key <file>', 'Ed25519 private key (PKCS#8 PEM) that signs the attestation')
      .option('--approvals <file>', 'approval file listing candidate sha256 values (require_approval slices)')
      .option('--quiet', 'no progress and no console summary'),
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
        '\nOutputs in --out: report.json, junit.xml, summary.md, report.html, metrics.prom, attestation.json,\n' +
        'canary/analysis-template.yaml (Argo Rollouts, on PROMOTE only),\n' +
        'results.jsonl (one line per episode), gate.json (re-render with `simgate report OUT`).\n' +
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
  };
}

export async function gate(options: GateOptions): Promise<number> {
  const reporters = reporterList(options.reporter);
  const signingKeyPem = signingKey(options.signKey);
  const invocation = invocationOf(options);
  const ctx = await prepareGate(invocation);
  for (const line of skippedScenarioLines(ctx.skipped)) process.stderr.write(`simgate: ${line}\n`);
  mkdirSync(options.out, { recursive: true });
  writeInvocation(options.out, invocation);
  const progress = createProgress({ quiet: options.quiet });
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\nsimgate: interrupted — finishing running batches; resume with --resume\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  let run: Awaited<ReturnType<typeof executeGate>>;
  try {
    run = await executeGate(ctx, {
      workers: resolveWorkers(options.workers),
      outDir: options.out,
      cacheDir: options.cache ? options.cacheDir : false,
      resume: options.resume,
      signal: controller.signal,
      ...(options.shard ? { shard: parseShard(options.shard) } : {}),
      onEpisodeEnd: (r, p) => progress.onEpisodeEnd(r, p),
    });
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onSigint);
  }
  if (run.sweep?.status === 'interrupted') {
    process.stderr.write(`simgate: interrupted; finished episodes are in ${options.out}/results.jsonl\n`);
    return EXIT.INTERRUPTED;
  }
  if (options.shard) {
    const c = run.sweep?.counts;
    process.stdout.write(
      `simgate gate: shard ${options.shard} finished, ${c?.finished ?? 0} episodes in ${options.out}/results.jsonl.\n` +
        'Merge every shard with `simgate merge DIR... --out MERGED` and decide with `simgate report MERGED`.\n',
    );
    return EXIT.PASS;
  }
  const counts = run.sweep?.counts ?? { planned: 0, run: 0, cached: 0 };
  const { report } = finishGate(run, run.sweep?.results ?? [], {
    planned: counts.planned,
    run: counts.run,
    cached: counts.cached,
  });
  const failures = await writeReports(report, {
    outDir: options.out,
    reporters,
    quiet: options.quiet,
    signingKeyPem,
  });
  for (const f of failures) process.stderr.write(`simgate: ${f}\n`);
  return DECISION_EXIT[report.decision];
}

function signingKey(path: string | undefined): string | undefined {
  const pem = path === undefined ? process.env.SIMGATE_SIGNING_KEY || undefined : readKey(path);
  if (pem === undefined) return undefined;
  const source = path ?? '$SIMGATE_SIGNING_KEY';
  // Checked before any episode runs: a key that cannot sign must not cost a whole gate.
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch (error) {
    throw new UsageError(`${source}: not a private key in PEM form (${(error as Error).message})`);
  }
  if (type !== 'ed25519') throw new UsageError(`${source}: an Ed25519 private key is required, got ${type}`);
  return pem;
}

function readKey(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--sign-key ${path}: cannot read the key file`);
  }
}
