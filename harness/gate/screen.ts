// Fail-closed screening before any statistics: model loads, an empty suite or slice (global),
// and per look segment the errored and timed-out episodes, missing partners, missing or
// non-finite metrics, and every invariant violation with the command that replays it.
import type { ReportCheck, ReportViolation } from '../../reports/types.js';
import {
  defaultReplayCommand,
  type GateEpisode,
  type GateInput,
  type GateModel,
  type GatePair,
  type GateScenario,
  inSlice,
} from './input.js';

export interface Screening {
  /** Problems that make the decision ERROR. */
  readonly errors: readonly ReportCheck[];
  /** Every violated invariant of either model, in plan order. */
  readonly violations: readonly ReportViolation[];
  /** Plan index of each candidate violation under zero tolerance. */
  readonly zeroTolerance: readonly number[];
}

/** Every KPI the decision reads, with whether it must be 0/1. */
export function requiredKpis(input: GateInput): Map<string, { binary: boolean }> {
  const kpis = new Map<string, { binary: boolean }>();
  for (const slice of input.config.slices) {
    for (const r of slice.kpis)
      kpis.set(r.kpi, { binary: (kpis.get(r.kpi)?.binary ?? false) || r.test === 'binary' });
    for (const f of slice.floors) if (!kpis.has(f.kpi)) kpis.set(f.kpi, { binary: false });
  }
  for (const s of input.scenarios)
    for (const c of s.kpi_criteria) if (!kpis.has(c.kpi)) kpis.set(c.kpi, { binary: false });
  return kpis;
}

function errorCheck(
  rule: string,
  slice: string,
  message: string,
  figures: ReportCheck['figures'] = {},
): ReportCheck {
  return { rule, slice, status: 'error', figures, message };
}

/** What makes a gate ERROR before any episode is looked at. */
export function screenGlobal(input: GateInput): Screening {
  const errors: ReportCheck[] = [];
  for (const model of ['candidate', 'baseline'] as const) {
    const load = input.models[model];
    if (!load.ok)
      errors.push(
        errorCheck('model_load', `model:${model}`, `the ${model} model failed to load: ${load.message}`),
      );
  }
  if (input.planned_pairs <= 0 || input.scenarios.length === 0 || input.pairs.length === 0) {
    errors.push(
      errorCheck(
        'empty_suite',
        'all',
        'the suite has no episodes to compare: an empty suite never promotes',
        {
          scenarios: input.scenarios.length,
          planned_pairs: input.planned_pairs,
          pairs: input.pairs.length,
        },
      ),
    );
  }
  for (const slice of input.config.slices) {
    if (slice.selector.kind !== 'all' && !input.scenarios.some((s) => inSlice(s, slice.selector))) {
      errors.push(
        errorCheck(
          'empty_slice',
          slice.name,
          `no scenario of the suite is in slice ${slice.name}, so its rules cannot be checked`,
        ),
      );
    }
  }
  return { errors, violations: [], zeroTolerance: [] };
}

/**
 * Screens `segment` (the pairs at plan indices offset…): both models while the KPI comparison
 * is open, the candidate alone after it promoted.
 */
export function screenPairs(
  input: GateInput,
  segment: readonly GatePair[],
  offset: number,
  roles: 'both' | 'candidate',
): Screening {
  const errors: ReportCheck[] = [];
  const violations: ReportViolation[] = [];
  const zeroTolerance: number[] = [];
  const byId = new Map<string, GateScenario>(input.scenarios.map((s) => [s.id, s]));
  const kpis = requiredKpis(input);
  const strict = input.config.safety.invariants;
  const replay = input.replayCommand ?? defaultReplayCommand;
  const models: readonly GateModel[] = roles === 'both' ? ['candidate', 'baseline'] : ['candidate'];
  segment.forEach((pair, i) => {
    const scenario = byId.get(pair.scenario_id);
    const where = `scenario ${pair.scenario_id} sample ${pair.sample} (seed ${pair.seed})`;
    const slice = `scenario:${pair.scenario_id}`;
    if (!scenario)
      errors.push(
        errorCheck(
          'unknown_scenario',
          slice,
          `${where}: the result names a scenario that is not in the suite`,
        ),
      );
    for (const model of models) {
      const episode: GateEpisode | undefined = pair[model];
      const figures = { model, sample: pair.sample, seed: pair.seed };
      if (!episode) {
        errors.push(
          errorCheck('missing_result', slice, `${where}: no ${model} result for this pair`, figures),
        );
        continue;
      }
      if (episode.status === 'error' || episode.status === 'timeout') {
        const what = episode.status === 'timeout' ? 'timed out' : 'errored';
        errors.push(
          errorCheck(
            `episode_${episode.status}`,
            slice,
            `${where}: the ${model} episode ${what}${episode.error ? `: ${episode.error.message}` : ''}`,
            { ...figures, code: episode.error?.code ?? null },
          ),
        );
        continue;
      }
      errors.push(...metricProblems(episode, model, kpis, slice, where, figures));
      for (const inv of episode.invariants) {
        if (!inv.violated) continue;
        violations.push(violationOf(inv, model, pair, scenario?.file, replay));
        if (model === 'candidate' && (strict === 'all' || strict.includes(inv.name)))
          zeroTolerance.push(offset + i);
      }
    }
  });
  return { errors, violations, zeroTolerance };
}

function metricProblems(
  episode: GateEpisode,
  model: GateModel,
  kpis: ReadonlyMap<string, { binary: boolean }>,
  slice: string,
  where: string,
  figures: ReportCheck['figures'],
): ReportCheck[] {
  const out: ReportCheck[] = [];
  for (const [kpi, { binary }] of kpis) {
    const value = episode.kpis[kpi];
    if (value === undefined) {
      out.push(
        errorCheck('missing_metric', slice, `${where}: the ${model} episode reports no ${kpi}`, {
          ...figures,
          kpi,
        }),
      );
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      const shown = value === null ? 'NaN (null)' : String(value);
      out.push(
        errorCheck('non_finite_metric', slice, `${where}: the ${model} episode reports ${kpi} = ${shown}`, {
          ...figures,
          kpi,
          value: String(value),
        }),
      );
    } else if (binary && value !== 0 && value !== 1) {
      out.push(
        errorCheck(
          'not_binary',
          slice,
          `${where}: ${kpi} is tested as binary but the ${model} episode reports ${value}`,
          {
            ...figures,
            kpi,
            value,
          },
        ),
      );
    }
  }
  return out;
}

function violationOf(
  inv: GateEpisode['invariants'][number],
  model: GateModel,
  pair: GatePair,
  file: string | undefined,
  replay: NonNullable<GateInput['replayCommand']>,
): ReportViolation {
  return {
    model,
    invariant: inv.name,
    scenario_id: pair.scenario_id,
    sample: pair.sample,
    seed: pair.seed,
    worst: inv.worst,
    limit: inv.limit ?? null,
    margin: inv.margin,
    t: inv.t ?? null,
    message:
      inv.message ??
      `${inv.name} violated (worst ${inv.worst}${inv.limit !== undefined ? `, limit ${inv.limit}` : ''})`,
    replay: replay({
      scenario_id: pair.scenario_id,
      scenario_file: file,
      sample: pair.sample,
      seed: pair.seed,
      model,
      invariant: { name: inv.name, ...(inv.limit !== undefined ? { limit: inv.limit } : {}) },
    }),
  };
}
