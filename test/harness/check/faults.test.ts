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

describe('the on/off dimension of a fault', () => {
  it('is an integer flag; 0 leaves the entry out of the schedule, 1 keeps it without the flag', () => {
    expect(faultParamSpec('fault.stuck.active')).toMatchObject({
      kind: 'number',
      min: 0,
      max: 1,
      integer: true,
    });
    const trial = {
      'fault.spike.start_h': 2,
      'fault.spike.length_h': 1,
      'fault.spike.magnitude': 10,
      'fault.spike.probability': 0.1,
      'fault.stuck.active': 0,
      'fault.stuck.start_h': 5,
      'fault.stuck.length_h': 2,
    };
    expect(splitFaults(trial).faults).toEqual([
      { kind: 'spike', start_h: 2, end_h: 3, magnitude: 10, probability: 0.1 },
    ]);
    expect(splitFaults({ ...trial, 'fault.stuck.active': 1 }).faults[1]).toEqual({
      kind: 'stuck',
      start_h: 5,
      end_h: 7,
    });
  });
});

describe('the bundled detector envelope', () => {
  it('searches a stuck sensor and spikes in a world where both are detectable', () => {
    const env = defaultEnvelope('stream', 'detector');
    const dim = (name: string) => env.dims.find((d) => d.name === name);
    expect(dim('fault.stuck.active')).toMatchObject({ min: 0, max: 1, integer: true });
    expect(dim('fault.stuck.length_h')).toMatchObject({ min: 1 });
    expect(dim('fault.spike.magnitude')).toMatchObject({ min: 10 });
    // Noise bounded away from 0: equal readings mean a stuck sensor, never a quiet one.
    expect(dim('temperature.noise_c')).toMatchObject({ min: 0.1 });
    expect(env.dims.some((d) => d.name.startsWith('fault.nan.'))).toBe(false);
    // A forecaster (and a stream model of no stated kind) keeps the forecaster envelope.
    expect(defaultEnvelope('stream', 'forecaster')).toEqual(defaultEnvelope('stream'));
    expect(defaultEnvelope('pick', 'detector')).toEqual(defaultEnvelope('pick'));
  });
});

describe('confirmOrder', () => {
  it('tries the simplest shrinking step first, then up to three earlier ones', () => {
    expect(confirmOrder([])).toEqual([]);
    expect(confirmOrder(['a'])).toEqual(['a']);
    expect(confirmOrder([0, 1, 2, 3, 4, 5, 6, 7, 8])).toEqual([8, 6, 4, 2]);
  });
});
