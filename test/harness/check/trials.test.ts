// A search trial's text is the scenario file its counterexample is saved as: it must load as a
// valid scenario of its task and replay the episode the search saw. A stream trial carries the
// horizon a stream scenario requires (without it every stream trial had no reading at all).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEnvelope } from '../../../harness/check/envelope.js';
import { decodePoint } from '../../../harness/check/space.js';
import { STREAM_TRIAL_HORIZON_H, trialText } from '../../../harness/check/trials.js';
import { ewmaForecaster } from '../../../policies/reference/stream.js';
import { loadScenarioFile } from '../../../scenarios/load.js';
import { runStreamEpisode } from '../../../sim/stream/episode.js';

describe('trial scenarios', () => {
  it('a stream trial is a valid stream scenario with a horizon, and its episode forecasts', async () => {
    const envelope = defaultEnvelope('stream');
    const params = decodePoint(
      envelope,
      envelope.dims.map(() => 0.5),
    );
    const invariants = [{ name: 'max_abs_error', limit: 10 }, { name: 'no_nan_forecast' }];
    const file = join(mkdtempSync(join(tmpdir(), 'simgate-trial-')), 'trial.yaml');
    writeFileSync(file, trialText('stream', params, invariants));
    const scenario = loadScenarioFile(file);
    expect(scenario.task).toBe('stream');
    expect(scenario.horizon_h).toBe(STREAM_TRIAL_HORIZON_H);
    // The fault dimensions became the scenario's schedule, one entry per searched kind.
    expect(scenario.faults.map((f) => f.kind)).toEqual(['dropout', 'nan']);
    const world = Object.fromEntries(
      Object.entries(scenario.params).map(([k, d]) => [k, d.kind === 'const' ? d.value : Number.NaN]),
    );
    const out = await runStreamEpisode(
      { params: world, seed: 'trial', faults: scenario.faults, horizon_h: scenario.horizon_h!, invariants },
      ewmaForecaster({ window: 30, horizon: 5, alpha: 0.3 }),
    );
    expect(out.status).toBe('ok');
    const maxAbs = out.invariants.find((i) => i.name === 'max_abs_error')!;
    expect(maxAbs.worst).toBeGreaterThan(0);
  });
  it('a pick trial has no horizon', () => {
    expect(trialText('pick', { 'items.count': 2 }, [])).not.toMatch(/horizon_h/);
  });
});
