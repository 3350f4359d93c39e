// The terminal summary: the decision, its reasons, a compact KPI table and where the files are.
import { existsSync } from 'node:fs';
import { terminalText } from './escape.js';
import { DECISION_TEXT, kpiRows } from './format.js';
import type { Reporter } from './reporter.js';
import type { ReportData } from './types.js';

/** One line of untrusted text (titles, ids, messages): every control character made visible. */
const printable = (text: string): string => terminalText(text);

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}

export function formatConsoleSummary(
  report: ReportData,
  files: readonly string[] = [],
  promoteFiles: readonly string[] = [],
): string {
  const lines = [`simgate gate: ${DECISION_TEXT[report.decision]} (exit ${report.exit_code})`];
  const stop = report.sequential.stopped_at;
  if (stop) {
    lines.push(
      `  decided at look ${stop.look + 1} of ${report.sequential.planned_looks} with ${stop.pairs} pairs (${stop.episodes} of ${report.episodes.planned} planned episodes)`,
    );
  }
  const reasons = report.reasons.slice(0, 10);
  if (reasons.length > 0) lines.push('', 'reasons:');
  for (const r of reasons)
    lines.push(`  [${r.status}] ${printable(r.rule)} (${printable(r.slice)}): ${printable(r.message)}`);
  if (report.reasons.length > reasons.length)
    lines.push(`  … and ${report.reasons.length - reasons.length} more in report.json`);
  const rows = kpiRows(report);
  if (rows.length > 0) {
    lines.push('', `KPIs (${Math.round(report.kpis.confidence * 100)}% intervals):`);
    for (const row of table([['kpi', 'candidate', 'baseline', 'difference'], ...rows]))
      lines.push(`  ${printable(row)}`);
  }
  for (const [name, reason] of Object.entries(report.safety.waived ?? {}))
    lines.push('', `waived: ${printable(name)} — ${printable(reason)}`);
  const violations = report.safety.violations.filter((v) => v.model === 'candidate').slice(0, 5);
  if (violations.length > 0) lines.push('', 'replay a violation:');
  for (const v of violations) lines.push(`  ${printable(v.replay)}`);
  // Only files that are really there: a reporter whose write failed is not listed.
  const listed = report.decision === 'PROMOTE' ? [...files, ...promoteFiles] : files;
  const written = listed.filter((f) => existsSync(f));
  if (written.length > 0) lines.push('', `files: ${printable(written.join(', '))}`);
  return `${lines.join('\n')}\n`;
}

export function consoleReporter(options: {
  write: (text: string) => void;
  files?: readonly string[];
  /** Files written only when the decision is PROMOTE (the canary template). */
  promoteFiles?: readonly string[];
  quiet?: boolean;
}): Reporter {
  return {
    name: 'console',
    onError(error) {
      options.write(`simgate: ${terminalText(error.message, { keepNewlines: true })}\n`);
    },
    onEnd(report) {
      if (options.quiet) options.write(`${report.decision}\n`);
      else options.write(formatConsoleSummary(report, options.files, options.promoteFiles));
    },
  };
}
