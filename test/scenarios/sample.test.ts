// The sampler: deterministic, inside the registry ranges, one random stream per parameter (so
// adding a parameter never shifts the values of the others), defaults for absent parameters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleParams } from '../../scenarios/sample.js';
import type { Distribution, Scenario } from '../../scenarios/types.js';
import { PICK_PARAMS } from '../../sim/pick/params.js';

function scenario(params: Record<string, Distribution>, extra: Partial<Scenario> = {}): Scenario {
  return {
    id: 'sampler-test',
    title: 'sampler test',
    task: 'pick',
    file: '/dev/null',
    sha256: '',
    requirements: [],
    tags: [],
    samples: 1,
    seed: 0,
    params,
    invariants: [],
    kpi_criteria: [],
    faults: [],
    ...extra,
  };
}

const base: Record<string, Distribution> = {
  'items.mass_kg': { kind: 'uniform', min: 0.5, max: 4 },
  'items.count': { kind: 'int', min: 2, max: 9 },
  'items.friction': { kind: 'normal', mean: 0.5, sd: 0.2, min: 0.3, max: 0.7 },
  'items.shape': { kind: 'choice', values: ['box', 'cylinder'], weights: [1, 3] },
};

describe('sampleParams', () => {
  it('is deterministic in (suite seed, scenario, sample index)', () => {
    const s = scenario(base);
    expect(sampleParams(s, 42, 3)).toEqual(sampleParams(s, 42, 3));
    expect(sampleParams(s, 42, 3)).not.toEqual(sampleParams(s, 42, 4));
    expect(sampleParams(s, 42, 3)).not.toEqual(sampleParams(s, 43, 3));
    expect(sampleParams(s, 42, 3)).not.toEqual(sampleParams({ ...s, seed: 1 }, 42, 3));
    expect(sampleParams(s, 42, 3)).not.toEqual(sampleParams({ ...s, id: 'other' }, 42, 3));
  });

  it('fills registry defaults for absent parameters and maps duration_s to cell.duration_s', () => {
    const params = sampleParams(scenario({}, { duration_s: 42 }), 1, 0);
    for (const spec of PICK_PARAMS) {
      if (spec.name !== 'cell.duration_s') expect(params[spec.name]).toBe(spec.default);
    }
    expect(params['cell.duration_s']).toBe(42);
    expect(Object.keys(params).sort()).toEqual(PICK_PARAMS.map((p) => p.name).sort());
  });

  it('adding a parameter leaves every existing value unchanged, for every sample index', () => {
    const before = scenario(base);
    const after = scenario({ ...base, 'camera.noise_m': { kind: 'uniform', min: 0, max: 0.01 } });
    for (let i = 0; i < 200; i++) {
      const a = sampleParams(before, 9, i);
      const b = sampleParams(after, 9, i);
      for (const name of Object.keys(base)) expect(b[name], `${name} #${i}`).toBe(a[name]);
    }
  });

  it('draws inside distribution bounds and physical ranges (property, seed 20240611)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.nat(10_000),
        fc.double({ min: 0.05, max: 8, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (suiteSeed, index, mean, sd) => {
          const s = scenario({
            ...base,
            // a wide normal that often leaves the physical range: must be truncated to it
            'items.mass_kg': { kind: 'normal', mean, sd },
            'gripper.vacuum_kpa': { kind: 'lognormal', mu: Math.log(60), sigma: 0.8, min: 30 },
          });
          const p = sampleParams(s, suiteSeed, index);
          const mass = p['items.mass_kg'] as number;
          expect(mass).toBeGreaterThanOrEqual(0.05);
          expect(mass).toBeLessThanOrEqual(8);
          const count = p['items.count'] as number;
          expect(Number.isInteger(count) && count >= 2 && count <= 9).toBe(true);
          const friction = p['items.friction'] as number;
          expect(friction >= 0.3 && friction <= 0.7).toBe(true);
          const vacuum = p['gripper.vacuum_kpa'] as number;
          expect(vacuum >= 30 && vacuum <= 90).toBe(true);
          expect(['box', 'cylinder']).toContain(p['items.shape']);
        },
      ),
      { seed: 20240611, numRuns: 300 },
    );
  });

  it('terminates on a truncation window far in the tail (bounded rejection, then clamp)', () => {
    const s = scenario({ 'items.friction': { kind: 'normal', mean: 0.1, sd: 0.001, min: 1.4, max: 1.5 } });
    const value = sampleParams(s, 1, 0)['items.friction'] as number;
    expect(value).toBeGreaterThanOrEqual(1.4);
    expect(value).toBeLessThanOrEqual(1.5);
  });

  it('covers int bounds inclusively and respects choice weights', () => {
    const s = scenario({
      'items.count': { kind: 'int', min: 3, max: 5 },
      'items.shape': { kind: 'choice', values: ['box', 'cylinder', 'mixed'], weights: [0, 1, 3] },
    });
    const counts = new Set<unknown>();
    const shapes: Record<string, number> = { box: 0, cylinder: 0, mixed: 0 };
    for (let i = 0; i < 2000; i++) {
      const p = sampleParams(s, 5, i);
      counts.add(p['items.count']);
      shapes[p['items.shape'] as string]++;
    }
    expect([...counts].sort()).toEqual([3, 4, 5]);
    expect(shapes.box).toBe(0);
    expect(shapes.mixed / shapes.cylinder).toBeGreaterThan(2.4);
    expect(shapes.mixed / shapes.cylinder).toBeLessThan(3.7);
  });

  it('draws uniform values with the expected mean', () => {
    const s = scenario({ 'items.mass_kg': { kind: 'uniform', min: 1, max: 3 } });
    let sum = 0;
    for (let i = 0; i < 4000; i++) sum += sampleParams(s, 2, i)['items.mass_kg'] as number;
    expect(sum / 4000).toBeCloseTo(2, 1);
  });
});
