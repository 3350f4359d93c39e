// Stream evaluation throughput: windows scored per second by runStreamEpisode, batched (4096
// windows per call) against one window per call, printed side by side — with the reference EWMA
// forecaster and with the ONNX stream forecaster built by the project's tooling, when present.
// The lead's bench/index.ts calls benchStream().
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runStreamEpisode } from '../sim/stream/episode.js';
import { createStreamModelPolicy, loadModel } from '../policies/onnx/index.js';
import type { ForecastPolicy } from '../policies/policy.js';
import { ewmaForecaster } from '../policies/reference/stream.js';

export interface StreamBenchResult {
  readonly name: string;
  readonly windows: number;
  readonly batched_windows_per_s: number;
  readonly single_windows_per_s: number;
  readonly batched_over_single: number;
}

async function windowsPerSecond(
  policy: ForecastPolicy,
  batch: number,
  horizon_h: number,
): Promise<{ windows: number; rate: number }> {
  const spec = {
    params: { 'stream.sensor': 'temperature', 'stream.period_s': 60 },
    seed: 'bench',
    faults: [{ kind: 'spike' as const, start_h: 1, probability: 0.01, magnitude: 3 }],
    horizon_h,
    batch,
  };
  await runStreamEpisode({ ...spec, horizon_h: 2 }, policy); // warm-up
  const start = performance.now();
  const out = await runStreamEpisode(spec, policy);
  const seconds = (performance.now() - start) / 1000;
  if (out.status !== 'ok') throw new Error(`bench episode ended ${out.status}: ${out.error?.message ?? ''}`);
  const windows = out.steps - policy.window - policy.horizon + 1;
  return { windows, rate: windows / seconds };
}

/** Runs the stream benchmark (a simulated week at 60 s, about 10k windows per policy) and prints it. */
export async function benchStream(
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<StreamBenchResult[]> {
  const policies: ForecastPolicy[] = [ewmaForecaster({ window: 30, horizon: 6, alpha: 0.3 })];
  const onnx = join(process.cwd(), 'test/fixtures/models/stream-forecaster.onnx');
  if (existsSync(onnx)) {
    const policy = await createStreamModelPolicy(await loadModel(onnx));
    if (policy.kind === 'forecaster') policies.push(policy);
  }
  const results: StreamBenchResult[] = [];
  for (const policy of policies) {
    const batched = await windowsPerSecond(policy, 4096, 168);
    const single = await windowsPerSecond(policy, 1, 168);
    const result: StreamBenchResult = {
      name: `stream episode, ${policy.id.slice(0, 40)}`,
      windows: batched.windows,
      batched_windows_per_s: batched.rate,
      single_windows_per_s: single.rate,
      batched_over_single: batched.rate / single.rate,
    };
    log(
      `${result.name}: ${result.windows} windows; batched ${Math.round(result.batched_windows_per_s)} windows/s, ` +
        `one per call ${Math.round(result.single_windows_per_s)} windows/s, ratio ${result.batched_over_single.toFixed(2)}×`,
    );
    results.push(result);
  }
  return results;
}
