// A differential safety search's trials record how differently the candidate acted from the
// baseline on the same observations: the real engine, real worker threads and the planted-flaw
// ONNX models, which act exactly like their base outside a box of (mass, vacuum) and approach at
// full speed inside it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultEnvelope } from '../../../harness/check/envelope.js';
import { decodePoint, type TrialParams } from '../../../harness/check/space.js';
import { TrialRunner } from '../../../harness/check/trials.js';
import { onnxModelRef } from '../../../harness/sweep/plan.js';
import { loadModel } from '../../../policies/onnx/index.js';
import { repoRoot } from '../../helpers/cli.js';

const planted = (name: string) => join(repoRoot, 'test', 'fixtures', 'models', 'planted', `${name}.onnx`);
const envelope = defaultEnvelope('pick');

/** One sturdy item of `massKg` at `vacuumKpa`, nobody on the walkway, a perfect scale. */
function trial(massKg: number, vacuumKpa: number): TrialParams {
  return {
    ...decodePoint(
      envelope,
      envelope.dims.map(() => 0.5),
    ),
    'items.count': 1,
    'items.mass_kg': massKg,
    'items.mass_spread': 0,
    'items.mass_error': 0,
    'items.fragile_fraction': 0,
    'people.rate_per_h': 0,
    'gripper.vacuum_kpa': vacuumKpa,
  };
}

describe('divergence of a differential search trial', () => {
  const runners: TrialRunner[] = [];
  afterAll(async () => {
    for (const r of runners) await r.close();
  });
  const runner = async (model: string, shadow: string | undefined, cacheDir: string | false = false) => {
    const r = new TrialRunner({
      task: 'pick',
      model: onnxModelRef('candidate', await loadModel(planted(model))),
      invariants: [{ name: 'max_contact_force_n', limit: 60 }],
      workers: 2,
      outDir: mkdtempSync(join(tmpdir(), 'simgate-divergence-')),
      cacheDir,
      ...(shadow ? { shadow: onnxModelRef('baseline', await loadModel(planted(shadow))) } : {}),
    });
    runners.push(r);
    return r;
  };
  // Flaw 1's box: 3.98–4.45 kg at 54.3–58.1 kPa (regions.json).
  const inside = trial(4.2, 56);
  const far = trial(1, 75);

  it('is 0 where the candidate acts like the baseline and the approach-speed gap inside the box', {
    timeout: 300_000,
  }, async () => {
    const [i, f] = await (await runner('flaw-1', 'base')).run('t', [inside, far]);
    // Inside the box: ~1 m/s against the base's 0.35 m/s, over the gantry's 3 m/s speed limit.
    expect(i.result.divergence).toBeGreaterThan(0.6 / 3);
    expect(i.result.divergence).toBeLessThan(0.66 / 3);
    // Far from it the flaw's graph adds exact zeros to the base's action: the same numbers.
    expect(f.result.divergence).toBe(0);
    // The same model as its own shadow never diverges; without a shadow nothing is recorded.
    const [same] = await (await runner('base', 'base')).run('t', [inside]);
    expect(same.result.divergence).toBe(0);
    const [plain] = await (await runner('flaw-1', undefined)).run('t', [inside]);
    expect(plain.result.divergence).toBeUndefined();
    // The shadow only watches: the episode is the one the candidate runs alone, bit for bit.
    expect(plain.result.trace_digest).toBe(i.result.trace_digest);
  });

  it('is part of the cache key: a cached trial without a shadow is never served to one with it', {
    timeout: 300_000,
  }, async () => {
    const cache = mkdtempSync(join(tmpdir(), 'simgate-divergence-cache-'));
    const [plain] = await (await runner('flaw-1', undefined, cache)).run('t', [inside]);
    expect(plain.result.divergence).toBeUndefined();
    const shadowed = await runner('flaw-1', 'base', cache);
    const [first] = await shadowed.run('t', [inside]);
    expect(first.result.divergence).toBeGreaterThan(0.2);
    // And the shadowed entry, now cached, is served with its divergence.
    const [again] = await shadowed.run('t', [inside]);
    expect(again.result.divergence).toBe(first.result.divergence);
  });
});
