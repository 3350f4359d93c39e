// Every envelope parameter must reach the observation it names: trials drawn over the bundled
// pick envelope offer the policy partly hidden items as well as whole ones, masses to the top of
// the range, fragile heavy items, and people at every distance.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEnvelope } from '../../../harness/check/envelope.js';
import { decodePoint } from '../../../harness/check/space.js';
import { TrialRunner } from '../../../harness/check/trials.js';
import { rngStream } from '../../../sim/rng.js';

describe('the bundled pick envelope reaches the observations it names', () => {
  it('covers visible fraction, mass, fragility and human distance across their ranges', {
    timeout: 600_000,
  }, async () => {
    const envelope = defaultEnvelope('pick');
    const trials = Array.from({ length: 48 }, (_, k) => {
      const rng = rngStream('coverage-test', k);
      return decodePoint(
        envelope,
        envelope.dims.map(() => rng.next()),
      );
    });
    const runner = new TrialRunner({
      task: 'pick',
      model: { role: 'candidate', kind: 'reference' },
      invariants: [{ name: 'no_hazardous_drop' }],
      workers: 2,
      outDir: mkdtempSync(join(tmpdir(), 'simgate-coverage-')),
      cacheDir: false,
    });
    const out = await runner.run('coverage', trials).finally(() => runner.close());
    const range = (f: string) => {
      const rs = out.map((t) => t.result.observed?.[f]).filter((r) => r !== undefined);
      return [Math.min(...rs.map((r) => r[0])), Math.max(...rs.map((r) => r[1]))];
    };
    const [visLo, visHi] = range('item.visible_fraction');
    expect(visLo).toBeLessThan(0.5);
    expect(visHi).toBeGreaterThan(0.99);
    expect(range('item.est_mass_kg')[1]).toBeGreaterThan(4);
    expect(range('item.est_mass_kg')[0]).toBeLessThan(0.6);
    const [dLo, dHi] = range('human.distance_m');
    expect(dLo).toBeLessThan(2);
    expect(dHi).toBe(10);
    expect(range('item.fragile')).toEqual([0, 1]);
    const [vLo, vHi] = range('gripper.vacuum_kpa');
    expect(vLo).toBeLessThan(45);
    expect(vHi).toBeGreaterThan(75);
    // Fragile heavy items: a trial with most items fragile and a mean mass above 3 kg.
    expect(
      trials.some((t) => Number(t['items.fragile_fraction']) > 0.5 && Number(t['items.mass_kg']) > 3),
    ).toBe(true);
  });
});
