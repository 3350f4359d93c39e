// The safety search on synthetic models with planted unsafe regions of ≤ 1% of the envelope:
// guided search finds them with a fraction of the episodes uniform sampling needs, shrinking
// lands on the region's boundary, and the same seed always finds the same counterexample.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEnvelope } from '../../../harness/check/envelope.js';
import { GRID } from '../../../harness/check/explore.js';
import { type SearchSettings, safetySearch, TrialError } from '../../../harness/check/search.js';
import type { TrialEvaluator } from '../../../harness/check/trials.js';
import { distance, plantRegion, SYNTHETIC_MODEL as model, syntheticEvaluator } from './synthetic.js';

const envelope = defaultEnvelope('pick');
const DIMS = ['items.mass_kg', 'gripper.vacuum_kpa', 'gripper.cup_diameter_m'];
const settings = (strategy: 'guided' | 'uniform', seed: number): SearchSettings => ({
  seed,
  budget: 4000,
  shrinkBudget: 200,
  population: 8,
  strategy,
  corpusDir: mkdtempSync(join(tmpdir(), 'simgate-corpus-')),
  save: false,
});

async function search(seed: number, strategy: 'guided' | 'uniform') {
  const region = plantRegion(envelope, seed, DIMS, 0.15);
  const runner = syntheticEvaluator(envelope, region);
  const outcome = await safetySearch(
    { envelope, model, invariants: [{ name: 'max_contact_force_n', limit: 60 }], runner },
    settings(strategy, seed),
  );
  return { region, outcome };
}

describe('safety search on planted regions', () => {
  it('finds every planted region; guided needs at most a fifth of the episodes of uniform sampling', async () => {
    const guided: number[] = [];
    const uniform: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const g = await search(seed, 'guided');
      const u = await search(seed, 'uniform');
      expect(g.region.volume).toBeLessThanOrEqual(0.01);
      expect(g.outcome.counterexamples, `seed ${seed}`).toHaveLength(1);
      expect(u.outcome.counterexamples, `seed ${seed}`).toHaveLength(1);
      guided.push(g.outcome.counterexamples[0].found_after);
      uniform.push(u.outcome.counterexamples[0].found_after);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(median(guided) / median(uniform)).toBeLessThanOrEqual(0.2);
  });

  it('differential: climbs where the candidate acts unlike the baseline, not margins both share', async () => {
    // Margins that lead away from the region (toward heavy items, a hazard of both models), and a
    // divergence that is 0 except within 1.5 box widths of it: a 1% region of (mass, vacuum).
    const run = async (seed: number, divergence: boolean) => {
      const region = plantRegion(envelope, seed, ['items.mass_kg', 'gripper.vacuum_kpa'], 0.1);
      const runner = syntheticEvaluator(envelope, region, 1.5, { divergence });
      const outcome = await safetySearch(
        { envelope, model, invariants: [{ name: 'max_contact_force_n', limit: 60 }], runner },
        { ...settings('guided', seed), budget: 1000, shrinkBudget: 0 },
      );
      return { region, ce: outcome.counterexamples[0] };
    };
    const differential: number[] = [];
    const margins: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const d = await run(seed, true);
      expect(d.ce, `seed ${seed}`).toBeDefined();
      expect(distance(envelope, d.region, d.ce.params)).toBe(0);
      differential.push(d.ce.found_after);
      // The same candidate seen through its margins only; not finding it counts as the budget.
      margins.push((await run(seed, false)).ce?.found_after ?? 1000);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Measured: medians 25 and 224 episodes (uniform sampling of a 1% region: about 100).
    expect(median(differential)).toBeLessThanOrEqual(40);
    expect(median(differential) * 4).toBeLessThanOrEqual(median(margins));
  });

  it('shrinks to the boundary of the region on every dimension it plays a part in', async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { region, outcome } = await search(seed, 'guided');
      const ce = outcome.counterexamples[0];
      expect(distance(envelope, region, ce.params)).toBe(0);
      for (const [name, [lo]] of Object.entries(region.box)) {
        const d = envelope.dims.find((x) => x.name === name)!;
        if (d.kind !== 'number') continue;
        // Shrinking moves toward the lower end: it stops at the box's lower boundary.
        const off = (Number(ce.params[name]) - lo) / (d.max - d.min);
        expect(off, `${name} seed ${seed}`).toBeGreaterThanOrEqual(-1 / GRID);
        expect(off, `${name} seed ${seed}`).toBeLessThanOrEqual(0.05);
      }
      // Parameters outside the region went to their simplest values.
      expect(ce.params['items.count']).toBe(1);
      expect(ce.params['people.rate_per_h']).toBe(0);
    }
  });

  it('is a pure function of the seed: the same seed, the same counterexample and episodes', async () => {
    const a = await search(3, 'guided');
    const b = await search(3, 'guided');
    // Equal but for the corpus folder each run was given.
    const strip = (o: typeof a.outcome) => o.counterexamples.map(({ file, replay, ...rest }) => rest);
    expect(strip(b.outcome)).toEqual(strip(a.outcome));
    expect(b.outcome.episodes).toEqual(a.outcome.episodes);
    const c = await search(4, 'guided');
    expect(c.outcome.counterexamples[0].params).not.toEqual(a.outcome.counterexamples[0].params);
  });

  it('stops with exit-3 error on a trial that could not run, never "none found" over the rest', async () => {
    const region = plantRegion(envelope, 3, DIMS, 0.15);
    const synthetic = syntheticEvaluator(envelope, region);
    let calls = 0;
    // The third trial the search asks for errors (a model that throws there, a dead worker).
    const flaky = (inner: TrialEvaluator): TrialEvaluator => ({
      async run(phase, trials, world) {
        const out = await inner.run(phase, trials, world);
        return out.map((t) =>
          ++calls === 3
            ? { ...t, result: { ...t.result, status: 'error', error: { message: 'model threw' } } }
            : t,
        ) as typeof out;
      },
    });
    const invariants = [{ name: 'max_contact_force_n', limit: 60 }];
    const run = safetySearch(
      { envelope, model, invariants, runner: flaky(synthetic) },
      settings('guided', 3),
    );
    await expect(run).rejects.toThrow(TrialError);
    calls = 0;
    await expect(
      safetySearch({ envelope, model, invariants, runner: flaky(synthetic) }, settings('guided', 3)),
    ).rejects.toThrow(/could not run a trial of the candidate \(explore, trial-[0-9a-f]{16}\): model threw/);
    // A differential search whose baseline errors while confirming stops too.
    const baseline = flaky(syntheticEvaluator(envelope, plantRegion(envelope, 4, DIMS, 0.15)));
    calls = 2; // its first trial errors
    await expect(
      safetySearch(
        {
          envelope,
          model,
          invariants,
          runner: synthetic,
          baseline: { run: (p, t, w) => baseline.run(p, t, w) },
        },
        settings('guided', 3),
      ),
    ).rejects.toThrow(/could not run a trial of the baseline \(confirm/);
  });
});
