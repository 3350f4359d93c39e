// The report of a gate that could not even start: a bad flag, config, scenario or approvals
// file. CI reads report.json and junit.xml, so they are written with decision ERROR and the
// located message whenever the output directory can be written; nothing else is claimed, and
// the other reports an earlier run left in the directory are removed.
import { mkdirSync } from 'node:fs';
import {
  createReporterMux,
  createReporters,
  type ReportData,
  removeReportsExcept,
  reportFileOf,
} from '../../reports/index.js';
import { displayPath } from '../../scenarios/problems.js';
import { componentVersions } from '../common/version.js';

export function errorReportData(
  message: string,
  models: { candidate: string; baseline: string },
): ReportData {
  const reason = { rule: 'bad_input', slice: 'all', status: 'error' as const, figures: {}, message };
  const empty = { candidate: {}, baseline: {}, difference: {} };
  const model = (path: string) => ({ path: displayPath(path), sha256: '', card: null });
  return {
    schema: 'simgate.report/v1',
    decision: 'ERROR',
    exit_code: 3,
    task: 'unknown',
    reasons: [reason],
    checks: [reason],
    sequential: {
      design: 'group-sequential',
      spending: 'lan-demets-obrien-fleming',
      alpha: 0,
      planned_looks: 0,
      looks: [],
      stopped_at: null,
    },
    kpis: { confidence: 0, order: [], units: {}, overall: empty, scenarios: [] },
    safety: { violations: [], invariants: [] },
    episodes: { planned: 0, run: 0, cached: 0, errored: 0, used: 0 },
    provenance: {
      models: { candidate: model(models.candidate), baseline: model(models.baseline) },
      scenarios: [],
      config: null,
      versions: componentVersions(),
      seeds: { suite: 0 },
      shard: null,
    },
  };
}

/** Writes report.json, junit.xml and summary.md with ERROR; the files written, or none. */
export async function writeErrorReport(
  outDir: string,
  message: string,
  models: { candidate: string; baseline: string },
): Promise<string[]> {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch {
    return [];
  }
  const written = ['json', 'junit', 'markdown'] as const;
  try {
    removeReportsExcept(outDir, written);
  } catch {
    // A file that cannot be removed stays; report.json, junit.xml and the exit code say ERROR.
  }
  const reporters = createReporters(written, {
    outDir,
    write: () => {},
    quiet: true,
    inputsBase: process.cwd(),
  });
  const mux = createReporterMux(reporters);
  await mux.onEnd(errorReportData(message, models));
  const failed = new Set(mux.failures.map((f) => f.reporter));
  return written.filter((name) => !failed.has(name)).map((name) => reportFileOf(name)!);
}
