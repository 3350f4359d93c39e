// report.html: one self-contained file (inline CSS and SVG, no script, no external resource),
// a strict Content-Security-Policy that allows only its own hashed stylesheet, and every piece
// of text HTML-escaped so a hostile scenario title stays text. Charts are Vega-Lite specs
// (charts.ts) rendered to SVG in Node (svg.ts), so rendering is async.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { escapeHtml as e } from './escape.js';
import { DECISION_TEXT, estimate, kpiRows, num } from './format.js';
import type { Reporter } from './reporter.js';
import {
  failureScatterSpec,
  kpiComparisonSpec,
  marginLandscapeSpec,
  outcomeGridSpec,
  sequentialPathSpec,
} from './charts.js';
import { renderChart } from './svg.js';
import type { ReportData } from './types.js';
import { writeFileAtomic } from './write-file.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#24292f}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
.PROMOTE{color:#1a7f37}.REJECT,.ERROR{color:#cf222e}.INCONCLUSIVE{color:#9a6700}
.pass{color:#1a7f37}.fail,.error{color:#cf222e}.undecided{color:#9a6700}code{font-size:12px;word-break:break-all}
figure{margin:1rem 0;overflow-x:auto}figcaption{color:#57606a;font-size:12px}`;

export const HTML_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'`;

function table(head: readonly string[], rows: readonly (readonly string[])[], raw = false): string {
  const cell = (x: string) => (raw ? x : e(x));
  return `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** Renders every chart the report has data for, each as a captioned figure. */
async function charts(report: ReportData): Promise<Record<string, string>> {
  const specs = {
    kpis: kpiComparisonSpec(report),
    outcomes: outcomeGridSpec(report),
    failures: failureScatterSpec(report),
    sequential: sequentialPathSpec(report),
    landscape: marginLandscapeSpec(report),
  };
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs))
    out[name] = spec ? `<figure>${await renderChart(spec, `chart-${name}`)}</figure>` : '';
  return out;
}

export async function renderHtml(report: ReportData): Promise<string> {
  const k = report.kpis;
  const stop = report.sequential.stopped_at;
  const chart = await charts(report);
  const body = [
    `<h1>simgate gate: <span class="${report.decision}">${e(DECISION_TEXT[report.decision])}</span></h1>`,
    `<p>Task ${e(report.task)} · exit code ${report.exit_code} · episodes used ${report.episodes.used} of ${report.episodes.planned} planned (run ${report.episodes.run}, cached ${report.episodes.cached}, errored ${report.episodes.errored})${stop ? ` · stopped at look ${stop.look + 1} with ${stop.pairs} pairs` : ''}</p>`,
    '<h2>Reasons</h2>',
    table(
      ['status', 'rule', 'slice', 'kpi', 'message'],
      report.reasons.map((r) => [r.status, r.rule, r.slice, r.kpi ?? '', r.message]),
    ),
    `<h2>KPIs (${Math.round(k.confidence * 100)}% intervals)</h2>`,
    table(['kpi', 'candidate', 'baseline', 'difference'], kpiRows(report)),
    chart.kpis,
    '<h2>Sequential test</h2>',
    table(
      ['look', 'pairs', 'cumulative α', 'nominal α', 'weakest rule', 'z', 'boundary', 'outcome'],
      report.sequential.looks.map((l) => [
        String(l.index + 1),
        String(l.pairs),
        num(l.cumulative_alpha),
        num(l.nominal_alpha),
        l.statistic?.rule ?? '–',
        num(l.statistic?.z),
        num(l.statistic?.boundary),
        l.outcome,
      ]),
    ),
    chart.sequential,
    '<h2>Scenarios</h2>',
    table(
      [
        'scenario',
        'title',
        'tags',
        'requirements',
        ...k.order.slice(0, 3).map((x) => `${x} (cand. / base.)`),
      ],
      k.scenarios.map((s) => [
        s.id,
        s.title,
        s.tags.join(', '),
        s.requirements.join(', '),
        ...k.order.slice(0, 3).map((x) => `${estimate(s.candidate[x])} / ${estimate(s.baseline[x])}`),
      ]),
    ),
    '<h2>Episodes</h2>',
    chart.outcomes || '<p>No per-episode detail in this report.</p>',
    chart.failures,
    '<h2>Safety</h2>',
    ...searchSection(report),
    chart.landscape,
    table(
      ['invariant', 'episodes', 'violations', 'rate upper bound'],
      report.safety.invariants.map((s) => [
        s.invariant,
        String(s.episodes),
        String(s.violations),
        num(s.upper_bound_rate),
      ]),
    ),
    table(
      ['model', 'invariant', 'scenario', 'sample', 'seed', 'message', 'replay'],
      report.safety.violations.map((v) => [
        v.model,
        v.invariant,
        v.scenario_id,
        String(v.sample),
        String(v.seed),
        v.message,
        v.replay,
      ]),
    ),
    '<h2>All checks</h2>',
    table(
      ['status', 'rule', 'slice', 'kpi', 'message'],
      report.checks.map((c) => [c.status, c.rule, c.slice, c.kpi ?? '', c.message]),
    ),
    '<h2>Provenance</h2>',
    table(
      ['what', 'path', 'sha256'],
      [
        [
          'candidate model',
          report.provenance.models.candidate.path,
          report.provenance.models.candidate.sha256,
        ],
        ['baseline model', report.provenance.models.baseline.path, report.provenance.models.baseline.sha256],
        ...(['candidate', 'baseline'] as const).flatMap((m) =>
          report.provenance.models[m].card
            ? [
                [
                  `${m} card`,
                  report.provenance.models[m].card!.path,
                  report.provenance.models[m].card!.sha256,
                ],
              ]
            : [],
        ),
        ...(report.provenance.config
          ? [['config', report.provenance.config.path, report.provenance.config.sha256]]
          : []),
        ...report.provenance.scenarios.map((s) => [`scenario ${s.id}`, s.path, s.sha256]),
      ],
    ),
    table(['component', 'version'], Object.entries(report.provenance.versions)),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${e(HTML_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>simgate ${e(report.decision)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

export function htmlReporter(options: { outDir: string; file?: string }): Reporter {
  return {
    name: 'html',
    async onEnd(report) {
      const html = await renderHtml(report);
      writeFileAtomic(join(options.outDir, options.file ?? 'report.html'), html);
    },
  };
}

/** The safety search: budget, counterexamples with their replay commands, shared hazards. */
function searchSection(report: ReportData): string[] {
  const s = report.safety.search;
  if (!s) return [];
  const waived = Object.entries(report.safety.waived ?? {});
  return [
    `<p>Safety search over the operating envelope: ${s.episodes} episodes of a budget of ${s.budget}${s.complete ? '' : ' (incomplete)'}; ${s.counterexamples.length} counterexample(s) of the candidate's own; ${s.shared} violation(s) the production model shows too; ${s.unconfirmed} that did not recur in other worlds of the same parameters.</p>`,
    s.counterexamples.length > 0
      ? table(
          ['invariant', 'margin', 'found by', 'minimal scenario', 'replay'],
          s.counterexamples.map((c) => [c.invariant, num(c.margin), c.found_by, c.file, c.replay]),
        )
      : '',
    waived.length > 0 ? table(['waived invariant', 'reason'], waived) : '',
  ];
}
