// The loader: what a valid file becomes, how suites expand files/folders/globs, selection by
// tag and requirement, and suite-level problems (missing paths, requirement ids).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, loadSuite } from '../../scenarios/load.js';
import { ScenarioError } from '../../scenarios/problems.js';
import { inlineFiles } from '../helpers/cli.js';

const VALID = `id: heavy
title: Heavy items
task: pick
requirements: [SR-1]
tags: [odd:heavy]
samples: 4
seed: 7
duration_s: 30
params:
  items.mass_kg: {uniform: {min: 2, max: 5}}
  items.count: 3
  items.friction: {normal: {mean: 0.6, sd: 0.1, min: 0.4}}
  items.shape: {choice: {values: [box, cylinder], weights: [1, 2]}}
  gripper.vacuum_kpa: {lognormal: {mu: 4, sigma: 0.1}}
invariants:
  - no_hazardous_drop
  - max_speed_near_person_mps
  - {name: max_contact_force_n, limit: 50}
kpi_criteria:
  pick_success_rate: {min: 0.8}
  crushes: {max: 0}
`;

function problemsOf(paths: string[], cwd: string): string[] {
  const prev = process.cwd();
  process.chdir(cwd);
  try {
    loadSuite(paths);
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    expect(error.code).toBe('SIMGATE_SCENARIO');
    return error.message.split('\n');
  } finally {
    process.chdir(prev);
  }
}

describe('loadScenarioFile', () => {
  it('turns a valid file into a Scenario', () => {
    const dir = inlineFiles({ 'heavy.yaml': VALID });
    const s = loadScenarioFile(join(dir, 'heavy.yaml'));
    expect(s).toMatchObject({
      id: 'heavy',
      task: 'pick',
      samples: 4,
      seed: 7,
      duration_s: 30,
      requirements: ['SR-1'],
      tags: ['odd:heavy'],
      faults: [],
    });
    expect(s.params).toEqual({
      'items.mass_kg': { kind: 'uniform', min: 2, max: 5 },
      'items.count': { kind: 'const', value: 3 },
      'items.friction': { kind: 'normal', mean: 0.6, sd: 0.1, min: 0.4 },
      'items.shape': { kind: 'choice', values: ['box', 'cylinder'], weights: [1, 2] },
      'gripper.vacuum_kpa': { kind: 'lognormal', mu: 4, sigma: 0.1 },
    });
    // optional limits get their documented default, so the engine never guesses
    expect(s.invariants).toEqual([
      { name: 'no_hazardous_drop' },
      { name: 'max_speed_near_person_mps', limit: 0.25 },
      { name: 'max_contact_force_n', limit: 50 },
    ]);
    expect(s.kpi_criteria).toEqual([
      { kpi: 'pick_success_rate', min: 0.8 },
      { kpi: 'crushes', max: 0 },
    ]);
    expect(s.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(join(dir, 'heavy.yaml')))
        .digest('hex'),
    );
  });

  it('loads a stream scenario with its fault schedule', () => {
    const dir = inlineFiles({
      's.yaml':
        'id: s\ntitle: S\ntask: stream\nsamples: 1\nhorizon_h: 10\nfaults:\n  - {kind: step, start_h: 2, magnitude: 3}\n',
    });
    const s = loadScenarioFile(join(dir, 's.yaml'));
    expect(s.horizon_h).toBe(10);
    expect(s.faults).toEqual([{ kind: 'step', start_h: 2, magnitude: 3 }]);
  });
});

describe('loadSuite', () => {
  const other = VALID.replace('id: heavy', 'id: light')
    .replace('odd:heavy', 'odd:light')
    .replace('[SR-1]', '[SR-2]');
  const dir = inlineFiles({
    'a/heavy.yaml': VALID,
    'a/nested/light.yml': other,
    'a/requirements.yaml': 'SR-1: no drops\nSR-2: no crush\nSR-3: slow near people\n',
    'a/simgate.config.yaml': 'seed: 1\n',
    'a/model.card.yaml': 'task: pick\n',
  });

  it('expands folders recursively, skipping requirements, config and model-card files', () => {
    const suite = loadSuite([join(dir, 'a')]);
    expect(suite.scenarios.map((s) => s.id)).toEqual(['heavy', 'light']);
    expect(suite.requirements.map((r) => r.id)).toEqual(['SR-1', 'SR-2', 'SR-3']);
  });

  it('expands globs and de-duplicates files named twice', () => {
    const suite = loadSuite([join(dir, 'a/**/*.yml'), join(dir, 'a/nested/light.yml')]);
    expect(suite.scenarios.map((s) => s.id)).toEqual(['light']);
  });

  it('selects by tag and by requirement (any of each; both must hold)', () => {
    const path = [join(dir, 'a')];
    expect(loadSuite(path, { tags: ['odd:light'] }).scenarios.map((s) => s.id)).toEqual(['light']);
    expect(loadSuite(path, { requirements: ['SR-1'] }).scenarios.map((s) => s.id)).toEqual(['heavy']);
    expect(loadSuite(path, { tags: ['odd:light', 'odd:heavy'] }).scenarios).toHaveLength(2);
    expect(loadSuite(path, { tags: ['odd:light'], requirements: ['SR-1'] }).scenarios).toHaveLength(0);
    expect(loadSuite(path, { tags: ['odd:light'] }).all).toHaveLength(2);
  });

  it('reports paths that match nothing, with every file problem', () => {
    const lines = problemsOf(['missing.yaml', 'nothing/**/*.yaml', 'a/heavy.yaml'], dir);
    expect(lines).toEqual([
      'missing.yaml: file or folder not found',
      'nothing/**/*.yaml: no scenario files match this pattern',
    ]);
  });

  it('rejects requirement ids missing from the nearest requirements file', () => {
    const d = inlineFiles({
      'requirements.yaml': 'SR-1: no drops\n',
      'x.yaml': VALID.replace('[SR-1]', '[SR-1, SR-7]'),
    });
    expect(problemsOf(['x.yaml'], d)).toEqual([
      'x.yaml:4:22 requirements[1]: unknown requirement id "SR-7" (not in requirements.yaml); did you mean "SR-1"?',
    ]);
  });

  it('reports a malformed requirements file with positions', () => {
    const d = inlineFiles({ 'requirements.yaml': 'SR-1: no drops\nSR-2: 5\n', 'x.yaml': VALID });
    expect(problemsOf(['x.yaml'], d)).toEqual([
      'requirements.yaml:2:7 SR-2: must be the requirement text (got 5)',
    ]);
  });

  it('accepts any requirement id when the suite has no requirements file', () => {
    const d = inlineFiles({ 'package.json': '{}', 'x.yaml': VALID.replace('[SR-1]', '[ANY-1]') });
    expect(problemsOf(['x.yaml'], d)).toEqual([]);
  });
});
