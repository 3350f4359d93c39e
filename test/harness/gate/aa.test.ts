// A/A: the same model on both sides must not be rejected more often than the gate's α, and a
// clearly worse one must be rejected. Part 1
// runs the real engine on 50 differently seeded copies of a scenario in one sweep (the candidate's
// episodes, mirrored as the baseline's: the same model in the same world), and decides
// each copy as its own gate (paired worlds: every difference is exactly zero). Part 2 keeps
// those real outcomes but pairs each candidate episode with the baseline episode of another
// world, so the paired statistics see the simulator's real variance while the null hypothesis
// (same model) holds.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as Engine from '../../../harness/sweep/engine.js';
import type * as Plan from '../../../harness/sweep/plan.js';
import type * as GateIndex from '../../../harness/gate/index.js';
import type * as Pairs from '../../../harness/gate/pairs.js';
import type * as Resolve from '../../../harness/gate/resolve.js';
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
  it('rejects the same model in at most the configured α share of seeds, and a worse one in most', {
    timeout: 600_000,
  }, async () => {
    const resolve: typeof Resolve = await import(join(repoRoot, 'dist/harness/gate/resolve.js'));
    const pairsOf: typeof Pairs = await import(join(repoRoot, 'dist/harness/gate/pairs.js'));
    const gate: typeof GateIndex = await import(join(repoRoot, 'dist/harness/gate/index.js'));
    const engine: typeof Engine = await import(join(repoRoot, 'dist/harness/sweep/engine.js'));
    const plan: typeof Plan = await import(join(repoRoot, 'dist/harness/sweep/plan.js'));
    const model = join(repoRoot, 'models', 'pick-v2.onnx');
    const run = await resolve.resolveGateRun({
      invocation: {
        schema: 'simgate.gate/v1',
        candidate: model,
        baseline: model,
        aa: true,
        config: join(dir, 'simgate.config.yaml'),
        suite: [join(dir, 'scenarios')],
      },
      workers: '2',
      out: join(dir, 'out'),
    });
    // Same model, same worlds: the baseline's episodes are the candidate's, bit for bit (the
    // determinism tests pin that), so the candidate's half of the plan runs and is mirrored.
    const candidateOnly = plan.planSweep({
      scenarios: run.scenarios,
      models: run.plan!.models.filter((m) => m.role === 'candidate'),
      suiteSeed: run.plan!.suiteSeed,
      batchSize: run.plan!.batchSize,
    });
    expect(candidateOnly.totalEpisodes * 2).toBe(run.plan!.totalEpisodes);
    const sweep = await engine.runSweep({
      plan: candidateOnly,
      workers: 2,
      outDir: join(dir, 'out'),
      cacheDir: false,
    });
    const mirrored = sweep.results.flatMap((r) => [r, { ...r, role: 'baseline' }]);
    const all = pairsOf.gateInputOf(run, mirrored);
    const perWorld = run.scenarios.map(
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

    // Cross-paired: each candidate episode against the baseline episode of another world, so the
    // paired statistics see the simulator's real variance while the null (same model) holds.
    const baselines = all.pairs.map((p) => p.baseline!);
    const crossed = perWorld.map((input, k) => {
      const rng = rngStream('aa-test', k);
      return {
        ...input,
        pairs: input.pairs.map((p) => ({ ...p, baseline: baselines[rng.int(0, baselines.length - 1)] })),
      };
    });
    const shuffled = crossed.map((input) => gate.decideGate(input).decision);
    expect(shuffled.filter((d) => d === 'ERROR')).toEqual([]);
    expect(shuffled.filter((d) => d === 'REJECT').length).toBeLessThanOrEqual(Math.floor(ALPHA * SEEDS));
    // The worlds do differ, so part 2 is not the trivial all-ties case.
    expect(new Set(baselines.map((b) => b.kpis.picks_per_hour)).size).toBeGreaterThan(10);

    // The same real paired outcomes with the candidate 20% slower must be rejected in most worlds:
    // a gate that never rejects fails here, one that always rejects fails above.
    const slower = perWorld.map((input) => ({
      ...input,
      pairs: input.pairs.map((p) => ({
        ...p,
        candidate: {
          ...p.candidate!,
          kpis: { ...p.candidate!.kpis, picks_per_hour: p.candidate!.kpis.picks_per_hour * 0.8 },
        },
      })),
    }));
    const worse = slower.map((input) => gate.decideGate(input).decision);
    expect(worse.filter((d) => d === 'REJECT').length).toBeGreaterThanOrEqual(Math.ceil(0.8 * SEEDS));
    expect(worse).not.toContain('PROMOTE');
  });
});
