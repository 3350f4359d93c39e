// One sensor-stream episode outside the pool, as `simgate episode` runs it: the stream policy
// by name or ONNX model (built exactly as a pool worker builds it), the same runStreamEpisode
// the workers call, and on request a telemetry trace of what the policy saw and answered.
import { createStreamModelPolicy, loadModel } from '../../policies/onnx/index.js';
import type { StreamPolicy } from '../../policies/policy.js';
import {
  ewmaForecaster,
  REFERENCE_STREAM_HORIZON,
  REFERENCE_STREAM_WINDOW,
  referenceStreamPolicy,
  seasonalNaiveForecaster,
} from '../../policies/reference/stream.js';
import type { FaultSpec } from '../../scenarios/types.js';
import type { ResolvedParams } from '../../sim/params.js';
import type { EpisodeOutcome } from '../../sim/result.js';
import { FAULT_KINDS } from '../../sim/stream/catalog.js';
import { type FaultedStream, planDelivery, simulateStream } from '../../sim/stream/index.js';
import { TelemetryWriter } from '../../sim/telemetry.js';
import { UsageError } from '../common/errors.js';
import { runStreamEpisode, STREAM_BATCH } from '../../sim/stream/episode.js';

/** `reference` is what stream scenarios run without a model (today an EWMA forecaster, α = 0.3). */
export const STREAM_POLICY_NAMES = ['reference', 'ewma', 'seasonal-naive'] as const;

/** Horizon of a stream episode given by flags only (one day of readings at the default period). */
export const DEFAULT_STREAM_HORIZON_H = 24;

const SECONDS_PER_DAY = 86_400;

export interface StreamEpisodeInput {
  readonly params: ResolvedParams;
  readonly seed: string;
  readonly faults: readonly FaultSpec[];
  readonly horizon_h: number;
  readonly invariants: readonly { readonly name: string; readonly limit?: number }[];
}

export async function resolveStreamPolicy(opts: {
  policy?: string;
  model?: string;
  params: ResolvedParams;
  horizon_h: number;
}): Promise<StreamPolicy> {
  if (opts.model !== undefined) {
    if (opts.policy !== undefined) throw new UsageError('give either --policy or --model, not both');
    const model = await loadModel(opts.model);
    if (model.card.task !== 'stream') {
      throw new UsageError(
        `${opts.model}: its card says task "${model.card.task}", but this command needs a stream model`,
      );
    }
    const sensor = opts.params['stream.sensor'];
    if (model.card.sensor !== undefined && model.card.sensor !== sensor) {
      process.stderr.write(
        `simgate: warning: ${opts.model} forecasts ${model.card.sensor}, but the stream is ${sensor} (--set stream.sensor=${model.card.sensor})\n`,
      );
    }
    return createStreamModelPolicy(model);
  }
  const name = opts.policy ?? 'reference';
  if (name === 'reference') return referenceStreamPolicy(opts.params);
  if (name === 'ewma')
    return ewmaForecaster({ window: REFERENCE_STREAM_WINDOW, horizon: REFERENCE_STREAM_HORIZON, alpha: 0.3 });
  if (name === 'seasonal-naive') {
    const period = opts.params['stream.period_s'] as number;
    const season = Math.round(SECONDS_PER_DAY / period);
    const readings = Math.floor((opts.horizon_h * 3600) / period);
    if (readings <= season + REFERENCE_STREAM_HORIZON) {
      throw new UsageError(
        `--policy seasonal-naive needs more than one day of readings (season ${season} at ${period} s); the horizon has ${readings}`,
        'give --horizon-h 48 or more',
      );
    }
    return seasonalNaiveForecaster({ season, horizon: REFERENCE_STREAM_HORIZON });
  }
  throw new UsageError(`unknown stream policy "${name}" (known: ${STREAM_POLICY_NAMES.join(', ')})`);
}

/** Runs the episode as a pool worker does; with `trace`, also returns the telemetry JSONL text. */
export async function runStreamReplay(
  input: StreamEpisodeInput,
  policy: StreamPolicy,
  trace: boolean,
): Promise<{ outcome: EpisodeOutcome; trace?: string }> {
  // A seasonal window is a whole day: smaller batches bound memory. Every other policy keeps the
  // workers' batch size, so an ONNX model sees the very same inference calls as in the sweep.
  const batch = policy.id.startsWith('reference:seasonal-naive')
    ? Math.max(1, Math.floor(4_000_000 / policy.window))
    : STREAM_BATCH;
  if (!trace) return { outcome: await runStreamEpisode({ ...input, batch }, policy) };
  const answers: Float32Array[] | number[] = [];
  const recording: StreamPolicy =
    policy.kind === 'forecaster'
      ? {
          ...policy,
          forecast: async (windows) => {
            const out = await policy.forecast(windows);
            (answers as Float32Array[]).push(...out);
            return out;
          },
        }
      : {
          ...policy,
          score: async (windows) => {
            const out = await policy.score(windows);
            (answers as number[]).push(...out);
            return out;
          },
        };
  const outcome = await runStreamEpisode({ ...input, batch }, recording);
  if (outcome.status === 'error') return { outcome };
  const stream = simulateStream(input.params, input.seed, input.faults, input.horizon_h);
  return { outcome, trace: streamTrace(input, policy, stream, answers, outcome) };
}

/**
 * Telemetry of one stream episode: a `sensor` record per sample (reading, truth, delivery),
 * an `action` record per decision (forecast or score), `event` records for fault occurrences.
 */
function streamTrace(
  input: StreamEpisodeInput,
  policy: StreamPolicy,
  stream: FaultedStream,
  answers: readonly (Float32Array | number)[],
  outcome: EpisodeOutcome,
): string {
  const writer = new TelemetryWriter({
    task: 'stream',
    seed: input.seed,
    policy: policy.id,
    kind: policy.kind,
    window: policy.window,
    ...(policy.kind === 'forecaster' ? { horizon: policy.horizon } : { threshold: policy.threshold }),
    sensor: stream.sensor,
    unit: stream.unit,
    period_s: stream.period_s,
    horizon_h: input.horizon_h,
    params: input.params,
    faults: input.faults,
    trace_digest: outcome.trace_digest,
  });
  const plan = planDelivery(stream, policy.window, policy.kind === 'forecaster' ? policy.horizon : 0);
  const events = [...outcome.events].sort((a, b) => a.t - b.t);
  let nextEvent = 0;
  let nextDecision = 0;
  for (let i = 0; i < stream.t.length; i++) {
    const t = stream.t[i];
    for (; nextEvent < events.length && events[nextEvent].t <= t; nextEvent++) {
      const { t: at, kind, ...detail } = events[nextEvent];
      writer.write('event', at, { kind, ...detail });
    }
    writer.write('sensor', t, {
      sensor: stream.sensor,
      value: stream.observed[i],
      truth: stream.truth[i],
      present: stream.present[i],
      t_reported: stream.t_reported[i],
      arrival_s: stream.arrival_s[i],
      ...(stream.fault_mask[i] !== 0 ? { faults: faultNames(stream.fault_mask[i]) } : {}),
    });
    if (nextDecision < answers.length && plan.decisions[nextDecision] === i) {
      writer.write('action', t, actionOf(policy, answers[nextDecision]));
      nextDecision++;
    }
  }
  for (; nextEvent < events.length; nextEvent++) {
    const { t: at, kind, ...detail } = events[nextEvent];
    writer.write('event', at, { kind, ...detail });
  }
  return writer.text();
}

function actionOf(policy: StreamPolicy, answer: Float32Array | number): Record<string, unknown> {
  if (policy.kind === 'detector') {
    const score = answer as number;
    return { score, alarm: score > policy.threshold };
  }
  const f = answer as Float32Array;
  const H = policy.horizon;
  if (f.length === 3 * H)
    return { forecast: f.subarray(H, 2 * H), lower: f.subarray(0, H), upper: f.subarray(2 * H) };
  return { forecast: f };
}

function faultNames(mask: number): string[] {
  return FAULT_KINDS.filter((_, k) => (mask & (1 << k)) !== 0);
}
