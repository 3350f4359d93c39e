// The scenario range checks (scenarios/check.ts, check-params.ts) exactly at their boundaries:
// each limit is tested on the value itself and on the nearest values either side, so an
// off-by-one (`>` for `>=`) cannot pass. A fault may start before the horizon, never at it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_HORIZON_H } from '../../scenarios/check.js';
import { loadScenarioFile } from '../../scenarios/load.js';
import { ScenarioError } from '../../scenarios/problems.js';
import type { Scenario } from '../../scenarios/types.js';
import { inlineFiles } from '../helpers/cli.js';

// No requirements file above it (package.json marks the project root).
const dir = inlineFiles({ 'package.json': '{}' });
let count = 0;

/** Loads `body` as a scenario file: the Scenario, or every problem as `path: message`. */
function load(body: string): Scenario | string[] {
  const file = join(dir, `s${count++}.yaml`);
  writeFileSync(file, body);
  try {
    return loadScenarioFile(file);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

const problems = (body: string) => {
  const r = load(body);
  return Array.isArray(r) ? r : [];
};

const stream = (horizon: number | string, faults: string) => `id: s
title: t
task: stream
samples: 1
horizon_h: ${horizon}
faults:
${faults}
`;

const pick = (extra: string) => `id: p
title: t
task: pick
samples: 1
${extra}
`;

describe('stream faults against the horizon', () => {
  it('a fault starting exactly at the horizon is refused; just before it is accepted', () => {
    expect(problems(stream(24, '  - {kind: dropout, start_h: 24}'))).toEqual([
      'faults[0].start_h: 24 is not before the horizon (24 h)',
    ]);
    expect(problems(stream(24, '  - {kind: dropout, start_h: 23.999}'))).toEqual([]);
    expect(problems(stream(24, '  - {kind: dropout, start_h: 24.001}'))).toEqual([
      'faults[0].start_h: 24.001 is not before the horizon (24 h)',
    ]);
  });
  it('a fault may end exactly at the horizon, not after it', () => {
    expect(problems(stream(24, '  - {kind: dropout, start_h: 1, end_h: 24}'))).toEqual([]);
    expect(problems(stream(24, '  - {kind: dropout, start_h: 1, end_h: 24.001}'))).toEqual([
      'faults[0].end_h: 24.001 is after the horizon (24 h)',
    ]);
  });
  it('every fault is checked, each at its own index', () => {
    const faults = [
      '  - {kind: dropout, start_h: 2, end_h: 4}',
      '  - {kind: spike, start_h: 12, end_h: 13, magnitude: 3}',
      '  - {kind: nan, start_h: 12, end_h: 12.5}',
    ].join('\n');
    expect(problems(stream(12, faults))).toEqual([
      'faults[1].start_h: 12 is not before the horizon (12 h)',
      'faults[1].end_h: 13 is after the horizon (12 h)',
      'faults[2].start_h: 12 is not before the horizon (12 h)',
      'faults[2].end_h: 12.5 is after the horizon (12 h)',
    ]);
  });
  it('the horizon itself may reach MAX_HORIZON_H and no further', () => {
    expect(MAX_HORIZON_H).toBe(100_000);
    expect(problems(stream(100_000, '  - {kind: dropout, start_h: 1}'))).toEqual([]);
    expect(problems(stream(100_000.5, '  - {kind: dropout, start_h: 1}'))).toEqual([
      'horizon_h: must be at most 100000 (got 100000.5)',
    ]);
  });
  it('an accepted fault keeps its timing, and the horizon is the scenario’s', () => {
    const s = load(stream(24, '  - {kind: dropout, start_h: 23.5, end_h: 24, probability: 0.5}'));
    expect(s).toMatchObject({
      horizon_h: 24,
      faults: [{ kind: 'dropout', start_h: 23.5, end_h: 24, probability: 0.5 }],
    });
  });
  it('a stream scenario needs a horizon and takes no duration', () => {
    expect(problems('id: s\ntitle: t\ntask: stream\nsamples: 1\n')).toEqual([
      ': missing required field "horizon_h" (stream scenarios)',
    ]);
    expect(problems('id: s\ntitle: t\ntask: stream\nsamples: 1\nhorizon_h: 2\nduration_s: 10\n')).toEqual([
      'duration_s: only for pick scenarios',
    ]);
    expect(problems(pick('horizon_h: 2'))).toEqual(['horizon_h: only for stream scenarios']);
  });
});

describe('pick episode length and parameter ranges', () => {
  it('duration_s may be 5 s and 7200 s, not less or more', () => {
    expect(problems(pick('duration_s: 5'))).toEqual([]);
    expect(problems(pick('duration_s: 7200'))).toEqual([]);
    expect(problems(pick('duration_s: 4.99'))).toEqual(['duration_s: 4.99 is outside [5, 7200] s']);
    expect(problems(pick('duration_s: 7200.01'))).toEqual(['duration_s: 7200.01 is outside [5, 7200] s']);
    expect(load(pick('duration_s: 5'))).toMatchObject({ duration_s: 5 });
    expect(problems(pick('duration_s: 10\nparams:\n  cell.duration_s: 10'))).toEqual([
      'params.cell.duration_s: give the episode length once: duration_s or this',
    ]);
  });
  it('a constant may sit on either end of the physical range', () => {
    // gripper.vacuum_kpa: [10, 90] kPa
    expect(problems(pick('params:\n  gripper.vacuum_kpa: 10'))).toEqual([]);
    expect(problems(pick('params:\n  gripper.vacuum_kpa: 90'))).toEqual([]);
    expect(problems(pick('params:\n  gripper.vacuum_kpa: 9.99'))).toEqual([
      'params.gripper.vacuum_kpa: 9.99 is outside the physical range [10, 90] kPa',
    ]);
    expect(problems(pick('params:\n  gripper.vacuum_kpa: 90.01'))).toEqual([
      'params.gripper.vacuum_kpa: 90.01 is outside the physical range [10, 90] kPa',
    ]);
  });
  it('uniform and int bounds are inside the range, min ≤ max (equal is a point)', () => {
    expect(problems(pick('params:\n  gripper.vacuum_kpa: {uniform: {min: 10, max: 90}}'))).toEqual([]);
    expect(problems(pick('params:\n  gripper.vacuum_kpa: {uniform: {min: 40, max: 40}}'))).toEqual([]);
    expect(problems(pick('params:\n  gripper.vacuum_kpa: {uniform: {min: 41, max: 40}}'))).toEqual([
      'params.gripper.vacuum_kpa.uniform: min (41) is greater than max (40)',
    ]);
    expect(problems(pick('params:\n  gripper.vacuum_kpa: {uniform: {min: 5, max: 95}}'))).toEqual([
      'params.gripper.vacuum_kpa.uniform.min: 5 is outside the physical range [10, 90] kPa',
      'params.gripper.vacuum_kpa.uniform.max: 95 is outside the physical range [10, 90] kPa',
    ]);
    expect(problems(pick('params:\n  items.count: {int: {min: 1, max: 30}}'))).toEqual([]);
    expect(problems(pick('params:\n  items.count: {int: {min: 0, max: 31}}'))).toEqual([
      'params.items.count.int.min: 0 is outside the physical range [1, 30] items',
      'params.items.count.int.max: 31 is outside the physical range [1, 30] items',
    ]);
    expect(problems(pick('params:\n  items.count: {uniform: {min: 1, max: 3}}'))).toEqual([
      'params.items.count.uniform: items.count takes integers: use a constant, {int: {min, max}} or {choice: ...}',
    ]);
  });
  it('normal: sd 0 is a point, a negative sd is refused; the mean and optional bounds are in range', () => {
    const normal = (args: string) => problems(pick(`params:\n  gripper.vacuum_kpa: {normal: {${args}}}`));
    expect(normal('mean: 60, sd: 0')).toEqual([]);
    expect(normal('mean: 90, sd: 5, min: 10, max: 90')).toEqual([]);
    expect(normal('mean: 60, sd: -0.1')).toEqual([
      'params.gripper.vacuum_kpa.normal.sd: must not be negative (got -0.1)',
    ]);
    expect(normal('mean: 91, sd: 1')).toEqual([
      'params.gripper.vacuum_kpa.normal.mean: 91 is outside the physical range [10, 90] kPa',
    ]);
    expect(normal('mean: 60, sd: 1, min: 70, max: 50')).toEqual([
      'params.gripper.vacuum_kpa.normal: min (70) is greater than max (50)',
    ]);
    expect(normal('mean: 60, sd: 1, max: 95')).toEqual([
      'params.gripper.vacuum_kpa.normal.max: 95 is outside the physical range [10, 90] kPa',
    ]);
  });
  it('lognormal: sigma 0 is allowed, a negative one is not; the median exp(mu) must be in range', () => {
    const lognormal = (args: string) => problems(pick(`params:\n  items.mass_kg: {lognormal: {${args}}}`));
    // items.mass_kg: [0.05, 8] kg; exp(0) = 1 kg
    expect(lognormal('mu: 0, sigma: 0')).toEqual([]);
    expect(lognormal('mu: 0, sigma: -1')).toEqual([
      'params.items.mass_kg.lognormal.sigma: must not be negative (got -1)',
    ]);
    // exp(2.1) = 8.166 kg > 8 kg; exp(-3.1) = 0.04505 kg < 0.05 kg
    expect(lognormal('mu: 2.1, sigma: 0.1')).toEqual([
      'params.items.mass_kg.lognormal.mu: the median exp(mu) = 8.166 is outside the physical range [0.05, 8] kg',
    ]);
    expect(lognormal('mu: -3.1, sigma: 0.1')).toEqual([
      'params.items.mass_kg.lognormal.mu: the median exp(mu) = 0.04505 is outside the physical range [0.05, 8] kg',
    ]);
    expect(lognormal('mu: 2.07, sigma: 0.1')).toEqual([]); // exp(2.07) = 7.925 kg
  });
  it('choice: values in range, one weight per value, none negative, not all zero', () => {
    const choice = (args: string) => problems(pick(`params:\n  gripper.vacuum_kpa: {choice: {${args}}}`));
    expect(choice('values: [10, 90]')).toEqual([]);
    expect(choice('values: [10, 90], weights: [0, 1]')).toEqual([]);
    expect(choice('values: [10, 95]')).toEqual([
      'params.gripper.vacuum_kpa.choice.values[1]: 95 is outside the physical range [10, 90] kPa',
    ]);
    expect(choice('values: [10, 90], weights: [1]')).toEqual([
      'params.gripper.vacuum_kpa.choice.weights: has 1 weight for 2 values',
    ]);
    expect(choice('values: [10], weights: [1, 2]')).toEqual([
      'params.gripper.vacuum_kpa.choice.weights: has 2 weights for 1 value',
    ]);
    expect(choice('values: [10, 90], weights: [1, -0.5]')).toEqual([
      'params.gripper.vacuum_kpa.choice.weights[1]: must not be negative (got -0.5)',
    ]);
    expect(choice('values: [10, 90], weights: [0, 0]')).toEqual([
      'params.gripper.vacuum_kpa.choice.weights: must not all be zero',
    ]);
  });
});

describe('invariants, KPI criteria, lists', () => {
  it('limits are required, optional or forbidden as the catalog says; an invariant is listed once', () => {
    expect(problems(pick('invariants:\n  - max_contact_force_n'))).toEqual([
      'invariants[0]: invariant "max_contact_force_n" needs a limit in N: {name: max_contact_force_n, limit: ...}',
    ]);
    expect(problems(pick('invariants:\n  - {name: no_crush, limit: 1}'))).toEqual([
      'invariants[0].limit: invariant "no_crush" takes no limit',
    ]);
    expect(problems(pick('invariants:\n  - no_crush\n  - {name: no_crush}'))).toEqual([
      'invariants[1].name: invariant "no_crush" is listed twice (also at [0])',
    ]);
    expect(problems(pick('invariants:\n  - no_crsh'))).toEqual([
      'invariants[0]: unknown pick invariant "no_crsh" (did you mean "no_crush"?)',
    ]);
    const s = load(pick('invariants:\n  - {name: max_contact_force_n, limit: 40}\n  - no_crush'));
    expect(s).toMatchObject({
      invariants: [{ name: 'max_contact_force_n', limit: 40 }, { name: 'no_crush' }],
    });
  });
  it('a KPI criterion may have min = max, not min > max', () => {
    expect(problems(pick('kpi_criteria:\n  pick_success_rate: {min: 0.9, max: 0.9}'))).toEqual([]);
    expect(problems(pick('kpi_criteria:\n  pick_success_rate: {min: 0.91, max: 0.9}'))).toEqual([
      'kpi_criteria.pick_success_rate: min (0.91) is greater than max (0.9)',
    ]);
    expect(problems(pick('kpi_criteria:\n  pick_sucess_rate: {min: 0.9}'))).toEqual([
      'kpi_criteria.pick_sucess_rate: unknown pick KPI (did you mean "pick_success_rate"?)',
    ]);
    expect(load(pick('kpi_criteria:\n  pick_success_rate: {min: 0.9}'))).toMatchObject({
      kpi_criteria: [{ kpi: 'pick_success_rate', min: 0.9 }],
    });
  });
  it('tags and requirements are listed once each', () => {
    expect(problems(pick('tags: [a, b, a]\nrequirements: [R-1, R-1]'))).toEqual([
      'tags[2]: "a" is listed twice',
      'requirements[1]: "R-1" is listed twice',
    ]);
  });
});
