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

/**
 * Calls `visit(i, f)` with the one-step forecast f of row i for every row past the model's
 * window, forecast from the W readings before it in batched calls.
 */
export async function forEachForecast(
  policy: ForecastPolicy,
  column: readonly number[],
  visit: (row: number, forecast: number) => void,
): Promise<void> {
  const W = policy.window;
  for (let from = W; from < column.length; from += MONITOR_BATCH) {
    const rows = Array.from({ length: Math.min(MONITOR_BATCH, column.length - from) }, (_, k) => from + k);
    const out = await policy.forecast(rows.map((i) => Float32Array.from(column.slice(i - W, i))));
    // Interval forecasters answer [lower H | point H | upper H]: the point comes second.
    rows.forEach((i, k) => {
      visit(i, out[k].length === 3 * policy.horizon ? out[k][policy.horizon] : out[k][0]);
    });
  }
}

export async function oneStepErrors(
  policy: ForecastPolicy,
  column: readonly number[],
): Promise<ForecastErrors> {
  const abs = new Float64Array(column.length).fill(Number.NaN);
  let nonFinite = 0;
  await forEachForecast(policy, column, (i, f) => {
    if (!Number.isFinite(f)) nonFinite++;
    else if (Number.isFinite(column[i])) abs[i] = Math.abs(f - column[i]);
  });
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
