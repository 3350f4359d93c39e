// The HTML report's charts as Vega-Lite specs over the report data: KPI comparison with
// intervals, the per-scenario outcome grid, failures over the sampled parameter space and the
// sequential test's path. Each builder returns null when the report has nothing to draw.
import type { TopLevelSpec } from 'vega-lite';
import type { EpisodeVerdict, KpiEstimate, ReportData, ReportEpisodeDetail } from './types.js';

const MODEL_COLORS = { domain: ['candidate', 'baseline'], range: ['#1f6feb', '#8b949e'] };
const VERDICT_COLORS = {
  domain: ['pass', 'violation', 'error'] satisfies EpisodeVerdict[],
  range: ['#2da44e', '#cf222e', '#24292f'],
};
/** Long labels are cut so one hostile or verbose title cannot stretch a chart. */
const short = (s: string, n = 48) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Candidate and baseline means with their intervals, overall and per scenario, one panel per KPI. */
export function kpiComparisonSpec(report: ReportData, maxKpis = 4): TopLevelSpec | null {
  const k = report.kpis;
  const rows: Record<string, string | number>[] = [];
  // A KPI that is one constant everywhere (e.g. no crushes at all) says nothing as a chart.
  const varies = (kpi: string) => {
    const blocks = [k.overall, ...k.scenarios];
    const values = blocks.flatMap((b) =>
      [b.candidate[kpi], b.baseline[kpi]].flatMap((e) => (e ? [e.mean, e.lower, e.upper] : [])),
    );
    return values.some((v) => v !== values[0]);
  };
  const kpis = k.order
    .filter((kpi) => (k.overall.candidate[kpi] || k.overall.baseline[kpi]) && varies(kpi))
    .slice(0, maxKpis);
  const push = (kpi: string, slice: string, model: string, e: KpiEstimate | undefined) => {
    if (e && [e.mean, e.lower, e.upper].every(Number.isFinite))
      rows.push({ kpi, slice, model, mean: e.mean, lower: e.lower, upper: e.upper, n: e.n });
  };
  for (const kpi of kpis) {
    for (const model of ['candidate', 'baseline'] as const) {
      push(kpi, 'overall', model, k.overall[model][kpi]);
      for (const s of k.scenarios) push(kpi, short(s.id), model, s[model][kpi]);
    }
  }
  if (rows.length === 0) return null;
  const slices = ['overall', ...k.scenarios.map((s) => short(s.id))];
  return {
    title: `KPIs: mean and ${Math.round(k.confidence * 100)}% interval, candidate vs baseline`,
    data: { values: rows },
    vconcat: kpis.map((kpi) => ({
      transform: [{ filter: { field: 'kpi', equal: kpi } }],
      width: 520,
      height: { step: k.scenarios.length > 8 ? 16 : 22 },
      encoding: {
        y: { field: 'slice', type: 'nominal', sort: slices, title: null },
        yOffset: { field: 'model', sort: MODEL_COLORS.domain },
        color: { field: 'model', type: 'nominal', scale: MODEL_COLORS, title: 'model' },
      },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            x: {
              field: 'lower',
              type: 'quantitative',
              scale: { zero: false },
              title: `${kpi}${k.units[kpi] ? ` (${k.units[kpi]})` : ''}`,
            },
            x2: { field: 'upper' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 40 },
          encoding: { x: { field: 'mean', type: 'quantitative' } },
        },
      ],
    })),
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
}

/** Scenario × sample cells coloured by verdict, one panel per model (the first `maxSamples` samples). */
export function outcomeGridSpec(report: ReportData, maxSamples = 160): TopLevelSpec | null {
  const detail = report.episodes_detail ?? [];
  const rows = detail
    .filter((d) => d.sample < maxSamples)
    .flatMap((d) =>
      (['candidate', 'baseline'] as const).flatMap((model) => {
        const m = d[model];
        return m ? [{ scenario: short(d.scenario_id), sample: d.sample, model, verdict: m.verdict }] : [];
      }),
    );
  if (rows.length === 0) return null;
  const all = Math.max(...detail.map((d) => d.sample)) + 1;
  const samples = Math.min(all, maxSamples);
  const step = Math.max(4, Math.min(16, Math.floor(640 / samples)));
  return {
    title: `Outcome of every episode (scenario × sample${all > samples ? `, first ${samples} of ${all} samples` : ''})`,
    data: { values: rows },
    facet: { row: { field: 'model', type: 'nominal', sort: MODEL_COLORS.domain, title: null } },
    spec: {
      width: { step },
      height: { step: 14 },
      mark: { type: 'rect' },
      encoding: {
        x: {
          field: 'sample',
          type: 'ordinal',
          title: 'sample',
          axis: samples > 40 ? { labels: false, ticks: false } : {},
        },
        y: { field: 'scenario', type: 'nominal', title: null },
        color: { field: 'verdict', type: 'nominal', scale: VERDICT_COLORS, title: 'verdict' },
      },
    },
  } as TopLevelSpec;
}

/** Numeric parameters that vary within the scenario, the ones separating failures first. */
function telling(episodes: readonly ReportEpisodeDetail[]): string[] {
  const keys = new Set<string>();
  for (const e of episodes)
    for (const [k, v] of Object.entries(e.params ?? {})) if (typeof v === 'number') keys.add(k);
  const failed = (e: ReportEpisodeDetail) => e.candidate !== null && e.candidate.verdict !== 'pass';
  const scored = [...keys].sort().flatMap((key) => {
    const xs = episodes
      .map((e) => e.params?.[key])
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
    const m = mean(xs);
    const sd = Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
    if (!(sd > 0)) return [];
    const fail = episodes
      .filter(failed)
      .map((e) => e.params?.[key])
      .filter((v): v is number => typeof v === 'number');
    return [{ key, score: fail.length > 0 ? Math.abs(mean(fail) - m) / sd : 0 }];
  });
  return scored.sort((a, b) => b.score - a.score).map((s) => s.key);
}

/** Per scenario, the candidate's episodes over its two most telling sampled parameters. */
export function failureScatterSpec(report: ReportData, maxScenarios = 8): TopLevelSpec | null {
  const byScenario = new Map<string, ReportEpisodeDetail[]>();
  for (const d of report.episodes_detail ?? []) {
    if (!d.params || !d.candidate) continue;
    byScenario.set(d.scenario_id, [...(byScenario.get(d.scenario_id) ?? []), d]);
  }
  const failures = (list: readonly ReportEpisodeDetail[]) =>
    list.filter((d) => d.candidate?.verdict !== 'pass').length;
  const panels = [...byScenario]
    .map(([id, list]) => ({ id, list, axes: telling(list) }))
    .filter((p) => p.axes.length > 0)
    .sort((a, b) => failures(b.list) - failures(a.list))
    .slice(0, maxScenarios)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (panels.length === 0) return null;
  return {
    title: 'Candidate failures over the sampled parameters (two most telling per scenario)',
    columns: 2,
    concat: panels.map(({ id, list, axes }) => {
      const [px, py] = axes;
      const values = list.map((d) => ({
        x: d.params![px] as number,
        y: py ? (d.params![py] as number) : d.sample,
        verdict: d.candidate!.verdict,
        sample: d.sample,
      }));
      return {
        title: short(id, 60),
        width: 300,
        height: 220,
        data: { values },
        mark: { type: 'point', filled: true, size: 36, opacity: 0.85 },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: { zero: false }, title: short(px, 40) },
          y: {
            field: 'y',
            type: 'quantitative',
            scale: { zero: false },
            title: py ? short(py, 40) : 'sample',
          },
          color: { field: 'verdict', type: 'nominal', scale: VERDICT_COLORS, title: 'candidate' },
          shape: {
            field: 'verdict',
            type: 'nominal',
            scale: { domain: VERDICT_COLORS.domain, range: ['circle', 'cross', 'square'] },
          },
          order: { field: 'verdict', sort: 'descending' },
        },
      };
    }),
  } as TopLevelSpec;
}

/** The safety search's trials over the two parameters the margin moves with most. */
export function marginLandscapeSpec(report: ReportData): TopLevelSpec | null {
  const l = report.safety.search?.landscape;
  if (!l || l.points.length === 0) return null;
  return {
    title: 'Safety search: normalised margin over the two most influential parameters (< 0: violated)',
    width: 520,
    height: 300,
    data: { values: l.points.map((p) => ({ ...p })) },
    mark: { type: 'point', filled: true, size: 30, opacity: 0.8 },
    encoding: {
      x: { field: 'x', type: 'quantitative', scale: { zero: false }, title: short(l.x, 40) },
      y: { field: 'y', type: 'quantitative', scale: { zero: false }, title: short(l.y, 40) },
      color: {
        field: 'margin',
        type: 'quantitative',
        scale: { scheme: 'redyellowgreen', domainMid: 0 },
        title: 'margin',
      },
    },
  } as TopLevelSpec;
}

/** Each look: the weakest rule's z against its boundary, and the α spent so far. */
export function sequentialPathSpec(report: ReportData): TopLevelSpec | null {
  const looks = report.sequential.looks;
  if (looks.length === 0) return null;
  const z = looks.flatMap((l) =>
    l.statistic
      ? [
          { pairs: l.pairs, series: 'weakest rule z', value: l.statistic.z, outcome: l.outcome },
          { pairs: l.pairs, series: 'boundary z', value: l.statistic.boundary, outcome: l.outcome },
        ]
      : [],
  );
  const alpha = looks.flatMap((l) => [
    { pairs: l.pairs, series: 'cumulative α spent', value: l.cumulative_alpha, outcome: l.outcome },
    { pairs: l.pairs, series: 'nominal α of the look', value: l.nominal_alpha, outcome: l.outcome },
  ]);
  const panel = (title: string, values: object[], yTitle: string) => ({
    title,
    width: 260,
    height: 200,
    data: { values },
    mark: { type: 'line', point: { filled: true, size: 50 } },
    encoding: {
      x: {
        field: 'pairs',
        type: 'quantitative',
        title: 'pairs at the look',
        axis: { format: 'd', tickMinStep: 1 },
      },
      y: { field: 'value', type: 'quantitative', title: yTitle },
      color: { field: 'series', type: 'nominal', title: null },
      strokeDash: { field: 'series', type: 'nominal', title: null },
    },
  });
  return {
    title: `Sequential test: ${looks.length} look${looks.length === 1 ? '' : 's'}, last ${looks.at(-1)!.outcome}`,
    hconcat: [
      ...(z.length > 0 ? [panel('Promotion statistic', z, 'z')] : []),
      panel('α spending (O’Brien–Fleming type)', alpha, 'one-sided α'),
    ],
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
    config: { legend: { orient: 'bottom', direction: 'vertical' } },
  } as TopLevelSpec;
}
