// The `kpis` section of the report: per model, per scenario and overall, means with seeded
// paired-bootstrap percentile intervals, and the paired candidate − baseline difference.
import type { KpiBlock, KpiDifference, KpiEstimate, ReportKpis } from '../../reports/types.js';
import type { GateCatalog } from './catalogs.js';
import { gateCatalog } from './catalogs.js';
import type { GateInput, GatePair } from './input.js';
import { bootstrapMean, percentileInterval } from './stats/bootstrap.js';

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

function estimate(
  values: readonly number[],
  confidence: number,
  resamples: number,
  seed: readonly (string | number)[],
): KpiEstimate {
  const boot = bootstrapMean(values, { resamples, seed });
  const i = percentileInterval(boot, confidence);
  return { mean: r6(boot.estimate), lower: r6(i.lower), upper: r6(i.upper), n: values.length };
}

/** KPI names to summarise: the gate's rules first (business order), then any other reported KPI. */
export function kpiOrder(input: GateInput, pairs: readonly GatePair[]): string[] {
  const order: string[] = [];
  const add = (k: string) => {
    if (!order.includes(k)) order.push(k);
  };
  for (const slice of input.config.slices) for (const r of slice.kpis) add(r.kpi);
  for (const slice of input.config.slices) for (const f of slice.floors) add(f.kpi);
  const rest = new Set<string>();
  for (const p of pairs)
    for (const o of [p.candidate, p.baseline]) for (const k of Object.keys(o?.kpis ?? {})) rest.add(k);
  for (const k of [...rest].sort()) add(k);
  return order;
}

function block(
  pairs: readonly GatePair[],
  kpis: readonly string[],
  input: GateInput,
  key: string,
  directions: ReadonlyMap<string, 'higher' | 'lower'>,
): KpiBlock {
  const candidate: Record<string, KpiEstimate> = {};
  const baseline: Record<string, KpiEstimate> = {};
  const difference: Record<string, KpiDifference> = {};
  const { confidence, bootstrap_resamples: resamples } = input.config;
  const seed = input.seed ?? 0;
  for (const kpi of kpis) {
    // Only complete, finite pairs enter a summary; the decision already failed closed on the rest.
    const usable = pairs.filter(
      (p) => Number.isFinite(p.candidate?.kpis[kpi]) && Number.isFinite(p.baseline?.kpis[kpi]),
    );
    if (usable.length === 0) continue;
    const c = usable.map((p) => p.candidate!.kpis[kpi]);
    const b = usable.map((p) => p.baseline!.kpis[kpi]);
    candidate[kpi] = estimate(c, confidence, resamples, [seed, 'summary', key, kpi, 'candidate']);
    baseline[kpi] = estimate(b, confidence, resamples, [seed, 'summary', key, kpi, 'baseline']);
    difference[kpi] = {
      ...estimate(
        c.map((x, i) => x - b[i]),
        confidence,
        resamples,
        [seed, 'summary', key, kpi, 'difference'],
      ),
      better: directions.get(kpi) ?? 'higher',
    };
  }
  return { candidate, baseline, difference };
}

/** The report's KPI section over `pairs` (normally the pairs the decision used). */
export function summarizeKpis(input: GateInput, pairs: readonly GatePair[]): ReportKpis {
  const order = kpiOrder(input, pairs);
  const catalog: GateCatalog | undefined = gateCatalog(input.config.task);
  const directions = new Map<string, 'higher' | 'lower'>(catalog?.kpis.map((d) => [d.name, d.better]) ?? []);
  for (const slice of input.config.slices) for (const r of slice.kpis) directions.set(r.kpi, r.direction);
  const units: Record<string, string> = {};
  for (const k of order) units[k] = catalog?.kpis.find((d) => d.name === k)?.unit ?? '';
  return {
    confidence: input.config.confidence,
    order,
    units,
    overall: block(pairs, order, input, 'overall', directions),
    scenarios: input.scenarios
      .filter((s) => pairs.some((p) => p.scenario_id === s.id))
      .map((s) => ({
        id: s.id,
        title: s.title,
        tags: s.tags,
        requirements: s.requirements,
        ...block(
          pairs.filter((p) => p.scenario_id === s.id),
          order,
          input,
          `scenario:${s.id}`,
          directions,
        ),
      })),
  };
}
