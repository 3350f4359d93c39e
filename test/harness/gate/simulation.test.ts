// Operating characteristics on synthetic paired data (pure, seeded): an A/A comparison rejects
// at most the configured α share; a candidate exactly at the margin is promoted at most α of
// the time; the sequential design uses fewer episodes than a fixed one for the same decisions.
import { describe, expect, it } from 'vitest';
import { sequentialSavings } from '../../../harness/gate/bench.js';
import { binomialUpperTail } from '../../../harness/gate/stats/binomial.js';
import { decideGate } from '../../../harness/gate/decide.js';
import { syntheticInput } from './synthetic.js';

const SEEDS = Array.from({ length: 60 }, (_, i) => 5000 + i);
const ALPHA = 0.025;

describe('gate operating characteristics', () => {
  it('A/A: identical models are rejected in at most α of 60 seeds (bundled-style margins)', () => {
    const decisions = SEEDS.map((seed) => decideGate(syntheticInput({ pairs: 120, seed })).decision);
    expect(decisions.filter((d) => d === 'REJECT').length).toBeLessThanOrEqual(
      Math.floor(ALPHA * SEEDS.length),
    );
  });
  it('A/A at margin 0 (any significant loss rejects): the REJECT share is consistent with ≤ α over 200 seeds', () => {
    const gate = { kpis: { pick_success_rate: { margin: 0 }, mean_cycle_time_s: { margin: 0 } } };
    const seeds = Array.from({ length: 200 }, (_, i) => 9000 + i);
    const decisions = seeds.map((seed) => decideGate(syntheticInput({ pairs: 120, seed }, gate)).decision);
    const rejects = decisions.filter((d) => d === 'REJECT').length;
    // Largest count a true rate of α produces with probability ≥ 0.001 (one-sided binomial test).
    let limit = 0;
    while (binomialUpperTail(limit + 1, seeds.length, ALPHA) > 0.001) limit++;
    expect(rejects).toBeLessThanOrEqual(limit);
    expect(decisions).not.toContain('PROMOTE'); // margin 0 asks for superiority, which A/A never shows
  });
  it('a candidate worse by exactly the margin is promoted in at most α of 60 seeds', () => {
    const gate = { kpis: { pick_success_rate: { margin: 0.02 } } };
    const decisions = SEEDS.map(
      (seed) => decideGate(syntheticInput({ pairs: 160, seed, successShift: -0.02 }, gate)).decision,
    );
    expect(decisions.filter((d) => d === 'PROMOTE').length).toBeLessThanOrEqual(
      Math.floor(ALPHA * SEEDS.length),
    );
  });
  it('A/A with the default margins promotes most seeds and rejects none', () => {
    const decisions = SEEDS.slice(0, 20).map(
      (seed) => decideGate(syntheticInput({ pairs: 200, seed })).decision,
    );
    expect(decisions).not.toContain('REJECT');
    expect(decisions.filter((d) => d === 'PROMOTE').length).toBeGreaterThanOrEqual(15);
  });
  it('clear-cut cases stop early: fewer episodes than the fixed design, same decisions', () => {
    const inputs = [
      syntheticInput({ pairs: 400, seed: 1, successShift: 0.04 }),
      syntheticInput({ pairs: 400, seed: 2, successShift: -0.1 }),
      syntheticInput({ pairs: 400, seed: 3, cycleShift: -1 }),
    ];
    const savings = sequentialSavings(inputs);
    expect(savings.cases.map((c) => c.sequential.decision)).toEqual(['PROMOTE', 'REJECT', 'PROMOTE']);
    expect(savings.agreeing).toBe(3);
    expect(savings.fixed_episodes).toBe(3 * 800);
    // An early PROMOTE still runs every candidate episode (the safety evidence): it saves only
    // baseline episodes, at most half; an early REJECT saves both sides.
    const [promote, reject] = savings.cases;
    expect(promote.sequential.episodes).toBeGreaterThanOrEqual(400);
    expect(promote.sequential.episodes).toBeLessThan(800);
    expect(reject.sequential.episodes).toBeLessThan(400);
    expect(savings.ratio_when_agreeing).toBeLessThan(0.75);
  });
});
