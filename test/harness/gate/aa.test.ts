// A/A: the same model on both sides must not be rejected more often than the gate's α. Part 1
// runs the real engine on 50 differently seeded copies of a scenario in one sweep, and decides
// each copy as its own gate (paired worlds: every difference is exactly zero). Part 2 keeps
// those real outcomes but pairs each candidate episode with the baseline episode of another
// world, so the paired statistics see the simulator's real variance while the null hypothesis
// (same model) holds.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as Engine from '../../../harness/sweep/engine.js';
import type * as GateIndex from '../../../harness/gate/index.js';
import type * as GateRun from '../../../harness/gate/run.js';
import { rngStream } from '../../../sim/rng.js';
import { inlineFiles, repoRoot } from '../../helpers/cli.js';

const SEEDS = 50;
const ALPHA = 0.025; // one-sided α of the gate's default 95% confidence

const scenario = (k: number) => `id: aa-${k}
title: One light item, world ${k}
task: pick
samples: 24
seed: ${1000 + k}
duration_s: 5
params:
  items.count: 1
  items.mass_kg: {uniform: {min: 0.2, max: 2.5}}
  items.porosity: {uniform: {min: 0, max: 0.6}}
invariants:
  - no_hazardous_drop
`;

const files: Record<string, string> = {
  'simgate.config.yaml': 'gate:\n  min_pairs: 20\n  checkpoints: [0.5, 1]\n',
};
for (let k = 0; k < SEEDS; k++) files[`scenarios/aa-${k}.yaml`] = scenario(k);
const dir = inlineFiles(files);

describe('A/A gate over 50 seeds', () => {
  it('rejects the same model in at most the configured α share of seeds', { timeout: 600_000 }, async () => {
    const run: typeof GateRun = await import(join(repoRoot, 'dist/harness/gate/run.js'));
    const gate: typeof GateIndex = await import(join(repoRoot, 'dist/harness/gate/index.js'));
    const engine: typeof Engine = await import(join(repoRoot, 'dist/harness/sweep/engine.js'));
    const model = join(repoRoot, 'models', 'pick-v2.onnx');
    const ctx = await run.prepareGate({
      schema: 'simgate.gate/v1',
      candidate: model,
      baseline: model,
      config: join(dir, 'simgate.config.yaml'),
      suite: [join(dir, 'scenarios')],
    });
    const plan = run.gatePlan(ctx)!;
    const sweep = await engine.runSweep({
      scenarios: ctx.scenarios,
      models: [ctx.refs!.candidate, ctx.refs!.baseline],
      suiteSeed: 0,
      workers: 2,
      outDir: join(dir, 'out'),
      cacheDir: false,
    });
    const all = run.gateInput(ctx, plan, sweep.results);
    const perWorld = ctx.scenarios.map(
      (s): GateIndex.GateInput => ({
        ...all,
        scenarios: all.scenarios.filter((g) => g.id === s.id),
        pairs: all.pairs.filter((p) => p.scenario_id === s.id),
        planned_pairs: s.samples,
        look_pairs: undefined,
      }),
    );
    expect(perWorld).toHaveLength(SEEDS);
    const decisions = perWorld.map((input) => gate.decideGate(input).decision);
    expect(decisions.filter((d) => d === 'ERROR')).toEqual([]);
    expect(decisions.filter((d) => d === 'REJECT').length).toBeLessThanOrEqual(Math.floor(ALPHA * SEEDS));

    const baselines = all.pairs.map((p) => p.baseline!);
    const shuffled = perWorld.map((input, k) => {
      const rng = rngStream('aa-test', k);
      const pairs = input.pairs.map((p) => ({ ...p, baseline: baselines[rng.int(0, baselines.length - 1)] }));
      return gate.decideGate({ ...input, pairs }).decision;
    });
    expect(shuffled.filter((d) => d === 'ERROR')).toEqual([]);
    expect(shuffled.filter((d) => d === 'REJECT').length).toBeLessThanOrEqual(Math.floor(ALPHA * SEEDS));
    // The worlds do differ, so part 2 is not the trivial all-ties case.
    expect(new Set(baselines.map((b) => b.kpis.picks_per_hour)).size).toBeGreaterThan(10);
  });
});
