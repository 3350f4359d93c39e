// Travel heights clear the pile, not just the tote rims: with a pile standing above the rim the
// gantry carries items over it (and travels empty over it) without pushing anything out.
import { beforeAll, describe, expect, it } from 'vitest';
import { episodeFromScenario } from '../../../harness/episode/spec.js';
import { referencePickPolicy } from '../../../policies/reference/pick.js';
import { runPickEpisodes } from '../../../sim/pick/episode.js';
import { GANTRY_Z_MAX, TOTE_RIM_Z } from '../../../sim/pick/layout.js';
import { emptyTravelZ, loadedTravelZ } from '../../../sim/pick/waypoints.js';
import { loadRapier, type Rapier } from '../../../sim/physics.js';
import { readTelemetry } from '../../../sim/telemetry.js';

let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier();
});

describe('travel heights', () => {
  it('rise with the pile above the rim, never past the gantry Z travel', () => {
    const low = TOTE_RIM_Z - 0.05;
    expect(loadedTravelZ(0.1, TOTE_RIM_Z + 0.1)).toBeCloseTo(loadedTravelZ(0.1, low) + 0.1, 12);
    expect(emptyTravelZ(0, TOTE_RIM_Z + 0.2)).toBeGreaterThan(emptyTravelZ(0, low) + 0.15);
    expect(loadedTravelZ(0.3, TOTE_RIM_Z + 1)).toBe(GANTRY_Z_MAX);
  });

  it('long-shift piles with the reference policy knock nothing out of the totes', async () => {
    // Each of these knocked an item over the wall when the transfer cleared only the rims.
    const planned = [
      [1, 4],
      [1, 7],
      [2, 1],
      [2, 5],
    ].map(([suite, sample]) => episodeFromScenario('scenarios/library/pick/long-shift.yaml', sample, suite));
    const runs = await runPickEpisodes(
      rapier,
      planned.map((ep) => ({ params: { ...ep.params, 'cell.duration_s': 40 }, seed: ep.seed, trace: true })),
      referencePickPolicy.decide,
    );
    for (const run of runs) {
      const events = readTelemetry(run.trace!).records.filter((r) => r.type === 'event');
      expect(events.filter((e) => e.kind === 'knocked_out' || e.kind === 'hazardous_drop')).toEqual([]);
      expect(run.kpis.picks).toBeGreaterThan(5);
    }
  });
});
