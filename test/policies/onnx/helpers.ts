// Shared test inputs: paths of the bundled and fixture models, and pick observations.
import { join } from 'node:path';
import type { PickObservation, PickObservationName } from '../../../sim/pick/features.js';
import { rngStream } from '../../../sim/rng.js';
import { repoRoot } from '../../helpers/cli.js';

export const MODELS = join(repoRoot, 'models');
export const FIXTURES = join(repoRoot, 'test/fixtures/models');
export const fixture = (name: string) => join(FIXTURES, name);

export function observation(overrides: Partial<Record<PickObservationName, number>> = {}): PickObservation {
  return {
    features: {
      'item.est_x': 0.05,
      'item.est_y': -0.02,
      'item.est_z': 0.1,
      'item.est_yaw': 0.3,
      'item.est_size_x': 0.1,
      'item.est_size_y': 0.08,
      'item.est_size_z': 0.1,
      'item.est_mass_kg': 0.4,
      'item.fragile': 0,
      'item.visible_fraction': 0.9,
      'gripper.vacuum_kpa': 60,
      'gripper.cup_diameter_m': 0.035,
      'human.distance_m': 10,
      ...overrides,
    },
  };
}

/** n varied observations from a seeded stream. */
export function observations(n: number, seed: string): PickObservation[] {
  const r = rngStream('test-observations', seed);
  return Array.from({ length: n }, () =>
    observation({
      'item.est_x': r.uniform(-0.25, 0.25),
      'item.est_y': r.uniform(-0.15, 0.15),
      'item.est_size_z': r.uniform(0.05, 0.15),
      'item.est_mass_kg': r.uniform(0.05, 5),
      'item.fragile': r.next() < 0.3 ? 1 : 0,
      'gripper.vacuum_kpa': r.uniform(40, 80),
      'human.distance_m': r.next() < 0.5 ? 10 : r.uniform(1, 10),
    }),
  );
}
