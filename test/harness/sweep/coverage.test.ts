// The model/scenario coverage rule: task, and for stream models the card's sensor against the
// scenario's `stream.sensor` (constant, choice, or the registry default when absent).
import { describe, expect, it } from 'vitest';
import {
  coverageGap,
  coveredScenarios,
  scenarioSensors,
  skippedScenarioLines,
} from '../../../harness/sweep/coverage.js';
import { type ModelRef, planSweep } from '../../../harness/sweep/plan.js';
import type { Distribution, Scenario } from '../../../scenarios/types.js';
import { scenario } from './plan.fixture.js';

const streamModel = (sensor?: string, role = 'candidate'): ModelRef => ({
  role,
  kind: 'onnx',
  task: 'stream',
  path: `/m/${role}.onnx`,
  sha256: role[0].repeat(64),
  cardSha256: 'a'.repeat(64),
  ...(sensor ? { sensor } : {}),
});

const withSensor = (id: string, sensor?: Distribution): Scenario => {
  const base = scenario(id, 2, 'stream');
  return { ...base, params: sensor ? { ...base.params, 'stream.sensor': sensor } : base.params };
};

const temperature = withSensor('temp', { kind: 'const', value: 'temperature' });
const vibration = withSensor('vib', { kind: 'const', value: 'vibration' });
const defaulted = withSensor('default');
const mixed = withSensor('mixed', { kind: 'choice', values: ['temperature', 'vacuum'] });

describe('coverage of scenarios by models', () => {
  it('reads the sensor of a scenario: constant, every choice, or the registry default', () => {
    expect(scenarioSensors(temperature)).toEqual(['temperature']);
    expect(scenarioSensors(mixed)).toEqual(['temperature', 'vacuum']);
    expect(scenarioSensors(defaulted)).toEqual(['temperature']);
  });

  it('a stream model covers only scenarios of the sensor its card reads', () => {
    const model = streamModel('temperature');
    expect(coverageGap(model, temperature)).toBeUndefined();
    expect(coverageGap(model, defaulted)).toBeUndefined();
    expect(coverageGap(model, vibration)).toBe('vibration sensor; the model reads temperature');
    expect(coverageGap(model, mixed)).toBe('temperature or vacuum sensor; the model reads temperature');
    expect(coverageGap(streamModel(), temperature)).toMatch(/no declared sensor/);
    expect(coverageGap(model, scenario('pick-1', 2, 'pick'))).toBe(
      'pick scenario; the model is a stream model',
    );
  });

  it('the reference policies cover every task and sensor', () => {
    const reference: ModelRef = { role: 'reference', kind: 'reference' };
    for (const s of [temperature, vibration, mixed, scenario('p', 1, 'pick')]) {
      expect(coverageGap(reference, s)).toBeUndefined();
    }
  });

  it('a suite splits into what every model covers and what is skipped, each with its reason', () => {
    const models = [streamModel('temperature'), streamModel('temperature', 'baseline')];
    const { covered, skipped } = coveredScenarios([temperature, vibration, defaulted, mixed], models);
    expect(covered.map((s) => s.id)).toEqual(['temp', 'default']);
    expect(skipped.map((s) => s.id)).toEqual(['vib', 'mixed']);
    expect(skippedScenarioLines(skipped)).toEqual([
      'skipping 1 scenario(s) the model does not cover: vib (vibration sensor; the model reads temperature)',
      'skipping 1 scenario(s) the model does not cover: mixed (temperature or vacuum sensor; the model reads temperature)',
    ]);
    // A baseline reading another sensor leaves nothing both models cover.
    const split = coveredScenarios(
      [temperature],
      [streamModel('temperature'), streamModel('vibration', 'b')],
    );
    expect(split.covered).toEqual([]);
  });

  it('the planner applies the same rule', () => {
    const plan = planSweep({
      scenarios: [temperature, vibration],
      models: [streamModel('temperature')],
      suiteSeed: 0,
    });
    expect(plan.scenarios.map((s) => s.id)).toEqual(['temp']);
    expect(new Set(plan.episodes.map((e) => e.scenario_id))).toEqual(new Set(['temp']));
  });
});
