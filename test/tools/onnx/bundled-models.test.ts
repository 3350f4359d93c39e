// The bundled grasp models bind different subsets of the pick vocabulary: production pick-v1 the
// twelve features it was trained on, retrained pick-v2 also the fitted cup's diameter. Loading
// checks each card against its graph and the vocabulary; the cell's observation feeds both.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPickModelPolicy, loadModel, ModelError } from '../../../policies/onnx/index.js';
import { PICK_OBSERVATION_FEATURES, type PickObservation } from '../../../sim/pick/features.js';
import { LEGACY_PICK_FEATURES, PICK_V2_DATA } from '../../../tools/onnx/pick-data.js';
import { repoRoot } from '../../helpers/cli.js';

const model = (name: string) => join(repoRoot, 'models', `${name}.onnx`);

/** A heavy item as the cell offers it, with the cup the cell has fitted. */
const heavyItem = (cupDiameterM: number): PickObservation => ({
  features: {
    'item.est_x': 0.02,
    'item.est_y': -0.03,
    'item.est_z': 0.14,
    'item.est_yaw': 0.2,
    'item.est_size_x': 0.15,
    'item.est_size_y': 0.14,
    'item.est_size_z': 0.14,
    'item.est_mass_kg': 3.5,
    'item.fragile': 0,
    'item.visible_fraction': 1,
    'gripper.vacuum_kpa': 60,
    'gripper.cup_diameter_m': cupDiameterM,
    'human.distance_m': 10,
  },
});

describe('bundled grasp models and the pick vocabulary', () => {
  it('pick-v1 binds a subset of the vocabulary (no cup) and pick-v2 binds the cup too; both load', async () => {
    const v1 = await loadModel(model('pick-v1'));
    const v2 = await loadModel(model('pick-v2'));
    expect(v1.card.inputs.obs).toEqual([...LEGACY_PICK_FEATURES]);
    expect(v1.card.inputs.obs).not.toContain('gripper.cup_diameter_m');
    expect(LEGACY_PICK_FEATURES).toHaveLength(12);
    expect(v2.card.inputs.obs).toEqual([...PICK_V2_DATA.features]);
    expect(v2.card.inputs.obs).toContain('gripper.cup_diameter_m');
    expect(v2.card.inputs.obs).toHaveLength(PICK_OBSERVATION_FEATURES.length);
  });

  it('the fitted cup reaches pick-v2 (a 50 mm cup carries a heavy item harder) and leaves pick-v1 unchanged', async () => {
    const v1 = await createPickModelPolicy(await loadModel(model('pick-v1')));
    const v2 = await createPickModelPolicy(await loadModel(model('pick-v2')));
    const accel = async (policy: typeof v1, cup: number) => {
      const [d] = await policy.decide([heavyItem(cup)]);
      if (!d.ok) throw new Error(d.message);
      return d.action['transfer.accel_mps2'];
    };
    expect(await accel(v2, 0.05)).toBeGreaterThan(1.5 * (await accel(v2, 0.035)));
    expect(await accel(v1, 0.05)).toBe(await accel(v1, 0.035));
  });

  it('a card naming a feature outside the vocabulary is refused by name, with the nearest name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simgate-card-'));
    copyFileSync(model('pick-v2'), join(dir, 'typo.onnx'));
    const card = readFileSync(model('pick-v2').replace(/\.onnx$/, '.card.yaml'), 'utf8');
    writeFileSync(
      join(dir, 'typo.card.yaml'),
      card.replace('- gripper.cup_diameter_m', '- gripper.cup_dia_m'),
    );
    const error = await loadModel(join(dir, 'typo.onnx')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).problems.join('\n')).toMatch(
      /unknown pick input feature "gripper\.cup_dia_m" \(did you mean "gripper\.cup_diameter_m"\?\)/,
    );
  });
});
