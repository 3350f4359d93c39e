// The sweep summary: per model role, KPIs per scenario, per tag (ODD cell) and overall, with
// 95% intervals — Wilson for rates (episodes passing, invariants violated), mean ± t for
// continuous KPIs. A pure function of the manifest and the results in plan order, so a
// single-machine run and merged shards give byte-identical summaries.
import type { EpisodeStatus } from '../../sim/result.js';
import { studentQuantile } from '../gate/stats/studentT.js';
import { wilsonInterval } from '../gate/stats/wilson.js';
import type { SweepManifest } from './manifest.js';
import type { EpisodeResult } from './results.js';

export interface RateSummary {
  readonly successes: number;
  readonly n: number;
  readonly rate: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

export interface MeanSummary {
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

export interface GroupSummary {
  readonly role: string;
  readonly model_id: string;
  readonly episodes: number;
  readonly statuses: Readonly<Record<EpisodeStatus, number>>;
  readonly pass_rate: RateSummary;
  /** Per invariant: the rate of episodes that violated it. */
  readonly violations: Readonly<Record<string, RateSummary>>;
  readonly kpis: Readonly<Record<string, MeanSummary>>;
}

export interface SweepSummary {
  readonly format: 'simgate.summary/v1';
  readonly plan_hash: string;
  readonly episodes: { readonly planned: number; readonly finished: number };
  readonly overall: readonly GroupSummary[];
  readonly scenarios: readonly {
    readonly id: string;
    readonly task: string;
    readonly tags: readonly string[];
    readonly groups: readonly GroupSummary[];
  }[];
  readonly tags: readonly { readonly tag: string; readonly groups: readonly GroupSummary[] }[];
}

/** A rate with its two-sided 95% Wilson interval (the gate's one Wilson implementation). */
export function wilson(successes: number, n: number): RateSummary {
  if (n === 0) return { successes, n, rate: null, lo: null, hi: null };
  const i = wilsonInterval(successes, n, 0.95);
  return { successes, n, rate: successes / n, lo: i.lower, hi: i.upper };
}

export function meanInterval(values: readonly number[]): MeanSummary {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, lo: null, hi: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, sd: null, lo: null, hi: null };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = (studentQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, lo: mean - half, hi: mean + half };
}

function summarizeGroup(role: string, modelId: string, results: readonly EpisodeResult[]): GroupSummary {
  const statuses: Record<EpisodeStatus, number> = { ok: 0, violation: 0, error: 0, timeout: 0 };
  const violated = new Map<string, number>();
  const kpiValues = new Map<string, number[]>();
  for (const r of results) {
    statuses[r.status]++;
    for (const inv of r.invariants)
      violated.set(inv.name, (violated.get(inv.name) ?? 0) + (inv.violated ? 1 : 0));
    // Errored episodes have no KPIs; a NaN KPI (written as null) is missing, not zero.
    for (const [name, value] of Object.entries(r.kpis)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      if (!kpiValues.has(name)) kpiValues.set(name, []);
      kpiValues.get(name)!.push(value);
    }
  }
  const violations: Record<string, RateSummary> = {};
  for (const name of [...violated.keys()].sort())
    violations[name] = wilson(violated.get(name)!, results.length);
  const kpis: Record<string, MeanSummary> = {};
  for (const name of [...kpiValues.keys()].sort()) kpis[name] = meanInterval(kpiValues.get(name)!);
  return {
    role,
    model_id: modelId,
    episodes: results.length,
    statuses,
    pass_rate: wilson(statuses.ok, results.length),
    violations,
    kpis,
  };
}

function groupsOf(manifest: SweepManifest, results: readonly EpisodeResult[]): GroupSummary[] {
  return manifest.models
    .map((m) => ({ m, rs: results.filter((r) => r.role === m.role) }))
    .filter(({ rs }) => rs.length > 0)
    .map(({ m, rs }) => summarizeGroup(m.role, m.model_id, rs));
}

export function summarize(manifest: SweepManifest, results: readonly EpisodeResult[]): SweepSummary {
  const byScenario = new Map<string, EpisodeResult[]>();
  for (const r of results) {
    if (!byScenario.has(r.scenario_id)) byScenario.set(r.scenario_id, []);
    byScenario.get(r.scenario_id)!.push(r);
  }
  const tags = [...new Set(manifest.scenarios.flatMap((s) => s.tags))].sort();
  return {
    format: 'simgate.summary/v1',
    plan_hash: manifest.plan_hash,
    episodes: { planned: manifest.episodes_total, finished: results.length },
    overall: groupsOf(manifest, results),
    scenarios: manifest.scenarios.map((s) => ({
      id: s.id,
      task: s.task,
      tags: s.tags,
      groups: groupsOf(manifest, byScenario.get(s.id) ?? []),
    })),
    tags: tags.map((tag) => {
      const ids = new Set(manifest.scenarios.filter((s) => s.tags.includes(tag)).map((s) => s.id));
      return {
        tag,
        groups: groupsOf(
          manifest,
          results.filter((r) => ids.has(r.scenario_id)),
        ),
      };
    }),
  };
}
