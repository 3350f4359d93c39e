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
import type { TrialEvaluator, TrialOutcome } from './trials.js';

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
  readonly episodes: { corpus: number; explore: number; search: number; shrink: number };
  readonly counterexamples: readonly Counterexample[];
  /** Every trial of exploration and search: the margin landscape. */
  readonly landscape: readonly {
    readonly params: TrialOutcome['params'];
    readonly robustness: number;
    readonly weakest: string;
  }[];
  /** Lowest robustness seen, and where. */
  readonly weakest: { readonly robustness: number; readonly invariant: string } | null;
}

export interface SearchContext {
  readonly envelope: Envelope;
  readonly model: ModelRef & {
    readonly kind: 'onnx';
    readonly display: string;
  };
  readonly invariants: readonly InvariantSpec[];
  readonly runner: TrialEvaluator;
  readonly log?: (line: string) => void;
}

/** Lower first; an errored trial (NaN) is no evidence either way and sorts last. */
const score = (t: TrialOutcome) => (Number.isNaN(t.robustness) ? Number.POSITIVE_INFINITY : t.robustness);

/** The first violating trial of a batch, in batch order (the order they were drawn). */
function firstViolation(trials: readonly TrialOutcome[]): { trial: TrialOutcome; index: number } | undefined {
  const index = trials.findIndex((t) => t.violated.length > 0);
  return index < 0 ? undefined : { trial: trials[index], index };
}

export async function safetySearch(ctx: SearchContext, s: SearchSettings): Promise<SearchOutcome> {
  const { envelope, runner } = ctx;
  const episodes = { corpus: 0, explore: 0, search: 0, shrink: 0 };
  const landscape: TrialOutcome[] = [];
  const total = () => episodes.corpus + episodes.explore + episodes.search;
  const log = ctx.log ?? (() => {});

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
  const replayed = fromCorpus.filter((t) => t.violated.length > 0);
  if (replayed.length > 0) {
    const counterexamples = replayed.map((t) => {
      const file = corpus.find((c) => c.id === t.scenario.id)?.file ?? t.scenario.file;
      return describe(ctx, t, 'corpus', fromCorpus.indexOf(t) + 1, file, null);
    });
    return { episodes, counterexamples, landscape: [], weakest: weakestOf(replayed) };
  }

  // 2–3. Exploration, then guided search (or the uniform baseline), a batch at a time.
  let found: { trial: TrialOutcome; by: Counterexample['found_by']; after: number } | undefined;
  let state = initialCem(envelope);
  const exploreN = s.strategy === 'guided' ? Math.min(s.budget, s.population) : 0;
  // The elite pool: every trial so far, so a good point is never forgotten by the refit.
  const seenPoints: number[][] = [];
  const seenScores: number[] = [];
  if (exploreN > 0) {
    const explored = await runner.run('explore', exploreTrials(envelope, s.seed, exploreN));
    const hit = firstViolation(explored);
    if (hit) found = { trial: hit.trial, by: 'explore', after: total() + hit.index + 1 };
    episodes.explore = explored.length;
    landscape.push(...explored);
    seenPoints.push(...explored.map((t) => encodeParams(envelope, t.params)));
    seenScores.push(...explored.map(score));
    state = refit(state, seenPoints, seenScores, DEFAULT_CEM);
  }
  while (!found && episodes.explore + episodes.search < s.budget) {
    const n = Math.min(s.population, s.budget - episodes.explore - episodes.search);
    const guided = s.strategy === 'guided';
    const points = guided
      ? sampleGeneration(state, s.seed, n)
      : uniformPoints(envelope.dims.length, s.seed, episodes.search, n);
    const trials = await runner.run(
      guided ? `search-${state.generation}` : 'uniform',
      points.map((p) => decodePoint(envelope, p)),
    );
    const hit = firstViolation(trials);
    if (hit) found = { trial: hit.trial, by: guided ? 'search' : 'uniform', after: total() + hit.index + 1 };
    episodes.search += trials.length;
    landscape.push(...trials);
    if (!hit && guided) {
      seenPoints.push(...points);
      seenScores.push(...trials.map(score));
      state = refit(state, seenPoints, seenScores, DEFAULT_CEM);
    }
    log(
      `${s.strategy}: ${episodes.explore + episodes.search}/${s.budget} episodes, lowest margin ${fmt(weakestOf(landscape)?.robustness)}`,
    );
  }
  if (!found)
    return {
      episodes,
      counterexamples: [],
      landscape: landscapeOf(landscape),
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
  const file = counterexamplePath(s.corpusDir, envelope.task, invariant, shrunk.outcome.scenario.id);
  const ce = describe(
    ctx,
    shrunk.outcome,
    found.by,
    found.after,
    file,
    { trials: shrunk.trials, steps: shrunk.steps },
    invariant,
  );
  if (s.save) {
    const text = counterexampleText(
      envelope.task,
      shrunk.outcome.scenario.id,
      shrunk.outcome.params,
      ctx.invariants,
      {
        model_sha256: ctx.model.sha256,
        card_sha256: ctx.model.cardSha256,
        invariant,
        margin: ce.margin,
        search_seed: s.seed,
        simgate: SIMGATE_VERSION,
        found_by: found.by,
        replay: ce.replay,
      },
    );
    saveCounterexample(file, text);
  }
  return {
    episodes,
    counterexamples: [ce],
    landscape: landscapeOf(landscape),
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

function weakestOf(trials: readonly TrialOutcome[]): SearchOutcome['weakest'] {
  let w: TrialOutcome | undefined;
  for (const t of trials) if (!Number.isNaN(t.robustness) && (!w || t.robustness < w.robustness)) w = t;
  return w ? { robustness: w.robustness, invariant: w.weakest } : null;
}

function landscapeOf(trials: readonly TrialOutcome[]): SearchOutcome['landscape'] {
  return trials.map((t) => ({ params: t.params, robustness: t.robustness, weakest: t.weakest }));
}

const fmt = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));
