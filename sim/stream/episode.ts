// One sensor-stream episode inside a worker thread: simulate the stream with its faults, run
// a forecaster or detector open-loop over every window the consumer would hold (batched into
// few policy calls), and score it against the ground truth. Never throws: bad input and policy
// failures become an `error` outcome, non-finite outputs an invariant violation.
import { createHash } from 'node:crypto';
import type { DetectorPolicy, ForecastPolicy, StreamPolicy } from './policy.js';
import { type ResolvedParams, resolveParams } from '../params.js';
import type { EpisodeOutcome, InvariantOutcome, SimEvent } from '../result.js';
import { STREAM_INVARIANTS, type StreamFault } from './catalog.js';
import { type DeliveryPlan, planDelivery, windowsOf } from './delivery.js';
import type { FaultedStream } from './faults.js';
import { simulateStream } from './index.js';
import { STREAM_PARAMS } from './params.js';
import { ForecastScore, labelledEvents, scoreDetector } from './score.js';

export interface StreamEpisodeSpec {
  readonly params: ResolvedParams;
  readonly seed: string;
  readonly faults: readonly StreamFault[];
  readonly horizon_h: number;
  readonly invariants?: readonly { readonly name: string; readonly limit?: number }[];
  /** Windows per policy call (default 4096). */
  readonly batch?: number;
}

export const STREAM_BATCH = 4096;

/** Invariants every stream episode checks, whatever the scenario lists: fail closed on NaN. */
const ALWAYS = ['no_nan_forecast', 'finite_actions', 'model_timeout'];

/** Canonical rounding for the trace digest: integer micro-units, named non-finite values. */
function canon(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  const r = Math.round(x * 1e6);
  return r === 0 ? '0' : String(r);
}

function digestStream(h: ReturnType<typeof createHash>, s: FaultedStream): void {
  for (let i = 0; i < s.t.length; i++) {
    h.update(
      `${canon(s.t[i])},${canon(s.truth[i])},${canon(s.observed[i])},${canon(s.t_reported[i])},${canon(s.arrival_s[i])},${s.present[i]}\n`,
    );
  }
}

interface PolicyRun {
  calls: number;
  timeouts: number;
  timeout_s?: number;
}

async function forecastAll(
  policy: ForecastPolicy,
  stream: FaultedStream,
  plan: DeliveryPlan,
  batch: number,
  h: ReturnType<typeof createHash>,
  run: PolicyRun,
): Promise<ForecastScore> {
  const H = policy.horizon;
  const score = new ForecastScore();
  for (let from = 0; from < plan.decisions.length; from += batch) {
    const windows = windowsOf(plan, from, batch);
    run.calls++;
    const out = await callPolicy(() => policy.forecast(windows), stream.t[plan.decisions[from]], run);
    if (!out) break;
    if (out.length !== windows.length) {
      throw new Error(
        `forecaster ${policy.id} returned ${out.length} forecasts for ${windows.length} windows`,
      );
    }
    out.forEach((f, k) => {
      const i = plan.decisions[from + k];
      const truth = stream.truth.subarray(i + 1, i + 1 + H);
      if (f.length === 3 * H)
        score.add(stream.t[i], f.subarray(H, 2 * H), truth, f.subarray(0, H), f.subarray(2 * H));
      else if (f.length === H) score.add(stream.t[i], f, truth);
      else throw new Error(`forecaster ${policy.id} returned ${f.length} values; expected ${H} or ${3 * H}`);
      h.update(`${i}:${Array.from(f, canon).join(',')}\n`);
    });
  }
  return score;
}

async function scoreAll(
  policy: DetectorPolicy,
  stream: FaultedStream,
  plan: DeliveryPlan,
  batch: number,
  h: ReturnType<typeof createHash>,
  run: PolicyRun,
): Promise<{ alarms_s: number[]; nan: number; nonFinite: number; firstNonFinite_s?: number }> {
  const alarms_s: number[] = [];
  let nan = 0;
  let nonFinite = 0;
  let firstNonFinite_s: number | undefined;
  for (let from = 0; from < plan.decisions.length; from += batch) {
    const windows = windowsOf(plan, from, batch);
    run.calls++;
    const out = await callPolicy(() => policy.score(windows), stream.t[plan.decisions[from]], run);
    if (!out) break;
    if (out.length !== windows.length) {
      throw new Error(`detector ${policy.id} returned ${out.length} scores for ${windows.length} windows`);
    }
    out.forEach((score, k) => {
      const t = stream.t[plan.decisions[from + k]];
      if (!Number.isFinite(score)) {
        nonFinite++;
        if (Number.isNaN(score)) nan++;
        firstNonFinite_s ??= t;
      } else if (score > policy.threshold) alarms_s.push(t);
      h.update(`${plan.decisions[from + k]}:${canon(score)}\n`);
    });
  }
  return { alarms_s, nan, nonFinite, firstNonFinite_s };
}

/** Runs one policy call; a timeout (invariant 'model_timeout' or a TIMEOUT code) ends the episode's calls. */
async function callPolicy<T>(call: () => Promise<T>, t_s: number, run: PolicyRun): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const { code, invariant } = error as { code?: unknown; invariant?: unknown };
    if (invariant === 'model_timeout' || (typeof code === 'string' && code.includes('TIMEOUT'))) {
      run.timeouts++;
      run.timeout_s ??= t_s;
      return undefined;
    }
    throw error;
  }
}

function countInvariant(name: string, count: number, t?: number, what = 'values'): InvariantOutcome {
  // Counts allow none: margin 1 − count holds at zero and is violated from the first one.
  return {
    name,
    worst: count,
    margin: 1 - count,
    violated: count > 0,
    ...(count > 0 ? { t, message: `${count} non-permitted ${what}, first at t=${t}s` } : {}),
  };
}

function limitInvariant(
  name: string,
  limit: number,
  worst: number,
  t?: number,
  /** Why the invariant fails whatever the margin (a labelled fault never alarmed). */
  forced?: string,
): InvariantOutcome {
  const margin = forced ? Math.min(0, limit - worst) : limit - worst;
  const violated = forced !== undefined || !(margin > 0);
  return {
    name,
    limit,
    worst,
    margin,
    violated,
    ...(violated ? { t, message: forced ?? `${name} ${worst} against limit ${limit}` } : {}),
  };
}

/**
 * What a detector whose first full window comes at `first_s` is judged on. A deployed detector
 * has a full window at every moment; the simulated one fills its window first. A fault that ended
 * before then is one it was not yet running for: it need not be alarmed, and alarms it still
 * causes (its readings in the window, within `grace_s`) are neither true nor false. A fault still
 * running is judged from `first_s`.
 */
export function judgedFrom(
  first_s: number,
  events: readonly { start_s: number; end_s: number }[],
  alarms_s: readonly number[],
  grace_s: number,
): { events: { start_s: number; end_s: number }[]; alarms_s: number[] } {
  const before = events.filter((e) => e.end_s < first_s);
  const judged = events
    .filter((e) => e.end_s >= first_s)
    .map((e) => (e.start_s < first_s ? { start_s: first_s, end_s: e.end_s } : e));
  const explains = (e: { start_s: number; end_s: number }, a: number) =>
    e.start_s <= a && a <= e.end_s + grace_s;
  return {
    events: judged,
    alarms_s: alarms_s.filter(
      (a) => judged.some((e) => explains(e, a)) || !before.some((e) => explains(e, a)),
    ),
  };
}

export async function runStreamEpisode(
  spec: StreamEpisodeSpec,
  policy: StreamPolicy,
): Promise<EpisodeOutcome> {
  const horizon_s = spec.horizon_h * 3600;
  try {
    // A stream without a horizon has no reading: every invariant would hold on nothing.
    if (!(Number.isFinite(spec.horizon_h) && spec.horizon_h > 0))
      throw new Error(`a stream episode needs a horizon_h > 0 (got ${spec.horizon_h})`);
    const params = resolveParams(STREAM_PARAMS, spec.params);
    const stream = simulateStream(params, spec.seed, spec.faults, spec.horizon_h);
    const batch = Math.max(1, spec.batch ?? STREAM_BATCH);
    const hash = createHash('sha256');
    digestStream(hash, stream);
    const run: PolicyRun = { calls: 0, timeouts: 0 };
    const requested = new Map((spec.invariants ?? []).map((i) => [i.name, i.limit]));
    for (const name of requested.keys()) {
      if (!STREAM_INVARIANTS.some((d) => d.name === name))
        throw new Error(`unknown stream invariant "${name}"`);
    }
    const limitOf = (name: string): number | undefined =>
      requested.get(name) ?? STREAM_INVARIANTS.find((d) => d.name === name)?.defaultLimit;
    const invariants: InvariantOutcome[] = [];
    const events: SimEvent[] = stream.occurrences
      .slice(0, 200)
      .map((o) => ({ t: o.start_s, kind: 'fault', fault: o.kind, entry: o.entry, end_t: o.end_s }));
    let kpis: Record<string, number>;
    let nan: number;
    let nonFinite: number;
    let firstBad: number | undefined;
    if (policy.kind === 'forecaster') {
      const plan = planDelivery(stream, policy.window, policy.horizon);
      const score = await forecastAll(policy, stream, plan, batch, hash, run);
      kpis = score.kpis();
      ({ nan, nonFinite, firstNonFinite_s: firstBad } = score);
      // No forecast at all is no evidence: the invariants below would hold vacuously.
      if (Number.isNaN(kpis.mae) && nonFinite === 0)
        throw new Error(
          `no forecast fits in the ${spec.horizon_h} h horizon: the model reads ${policy.window} readings of ${stream.period_s} s before its first`,
        );
      const maxAbs = limitOf('max_abs_error');
      if (requested.has('max_abs_error') && maxAbs !== undefined) {
        invariants.push(limitInvariant('max_abs_error', maxAbs, score.maxAbs, score.maxAbs_s));
      }
      const coverage = limitOf('min_interval_coverage');
      if (requested.has('min_interval_coverage') && coverage !== undefined) {
        // A floor: the margin is how far coverage stays above it (no interval at all = 0).
        const got = kpis.interval_coverage ?? 0;
        const margin = got - coverage;
        invariants.push({
          name: 'min_interval_coverage',
          limit: coverage,
          worst: got,
          margin,
          violated: !(margin > 0),
          ...(margin > 0 ? {} : { message: `interval coverage ${got} not above ${coverage}` }),
        });
      }
    } else {
      const plan = planDelivery(stream, policy.window, 0);
      // No decision at all is no evidence: every fault would count as missed, no alarm as false.
      if (plan.decisions.length === 0)
        throw new Error(
          `no decision fits in the ${spec.horizon_h} h horizon: the detector reads ${policy.window} readings of ${stream.period_s} s before its first`,
        );
      const scored = await scoreAll(policy, stream, plan, batch, hash, run);
      ({ nan, nonFinite, firstNonFinite_s: firstBad } = scored);
      const grace = policy.window * stream.period_s;
      const judged = judgedFrom(
        stream.t[plan.decisions[0]],
        labelledEvents(stream.t, stream.label),
        scored.alarms_s,
        grace,
      );
      const det = scoreDetector(judged.alarms_s, judged.events, grace, horizon_s);
      kpis = det.kpis;
      const maxDelay = limitOf('max_detection_delay_s');
      if (requested.has('max_detection_delay_s') && maxDelay !== undefined) {
        const worstIdx = det.delays.reduce((w, d, k) => (d > det.delays[w] ? k : w), 0);
        const missed = det.events.findIndex((ev) => ev.detected_s === undefined);
        const worst = det.delays.length > 0 ? det.delays[worstIdx] : 0;
        const at = missed >= 0 ? det.events[missed].start_s : det.events[worstIdx]?.start_s;
        const unseen = det.events.filter((ev) => ev.detected_s === undefined).length;
        const forced =
          unseen > 0
            ? `${unseen} of ${det.events.length} labelled fault(s) never alarmed, the first from t=${det.events[missed].start_s}s`
            : undefined;
        invariants.push(limitInvariant('max_detection_delay_s', maxDelay, worst, at, forced));
      }
      const maxFalse = limitOf('max_false_alarms_per_day');
      if (requested.has('max_false_alarms_per_day') && maxFalse !== undefined) {
        invariants.push(limitInvariant('max_false_alarms_per_day', maxFalse, kpis.false_alarms_per_day));
      }
    }
    for (const name of new Set([...ALWAYS, ...requested.keys()])) {
      if (name === 'no_nan_forecast') invariants.push(countInvariant(name, nan, firstBad));
      if (name === 'finite_actions') invariants.push(countInvariant(name, nonFinite, firstBad));
      if (name === 'model_timeout')
        invariants.push(countInvariant(name, run.timeouts, run.timeout_s, 'calls'));
    }
    invariants.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    hash.update(JSON.stringify(kpis, Object.keys(kpis).sort()));
    const violated = invariants.some((i) => i.violated);
    return {
      status: run.timeouts > 0 ? 'timeout' : violated ? 'violation' : 'ok',
      kpis,
      events,
      invariants,
      trace_digest: hash.digest('hex'),
      steps: stream.t.length,
      sim_time_s: horizon_s,
    };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = (e as { code?: unknown }).code;
    return {
      status: 'error',
      kpis: {},
      events: [],
      invariants: [],
      trace_digest: '',
      steps: 0,
      sim_time_s: 0,
      error: { message: e.message, ...(typeof code === 'string' ? { code } : {}), stack: e.stack },
    };
  }
}
