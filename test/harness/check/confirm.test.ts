// How the safety search confirms a violation: the candidate's other worlds first (two, then the
// third only while the count is open), the baseline only for a violation that recurred. Synthetic
// evaluators where every trial violates in its own world and the confirmation worlds are chosen
// by the test, so each count below is exact.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEnvelope } from '../../../harness/check/envelope.js';
import { type SearchContext, safetySearch } from '../../../harness/check/search.js';
import { outcomeOf, type TrialEvaluator } from '../../../harness/check/trials.js';
import { plantRegion, SYNTHETIC_MODEL as model, syntheticEvaluator } from './synthetic.js';

const envelope = defaultEnvelope('pick');
const invariants = [{ name: 'max_contact_force_n', limit: 60 }];

/**
 * Every trial violates where the search first runs it; a confirmation world `<id>-wK` violates
 * only when `recursIn(K)`, and the trial's own world rerun by a baseline when `recursIn(0)`.
 * Counts the episodes of each phase.
 */
function worldEvaluator(recursIn: (world: number) => boolean): TrialEvaluator & {
  readonly counts: Record<string, number>;
} {
  // A box over the whole envelope: every trial is inside it.
  const everywhere = syntheticEvaluator(envelope, plantRegion(envelope, 1, ['items.mass_kg'], 1));
  const counts: Record<string, number> = {};
  return {
    counts,
    async run(phase, trials, world) {
      const kind = phase.replace(/-\d+$/, '');
      counts[kind] = (counts[kind] ?? 0) + trials.length;
      const out = await everywhere.run(phase, trials);
      // The trial itself (no world given) violates; a baseline's run in the trial's own world is world 0.
      if (world === undefined || recursIn(Number(/-w(\d+)$/.exec(world)?.[1] ?? 0))) return out;
      return out.map((t) =>
        outcomeOf(t.params, t.scenario, {
          ...t.result,
          status: 'ok',
          invariants: t.result.invariants.map((i) => ({ ...i, worst: 50, margin: 10, violated: false })),
        }),
      );
    },
  };
}

async function search(runner: TrialEvaluator, baseline?: TrialEvaluator) {
  const ctx: SearchContext = { envelope, model, invariants, runner, ...(baseline ? { baseline } : {}) };
  return safetySearch(ctx, {
    seed: 1,
    budget: 8,
    shrinkBudget: 0,
    population: 8,
    strategy: 'guided',
    corpusDir: mkdtempSync(join(tmpdir(), 'simgate-corpus-')),
    save: false,
  });
}

describe('confirming a violation', () => {
  it('settles chaos that recurs in neither of two more worlds with two episodes, and never runs the baseline', async () => {
    const runner = worldEvaluator(() => false);
    const baseline = worldEvaluator(() => true);
    const outcome = await search(runner, baseline);
    expect(outcome.counterexamples).toEqual([]);
    expect(outcome.unconfirmed).toHaveLength(8);
    expect(outcome.shared).toEqual([]);
    expect(outcome.episodes.confirm).toBe(16);
    expect(runner.counts.confirm).toBe(16);
    expect(baseline.counts).toEqual({});
  });

  it('runs the third world only when one of the first two recurred; 2 of 4 is not enough', async () => {
    const runner = worldEvaluator((k) => k === 1);
    const outcome = await search(runner);
    expect(outcome.counterexamples).toEqual([]);
    expect(outcome.unconfirmed).toHaveLength(8);
    expect(outcome.episodes.confirm).toBe(24);
    // Recurring in the second and third worlds makes 3 of 4: a counterexample.
    const late = worldEvaluator((k) => k >= 2);
    const found = await search(late);
    expect(found.counterexamples).toHaveLength(1);
    expect(found.counterexamples[0].found_after).toBe(1);
  });

  it('a violation that recurred is the candidate own unless the baseline shows it in 2 of the same 4 worlds', async () => {
    const runner = worldEvaluator((k) => k <= 2);
    // The baseline violates in the first confirmation world only: 1 of 4.
    const clean = worldEvaluator((k) => k === 1);
    const own = await search(runner, clean);
    expect(own.counterexamples).toHaveLength(1);
    expect(own.counterexamples[0].invariant).toBe('max_contact_force_n');
    // Two candidate worlds settle the count; the baseline runs all four.
    expect(runner.counts.confirm).toBe(2);
    expect(clean.counts.confirm).toBe(4);

    const shared = worldEvaluator(() => true);
    const outcome = await search(
      worldEvaluator((k) => k <= 2),
      shared,
    );
    expect(outcome.counterexamples).toEqual([]);
    expect(outcome.shared).toHaveLength(8);
    expect(outcome.unconfirmed).toEqual([]);
    expect(outcome.episodes.confirm).toBe(8 * (2 + 4));
  });
});
