// What the consumer of a sensor stream holds: samples in the order they arrive (a message
// queue consumer appends in arrival order), and at each sample time the last W of them.
// Dropped samples never arrive, late ones arrive late, reordered ones arrive swapped.
import type { FaultedStream } from './faults.js';

export interface DeliveryPlan {
  /** Readings in arrival order. */
  readonly values: Float64Array;
  /** Sample index (true time slot) of each decision: the consumer forecasts/scores at t[index]. */
  readonly decisions: Int32Array;
  /** For each decision, how many readings had arrived by then (the window ends there). */
  readonly ends: Int32Array;
  readonly window: number;
}

/**
 * Decisions at every sample time where at least `window` readings have arrived and `horizon`
 * future samples exist (horizon 0 for detectors).
 */
export function planDelivery(stream: FaultedStream, window: number, horizon: number): DeliveryPlan {
  const n = stream.t.length;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (stream.present[i] === 1) order.push(i);
  order.sort((a, b) => stream.arrival_s[a] - stream.arrival_s[b] || a - b);
  const values = new Float64Array(order.length);
  order.forEach((idx, k) => {
    values[k] = stream.observed[idx];
  });
  const decisions: number[] = [];
  const ends: number[] = [];
  let arrived = 0;
  for (let i = 0; i + horizon < n; i++) {
    while (arrived < order.length && stream.arrival_s[order[arrived]] <= stream.t[i]) arrived++;
    if (arrived < window) continue;
    decisions.push(i);
    ends.push(arrived);
  }
  return { values, decisions: Int32Array.from(decisions), ends: Int32Array.from(ends), window };
}

/** The windows of decisions [from, from + count), oldest reading first, as float32. */
export function windowsOf(plan: DeliveryPlan, from: number, count: number): Float32Array[] {
  const out: Float32Array[] = [];
  const to = Math.min(plan.decisions.length, from + count);
  for (let d = from; d < to; d++) {
    const end = plan.ends[d];
    out.push(Float32Array.from(plan.values.subarray(end - plan.window, end)));
  }
  return out;
}
