// Rolling one-step forecast error of a stream model on a recorded column: every window of the
// model's W readings is forecast in a few batched calls, the first forecast step compared with
// the next reading. Missing actuals are skipped; a non-finite forecast is counted, not scored.
import type { ForecastPolicy } from '../../policies/policy.js';

export const MONITOR_BATCH = 4096;

export interface ForecastErrors {
  /** Absolute one-step error per row (NaN where no forecast or no actual). */
  readonly abs: Float64Array;
  readonly nonFinite: number;
}

export async function oneStepErrors(
  policy: ForecastPolicy,
  column: readonly number[],
): Promise<ForecastErrors> {
  const W = policy.window;
  const abs = new Float64Array(column.length).fill(Number.NaN);
  let nonFinite = 0;
  const targets: number[] = [];
  for (let i = W; i < column.length; i++) targets.push(i);
  for (let from = 0; from < targets.length; from += MONITOR_BATCH) {
    const chunk = targets.slice(from, from + MONITOR_BATCH);
    const windows = chunk.map((i) => Float32Array.from(column.slice(i - W, i)));
    const out = await policy.forecast(windows);
    chunk.forEach((i, k) => {
      // Interval forecasters answer [lower H | point H | upper H]: the point comes second.
      const f = out[k].length === 3 * policy.horizon ? out[k][policy.horizon] : out[k][0];
      if (!Number.isFinite(f)) nonFinite++;
      else if (Number.isFinite(column[i])) abs[i] = Math.abs(f - column[i]);
    });
  }
  return { abs, nonFinite };
}

/** Mean of the finite values of abs[from, to); NaN when there are none. */
export function meanError(abs: Float64Array, from = 0, to = abs.length): number {
  let sum = 0;
  let n = 0;
  for (let i = Math.max(0, from); i < to; i++) {
    if (Number.isFinite(abs[i])) {
      sum += abs[i];
      n++;
    }
  }
  return n > 0 ? sum / n : Number.NaN;
}

/** MAE of consecutive blocks of `block` rows, oldest first (the rolling error series). */
export function rollingMae(abs: Float64Array, block: number): number[] {
  const out: number[] = [];
  for (let from = 0; from < abs.length; from += block) out.push(meanError(abs, from, from + block));
  return out;
}
