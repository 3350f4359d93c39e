// `simgate report OUT`: re-renders every report of a gate from OUT/results.jsonl and
// OUT/gate.json. The run is resolved again from the saved invocation, its one plan built, and the
// decision made from the results on disk, so it matches the run.
import { join } from 'node:path';
import type { Command } from 'commander';
import { DECISION_EXIT } from '../../../reports/index.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { readInvocation } from '../../gate/invocation.js';
import { resolveGateRun } from '../../gate/resolve.js';
import { finishGate, writeReports } from '../../gate/run.js';
import { inPlanOrder, readResultsFile } from '../../sweep/results.js';
import { action } from '../action.js';

interface ReportOptions {
  reporter?: string;
  quiet?: boolean;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Re-render all reports of a gate run from its results on disk')
    .argument('<out>', 'output directory of a simgate gate run')
    .option('--reporter <names>', 'comma-separated reporters (default: every reporter of a gate)')
    .option('--quiet', 'errors only: no console summary')
    .addHelpText(
      'after',
      '\nExamples:\n  simgate report simgate-report\n  simgate report out/merged --reporter html,junit\n' +
        '\nExit codes: the decision of the results on disk (0 PROMOTE, 1 REJECT, 2 INCONCLUSIVE, 3 ERROR).',
    )
    .action(action((out: string, options: ReportOptions) => report(out, options)));
}

async function report(out: string, options: ReportOptions): Promise<number> {
  const run = await resolveGateRun({
    invocation: readInvocation(out),
    out,
    reporters: options.reporter,
    quiet: options.quiet,
    workers: '1',
  });
  const file = join(out, 'results.jsonl');
  const read = readResultsFile(file);
  const plan = run.fullPlan;
  if (plan) {
    const known = new Set(plan.episodes.map((e) => e.id));
    const foreign = read.results.filter((r) => !known.has(r.episode_id));
    if (foreign.length > 0) {
      throw new UsageError(
        `${file}: ${foreign.length} result(s) do not belong to this gate's plan (e.g. ${foreign[0].episode_id}); ` +
          'were the models, scenarios or seed changed since the run?',
      );
    }
  }
  const results = plan ? inPlanOrder(plan, read.results) : [];
  const { report: data } = finishGate({ run }, results, {
    planned: plan?.episodes.length ?? 0,
    run: results.length,
    cached: 0,
  });
  const failures = await writeReports(data, run);
  for (const f of failures) process.stderr.write(`simgate: ${f}\n`);
  if (failures.length > 0) {
    process.stderr.write(
      `simgate: ERROR — the decision was ${data.decision}, but not every report could be written\n`,
    );
    return EXIT.ERROR;
  }
  return DECISION_EXIT[data.decision];
}
