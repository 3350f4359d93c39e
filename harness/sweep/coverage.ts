// Which scenarios a model evaluates: the task of its card and, for stream models, the sensor
// its card reads against the scenario's `stream.sensor`. One rule for `simgate run`, the gate
// and the planner; a scenario no model covers is reported with its reason, never dropped silently.
import { STREAM_PARAMS } from '../../sim/stream/params.js';
import type { Scenario } from '../../scenarios/types.js';
import type { ModelRef } from './plan.js';

/** The sensors a stream scenario may simulate: its `stream.sensor` param, or the registry default. */
export function scenarioSensors(scenario: Pick<Scenario, 'params'>): readonly string[] {
  const param = scenario.params['stream.sensor'];
  if (param === undefined) {
    const spec = STREAM_PARAMS.find((p) => p.name === 'stream.sensor');
    return spec ? [String(spec.default)] : [];
  }
  if (param.kind === 'const') return [String(param.value)];
  if (param.kind === 'choice') return [...new Set(param.values.map(String))];
  return [];
}

/**
 * Why `model` does not evaluate `scenario`, or undefined when it does. The reference policies
 * cover everything; an ONNX model covers scenarios of its card's task and, for streams, only
 * those whose sensor (every sensor a `choice` may draw) is the one its card reads.
 */
export function coverageGap(
  model: ModelRef,
  scenario: Pick<Scenario, 'task' | 'params'>,
): string | undefined {
  if (model.kind === 'reference') return undefined;
  if (model.task !== scenario.task) return `${scenario.task} scenario; the model is a ${model.task} model`;
  if (scenario.task !== 'stream') return undefined;
  const sensors = scenarioSensors(scenario);
  if (model.sensor !== undefined && sensors.length > 0 && sensors.every((s) => s === model.sensor)) {
    return undefined;
  }
  const what = sensors.length > 0 ? `${sensors.join(' or ')} sensor` : 'sensor not fixed';
  return `${what}; the model reads ${model.sensor ?? 'no declared sensor'}`;
}

/** Whether `model` evaluates `scenario` (see coverageGap). */
export function modelCovers(model: ModelRef, scenario: Pick<Scenario, 'task' | 'params'>): boolean {
  return coverageGap(model, scenario) === undefined;
}

export interface SkippedScenario {
  readonly id: string;
  readonly file: string;
  /** Why a model does not cover it (the first model that does not). */
  readonly reason: string;
}

/** Splits a suite into the scenarios every model covers and the rest, each with its reason. */
export function coveredScenarios<S extends Scenario>(
  scenarios: readonly S[],
  models: readonly ModelRef[],
): { covered: S[]; skipped: SkippedScenario[] } {
  const covered: S[] = [];
  const skipped: SkippedScenario[] = [];
  for (const scenario of scenarios) {
    const reason = models.map((m) => coverageGap(m, scenario)).find((r) => r !== undefined);
    if (reason === undefined) covered.push(scenario);
    else skipped.push({ id: scenario.id, file: scenario.file, reason });
  }
  return { covered, skipped };
}

/** One stderr line per distinct reason: `skipping a, b (reason)`. */
export function skippedScenarioLines(skipped: readonly SkippedScenario[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.id]);
  return [...byReason].map(
    ([reason, ids]) =>
      `skipping ${ids.length} scenario(s) the model does not cover: ${ids.join(', ')} (${reason})`,
  );
}
