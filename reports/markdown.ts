// summary.md: a Markdown summary for pull requests and $GITHUB_STEP_SUMMARY.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeMarkdownCell as cell, markdownCode } from './escape.js';
import { DECISION_TEXT, kpiRows } from './format.js';
import type { Reporter } from './reporter.js';
import type { ReportData } from './types.js';
import { writeFileAtomic } from './write-file.js';

const ICON: Readonly<Record<string, string>> = { pass: '✅', fail: '❌', undecided: '⏸️', error: '⚠️' };

export function renderMarkdown(report: ReportData): string {
  const out = [`## simgate: ${cell(DECISION_TEXT[report.decision])}`, ''];
  const stop = report.sequential.stopped_at;
  out.push(
    `Task **${cell(report.task)}** · episodes used ${report.episodes.used} of ${report.episodes.planned} planned` +
      (stop ? ` (look ${stop.look + 1}, ${stop.pairs} pairs)` : '') +
      ` · errored ${report.episodes.errored} · candidate ${markdownCode(report.provenance.models.candidate.sha256.slice(0, 12))}`,
    '',
  );
  if (report.reasons.length > 0) {
    out.push('| | rule | slice | reason |', '|---|---|---|---|');
    for (const r of report.reasons.slice(0, 30))
      out.push(
        `| ${ICON[r.status]} | ${cell(r.rule)}${r.kpi ? ` · ${cell(r.kpi)}` : ''} | ${cell(r.slice)} | ${cell(r.message)} |`,
      );
    out.push('');
  }
  const rows = kpiRows(report);
  if (rows.length > 0) {
    out.push(
      `| KPI | candidate | baseline | difference (${Math.round(report.kpis.confidence * 100)}% CI) |`,
      '|---|---|---|---|',
    );
    for (const r of rows) out.push(`| ${r.map(cell).join(' | ')} |`);
    out.push('');
  }
  const waived = Object.entries(report.safety.waived ?? {});
  if (waived.length > 0) {
    out.push('**Waived invariants** (not gated by this config):', '');
    for (const [name, reason] of waived) out.push(`- ${cell(name)}: ${cell(reason)}`);
    out.push('');
  }
  const v = report.safety.violations.filter((x) => x.model === 'candidate');
  if (v.length > 0) {
    out.push('**Safety violations** (replay each with one command):', '');
    for (const x of v.slice(0, 20))
      out.push(
        `- ${cell(x.invariant)} in ${cell(x.scenario_id)} sample ${x.sample}: ${markdownCode(x.replay)}`,
      );
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export function markdownReporter(options: {
  outDir: string;
  file?: string;
  stepSummaryPath?: string;
}): Reporter {
  return {
    name: 'markdown',
    onEnd(report) {
      const text = renderMarkdown(report);
      writeFileAtomic(join(options.outDir, options.file ?? 'summary.md'), text);
      // $GITHUB_STEP_SUMMARY collects every step's summary: append, never overwrite.
      if (options.stepSummaryPath) appendFileSync(options.stepSummaryPath, `\n${text}`);
    },
  };
}
