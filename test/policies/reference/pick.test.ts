// The scripted reference policy must be a competent baseline on nominal parameters.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveParams } from '../../../sim/params.js';
import { runPickEpisodes } from '../../../sim/pick/episode.js';
import type { PickObservation } from '../../../sim/pick/features.js';
import { PICK_PARAMS } from '../../../sim/pick/params.js';
import { loadRapier, type Rapier } from '../../../sim/physics.js';
import { referencePickAction, referencePickPolicy } from '../../../policies/reference/pick.js';

let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier();
});

const observation = (over: Partial<PickObservation['features']>): PickObservation => ({
  features: {
    'item.est_x': 0,
    'item.est_y': 0,
    'item.est_z': 0.1,
    'item.est_yaw': 0,
    'item.est_size_x': 0.1,
    'item.est_size_y': 0.1,
    'item.est_size_z': 0.1,
    'item.est_mass_kg': 0.6,
    'item.fragile': 0,
    'item.visible_fraction': 1,
    'gripper.vacuum_kpa': 60,
    'gripper.cup_diameter_m': 0.035,
    'human.distance_m': 10,
    ...over,
  },
});

describe('reference pick policy', () => {
  it('grasps the centre, slows down for fragile and heavy items, declines what it cannot hold', () => {
    const light = referencePickAction(observation({}));
    expect([light['grasp.dx'], light['grasp.dy']]).toEqual([0, 0]);
    const fragile = referencePickAction(observation({ 'item.fragile': 1 }));
    expect(fragile['approach.speed_mps']).toBeLessThan(light['approach.speed_mps']);
    const heavy = referencePickAction(observation({ 'item.est_mass_kg': 2 }));
    expect(heavy['transfer.accel_mps2']).toBeLessThan(light['transfer.accel_mps2']);
    expect(heavy.confidence).toBeGreaterThan(0.5);
    const tooHeavy = referencePickAction(observation({ 'item.est_mass_kg': 6, 'gripper.vacuum_kpa': 40 }));
    expect(tooHeavy.confidence).toBeLessThan(0.3);
  });

  it('reaches at least 95% pick success on nominal parameters over 50 seeds', async () => {
    // Nominal defaults; four items per episode keeps 50 episodes quick.
    const params = resolveParams(PICK_PARAMS, { 'items.count': 4 });
    const specs = Array.from({ length: 50 }, (_, i) => ({ params, seed: `nominal-${i}` }));
    const runs = await runPickEpisodes(rapier, specs, referencePickPolicy.decide);
    expect(runs.every((r) => r.status === 'ok')).toBe(true);
    const attempts = runs.reduce((n, r) => n + r.kpis.attempts, 0);
    const picks = runs.reduce((n, r) => n + r.kpis.picks, 0);
    expect(attempts).toBeGreaterThanOrEqual(200);
    expect(picks / attempts).toBeGreaterThanOrEqual(0.95);
    expect(runs.reduce((n, r) => n + r.kpis.hazardous_drops, 0)).toBe(0);
  });
});
