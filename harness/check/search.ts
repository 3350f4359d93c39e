// `simgate check`: property-based safety search of one model over its operating envelope.
//   1. replay the counterexample corpus;
//   2. explore with fast-check samples of the envelope;
//   3. search, guided by the invariants' margins (cross-entropy method), a generation per batch;
//   4. shrink the first counterexample while the same invariant fails;
//   5. save it to the corpus as a scenario file with its provenance and replay command.
// Every step is a pure function of (model, envelope, seed, budget) and the episodes' results,
// which do not depend on the worker count: the same seed finds the same counterexample.
import { displayPath } from '../../scenarios/problems.js';
import type { InvariantSpec } from '../../scenarios/types.js';
import { rngStream } from '../../sim/rng.js';
import { SimgateError } from '../common/errors.js';
import { SIMGATE_VERSION } from '../common/version.js';
import type { ModelRef } from '../sweep/plan.js';
import { DEFAULT_CEM, initialCem, refit, sampleGeneration } from './cem.js';
import {
  corpusTrial,
  counterexamplePath,
  counterexampleText,
  loadCorpus,
  saveCounterexample,
} from './corpus.js';
import type { Envelope } from './envelope.js';
import { exploreTrials } from './explore.js';
import { shrinkCounterexample } from './shrink.js';
import { decodePoint, encodeParams } from './space.js';
import { normalisedMargin, type TrialEvaluator, type TrialOutcome } from './trials.js';

export interface SearchSettings {
  readonly seed: number;
  /** Episodes for exploration and guided search together (the corpus and shrinking come on top). */
  readonly budget: number;
  /** Episodes shrinking a counterexample may use. */
  readonly shrinkBudget: number;
  /** Trials per generation (and per exploration batch). */
  readonly population: number;
  /** Guide the search by margins (the default) or sample the envelope uniformly (the baseline). */
  readonly strategy: 'guided' | 'uniform';
  readonly corpusDir: string;
  /** Save shrunk counterexamples into the corpus. */
  readonly save: boolean;
  /**
   * Where a counterexample is written when it is not saved into the corpus (a corpus-shaped
   * tree), so its replay command names a file that exists. Unset: not written at all.
   */
  readonly unsavedDir?: string;
}

export interface Counterexample {
  readonly invariant: string;
  readonly found_by: 'corpus' | 'explore' | 'search' | 'uniform';
  /** Episodes run (corpus included) when it was first seen. */
  readonly found_after: number;
  readonly scenario_id: string;
  /** The corpus file that holds it. */
  readonly file: string;
  readonly margin: number;
  readonly robustness: number;
  readonly params: Readonly<Record<string, number | string>>;
  readonly replay: string;
  /** Digest of the counterexample episode's trace: its replay must give the same. */
  readonly trace_digest: string;
  readonly shrink: { readonly trials: number; readonly steps: number } | null;
}

export interface SearchOutcome {
  readonly episodes: { corpus: number; explore: number; search: number; shrink: number; confirm: number };
  /** Violations the baseline shows too in the same worlds (differential search only). */
  readonly shared: readonly SharedHazard[];
  /** Violations that did not recur in most other worlds of the same parameters. */
  readonly unconfirmed: readonly SharedHazard[];
  readonly counterexamples: readonly Counterexample[];
  /** Every trial of exploration and search: the margin landscape. */
  readonly landscape: readonly {
    readonly params: TrialOutcome['params'];
    readonly robustness: number;
    readonly weakest: string;
  }[];
  /** The range of every observation feature the trials offered the model (feature coverage). */
  readonly coverage: Readonly<Record<string, readonly [number, number]>>;
  /** Lowest robustness seen, and where. */
  readonly weakest: { readonly robustness: number; readonly invariant: string } | null;
}

export interface SharedHazard {
  readonly invariant: string;
  readonly scenario_id: string;
  readonly params: Readonly<Record<string, number | string>>;
  readonly margin: number;
}

export interface SearchContext {
  readonly envelope: Envelope;
  readonly model: ModelRef & {
    readonly kind: 'onnx';
    readonly display: string;
  };
  readonly invariants: readonly InvariantSpec[];
  readonly runner: TrialEvaluator;
  /**
   * The production model, when the search is differential (a gate): a violation the baseline
   * shows too, in the same world, is a hazard of the cell or the ODD, not a regression of the
   * candidate — it is reported as shared and the search goes on.
   */
  readonly baseline?: TrialEvaluator;
  readonly log?: (line: string) => void;
}

/**
 * How close a trial came to failing `invariant` ('*': any): its normalised margin, lower first;
 * an errored trial (NaN) is no evidence either way and sorts last.
 */
function scoreOf(t: TrialOutcome, invariant: string): number {
  if (Number.isNaN(t.robustness)) return Number.POSITIVE_INFINITY;
  if (invariant === '*') return t.robustness;
  const inv = t.result.invariants.find((i) => i.name === invariant);
  return inv ? normalisedMargin(inv) : Number.POSITIVE_INFINITY;
}

/**
 * In a differential search every pick trial also says how differently the candidate acted from the
 * baseline on the same observations (`divergence`, a share of the action's range). Where the two
 * acted alike throughout, the trial's episode is the baseline's own: a violation there is shared,
 * and its margins say nothing about where the candidate differs. Below this it counts as alike.
 */
const DIVERGED = 1e-3;

const diverged = (t: TrialOutcome) => (t.result.divergence ?? 0) > DIVERGED;

/** The divergence objective's name among the invariants a search climbs. */
const DIVERGENCE = '(divergence)';

/**
 * The objectives a differential search climbs once the candidate has been seen to diverge: the
 * divergence itself, twice (two draws for each margin's one) when there are margins to climb, and
 * each climbable margin; every objective's elites are trials that diverged.
 */
function differentialObjectives(margins: readonly string[]): string[] {
  return margins.length > 0 ? [DIVERGENCE, DIVERGENCE, ...margins] : [DIVERGENCE];
}

/**
 * A trial's score for `objective` in a differential search: lower is better; a trial where the
 * candidate acted like the baseline throughout is never an elite.
 */
function differentialScore(t: TrialOutcome, objective: string): number {
  if (!diverged(t)) return Number.POSITIVE_INFINITY;
  return objective === DIVERGENCE ? -(t.result.divergence ?? 0) : scoreOf(t, objective);
}

/** Limit invariants whose normalised margins moved across the trials: the ones worth climbing. */
function climbable(trials: readonly TrialOutcome[]): string[] {
  const ranges = new Map<string, [number, number]>();
  for (const t of trials) {
    if (Number.isNaN(t.robustness)) continue;
    for (const inv of t.result.invariants) {
      if (inv.limit === undefined) continue;
      const m = normalisedMargin(inv);
      const r = ranges.get(inv.name) ?? [m, m];
      ranges.set(inv.name, [Math.min(r[0], m), Math.max(r[1], m)]);
    }
  }
  return [...ranges].filter(([, [lo, hi]]) => hi - lo > 1e-3).map(([name]) => name);
}

/** Worlds a violation is confirmed in besides its own: the same parameters, other seeds. */
const CONFIRM_WORLDS = 3;
/** Worlds of the 1 + CONFIRM_WORLDS a violation must recur in to be the candidate's. */
const CONFIRM_NEEDED = 3;

type Verdict = 'own' | 'shared' | 'chance';

/**
 * Whether a violation is the candidate's own. Contact forces and drops in a cluttered tote are
 * chaotic — a pinch between the cup and a wall can read hundreds of newtons at any approach speed
 * — so one world proves little: the violation must recur in at least 3 of 4 worlds of the same
 * parameters (its own and CONFIRM_WORLDS more), and, in a differential search, the baseline must
 * show it in at most 1 of the same 4 (2 or more: a shared hazard of the cell or its ODD).
 *
 * The candidate's other worlds run first, two at once, the third only while the count is still
 * open: most violations a search meets are chaos that recurs nowhere, and two episodes settle
 * them. The baseline runs only for a violation that recurred. The order of the episodes is fixed,
 * so the verdict and the count do not depend on the worker count.
 */
async function confirm(
  ctx: SearchContext,
  t: TrialOutcome,
  invariant: string,
): Promise<{ verdict: Verdict; episodes: number }> {
  const id = t.scenario.id;
  const others = Array.from({ length: CONFIRM_WORLDS }, (_, k) => `${id}-w${k + 1}`);
  const recurrences = async (runner: TrialEvaluator, worlds: readonly string[]) => {
    const out = await Promise.all(worlds.map(async (w) => (await runner.run('confirm', [t.params], w))[0]));
    return out.filter((r) => r.violated.includes(invariant)).length;
  };
  let recurs = 1;
  let episodes = 0;
  for (const batch of [others.slice(0, 2), others.slice(2)]) {
    // Settled either way: enough recurrences already, or too few worlds left to reach them.
    if (recurs >= CONFIRM_NEEDED || recurs + others.length - episodes < CONFIRM_NEEDED) break;
    recurs += await recurrences(ctx.runner, batch);
    episodes += batch.length;
  }
  if (recurs < CONFIRM_NEEDED) return { verdict: 'chance', episodes };
  if (!ctx.baseline) return { verdict: 'own', episodes };
  const theirs = await recurrences(ctx.baseline, [id, ...others]);
  return { verdict: theirs >= 2 ? 'shared' : 'own', episodes: episodes + 1 + others.length };
}

/**
 * A trial that could not run (an `error` outcome: the model threw, its window never filled in
 * the trial, a worker died) is no evidence that the model is safe there. The search does not
 * skip it and report "none found" over the rest: it stops with the first one, named with its
 * scenario and the error, and `check` or the gate ends with exit 3.
 */
export class TrialError extends SimgateError {
  constructor(role: string, t: TrialOutcome, phase: string) {
    super(
      `the safety search could not run a trial of the ${role} (${phase}, ${t.scenario.id}): ${t.result.error?.message ?? 'error'}; no verdict without it`,
      'SIMGATE_TRIAL_ERROR',
    );
    this.name = 'TrialError';
  }
}

function failClosed(evaluator: TrialEvaluator, role: string): TrialEvaluator {
  return {
    run: async (phase, trials, world) => {
      const out = await evaluator.run(phase, trials, world);
      const bad = out.find((t) => t.result.status === 'error');
      if (bad) throw new TrialError(role, bad, phase);
      return out;
    },
  };
}

export async function safetySearch(given: SearchContext, s: SearchSettings): Promise<SearchOutcome> {
  const ctx: SearchContext = {
    ...given,
    runner: failClosed(given.runner, 'candidate'),
    ...(given.baseline ? { baseline: failClosed(given.baseline, 'baseline') } : {}),
  };
  const { envelope, runner } = ctx;
  const episodes = { corpus: 0, explore: 0, search: 0, shrink: 0, confirm: 0 };
  const landscape: TrialOutcome[] = [];
  const total = () => episodes.corpus + episodes.explore + episodes.search;
  const log = ctx.log ?? (() => {});
  const shared: SharedHazard[] = [];
  // Violations that did not recur in other worlds of the same parameters.
  const unconfirmed: SharedHazard[] = [];
  // Trials whose violation the baseline shares must not pull the search toward them.
  const sharedIds = new Set<string>();
  /** The first violation of a batch (batch order) the baseline does not share. */
  const firstViolation = async (trials: readonly TrialOutcome[]) => {
    for (const [index, trial] of trials.entries()) {
      if (trial.violated.length === 0) continue;
      const invariant = worstViolated(trial);
      const { verdict, episodes: used } = await confirm(ctx, trial, invariant);
      episodes.confirm += used;
      if (verdict === 'own') return { trial, index };
      sharedIds.add(trial.scenario.id);
      const hazard = {
        invariant,
        scenario_id: trial.scenario.id,
        params: trial.params,
        margin: marginOf(trial, invariant),
      };
      if (verdict === 'shared') shared.push(hazard);
      else unconfirmed.push(hazard);
      log(
        verdict === 'shared'
          ? `${invariant} violated in ${trial.scenario.id}, by the baseline too: shared, searching on`
          : `${invariant} violated in ${trial.scenario.id} but not in most of its other worlds: not reproducible, searching on`,
      );
    }
    return undefined;
  };

  // 1. The corpus: every earlier counterexample of this task, replayed as it was saved.
  const corpus = loadCorpus(s.corpusDir, envelope.task);
  // Each entry replays in its own world (its id), exactly as it was saved.
  const fromCorpus = (
    await Promise.all(
      corpus.map((c) => {
        const trial = corpusTrial(c);
        return trial ? runner.run('corpus', [trial], c.id) : Promise.resolve([]);
      }),
    )
  ).flat();
  episodes.corpus = fromCorpus.length;
  log(`corpus: ${fromCorpus.length} counterexample(s) replayed from ${s.corpusDir}/${envelope.task}`);
  // A scenario put in the corpus by hand may not be one fixed trial: say so, never skip it quietly.
  const notTrials = corpus.filter((c) => !corpusTrial(c));
  if (notTrials.length > 0)
    log(
      `corpus: ${notTrials.length} scenario(s) not replayed, not one fixed trial (a distribution, or a fault schedule the search does not write): ${notTrials.map((c) => displayPath(c.file)).join(', ')}`,
    );
  const replayed: TrialOutcome[] = [];
  for (const t of fromCorpus) {
    if (t.violated.length === 0) continue;
    // A saved counterexample still has to be this candidate's own, reproducible one.
    const invariant = worstViolated(t);
    const { verdict, episodes: used } = await confirm(ctx, t, invariant);
    episodes.confirm += used;
    const hazard = {
      invariant,
      scenario_id: t.scenario.id,
      params: t.params,
      margin: marginOf(t, invariant),
    };
    if (verdict === 'own') replayed.push(t);
    else if (verdict === 'shared') shared.push(hazard);
    else unconfirmed.push(hazard);
  }
  if (replayed.length > 0) {
    const counterexamples = replayed.map((t) => {
      const file = corpus.find((c) => c.id === t.scenario.id)?.file ?? t.scenario.file;
      return describe(ctx, t, 'corpus', fromCorpus.indexOf(t) + 1, file, null);
    });
    return {
      episodes,
      shared,
      unconfirmed,
      counterexamples,
      landscape: [],
      coverage: coverageOf(fromCorpus),
      weakest: weakestOf(replayed),
    };
  }

  // 2–3. Exploration, then guided search (or the uniform baseline), a batch at a time.
  let found: { trial: TrialOutcome; by: Counterexample['found_by']; after: number } | undefined;
  // One distribution per invariant whose margins the exploration saw move (a limit invariant
  // far from its limit in some trials and close to it in others); a single one on the smallest
  // margin when none did. Each refits to the trials closest to failing *its* invariant.
  let climbed: string[] = [];
  let states = [initialCem(envelope)];
  let generation = 0;
  const exploreN = s.strategy === 'guided' ? Math.min(s.budget, s.population) : 0;
  // Every trial so far (an elitist refit: a good point is never forgotten).
  const seenPoints: number[][] = [];
  const seenTrials: TrialOutcome[] = [];
  // A differential search on trials that report their divergence (pick, with a baseline): 'blind'
  // until some trial diverged, then 'climbing'; 'off' otherwise. Set by refitAll, which runs
  // whenever seenTrials grows.
  let mode = 'off' as 'off' | 'blind' | 'climbing';
  const refitAll = () => {
    mode = !seenTrials.some((t) => t.result.divergence !== undefined)
      ? 'off'
      : seenTrials.some(diverged)
        ? 'climbing'
        : 'blind';
    if (mode !== 'off') {
      // Until the candidate is seen to act differently, the margins are the baseline's own and
      // lead nowhere the candidate differs: the search samples the envelope uniformly (below).
      const objectives = mode === 'climbing' ? differentialObjectives(climbable(seenTrials)) : [];
      if (objectives.join('\n') !== climbed.join('\n')) {
        climbed = objectives;
        states = climbed.map(() => initialCem(envelope));
      }
    }
    const score = mode !== 'off' ? differentialScore : scoreOf;
    states = (climbed.length > 0 ? climbed : ['*']).map((inv, k) =>
      refit(
        states[k] ?? initialCem(envelope),
        seenPoints,
        seenTrials.map((t) => (sharedIds.has(t.scenario.id) ? Number.POSITIVE_INFINITY : score(t, inv))),
        DEFAULT_CEM,
      ),
    );
  };
  if (exploreN > 0) {
    const explored = await runner.run('explore', exploreTrials(envelope, s.seed, exploreN));
    const hit = await firstViolation(explored);
    if (hit) found = { trial: hit.trial, by: 'explore', after: total() + hit.index + 1 };
    episodes.explore = explored.length;
    landscape.push(...explored);
    seenPoints.push(...explored.map((t) => encodeParams(envelope, t.params)));
    seenTrials.push(...explored);
    climbed = climbable(explored);
    states = climbed.map(() => initialCem(envelope));
    refitAll();
  }
  while (!found && episodes.explore + episodes.search < s.budget) {
    const n = Math.min(s.population, s.budget - episodes.explore - episodes.search);
    const guided = s.strategy === 'guided';
    // A differential search that has not yet seen the candidate diverge draws every point uniformly.
    const points = guided
      ? sampleGeneration(states, s.seed, generation, n, mode === 'blind' ? 1 : undefined)
      : uniformPoints(envelope.dims.length, s.seed, episodes.search, n);
    const trials = await runner.run(
      guided ? `search-${generation}` : 'uniform',
      points.map((p) => decodePoint(envelope, p)),
    );
    generation++;
    const hit = await firstViolation(trials);
    if (hit) found = { trial: hit.trial, by: guided ? 'search' : 'uniform', after: total() + hit.index + 1 };
    episodes.search += trials.length;
    landscape.push(...trials);
    if (!hit && guided) {
      seenPoints.push(...points);
      seenTrials.push(...trials);
      refitAll();
    }
    const apart =
      mode !== 'off' ? `, acted unlike the baseline in ${seenTrials.filter(diverged).length}` : '';
    log(
      `${s.strategy}: ${episodes.explore + episodes.search}/${s.budget} episodes${apart}, lowest margin ${fmt(weakestOf(landscape)?.robustness)}`,
    );
  }
  if (!found)
    return {
      episodes,
      shared,
      unconfirmed,
      counterexamples: [],
      landscape: landscapeOf(landscape),
      coverage: coverageOf(landscape),
      weakest: weakestOf(landscape),
    };

  // 4–5. Shrink by the invariant it violates worst, then save into the corpus.
  const invariant = worstViolated(found.trial);
  const shrunk = await shrinkCounterexample(
    envelope,
    found.trial,
    invariant,
    (phase, t, world) => runner.run(phase, t, world),
    {
      batch: s.population,
      budget: s.shrinkBudget,
    },
  );
  episodes.shrink = shrunk.trials;
  // Shrinking keeps the candidate failing in one world; the minimal trial must still be the
  // candidate's own, reproducible violation, or the one the search confirmed is kept.
  // A step close to a stochastic boundary (a fault probability shrunk to a few samples) may fail
  // only in this world: the simplest of up to four evenly spaced steps that is confirmed is kept.
  let minimal = found.trial;
  for (const step of confirmOrder(shrunk.history)) {
    const { verdict, episodes: used } = await confirm(ctx, step, invariant);
    episodes.confirm += used;
    if (verdict === 'own') {
      minimal = step;
      break;
    }
  }
  const home = s.save ? s.corpusDir : (s.unsavedDir ?? s.corpusDir);
  const file = counterexamplePath(home, envelope.task, invariant, minimal.scenario.id);
  const ce = describe(
    ctx,
    minimal,
    found.by,
    found.after,
    file,
    { trials: shrunk.trials, steps: shrunk.steps },
    invariant,
  );
  if (s.save || s.unsavedDir !== undefined) {
    const text = counterexampleText(envelope.task, minimal.scenario.id, minimal.params, ctx.invariants, {
      model_sha256: ctx.model.sha256,
      card_sha256: ctx.model.cardSha256,
      invariant,
      margin: ce.margin,
      search_seed: s.seed,
      simgate: SIMGATE_VERSION,
      found_by: found.by,
      replay: ce.replay,
    });
    saveCounterexample(file, text);
  }
  return {
    episodes,
    shared,
    unconfirmed,
    counterexamples: [ce],
    landscape: landscapeOf(landscape),
    coverage: coverageOf(landscape),
    weakest: weakestOf(landscape),
  };
}

/** The baseline: points drawn uniformly from the unit cube, keyed by (seed, trial index). */
function uniformPoints(dims: number, seed: number, offset: number, n: number): number[][] {
  return Array.from({ length: n }, (_, k) => {
    const rng = rngStream('uniform-search', seed, offset + k);
    return Array.from({ length: dims }, () => rng.next());
  });
}

function worstViolated(t: TrialOutcome): string {
  const violated = t.result.invariants.filter((i) => i.violated);
  violated.sort((a, b) => a.margin / (a.limit ?? 1) - b.margin / (b.limit ?? 1));
  return violated[0].name;
}

function describe(
  ctx: SearchContext,
  t: TrialOutcome,
  by: Counterexample['found_by'],
  after: number,
  file: string,
  shrink: Counterexample['shrink'],
  invariant = worstViolated(t),
): Counterexample {
  const inv = t.result.invariants.find((i) => i.name === invariant)!;
  return {
    invariant,
    found_by: by,
    found_after: after,
    scenario_id: t.scenario.id,
    file,
    margin: Number(inv.margin.toPrecision(6)),
    robustness: Number(t.robustness.toPrecision(6)),
    params: t.params,
    replay: `simgate episode --scenario ${displayPath(file)} --sample 0 --suite-seed 0 --model ${ctx.model.display} --trace replay.jsonl`,
    trace_digest: t.result.trace_digest,
    shrink,
  };
}

/** The trial closest to failing among those that did not (the corpus' own violations excepted). */
function weakestOf(trials: readonly TrialOutcome[]): SearchOutcome['weakest'] {
  let w: TrialOutcome | undefined;
  const pool = trials.some((t) => t.violated.length === 0)
    ? trials.filter((t) => t.violated.length === 0)
    : trials;
  for (const t of pool) if (!Number.isNaN(t.robustness) && (!w || t.robustness < w.robustness)) w = t;
  return w ? { robustness: w.robustness, invariant: w.weakest } : null;
}

function landscapeOf(trials: readonly TrialOutcome[]): SearchOutcome['landscape'] {
  return trials.map((t) => ({ params: t.params, robustness: t.robustness, weakest: t.weakest }));
}

const fmt = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));

function marginOf(t: TrialOutcome, invariant: string): number {
  const m = t.result.invariants.find((i) => i.name === invariant)?.margin ?? Number.NaN;
  return Number(m.toPrecision(6));
}

/** The union of the observed feature ranges of the trials. */
function coverageOf(trials: readonly TrialOutcome[]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const t of trials)
    for (const [name, [lo, hi]] of Object.entries(t.result.observed ?? {})) {
      const r = out[name];
      out[name] = r ? [Math.min(r[0], lo), Math.max(r[1], hi)] : [lo, hi];
    }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Shrinking steps to confirm, simplest first: the last and up to three earlier, evenly spaced. */
export function confirmOrder<T>(history: readonly T[]): T[] {
  const n = history.length;
  if (n === 0) return [];
  const picks = new Set([
    n - 1,
    Math.floor((3 * (n - 1)) / 4),
    Math.floor((n - 1) / 2),
    Math.floor((n - 1) / 4),
  ]);
  return [...picks].sort((a, b) => b - a).map((i) => history[i]);
}
