// Shrinking a counterexample while the same invariant still fails: first domain moves (one item,
// no mass spread, exact master data and perception, nobody on the walkway — the simplest world),
// then fast-check's own shrinker on every searched parameter (integers and doubles toward the
// lower end of their range, choices toward the first). Candidates are evaluated a batch at a
// time and the first one in stream order that still fails is kept, so the result depends on the
// seed and the trials alone, never on the worker count.
import fc from 'fast-check';
import type { ParamValue } from '../../sim/params.js';
import type { Envelope } from './envelope.js';
import { envelopeArbitrary, GRID, gridIndex, gridValue } from './explore.js';
import type { TrialParams } from './space.js';
import type { TrialOutcome } from './trials.js';

/** Domain moves, tried in this order: each sets one parameter to its simplest value. */
const SIMPLEST: Readonly<Record<string, ParamValue>> = {
  'items.count': 1,
  'items.mass_spread': 0,
  'items.mass_error': 0,
  'camera.noise_m': 0,
  'camera.size_noise': 0,
  'camera.miss_rate': 0,
  'people.rate_per_h': 0,
  'temperature.noise_c': 0,
  'temperature.weather_sd_c': 0,
};

/** Parameters that spread the items of a trial around a mean: (mean, relative spread). */
/**
 * Parameters that make the value a model observes differ from a mean parameter: the mass spread of
 * the items (uniform ±) and the master-data error (a normal of this relative sd, taken as ±2 sd).
 */
const SPREADS: readonly {
  readonly mean: string;
  readonly spreads: readonly (readonly [name: string, width: number])[];
}[] = [
  {
    mean: 'items.mass_kg',
    spreads: [
      ['items.mass_spread', 1],
      ['items.mass_error', 2],
    ],
  },
];

export interface ShrinkOptions {
  /** Candidates evaluated per engine batch. */
  readonly batch: number;
  /** At most this many trials in all. */
  readonly budget: number;
}

export type Evaluate = (
  phase: string,
  trials: readonly TrialParams[],
  world?: string,
) => Promise<TrialOutcome[]>;

export interface Shrunk {
  readonly outcome: TrialOutcome;
  /** Trials the shrinking ran. */
  readonly trials: number;
  /** Accepted steps (each a simpler trial that still fails). */
  readonly steps: number;
  /** The trial after each accepted step, simplest last. */
  readonly history: readonly TrialOutcome[];
}

export async function shrinkCounterexample(
  envelope: Envelope,
  failing: TrialOutcome,
  invariant: string,
  evaluate: Evaluate,
  o: ShrinkOptions,
): Promise<Shrunk> {
  let current = failing;
  let trials = 0;
  let steps = 0;
  const history: TrialOutcome[] = [];
  const stillFails = (t: TrialOutcome) => t.violated.includes(invariant);
  const room = () => o.budget - trials;
  // Every candidate keeps the counterexample's world (its trial id, so its seed): only the
  // parameters change, and a failure that depends on where the items fell stays reproducible.
  const world = failing.scenario.id;
  const run = async (phase: string, candidates: TrialParams[]) => {
    const results = await evaluate(phase, candidates, world);
    trials += candidates.length;
    return results;
  };

  // Moves of many parameters at once to a target value (delta debugging): each batch tries the
  // whole remaining set, its halves, quarters and so on, and keeps the largest set that still
  // fails; sets before it in the batch did not, so the rest is tried again on the simpler trial.
  const groupMoves = async (phase: string, target: (name: string) => ParamValue) => {
    let rest = envelope.dims.filter((d) => current.params[d.name] !== target(d.name)).map((d) => d.name);
    while (rest.length > 0 && room() > 0) {
      const groups = partitions(rest, Math.min(o.batch, room()));
      const results = await run(
        phase,
        groups.map((g) => ({ ...current.params, ...Object.fromEntries(g.map((n) => [n, target(n)])) })),
      );
      const hit = results.findIndex(stillFails);
      if (hit < 0) break;
      current = results[hit];
      steps++;
      history.push(current);
      rest = rest.filter((n) => !groups[hit].includes(n));
    }
  };
  // 0. A spread collapsed to one value: the items of a trial differ around a mean, and the one
  // that fails may lie anywhere in the spread; try one exact value at a time across it.
  for (const { mean, spreads } of SPREADS) {
    const m = dimOf(envelope, mean);
    const w = spreads.reduce((sum, [name, width]) => sum + width * Number(current.params[name] ?? 0), 0);
    if (m?.kind !== 'number' || !(w > 0) || room() <= 0) continue;
    const centre = Number(current.params[mean]);
    const k = Math.min(o.batch, room());
    const values = [
      ...new Set(
        Array.from({ length: k }, (_, j) => {
          const v = centre * (1 + w * (k === 1 ? 0 : (2 * j) / (k - 1) - 1));
          return gridValue(m.min, m.max, gridIndex(m.min, m.max, Math.min(m.max, Math.max(m.min, v))));
        }),
      ),
    ];
    const exact = Object.fromEntries(spreads.map(([name]) => [name, 0]));
    const results = await run(
      'shrink-spread',
      values.map((v) => ({ ...current.params, [mean]: v, ...exact })),
    );
    const hit = results.findIndex(stillFails);
    if (hit >= 0) {
      current = results[hit];
      steps++;
      history.push(current);
    }
  }
  // 1. Domain moves: one item, exact master data and perception, nobody on the walkway.
  const domain = envelope.dims.filter((d) => d.name in SIMPLEST).map((d) => d.name);
  await groupMoves('shrink-domain', (n) =>
    domain.includes(n) ? simplest(dimOf(envelope, n)) : current.params[n],
  );
  // 2. Every parameter that plays no part in the failure to the lower end of its range.
  await groupMoves('shrink-lower', (n) => lowest(dimOf(envelope, n)));

  // 3. Each numeric parameter that stayed, toward its lower end (the direction fast-check's
  // shrinker takes), K-ary per batch: the smallest of K evenly spaced values that still fails
  // brackets the boundary K times tighter, until the bracket is a 200th of the range.
  for (const d of envelope.dims) {
    if (d.kind !== 'number' || d.integer || room() <= 0) continue;
    let hi = gridIndex(d.min, d.max, current.params[d.name]);
    let lo = 0;
    while (hi - lo > GRID / 200 && room() > 0) {
      const k = Math.min(o.batch, room());
      const values = [
        ...new Set(
          Array.from({ length: k }, (_, j) => gridValue(d.min, d.max, lo + Math.floor(((hi - lo) * j) / k))),
        ),
      ];
      const results = await run(
        'shrink-bisect',
        values.map((v) => ({ ...current.params, [d.name]: v })),
      );
      const hit = results.findIndex(stillFails);
      if (hit < 0) {
        lo = gridIndex(d.min, d.max, values.at(-1));
        continue;
      }
      current = results[hit];
      steps++;
      history.push(current);
      hi = gridIndex(d.min, d.max, values[hit]);
      if (hit === 0) break;
      lo = gridIndex(d.min, d.max, values[hit - 1]);
    }
  }

  // 4. fast-check's shrinker on the integer and choice parameters (numbers are at their
  // boundary already), from the current counterexample, without context at first.
  const discrete = envelope.dims.filter((d) => d.kind === 'choice' || d.integer);
  const arb = envelopeArbitrary({ ...envelope, dims: discrete, fixed: { ...current.params } });
  let value: fc.Value<TrialParams> = new fc.Value(current.params, undefined);
  let stream = arb.shrink(value.value, value.context);
  while (discrete.length > 0 && room() > 0) {
    const candidates = [...stream.take(Math.min(o.batch, room()))];
    if (candidates.length === 0) break;
    const results = await run(
      'shrink',
      candidates.map((c) => c.value),
    );
    const hit = results.findIndex(stillFails);
    if (hit < 0) continue;
    current = results[hit];
    value = candidates[hit];
    stream = arb.shrink(value.value, value.context);
    steps++;
    history.push(current);
  }
  return { outcome: current, trials, steps, history };
}

function dimOf(envelope: Envelope, name: string) {
  return envelope.dims.find((d) => d.name === name)!;
}

/** The domain move's value of a dimension, kept inside the envelope (a noise floor above 0). */
function simplest(d: Envelope['dims'][number]): ParamValue {
  const v = SIMPLEST[d.name];
  return d.kind === 'number' && typeof v === 'number' ? Math.min(d.max, Math.max(d.min, v)) : v;
}

/** The simplest value of a dimension: the lower end of a range, the first choice. */
function lowest(d: Envelope['dims'][number]): ParamValue {
  return d.kind === 'choice' ? d.values[0] : d.min;
}

/**
 * Candidate groups, largest first: the whole list, then its halves, quarters, ... down to single
 * names, cut off at `max` groups. Deterministic in the order of `names`.
 */
export function partitions(names: readonly string[], max: number): string[][] {
  const out: string[][] = [];
  for (let parts = 1; out.length < max; parts *= 2) {
    const size = Math.ceil(names.length / parts);
    for (let i = 0; i < names.length && out.length < max; i += size) out.push(names.slice(i, i + size));
    if (size === 1) break;
  }
  return out;
}
