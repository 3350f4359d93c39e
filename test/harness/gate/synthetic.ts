// Synthetic paired results for gate tests: pure, seeded, no simulator. Each pair draws a shared
// "difficulty" (the common seed of candidate and baseline) plus per-model noise and a shift.
import { resolveGateConfig, type GateConfigInput } from '../../../harness/gate/config.js';
import type { GateInput, GatePair, GateScenario } from '../../../harness/gate/input.js';
import { rngStream } from '../../../sim/rng.js';
import type { EpisodeOutcome } from '../../../sim/result.js';

export const SHA_CANDIDATE = 'c'.repeat(64);
export const SHA_BASELINE = 'b'.repeat(64);

export function outcome(kpis: Record<string, number>, extra: Partial<EpisodeOutcome> = {}): EpisodeOutcome {
  return {
    status: 'ok',
    kpis,
    events: [],
    invariants: [],
    trace_digest: 'd'.repeat(64),
    steps: 100,
    sim_time_s: 60,
    ...extra,
  };
}

export const SCENARIOS: GateScenario[] = [
  {
    id: 'tote-mixed',
    title: 'Mixed tote',
    tags: ['mixed'],
    requirements: ['REQ-1'],
    kpi_criteria: [],
    file: 'scenarios/tote-mixed.yaml',
  },
  {
    id: 'fragile-glass',
    title: 'Fragile glass',
    tags: ['fragile'],
    requirements: ['REQ-2'],
    kpi_criteria: [],
    file: 'scenarios/fragile-glass.yaml',
  },
];

export interface SyntheticOptions {
  readonly pairs: number;
  readonly seed: number;
  /** Candidate shift of the success rate and of the cycle time. */
  readonly successShift?: number;
  readonly cycleShift?: number;
  readonly noise?: number;
}

/** Pairs in plan order alternating over SCENARIOS. */
export function syntheticPairs(o: SyntheticOptions): GatePair[] {
  const pairs: GatePair[] = [];
  for (let i = 0; i < o.pairs; i++) {
    const scenario = SCENARIOS[i % SCENARIOS.length];
    const sample = Math.floor(i / SCENARIOS.length);
    const shared = rngStream('synthetic', o.seed, scenario.id, sample);
    const difficulty = shared.normal(0, 0.05);
    const cycle = shared.normal(8, 0.8);
    const noise = o.noise ?? 0.03;
    const c = rngStream('synthetic', o.seed, scenario.id, sample, 'candidate');
    const b = rngStream('synthetic', o.seed, scenario.id, sample, 'baseline');
    const clamp = (x: number) => Math.min(1, Math.max(0, x));
    pairs.push({
      scenario_id: scenario.id,
      sample,
      seed: 1000 + i,
      candidate: outcome({
        pick_success_rate: clamp(0.9 + difficulty + (o.successShift ?? 0) + c.normal(0, noise)),
        mean_cycle_time_s: cycle + (o.cycleShift ?? 0) + c.normal(0, 0.3),
      }),
      baseline: outcome({
        pick_success_rate: clamp(0.9 + difficulty + b.normal(0, noise)),
        mean_cycle_time_s: cycle + b.normal(0, 0.3),
      }),
    });
  }
  return pairs;
}

export const TEST_GATE: GateConfigInput = {
  task: 'pick',
  confidence: 0.95,
  min_pairs: 20,
  max_pairs: 2000,
  checkpoints: [0.25, 0.5, 0.75, 1],
  bootstrap_resamples: 200,
  kpis: {
    pick_success_rate: { margin: 0.02 },
    mean_cycle_time_s: { margin: { relative: 0.05 } },
  },
  safety: { invariants: 'all' },
};

export function syntheticInput(
  o: SyntheticOptions,
  gate: GateConfigInput = {},
  extra: Partial<GateInput> = {},
): GateInput {
  const pairs = syntheticPairs(o);
  return {
    config: resolveGateConfig({ ...TEST_GATE, ...gate }),
    scenarios: SCENARIOS,
    pairs,
    planned_pairs: o.pairs,
    models: { candidate: { ok: true, sha256: SHA_CANDIDATE }, baseline: { ok: true, sha256: SHA_BASELINE } },
    seed: o.seed,
    ...extra,
  };
}
