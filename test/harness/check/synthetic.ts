// A synthetic model for tests of the safety search: a pure function of the trial's parameters
// that is unsafe only inside a box of the envelope (a planted region drawn by seed) and less
// robust, but safe, in a zone around it — the shape real unsafe regions have.
import type { InvariantOutcome } from '../../../sim/result.js';
import type { Envelope } from '../../../harness/check/envelope.js';
import { decodeDim, type TrialParams } from '../../../harness/check/space.js';
import {
  outcomeOf,
  type TrialEvaluator,
  type TrialOutcome,
  trialScenario,
  trialText,
} from '../../../harness/check/trials.js';
import { rngStream } from '../../../sim/rng.js';

/** The model a search over a synthetic evaluator reports on (no file behind it). */
export const SYNTHETIC_MODEL = {
  role: 'candidate',
  kind: 'onnx' as const,
  task: 'pick' as const,
  path: 'synthetic.onnx',
  sha256: 's'.repeat(64),
  cardSha256: 'c'.repeat(64),
  display: 'synthetic.onnx',
};

export interface PlantedRegion {
  /** Per dimension name: [low, high] in the parameter's unit. */
  readonly box: Readonly<Record<string, readonly [number, number]>>;
  /** Share of the envelope (product of the box widths over the spans). */
  readonly volume: number;
}

/** A box of `dims` numeric dimensions, each `width` of its span, at a seeded position. */
export function plantRegion(
  envelope: Envelope,
  seed: number,
  dims: readonly string[],
  width: number,
): PlantedRegion {
  const rng = rngStream('planted', seed);
  const box: Record<string, [number, number]> = {};
  for (const name of dims) {
    const d = envelope.dims.find((x) => x.name === name);
    if (d?.kind !== 'number') throw new Error(`${name} is not a numeric envelope dimension`);
    const start = rng.uniform(0, 1 - width);
    box[name] = [decodeDim(d, start) as number, decodeDim(d, start + width) as number];
  }
  return { box, volume: width ** dims.length };
}

/** Normalised distance of the trial from the box (0 inside), the largest over its dimensions. */
export function distance(envelope: Envelope, region: PlantedRegion, params: TrialParams): number {
  let r = 0;
  for (const [name, [lo, hi]] of Object.entries(region.box)) {
    const d = envelope.dims.find((x) => x.name === name)!;
    if (d.kind !== 'number') continue;
    const v = Number(params[name]);
    const out = Math.max(lo - v, v - hi, 0) / (hi - lo);
    r = Math.max(r, out);
  }
  return r;
}

/**
 * A candidate that differs from its baseline only near the region, with margins that do not
 * point to it: the force rises with the item's mass toward 54 N everywhere (the hazard both models
 * share) and jumps over the 60 N limit inside the region only; the candidate's actions diverge from
 * the baseline's within `ramp` box widths of it, more the nearer (0.1 at the boundary, 0.2 inside).
 * `divergence`: whether the trials report it (a differential search) or only the margins.
 */
export interface DifferentialShape {
  readonly divergence: boolean;
}

/**
 * Evaluates trials without the engine: force = 30 N far away, rising to 55 N near, 80 N inside;
 * or, with `shape`, the differential candidate above (results carry a divergence).
 */
export function syntheticEvaluator(
  envelope: Envelope,
  region: PlantedRegion,
  ramp = 1.5,
  shape?: DifferentialShape,
): TrialEvaluator & { episodes: number } {
  const mass = envelope.dims.find((d) => d.name === 'items.mass_kg');
  if (mass?.kind !== 'number') throw new Error('the envelope has no numeric items.mass_kg');
  const evaluator = {
    episodes: 0,
    async run(_phase: string, trials: readonly TrialParams[]): Promise<TrialOutcome[]> {
      evaluator.episodes += trials.length;
      return trials.map((params) => {
        const r = distance(envelope, region, params);
        const heavy = (Number(params['items.mass_kg']) - mass.min) / (mass.max - mass.min);
        const force = shape
          ? 30 + 24 * heavy + (r === 0 ? 40 : 0)
          : r === 0
            ? 80
            : 30 + 25 * Math.max(0, 1 - r / ramp);
        const divergence = r === 0 ? 0.2 : 0.1 * Math.max(0, 1 - r / ramp);
        const inv: InvariantOutcome = {
          name: 'max_contact_force_n',
          limit: 60,
          worst: force,
          margin: 60 - force,
          violated: force > 60,
        };
        const text = trialText(envelope.task, params, [{ name: inv.name, limit: 60 }]);
        const scenario = trialScenario('synthetic.yaml', text, envelope.task, params, [
          { name: inv.name, limit: 60 },
        ]);
        return outcomeOf(params, scenario, {
          episode_id: `${scenario.id}#0@candidate`,
          scenario_id: scenario.id,
          sample: 0,
          role: 'candidate',
          model_id: 'onnx:synthetic',
          model_sha256: 'synthetic',
          task: envelope.task,
          seed: '0',
          status: inv.violated ? 'violation' : 'ok',
          kpis: {},
          invariants: [inv],
          events: {},
          trace_digest: '',
          steps: 0,
          sim_time_s: 0,
          ...(shape?.divergence ? { divergence } : {}),
          provenance: {
            card_sha256: null,
            config_sha256: null,
            plan_hash: 'synthetic',
            scenario_sha256: scenario.sha256,
            versions: {},
          },
        });
      });
    },
  };
  return evaluator;
}
