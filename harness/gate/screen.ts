// Fail-closed screening before any statistics: model loads, an empty suite or slice, errored
// and timed-out episodes, missing partners, missing or non-finite metrics, and every
// invariant violation (with the command that replays it). Pure over the gate input.
import type { ReportCheck, ReportViolation } from '../../reports/types.js';
import type { EpisodeOutcome } from '../../sim/result.js';
import { defaultReplayCommand, type GateInput, type GateModel, type GateScenario, inSlice } from './input.js';

export interface Screening {
  /** Problems that make the decision ERROR. */
  readonly errors: ReportCheck[];
  /** Every violated invariant of either model, in plan order. */
  readonly violations: ReportViolation[];
  /** Plan index of each candidate violation under zero tolerance (for the look it falls in). */
  readonly zeroToleranceAt: number[];
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

export function screen(input: GateInput): Screening {
  const errors: ReportCheck[] = [];
  const violations: ReportViolation[] = [];
  const zeroToleranceAt: number[] = [];
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
  const byId = new Map<string, GateScenario>(input.scenarios.map((s) => [s.id, s]));
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
  const kpis = requiredKpis(input);
  const zeroTolerance = input.config.safety.invariants;
  const replay = input.replayCommand ?? defaultReplayCommand;
  input.pairs.forEach((pair, index) => {
    const scenario = byId.get(pair.scenario_id);
    const where = `scenario ${pair.scenario_id} sample ${pair.sample} (seed ${pair.seed})`;
    if (!scenario) {
      errors.push(
        errorCheck(
          'unknown_scenario',
          `scenario:${pair.scenario_id}`,
          `${where}: the result names a scenario that is not in the suite`,
        ),
      );
    }
    for (const model of ['candidate', 'baseline'] as const) {
      const outcome: EpisodeOutcome | undefined = pair[model];
      const slice = `scenario:${pair.scenario_id}`;
      const figures = { model, sample: pair.sample, seed: pair.seed };
      if (!outcome) {
        errors.push(
          errorCheck('missing_result', slice, `${where}: no ${model} result for this pair`, figures),
        );
        continue;
      }
      if (outcome.status === 'error' || outcome.status === 'timeout') {
        const what = outcome.status === 'timeout' ? 'timed out' : 'errored';
        errors.push(
          errorCheck(
            `episode_${outcome.status}`,
            slice,
            `${where}: the ${model} episode ${what}${outcome.error ? `: ${outcome.error.message}` : ''}`,
            {
              ...figures,
              code: outcome.error?.code ?? null,
            },
          ),
        );
        continue;
      }
      for (const [kpi, { binary }] of kpis) {
        const value = outcome.kpis[kpi];
        if (value === undefined) {
          errors.push(
            errorCheck('missing_metric', slice, `${where}: the ${model} episode reports no ${kpi}`, {
              ...figures,
              kpi,
            }),
          );
        } else if (typeof value !== 'number' || !Number.isFinite(value)) {
          errors.push(
            errorCheck(
              'non_finite_metric',
              slice,
              `${where}: the ${model} episode reports ${kpi} = ${String(value)}`,
              { ...figures, kpi, value: String(value) },
            ),
          );
        } else if (binary && value !== 0 && value !== 1) {
          errors.push(
            errorCheck(
              'not_binary',
              slice,
              `${where}: ${kpi} is tested as binary but the ${model} episode reports ${value}`,
              { ...figures, kpi, value },
            ),
          );
        }
      }
      for (const inv of outcome.invariants) {
        if (!inv.violated) continue;
        violations.push(violationOf(inv, model, pair, scenario?.file, replay));
        if (model === 'candidate' && (zeroTolerance === 'all' || zeroTolerance.includes(inv.name)))
          zeroToleranceAt.push(index);
      }
    }
  });
  return { errors, violations, zeroToleranceAt };
}

function violationOf(
  inv: EpisodeOutcome['invariants'][number],
  model: GateModel,
  pair: GateInput['pairs'][number],
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
    }),
  };
}
