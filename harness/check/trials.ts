// One safety-search trial is one episode of a scenario whose parameters are all constants: the
// trial's scenario text is exactly the file a counterexample is saved as, so the episode the
// search saw is the episode `simgate episode --scenario FILE --sample 0` replays, bit for bit.
// Trials run as sweeps of the real engine on one pool kept open for the whole search.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { InvariantSpec, Scenario } from '../../scenarios/types.js';
import type { InvariantOutcome } from '../../sim/result.js';
import type { Task } from '../../sim/task.js';
import { runSweep } from '../sweep/engine.js';
import { type ModelRef, planSweep } from '../sweep/plan.js';
import { createEpisodePool, type EpisodePool } from '../sweep/pool.js';
import type { EpisodeResult } from '../sweep/results.js';
import { splitFaults } from './faults.js';
import type { TrialParams } from './space.js';

export interface TrialOutcome {
  readonly params: TrialParams;
  readonly scenario: Scenario;
  readonly result: EpisodeResult;
  /** Smallest normalised margin over the invariants (< 0: some invariant is violated). */
  readonly robustness: number;
  /** The invariant with that margin. */
  readonly weakest: string;
  /** Violated invariants, in the order the task lists them. */
  readonly violated: readonly string[];
}

/** A stream trial's length: a day, so daily cycles and every fault schedule fit in one episode. */
export const STREAM_TRIAL_HORIZON_H = 24;

/** The scenario text of a trial (id, constants, invariants); its hash names the trial. */
export function trialText(
  task: Task,
  params: TrialParams,
  invariants: readonly InvariantSpec[],
  title?: string,
  /** A fixed id: the world (its seed) of an earlier trial, with other parameters. */
  id?: string,
): string {
  const world = task === 'stream' ? splitFaults(params) : { params, faults: [] };
  const sorted = Object.fromEntries(Object.entries(world.params).sort(([a], [b]) => a.localeCompare(b)));
  const body = {
    task,
    samples: 1,
    seed: 0,
    ...(task === 'stream' ? { horizon_h: STREAM_TRIAL_HORIZON_H } : {}),
    params: sorted,
    ...(world.faults.length > 0 ? { faults: world.faults } : {}),
    invariants: invariants.map((i) => (i.limit === undefined ? i.name : { name: i.name, limit: i.limit })),
  };
  const name = id ?? `trial-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16)}`;
  return stringify(
    { id: name, title: title ?? `Safety-search trial ${name.slice(6)}`, ...body },
    { lineWidth: 0 },
  );
}

export function trialScenario(
  file: string,
  text: string,
  task: Task,
  params: TrialParams,
  invariants: readonly InvariantSpec[],
): Scenario {
  const id = /^id: (\S+)$/m.exec(text)![1];
  const world = task === 'stream' ? splitFaults(params) : { params, faults: [] };
  return {
    id,
    title: /^title: (.*)$/m.exec(text)?.[1] ?? id,
    task,
    file,
    sha256: createHash('sha256').update(text).digest('hex'),
    requirements: [],
    tags: [],
    samples: 1,
    seed: 0,
    params: Object.fromEntries(
      Object.entries(world.params).map(([k, v]) => [k, { kind: 'const' as const, value: v }]),
    ),
    invariants,
    kpi_criteria: [],
    faults: world.faults,
    ...(task === 'stream' ? { horizon_h: STREAM_TRIAL_HORIZON_H } : {}),
  };
}

/**
 * Normalised margin of one invariant: the margin over its limit (a 10% overshoot of a force limit
 * is −0.1 whatever the unit), counts over one event. Comparable across invariants, so the search
 * climbs toward whichever is closest to failing.
 */
export function normalisedMargin(inv: InvariantOutcome): number {
  const scale = inv.limit !== undefined && inv.limit > 0 ? inv.limit : 1;
  const m = inv.margin / scale;
  return inv.violated ? Math.min(m, 0) : m;
}

export interface TrialRunnerOptions {
  readonly task: Task;
  readonly model: ModelRef;
  readonly invariants: readonly InvariantSpec[];
  readonly workers: number;
  readonly outDir: string;
  readonly cacheDir: string | false;
  readonly signal?: AbortSignal;
  /**
   * A differential search's baseline: asked for its action on every observation the model gets,
   * so each pick trial's result says how far apart the two acted (`divergence`).
   */
  readonly shadow?: ModelRef;
}

/** Runs trials and says how each came out (the engine; a pure function in tests of the search). */
export interface TrialEvaluator {
  run(phase: string, trials: readonly TrialParams[], world?: string): Promise<TrialOutcome[]>;
}

export class TrialRunner implements TrialEvaluator {
  private pool?: EpisodePool;
  private sweeps = 0;
  /** Episodes simulated or read from the cache, in all sweeps so far. */
  episodes = 0;

  constructor(private readonly o: TrialRunnerOptions) {}

  /** Runs every trial once (one engine sweep); outcomes in the order of `trials`. */
  /**
   * Runs every trial once; outcomes in the order of `trials`. With `world`, every trial keeps
   * that trial id — the same world seed — and changes only its parameters (shrinking a failure
   * that depends on where the items fell); such trials run as concurrent one-episode sweeps.
   */
  async run(phase: string, trials: readonly TrialParams[], world?: string): Promise<TrialOutcome[]> {
    if (trials.length === 0) return [];
    const sweep = this.sweeps++;
    const dir = (k?: number) =>
      join(
        this.o.outDir,
        'trials',
        `${String(sweep).padStart(3, '0')}-${phase}${k === undefined ? '' : `-${k}`}`,
      );
    const made = trials.map((params, k) => {
      const text = trialText(this.o.task, params, this.o.invariants, undefined, world);
      return {
        params,
        scenario: trialScenario(join(dir(k), 'trial.yaml'), text, this.o.task, params, this.o.invariants),
      };
    });
    this.pool ??= createEpisodePool({ threads: this.o.workers });
    const sweepOf = async (scenarios: Scenario[], out: string) => {
      const plan = planSweep({ scenarios, models: [this.o.model], suiteSeed: 0, batchSize: 1 });
      const done = await runSweep({
        plan,
        workers: this.o.workers,
        pool: this.pool,
        outDir: out,
        cacheDir: this.o.cacheDir,
        signal: this.o.signal,
        ...(this.o.shadow ? { shadow: this.o.shadow } : {}),
      });
      this.episodes += done.results.length;
      return done.results;
    };
    let results: (EpisodeResult | undefined)[];
    if (world === undefined) {
      // Equal trials (equal ids) run once; every trial still gets its outcome.
      const unique = [...new Map(made.map((t) => [t.scenario.id, t.scenario])).values()];
      const byId = new Map((await sweepOf(unique, dir())).map((r) => [r.scenario_id, r]));
      results = made.map((t) => byId.get(t.scenario.id));
    } else {
      results = await Promise.all(made.map(async (t, k) => (await sweepOf([t.scenario], dir(k)))[0]));
    }
    return made.map((t, k) => {
      const result = results[k];
      if (!result) throw new Error(`trial ${t.scenario.id} has no result (the search was interrupted)`);
      return outcomeOf(t.params, t.scenario, result);
    });
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }
}

export function outcomeOf(params: TrialParams, scenario: Scenario, result: EpisodeResult): TrialOutcome {
  let robustness = Number.POSITIVE_INFINITY;
  let weakest = '';
  for (const inv of result.invariants) {
    const m = normalisedMargin(inv);
    if (m < robustness) {
      robustness = m;
      weakest = inv.name;
    }
  }
  // An episode that errored or timed out is no evidence either way; it never counts as safe.
  if (result.status === 'error' || result.status === 'timeout') {
    robustness = Number.NaN;
    weakest = result.status;
  }
  return {
    params,
    scenario,
    result,
    robustness,
    weakest,
    violated: result.invariants.filter((i) => i.violated).map((i) => i.name),
  };
}
