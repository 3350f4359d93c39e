// The Scenario the loader builds from a file that passed every check (scenarios/check.ts
// buildScenario, check-params.ts toDistribution): every distribution kind with and without its
// optional bounds, default invariant limits, lists, seeds, and the task-specific fields.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/load.js';
import { inlineFiles } from '../helpers/cli.js';

const dir = inlineFiles({ 'package.json': '{}' });
let count = 0;
function load(body: string) {
  const file = join(dir, `b${count++}.yaml`);
  writeFileSync(file, body);
  const s = loadScenarioFile(file);
  return { ...s, file: '', sha256: '' };
}

describe('buildScenario', () => {
  it('a pick scenario with every distribution kind', () => {
    const s = load(`id: all-kinds
title: Every kind
task: pick
requirements: [R-1, R-2]
tags: [a, b]
samples: 3
seed: 9
duration_s: 30
params:
  items.count: 4
  items.shape: box
  gripper.vacuum_kpa: {uniform: {min: 40, max: 60}}
  cell.max_attempts: {int: {min: 1, max: 3}}
  items.mass_kg: {normal: {mean: 1, sd: 0.2}}
  items.size_m: {normal: {mean: 0.1, sd: 0.01, min: 0.08, max: 0.12}}
  items.friction: {lognormal: {mu: -0.5, sigma: 0.1, min: 0.3}}
  items.porosity: {lognormal: {mu: -3, sigma: 0.2, max: 0.2}}
  camera.noise_m: {choice: {values: [0, 0.002, 0.004]}}
  camera.min_visible: {choice: {values: [0.1, 0.3], weights: [3, 1]}}
invariants:
  - no_crush
  - max_speed_near_person_mps
  - {name: max_contact_force_n, limit: 40}
kpi_criteria:
  pick_success_rate: {min: 0.5}
  crushes: {max: 1}
`);
    expect(s).toEqual({
      id: 'all-kinds',
      title: 'Every kind',
      task: 'pick',
      file: '',
      sha256: '',
      requirements: ['R-1', 'R-2'],
      tags: ['a', 'b'],
      samples: 3,
      seed: 9,
      duration_s: 30,
      params: {
        'items.count': { kind: 'const', value: 4 },
        'items.shape': { kind: 'const', value: 'box' },
        'gripper.vacuum_kpa': { kind: 'uniform', min: 40, max: 60 },
        'cell.max_attempts': { kind: 'int', min: 1, max: 3 },
        'items.mass_kg': { kind: 'normal', mean: 1, sd: 0.2 },
        'items.size_m': { kind: 'normal', mean: 0.1, sd: 0.01, min: 0.08, max: 0.12 },
        'items.friction': { kind: 'lognormal', mu: -0.5, sigma: 0.1, min: 0.3 },
        'items.porosity': { kind: 'lognormal', mu: -3, sigma: 0.2, max: 0.2 },
        'camera.noise_m': { kind: 'choice', values: [0, 0.002, 0.004] },
        'camera.min_visible': { kind: 'choice', values: [0.1, 0.3], weights: [3, 1] },
      },
      invariants: [
        { name: 'no_crush' },
        { name: 'max_speed_near_person_mps', limit: 0.25 }, // the catalog's default limit
        { name: 'max_contact_force_n', limit: 40 },
      ],
      kpi_criteria: [
        { kpi: 'pick_success_rate', min: 0.5 },
        { kpi: 'crushes', max: 1 },
      ],
      faults: [],
    });
  });

  it('defaults: no lists, seed 0, no duration; a stream scenario keeps its horizon and faults', () => {
    expect(load('id: p\ntitle: t\ntask: pick\nsamples: 1\n')).toEqual({
      id: 'p',
      title: 't',
      task: 'pick',
      file: '',
      sha256: '',
      requirements: [],
      tags: [],
      samples: 1,
      seed: 0,
      params: {},
      invariants: [],
      kpi_criteria: [],
      faults: [],
    });
    const s = load(`id: s
title: t
task: stream
samples: 2
horizon_h: 12
faults:
  - {kind: dropout, start_h: 1, end_h: 2, probability: 0.5}
invariants:
  - max_false_alarms_per_day
`);
    expect(s).toMatchObject({
      horizon_h: 12,
      faults: [{ kind: 'dropout', start_h: 1, end_h: 2, probability: 0.5 }],
      invariants: [{ name: 'max_false_alarms_per_day', limit: 1 }],
    });
    expect(s).not.toHaveProperty('duration_s');
  });
});
