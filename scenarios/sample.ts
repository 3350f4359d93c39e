// Turns a scenario into concrete simulator parameters for one sample index. Each parameter
// draws from its own random stream keyed by (suite seed, scenario id, scenario seed, sample
// index, parameter name), so adding a parameter or a scenario never changes the values drawn
// for the others. Draws are truncated/clamped to the registry's physical range.
import type { ParamSpec, ParamValue, ResolvedParams } from '../sim/params.js';
import { type Rng, rngStream } from '../sim/rng.js';
import { taskRegistry } from './registry.js';
import type { Distribution, Scenario } from './types.js';

/** Rejection tries for truncated normal draws before falling back to clamping. */
const MAX_REJECTIONS = 1000;

export function sampleParams(scenario: Scenario, suiteSeed: number, sampleIndex: number): ResolvedParams {
  const out: Record<string, ParamValue> = {};
  for (const spec of taskRegistry(scenario.task).params) {
    const dist = scenario.params[spec.name];
    if (!dist) {
      out[spec.name] = spec.default;
      continue;
    }
    const rng = rngStream('scenario-param', suiteSeed, scenario.id, scenario.seed, sampleIndex, spec.name);
    out[spec.name] = fitToSpec(spec, draw(dist, spec, rng));
  }
  if (scenario.task === 'pick' && scenario.duration_s !== undefined) {
    out['cell.duration_s'] = scenario.duration_s;
  }
  return out;
}

function draw(dist: Distribution, spec: ParamSpec, rng: Rng): ParamValue {
  const [lo, hi] = spec.kind === 'number' ? [spec.min, spec.max] : [-Infinity, Infinity];
  switch (dist.kind) {
    case 'const':
      return dist.value;
    case 'uniform':
      return rng.uniform(dist.min, dist.max);
    case 'int':
      return rng.int(dist.min, dist.max);
    case 'normal':
      return truncated(
        () => rng.normal(dist.mean, dist.sd),
        Math.max(lo, dist.min ?? lo),
        Math.min(hi, dist.max ?? hi),
      );
    case 'lognormal':
      return truncated(
        () => Math.exp(rng.normal(dist.mu, dist.sigma)),
        Math.max(lo, dist.min ?? lo),
        Math.min(hi, dist.max ?? hi),
      );
    case 'choice':
      return dist.values[dist.weights ? rng.weighted(dist.weights) : rng.int(0, dist.values.length - 1)];
  }
}

/** Rejection sampling inside [min, max], bounded; the last draw is clamped if none lands. */
function truncated(next: () => number, min: number, max: number): number {
  let x = next();
  for (let i = 0; i < MAX_REJECTIONS && (x < min || x > max); i++) x = next();
  return Math.min(max, Math.max(min, x));
}

function fitToSpec(spec: ParamSpec, value: ParamValue): ParamValue {
  if (spec.kind === 'choice' || typeof value !== 'number') return value;
  const v = spec.integer ? Math.round(value) : value;
  return Math.min(spec.max, Math.max(spec.min, v));
}
