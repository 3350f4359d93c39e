// The bundled temperature forecasters: the committed files load and run through the real
// runtime inside the stream episode evaluator, the retrained v2 beats the production v1 on the
// bundled stream scenarios over the same seeds, v2 is trained through the missing-reading front
// end its card declares, and rebuilding reproduces the committed bytes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStreamEpisode } from '../../sim/stream/episode.js';
import { createStreamModelPolicy, loadModel } from '../../policies/onnx/index.js';
import type { ForecastPolicy } from '../../policies/policy.js';
import { seasonalNaiveForecaster } from '../../policies/reference/stream.js';
import { loadScenarioFile } from '../../scenarios/load.js';
import { sampleParams } from '../../scenarios/sample.js';
import { generateStreamData, STREAM_V2_DATA } from '../../tools/onnx/stream-data.js';
import { buildStreamZoo, frontEndSeries } from '../../tools/onnx/stream-zoo.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FILES = [
  'temp-forecast-v1.onnx',
  'temp-forecast-v1.card.yaml',
  'temp-forecast-v2.onnx',
  'temp-forecast-v2.card.yaml',
];
const SAMPLES = 3;

let v1: ForecastPolicy;
let v2: ForecastPolicy;

async function forecaster(name: string): Promise<ForecastPolicy> {
  const policy = await createStreamModelPolicy(await loadModel(join(ROOT, 'models', `${name}.onnx`)));
  if (policy.kind !== 'forecaster') throw new Error(`${name} is not a forecaster`);
  return policy;
}

/** Mean MAE and RMSE of each policy over the scenario's first samples, the same seeds for all. */
async function scenarioErrors(scenario: string, policies: readonly ForecastPolicy[]) {
  const sc = loadScenarioFile(join(ROOT, 'scenarios/library/stream', `${scenario}.yaml`));
  const sums = policies.map(() => ({ mae: 0, rmse: 0, perSample: [] as number[] }));
  for (let i = 0; i < SAMPLES; i++) {
    const spec = {
      params: sampleParams(sc, 0, i),
      seed: `stream-zoo-test/${sc.id}/${i}`,
      faults: sc.faults,
      horizon_h: sc.horizon_h ?? 48,
      invariants: sc.invariants,
    };
    for (const [k, policy] of policies.entries()) {
      const outcome = await runStreamEpisode(spec, policy);
      expect(outcome.error?.message).toBeUndefined();
      expect(outcome.invariants.find((inv) => inv.name === 'no_nan_forecast')?.violated).toBe(false);
      sums[k].mae += outcome.kpis.mae / SAMPLES;
      sums[k].rmse += outcome.kpis.rmse / SAMPLES;
      sums[k].perSample.push(outcome.kpis.mae);
    }
  }
  return sums;
}

beforeAll(async () => {
  v1 = await forecaster('temp-forecast-v1');
  v2 = await forecaster('temp-forecast-v2');
});

describe('bundled temperature forecasters', () => {
  it('load with cards that bind a window of readings to a forecast', async () => {
    for (const [name, window] of [
      ['temp-forecast-v1', 24],
      ['temp-forecast-v2', 48],
    ] as const) {
      const model = await loadModel(join(ROOT, 'models', `${name}.onnx`));
      expect(model.card).toMatchObject({
        task: 'stream',
        kind: 'forecaster',
        window,
        horizon: 6,
        sensor: 'temperature',
      });
      expect(model.card.provenance.data?.md5).toMatch(/^[0-9a-f]{32}$/);
      expect(model.signature.inputs).toEqual([{ name: 'window', elemType: 1, shape: ['batch', window] }]);
      expect(readFileSync(model.onnxPath).length).toBeLessThan(32_000);
    }
    expect([v1.window, v1.horizon, v2.window, v2.horizon]).toEqual([24, 6, 48, 6]);
  });

  it('v2 ships the hold-last front end it was trained through; v1 declares none', async () => {
    const card = async (name: string) => (await loadModel(join(ROOT, 'models', `${name}.onnx`))).card;
    expect((await card('temp-forecast-v2')).missing).toEqual({ strategy: 'hold_last' });
    expect((await card('temp-forecast-v1')).missing).toBeUndefined();
    expect(STREAM_V2_DATA.missing).toBe('hold_last');
    expect(STREAM_V2_DATA.faultSchedules.flat().some((f) => f.kind === 'nan')).toBe(true);
    // Training rows pass the same front end: NaN readings are held, not dropped or fed raw.
    const nanOnly = {
      ...STREAM_V2_DATA,
      episodes: 2,
      hoursPerEpisode: 6,
      faultSchedules: [[{ kind: 'nan' as const, start_h: 0, probability: 0.1 }]],
    };
    const held = generateStreamData(nanOnly);
    const raw = generateStreamData({ ...nanOnly, missing: 'none' });
    expect(held.x.every((row) => row.every(Number.isFinite))).toBe(true);
    // Without the front end every window holding a NaN is lost; with it, those windows are rows.
    expect(held.x.length).toBeGreaterThan(raw.x.length);
  });

  it('v2 beats v1 on MAE and RMSE on the nominal, spike and late-sample scenarios', async () => {
    for (const scenario of ['stream-temperature-nominal', 'stream-spikes', 'stream-latency-reorder']) {
      const file = scenario.replace(/^stream-/, '');
      const [a, b] = await scenarioErrors(file, [v1, v2]);
      expect(b.mae, `${scenario} MAE v2 ${b.mae} vs v1 ${a.mae}`).toBeLessThan(0.9 * a.mae);
      expect(b.rmse, `${scenario} RMSE v2 ${b.rmse} vs v1 ${a.rmse}`).toBeLessThan(0.9 * a.rmse);
      // Paired: better on every seed, not only on average.
      for (const [i, mae] of b.perSample.entries()) expect(mae).toBeLessThan(a.perSample[i]);
    }
  });

  it('v1 is a reasonable production model: well ahead of seasonal-naive on nominal data', async () => {
    const daily = seasonalNaiveForecaster({ horizon: 6, season: 1440 });
    const [a, naive] = await scenarioErrors('temperature-nominal', [v1, daily]);
    expect(a.mae).toBeLessThan(0.5 * naive.mae);
    expect(a.mae).toBeLessThan(0.1);
  });

  it('v2 reads through an isolated spike that throws v1 off', async () => {
    const clean = Float32Array.from({ length: 48 }, (_, i) => 18 + 0.01 * i);
    const shift = async (policy: ForecastPolicy, at: number) => {
      const spiked = Float32Array.from(clean, (v, i) => (i === at ? v + 8 : v));
      const [a, b] = await policy.forecast([clean.slice(-policy.window), spiked.slice(-policy.window)]);
      return Math.max(...Array.from(a, (v, k) => Math.abs(b[k] - v)));
    };
    // An 8 °C spike on the newest reading: v1 forecasts it, v2's median of three drops it.
    expect(await shift(v1, 47)).toBeGreaterThan(5);
    expect(await shift(v2, 47)).toBeLessThan(0.1);
    expect(await shift(v2, 40)).toBeLessThan(0.1);
    const newestSpiked = Float32Array.from(clean, (v, i) => (i === 47 ? v + 8 : v));
    expect(Math.max(...frontEndSeries(newestSpiked, true))).toBeLessThan(19);
  });
});

describe('buildStreamZoo', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stream-zoo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuilds byte-identical copies of the committed models and cards', () => {
    const lines: string[] = [];
    buildStreamZoo(dir, (line) => lines.push(line));
    expect(lines).toHaveLength(2);
    for (const file of FILES) {
      const built = readFileSync(join(dir, 'models', file));
      const committed = readFileSync(join(ROOT, 'models', file));
      expect(built.equals(committed), `${file} differs from the committed copy`).toBe(true);
    }
  });
});
