import { describe, expect, it } from 'vitest';
import { ModelError, parseCard } from '../../../policies/onnx/index.js';

const problemsOf = (text: string): string[] => {
  try {
    parseCard(text, 'm.card.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return [...(error as ModelError).problems];
  }
  throw new Error('card was accepted');
};

const valid = `task: pick
name: m
version: 1.0.0
inputs:
  obs: [item.est_x]
outputs:
  action: [grasp.dx, grasp.dy, approach.speed_mps, transfer.speed_mps, transfer.accel_mps2, confidence]
action_bounds:
  grasp.dx: { min: -0.05, max: 0.05 }
  grasp.dy: { min: -0.05, max: 0.05 }
  approach.speed_mps: { min: 0.01, max: 1 }
  transfer.speed_mps: { min: 0.05, max: 3 }
  transfer.accel_mps2: { min: 0.2, max: 40 }
  confidence: { min: 0, max: 1 }
provenance:
  created: 2025-06-01
`;

describe('model card parsing', () => {
  it('accepts a valid card', () => {
    expect(parseCard(valid, 'm.card.yaml').inputs).toEqual({ obs: ['item.est_x'] });
  });

  it('reports YAML syntax errors with file:line:col', () => {
    const problems = problemsOf(valid.replace('  obs: [item.est_x]', '  obs: [item.est_x'));
    expect(problems[0]).toMatch(/^m\.card\.yaml:\d+:\d+ /);
  });

  it('reports every schema problem at once with line:col and field path', () => {
    const text = valid
      .replace('task: pick', 'task: picking')
      .replace('grasp.dx: { min: -0.05, max: 0.05 }', 'grasp.dx: { min: -0.05 }')
      .replace('  created: 2025-06-01', '  created: 2025-06-01\n  data: { md5: not-a-hash }');
    const problems = problemsOf(text);
    expect(problems).toContain(
      'm.card.yaml:1:7 task: must be one of "pick", "stream" (did you mean "pick"?)',
    );
    expect(problems).toContain('m.card.yaml:9:13 action_bounds.grasp.dx.max: required key is missing');
    expect(
      problems.some((p) => /^m\.card\.yaml:17:16 provenance\.data\.md5: must match pattern/.test(p)),
    ).toBe(true);
  });

  it('requires the stream keys of a stream card', () => {
    const problems = problemsOf(
      'task: stream\nname: s\nversion: "1"\ninputs: { w: { series: reading, length: 8 } }\noutputs: { f: { series: forecast, length: 2 } }\nkind: forecaster\nprovenance: { created: x }\n',
    );
    expect(problems.map((p) => p.replace(/^\S+ /, ''))).toEqual(
      expect.arrayContaining([
        'window: required key is missing',
        'sensor: required key is missing',
        'units: required key is missing',
        'horizon: required key is missing',
      ]),
    );
  });

  it('reports every kind of problem of one card in one pass, in file order', () => {
    const text = valid
      .replace(
        'version: 1.0.0',
        'version: 1.0.0\nnormalisation:\n  item.est_x: { mean: 1e400, std: 0 }\n  item.est_yy: { min: 2, max: 1 }',
      )
      .replace('obs: [item.est_x]', 'obs: [item.est_x, item.est_yy]')
      .replace('approach.speed_mps: { min: 0.01, max: 1 }', 'approach.speed_mps: { min: 0.01, max: 9 }')
      .replace('provenance:', 'provenanse:');
    expect(problemsOf(text)).toEqual([
      'm.card.yaml:1:1 provenance: required key is missing',
      'm.card.yaml:5:23 normalisation.item.est_x.mean: 1e400 is not a finite number (it reads as Infinity)',
      'm.card.yaml:5:35 normalisation.item.est_x.std: std must be > 0 (got 0): inputs are divided by it',
      'm.card.yaml:6:3 normalisation.item.est_yy: min 2 > max 1',
      'm.card.yaml:8:21 inputs.obs[1]: unknown pick input feature "item.est_yy" (did you mean "item.est_y"?)',
      'm.card.yaml:14:3 action_bounds.approach.speed_mps: [0.01, 9] is outside the physical range [0, 3] m/s of approach.speed_mps (0 to the largest gripper.max_speed_mps)',
      'm.card.yaml:18:1 provenanse: unknown key (did you mean "provenance"?)',
    ]);
  });

  it('checkCard returns the problems and no card instead of throwing', async () => {
    const { checkCard } = await import('../../../policies/onnx/index.js');
    expect(checkCard(valid, 'm.card.yaml')).toMatchObject({ problems: [], card: { name: 'm' } });
    const bad = checkCard(valid.replace('max: 0.05 }', 'max: .nan }'), 'm.card.yaml');
    expect(bad.card).toBeUndefined();
    expect(bad.problems).toEqual([
      'm.card.yaml:9:32 action_bounds.grasp.dx.max: .nan is not a finite number (NaN)',
    ]);
  });
});
