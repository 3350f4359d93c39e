// Inline SVG charts rendered by hand (no runtime dependencies, no external resources): KPI
// bars with interval whiskers for both models, and a forest plot of non-inferiority checks.
// Every piece of text passes through escapeHtml.
import { escapeHtml as e } from './escape.js';
import { num } from './format.js';
import type { KpiEstimate, ReportCheck } from './types.js';

const COLORS = {
  candidate: '#1f6feb',
  baseline: '#8b949e',
  pass: '#1a7f37',
  fail: '#cf222e',
  undecided: '#9a6700',
  error: '#cf222e',
} as const;

interface Row {
  readonly label: string;
  readonly candidate?: KpiEstimate;
  readonly baseline?: KpiEstimate;
}

function scale(lo: number, hi: number, x0: number, x1: number): (v: number) => number {
  const span = hi - lo || 1;
  return (v) => x0 + ((v - lo) / span) * (x1 - x0);
}

/** Horizontal bars (mean) with whiskers (interval) for candidate and baseline per row. */
export function kpiBarChart(title: string, unit: string, rows: readonly Row[]): string {
  const labelW = 220;
  const width = 760;
  const rowH = 34;
  const top = 28;
  const height = top + rows.length * rowH + 24;
  const values = rows.flatMap((r) =>
    [r.candidate, r.baseline].filter((x): x is KpiEstimate => !!x).flatMap((x) => [x.lower, x.upper, x.mean]),
  );
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0, ...finite);
  const x = scale(lo, hi, labelW, width - 70);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="${e(title)}">`,
    `<text x="0" y="16" font-size="14" font-weight="bold">${e(title)}${unit ? ` (${e(unit)})` : ''}</text>`,
    `<line x1="${x(0)}" y1="${top - 4}" x2="${x(0)}" y2="${height - 20}" stroke="#d0d7de"/>`,
  ];
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    parts.push(
      `<text x="0" y="${y + 20}" font-size="12">${e(r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label)}</text>`,
    );
    (['candidate', 'baseline'] as const).forEach((model, j) => {
      const est = r[model];
      if (!est || !Number.isFinite(est.mean)) return;
      const by = y + 4 + j * 13;
      const x0 = Math.min(x(0), x(est.mean));
      parts.push(
        `<rect x="${x0.toFixed(1)}" y="${by}" width="${Math.abs(x(est.mean) - x(0)).toFixed(1)}" height="10" fill="${COLORS[model]}"><title>${model} ${e(r.label)}: ${num(est.mean)} [${num(est.lower)}, ${num(est.upper)}], n=${est.n}</title></rect>`,
        `<line x1="${x(est.lower).toFixed(1)}" y1="${by + 5}" x2="${x(est.upper).toFixed(1)}" y2="${by + 5}" stroke="#24292f" stroke-width="1.5"/>`,
        `<text x="${width - 66}" y="${by + 9}" font-size="10" fill="${COLORS[model]}">${e(num(est.mean))}</text>`,
      );
    });
  });
  parts.push(
    `<rect x="${labelW}" y="${height - 14}" width="10" height="10" fill="${COLORS.candidate}"/><text x="${labelW + 14}" y="${height - 5}" font-size="11">candidate</text>`,
    `<rect x="${labelW + 90}" y="${height - 14}" width="10" height="10" fill="${COLORS.baseline}"/><text x="${labelW + 104}" y="${height - 5}" font-size="11">baseline</text>`,
    '</svg>',
  );
  return parts.join('');
}

/** One line per non-inferiority check: the difference interval against its limit. */
export function forestPlot(checks: readonly ReportCheck[]): string {
  const rows = checks.filter((c) => c.rule === 'non_inferiority' && typeof c.figures.lower === 'number');
  if (rows.length === 0) return '';
  const width = 760;
  const labelW = 300;
  const rowH = 26;
  const height = 30 + rows.length * rowH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="non-inferiority checks">`,
  ];
  parts.push(
    '<text x="0" y="16" font-size="14" font-weight="bold">Candidate − baseline against each non-inferiority limit (each row on its own scale)</text>',
  );
  rows.forEach((c, i) => {
    const f = c.figures as Record<string, number>;
    const lo = Math.min(f.lower, f.limit, 0);
    const hi = Math.max(f.upper, f.limit, 0);
    const pad = (hi - lo) * 0.1 || 1;
    const x = scale(lo - pad, hi + pad, labelW, width - 20);
    const y = 30 + i * rowH;
    const color = COLORS[c.status];
    parts.push(
      `<text x="0" y="${y + 12}" font-size="12">${e(`${c.kpi ?? ''} · ${c.slice}`)}</text>`,
      `<line x1="${x(0).toFixed(1)}" y1="${y}" x2="${x(0).toFixed(1)}" y2="${y + 16}" stroke="#d0d7de"/>`,
      `<line x1="${x(f.limit).toFixed(1)}" y1="${y - 2}" x2="${x(f.limit).toFixed(1)}" y2="${y + 18}" stroke="${COLORS.fail}" stroke-dasharray="3,2"><title>limit ${e(num(f.limit))}</title></line>`,
      `<line x1="${x(f.lower).toFixed(1)}" y1="${y + 8}" x2="${x(f.upper).toFixed(1)}" y2="${y + 8}" stroke="${color}" stroke-width="3"/>`,
      `<circle cx="${x(f.difference).toFixed(1)}" cy="${y + 8}" r="4" fill="${color}"><title>${e(c.message)}</title></circle>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
