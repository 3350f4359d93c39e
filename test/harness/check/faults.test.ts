// A stream's fault schedule as search dimensions: `fault.<kind>.<key>` names checked against the
// fault catalog, a trial's dimensions turned into one schedule entry per kind (entries kept when
// silenced, so the other entries' random draws stay where they were) and back.
import { describe, expect, it } from 'vitest';
import { buildEnvelope, defaultEnvelope } from '../../../harness/check/envelope.js';
import { faultParams, faultParamSpec, splitFaults } from '../../../harness/check/faults.js';
import { confirmOrder } from '../../../harness/check/search.js';

describe('fault dimensions', () => {
  it('name a catalog fault and one of its keys, or the window length', () => {
    expect(faultParamSpec('fault.dropout.probability')).toMatchObject({ kind: 'number', min: 0, max: 1 });
    expect(faultParamSpec('fault.nan.length_h')).toMatchObject({ kind: 'number', min: 0.01 });
    expect(faultParamSpec('fault.spike.magnitude')).toMatchObject({ kind: 'number' });
    expect(faultParamSpec('fault.drift.shape')).toMatchObject({ kind: 'choice' });
    for (const bad of [
      'fault.moon.start_h',
      'fault.nan.colour',
      'fault.nan.end_h',
      'fault.nan.rate_per_h',
      'fault.nan',
    ])
      expect(faultParamSpec(bad), bad).toBeUndefined();
  });
  it('are searched by the bundled stream envelope and refused by the pick one', () => {
    const names = defaultEnvelope('stream').dims.map((d) => d.name);
    expect(names).toContain('fault.nan.probability');
    expect(names).toContain('fault.dropout.length_h');
    const problems: string[] = [];
    const report = (path: readonly (string | number)[], message: string) =>
      problems.push(`${path.join('.')}: ${message}`);
    const stream = buildEnvelope(
      { task: 'stream', params: { 'fault.nan.probability': { min: 0, max: 2 }, 'fault.moon.start_h': 1 } },
      'env.yaml',
      '',
      report,
    );
    expect(stream).toBeUndefined();
    expect(problems).toEqual([
      'params.fault.nan.probability.max: 2 is outside the physical range of fault.nan.probability [0, 1] fraction',
      'params.fault.moon.start_h: unknown stream parameter "fault.moon.start_h"',
    ]);
    problems.length = 0;
    expect(
      buildEnvelope({ task: 'pick', params: { 'fault.nan.start_h': 1 } }, 'env.yaml', '', report),
    ).toBeUndefined();
    expect(problems[0]).toMatch(/unknown pick parameter "fault\.nan\.start_h"/);
  });
});

describe('splitFaults and faultParams', () => {
  const params = {
    'stream.period_s': 300,
    'fault.nan.start_h': 1.5,
    'fault.nan.length_h': 0.25,
    'fault.nan.probability': 0.2,
    'fault.dropout.start_h': 0,
    'fault.dropout.length_h': 2,
    'fault.dropout.probability': 0,
  };
  it('give one entry per kind, in kind order, silenced entries kept', () => {
    const { params: rest, faults } = splitFaults(params);
    expect(rest).toEqual({ 'stream.period_s': 300 });
    expect(faults).toEqual([
      { kind: 'dropout', start_h: 0, end_h: 2, probability: 0 },
      { kind: 'nan', start_h: 1.5, end_h: 1.75, probability: 0.2 },
    ]);
  });
  it('round-trip a schedule the search wrote, and refuse one it cannot search', () => {
    const { params: rest, faults } = splitFaults(params);
    expect({ ...rest, ...faultParams(faults) }).toEqual(params);
    expect(faultParams([{ kind: 'nan', start_h: 1, probability: 0.1 }])).toBeUndefined();
    expect(
      faultParams([
        { kind: 'nan', start_h: 1, end_h: 2 },
        { kind: 'nan', start_h: 3, end_h: 4 },
      ]),
    ).toBeUndefined();
    expect(faultParams([{ kind: 'nan', start_h: 1, end_h: 2, rate_per_h: 3 }])).toBeUndefined();
  });
});

describe('confirmOrder', () => {
  it('tries the simplest shrinking step first, then up to three earlier ones', () => {
    expect(confirmOrder([])).toEqual([]);
    expect(confirmOrder(['a'])).toEqual(['a']);
    expect(confirmOrder([0, 1, 2, 3, 4, 5, 6, 7, 8])).toEqual([8, 6, 4, 2]);
  });
});
