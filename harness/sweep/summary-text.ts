// The sweep summary as terminal text (`simgate run`, `simgate merge`): pass rates and KPIs per
// scenario, per tag and overall, each with its 95% interval.
import type { GroupSummary, MeanSummary, RateSummary, SweepSummary } from './summary.js';

const num = (x: number | null, digits = 3): string => (x === null ? '–' : x.toFixed(digits));

function rateText(r: RateSummary): string {
  if (r.rate === null) return 'n/a';
  return `${(100 * r.rate).toFixed(1)}% [${(100 * r.lo!).toFixed(1)}, ${(100 * r.hi!).toFixed(1)}]`;
}

function meanText(m: MeanSummary): string {
  if (m.mean === null) return 'n/a';
  if (m.lo === null) return `${num(m.mean)} (n=1)`;
  return `${num(m.mean)} ± ${num((m.hi! - m.lo) / 2)}`;
}

function statusText(g: GroupSummary): string {
  const s = g.statuses;
  const parts = [`${s.ok} ok`];
  if (s.violation) parts.push(`${s.violation} violation`);
  if (s.timeout) parts.push(`${s.timeout} timeout`);
  if (s.error) parts.push(`${s.error} error`);
  return parts.join(', ');
}

function groupLines(title: string, g: GroupSummary, withKpis: boolean): string[] {
  const lines = [
    `${title} (${g.role}): ${g.episodes} episodes, ${statusText(g)}; pass ${rateText(g.pass_rate)}`,
  ];
  for (const [name, rate] of Object.entries(g.violations)) {
    if (rate.successes > 0) lines.push(`    violated ${name.padEnd(26)} ${rateText(rate)}`);
  }
  if (withKpis) {
    for (const [name, m] of Object.entries(g.kpis)) lines.push(`    ${name.padEnd(35)} ${meanText(m)}`);
  }
  return lines;
}

export function formatSummaryText(summary: SweepSummary): string {
  const lines: string[] = [];
  for (const s of summary.scenarios) {
    for (const g of s.groups) lines.push(...groupLines(`scenario ${s.id} [${s.task}]`, g, true));
  }
  if (summary.tags.length > 0) lines.push('');
  for (const t of summary.tags) {
    for (const g of t.groups) lines.push(...groupLines(`tag ${t.tag}`, g, false));
  }
  lines.push('');
  for (const g of summary.overall) lines.push(...groupLines('overall', g, true));
  return `${lines.join('\n')}\n`;
}
