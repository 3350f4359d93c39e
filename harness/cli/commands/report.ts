// `simgate report OUT`: re-renders every report of a gate from OUT/results.jsonl and
// OUT/gate.json. The run is resolved again from the saved invocation, its one plan built, and the
// decision made from the results on disk, so it matches the run — and only when the results are
// bound to the inputs on disk now (harness/gate/evidence.ts): a model, card, config or scenario
// changed since the run is refused (exit 3), never attested over the old results.
import type { Command } from 'commander';
import { DECISION_EXIT } from '../../../reports/index.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { checkRunMatches, evidenceCounts, readGateEvidence } from '../../gate/evidence.js';
import { readInvocation } from '../../gate/invocation.js';
import { resolveGateRun } from '../../gate/resolve.js';
import { finishGate, writeReports } from '../../gate/run.js';
import { readGateSearch } from '../../gate/search.js';
import { manifestPath } from '../../sweep/manifest.js';
import { inPlanOrder, resultsPath } from '../../sweep/results.js';
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
        '\nThe results must have been produced by the model, card, config and scenario files on disk now\n' +
        '(their sha256 in sweep.json and every results.jsonl line); anything else is refused.\n' +
        '\nExit codes: the decision of the results on disk (0 PROMOTE, 1 REJECT, 2 INCONCLUSIVE, 3 ERROR);\n' +
        '3 also when the results are corrupt or do not match the inputs on disk (the message names the file).',
    )
    .action(action((out: string, options: ReportOptions) => report(out, options)));
}

async function report(out: string, options: ReportOptions): Promise<number> {
  const invocation = readInvocation(out);
  // The evidence is checked before anything is re-decided: lines bound to sweep.json, and the
  // model and card files gate.json names still the bytes the results came from.
  const evidence = readGateEvidence(out, invocation);
  const run = await resolveGateRun({
    invocation,
    out,
    reporters: options.reporter,
    quiet: options.quiet,
    workers: '1',
  });
  if (evidence.manifest) checkRunMatches(run, evidence.manifest, manifestPath(out));
  const plan = run.fullPlan;
  if (plan) {
    const known = new Set(plan.episodes.map((e) => e.id));
    const foreign = evidence.results.filter((r) => !known.has(r.episode_id));
    if (foreign.length > 0) {
      throw new UsageError(
        `${resultsPath(out)}: ${foreign.length} result(s) do not belong to this gate's plan (e.g. ${foreign[0].episode_id})`,
      );
    }
  }
  const results = plan ? inPlanOrder(plan, evidence.results) : [];
  const search = readGateSearch(out, run);
  const { report: data } = finishGate(
    { run, ...(search ? { search } : {}) },
    results,
    evidenceCounts(evidence, plan?.episodes.length ?? 0),
  );
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
