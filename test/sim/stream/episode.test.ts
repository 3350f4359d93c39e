import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DetectorPolicy, ForecastPolicy } from '../../../policies/policy.js';
import {
  ewmaForecaster,
  seasonalNaiveForecaster,
  thresholdDetector,
} from '../../../policies/reference/stream.js';
import { judgedFrom, runStreamEpisode } from '../../../sim/stream/episode.js';
import { createStreamModelPolicy, loadModel } from '../../../policies/onnx/index.js';
import { repoRoot } from '../../helpers/cli.js';

const base = { params: { 'stream.sensor': 'temperature' }, seed: 'ep-1', faults: [], horizon_h: 48 };

describe('runStreamEpisode', () => {
  it('batched reference forecasters give the same numbers as one window per call', async () => {
    for (const policy of [
      ewmaForecaster({ window: 30, horizon: 5, alpha: 0.3, intervalZ: 1.5 }),
      seasonalNaiveForecaster({ season: 1440, horizon: 10 }),
    ]) {
      const faults = [{ kind: 'spike' as const, start_h: 30, probability: 0.05, magnitude: 3 }];
      const batched = await runStreamEpisode({ ...base, faults }, policy);
      const single = await runStreamEpisode({ ...base, faults, batch: 1 }, policy);
      expect(batched.status).toBe('ok');
      expect(single).toEqual(batched);
      expect(batched.kpis.mae).toBeGreaterThan(0);
    }
  });

  it('batches all windows into few policy calls', async () => {
    let calls = 0;
    const inner = ewmaForecaster({ window: 30, horizon: 5, alpha: 0.3 });
    const counting: ForecastPolicy = {
      ...inner,
      forecast: (w) => {
        calls++;
        return inner.forecast(w);
      },
    };
    const out = await runStreamEpisode(base, counting);
    // 48 h at 60 s = 2880 samples → 2846 windows → 1 call of ≤ 4096.
    expect(calls).toBe(1);
    expect(out.steps).toBe(2880);
  });

  it('is deterministic: same spec → same digest; another seed → another digest', async () => {
    const p = ewmaForecaster({ window: 30, horizon: 5, alpha: 0.3 });
    const a = await runStreamEpisode(base, p);
    const b = await runStreamEpisode(base, p);
    const c = await runStreamEpisode({ ...base, seed: 'ep-2' }, p);
    expect(a.trace_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(b.trace_digest).toBe(a.trace_digest);
    expect(c.trace_digest).not.toBe(a.trace_digest);
  });

  it('reports interval coverage and MAE that grows with a step fault', async () => {
    const p = ewmaForecaster({ window: 30, horizon: 5, alpha: 0.3, intervalZ: 2 });
    const clean = await runStreamEpisode(base, p);
    const faulty = await runStreamEpisode(
      { ...base, faults: [{ kind: 'step', start_h: 10, magnitude: 3 }] },
      p,
    );
    expect(clean.kpis.interval_coverage).toBeGreaterThan(0.5);
    expect(clean.kpis.interval_coverage).toBeLessThanOrEqual(1);
    expect(faulty.kpis.mae).toBeGreaterThan(clean.kpis.mae + 1);
  });

  it('a NaN forecast is a no_nan_forecast / finite_actions violation, never a crash', async () => {
    const inner = ewmaForecaster({ window: 30, horizon: 5, alpha: 0.3 });
    const naive: ForecastPolicy = {
      ...inner,
      id: 'nan-propagating',
      forecast: async (ws) =>
        ws.map((w) => new Float32Array(5).fill(w.reduce((a, b) => a + b, 0) / w.length)),
    };
    const out = await runStreamEpisode({ ...base, faults: [{ kind: 'nan', start_h: 20, end_h: 21 }] }, naive);
    expect(out.status).toBe('violation');
    const byName = Object.fromEntries(out.invariants.map((i) => [i.name, i]));
    expect(byName.no_nan_forecast.violated).toBe(true);
    expect(byName.finite_actions.violated).toBe(true);
    expect(byName.no_nan_forecast.t).toBeGreaterThanOrEqual(20 * 3600);
    // The reference EWMA skips NaN readings and stays clean.
    const ref = await runStreamEpisode({ ...base, faults: [{ kind: 'nan', start_h: 20, end_h: 21 }] }, inner);
    expect(ref.status).toBe('ok');
  });

  it('the hold-last front end of the v2 card carries it through scattered NaN readings but not a blackout', async () => {
    const v2 = await createStreamModelPolicy(
      await loadModel(join(repoRoot, 'models', 'temp-forecast-v2.onnx')),
    );
    const scattered = await runStreamEpisode(
      { ...base, faults: [{ kind: 'nan', start_h: 10, end_h: 30, probability: 0.1 }] },
      v2,
    );
    expect(scattered.status).toBe('ok');
    expect(scattered.kpis.mae).toBeLessThan(0.2);
    // Two hours without a finite reading: whole windows are missing, nothing to hold, so the
    // forecasts stay NaN and the episode fails closed.
    const blackout = await runStreamEpisode(
      { ...base, faults: [{ kind: 'nan', start_h: 20, end_h: 22 }] },
      v2,
    );
    expect(blackout.status).toBe('violation');
    const nan = blackout.invariants.find((i) => i.name === 'no_nan_forecast');
    expect(nan?.violated).toBe(true);
    expect(nan?.t).toBeGreaterThanOrEqual(20 * 3600);
  });

  it('max_abs_error is checked against its limit', async () => {
    const p = ewmaForecaster({ window: 30, horizon: 5, alpha: 0.3 });
    const spec = { ...base, faults: [{ kind: 'step' as const, start_h: 10, magnitude: 5 }] };
    const strict = await runStreamEpisode({ ...spec, invariants: [{ name: 'max_abs_error', limit: 1 }] }, p);
    const loose = await runStreamEpisode({ ...spec, invariants: [{ name: 'max_abs_error', limit: 100 }] }, p);
    expect(strict.status).toBe('violation');
    expect(loose.status).toBe('ok');
  });

  it('detectors: spikes are found with precision and recall; delay limit checked', async () => {
    const d = thresholdDetector({ window: 30, threshold: 8, stuckRun: 10 });
    const out = await runStreamEpisode(
      {
        ...base,
        faults: [
          { kind: 'spike', start_h: 5, probability: 0.02, magnitude: 4 },
          { kind: 'stuck', start_h: 40, end_h: 42 },
        ],
        invariants: [{ name: 'max_detection_delay_s', limit: 900 }, { name: 'max_false_alarms_per_day' }],
      },
      d,
    );
    expect(out.kpis.recall).toBeGreaterThan(0.9);
    expect(out.kpis.precision).toBeGreaterThan(0.9);
    expect(out.kpis.detection_delay_s).toBeLessThan(600);
    expect(out.status).toBe('ok');
  });

  it('detectors are judged from their first full window', () => {
    // First decision at 6900 s; grace 7200 s.
    const events = [
      { start_s: 1000, end_s: 1000 }, // over before the detector runs: not required
      { start_s: 6000, end_s: 9000 }, // running at its first window: judged from 6900 s
      { start_s: 20_000, end_s: 20_300 },
    ];
    const judged = judgedFrom(6900, events, [6900, 12_000, 20_000, 30_000], 7200);
    expect(judged.events).toEqual([
      { start_s: 6900, end_s: 9000 },
      { start_s: 20_000, end_s: 20_300 },
    ]);
    // Alarms explained by a judged fault stay (true), and so do those no fault explains (false).
    expect(judged.alarms_s).toEqual([6900, 12_000, 20_000, 30_000]);
    // An alarm the early fault alone explains (its readings still in the window) is dropped.
    const early = [{ start_s: 1000, end_s: 6000 }];
    expect(judgedFrom(6900, early, [7000, 14_000], 7200)).toEqual({ events: [], alarms_s: [14_000] });
    expect(judgedFrom(100, events, [1000], 0)).toEqual({ events, alarms_s: [1000] });
  });

  it('a labelled fault never alarmed violates the delay limit whatever the other delays', async () => {
    const silent: DetectorPolicy = {
      task: 'stream',
      kind: 'detector',
      id: 'silent',
      window: 30,
      threshold: 1,
      score: async (windows) => new Float32Array(windows.length),
    };
    const out = await runStreamEpisode(
      {
        ...base,
        faults: [{ kind: 'stuck', start_h: 40, end_h: 42 }],
        invariants: [{ name: 'max_detection_delay_s', limit: 1e9 }],
      },
      silent,
    );
    const delay = out.invariants.find((i) => i.name === 'max_detection_delay_s');
    expect(delay?.violated).toBe(true);
    expect(delay?.margin).toBe(0);
    expect(delay?.message).toBe('1 of 1 labelled fault(s) never alarmed, the first from t=144000s');
  });

  it('a detector whose window never fills is an error, never vacuous evidence', async () => {
    const d = thresholdDetector({ window: 30, threshold: 8, stuckRun: 10 });
    const out = await runStreamEpisode(
      {
        ...base,
        params: { ...base.params, 'stream.period_s': 300 },
        horizon_h: 2,
        invariants: [{ name: 'max_detection_delay_s', limit: 900 }],
      },
      d,
    );
    expect(out.status).toBe('error');
    expect(out.error?.message).toMatch(/no decision fits in the 2 h horizon: the detector reads 30 readings/);
  });

  it('bad input becomes an error outcome', async () => {
    const p = ewmaForecaster({ window: 30, horizon: 5, alpha: 0.3 });
    const out = await runStreamEpisode({ ...base, faults: [{ kind: 'step', start_h: 1 }] }, p);
    expect(out.status).toBe('error');
    expect(out.error?.message).toMatch(/faults\[0\]\.magnitude: required/);
  });

  it('an episode with no reading or no forecast is an error, never vacuous evidence of safety', async () => {
    const p = ewmaForecaster({ window: 30, horizon: 5, alpha: 0.3 });
    const invariants = [{ name: 'max_abs_error', limit: 10 }, { name: 'no_nan_forecast' }];
    const noHorizon = await runStreamEpisode(
      { ...base, horizon_h: undefined as unknown as number, invariants },
      p,
    );
    expect(noHorizon.status).toBe('error');
    expect(noHorizon.error?.message).toMatch(/needs a horizon_h > 0/);
    // 30 readings of 300 s take 2.5 h: a 2-hour stream never reaches the first forecast.
    const short = { ...base, params: { ...base.params, 'stream.period_s': 300 }, invariants };
    const tooShort = await runStreamEpisode({ ...short, horizon_h: 2 }, p);
    expect(tooShort.status).toBe('error');
    expect(tooShort.error?.message).toMatch(/no forecast fits in the 2 h horizon/);
    const enough = await runStreamEpisode({ ...short, horizon_h: 4 }, p);
    expect(enough.status).toBe('ok');
    expect(enough.kpis.mae).toBeGreaterThan(0);
  });
});
