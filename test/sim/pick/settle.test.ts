// The cell images the source tote only once it is still: an item lost over the tote falls back
// into it before the next scan, so the cup is never sent down onto a falling item.
import { beforeAll, describe, expect, it } from 'vitest';
import { episodeFromScenario } from '../../../harness/episode/spec.js';
import { PickCell } from '../../../sim/pick/cell.js';
import type { PickAction } from '../../../sim/pick/features.js';
import { evaluatePickInvariants } from '../../../sim/pick/outcome.js';
import { sourceToteStill } from '../../../sim/pick/settle.js';
import { loadRapier, type Rapier } from '../../../sim/physics.js';

let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier();
});

const KEYS = [
  'grasp.dx',
  'grasp.dy',
  'approach.speed_mps',
  'transfer.speed_mps',
  'transfer.accel_mps2',
  'confidence',
] as const;

/**
 * The actions pick-v2 chose, in order, in mixed-skus sample 10 (suite seed 0): its 1.43 kg item
 * 8 holds on a poor seal and is lost while lifting. Before the cell waited for the tote to come
 * to rest, the rescan sent the cup (at 0.31 m/s) onto item 8 still falling: 143 N.
 */
const PICK_V2_ACTIONS: readonly PickAction[] = [
  [0.0003, 0.0016, 0.3101, 1.3333, 7.0369, 0.9585],
  [-0.0003, 0.0007, 0.0475, 1.0432, 4.4454, 0.9135],
  [0.0003, 0.0011, 0.3092, 0.9551, 4.1091, 0.8965],
  [0.0001, 0.0007, 0.3007, 0.9796, 3.4176, 0.8819],
  [0.0002, 0.001, 0.31, 0.9495, 4.1514, 0.8857],
  [0.0003, 0.0006, 0.3006, 0.6939, 1.8502, 0.7988],
  [0.0002, 0.0009, 0.3097, 0.9549, 4.2742, 0.8841],
  [-0.0006, 0.0002, 0.3076, 1.108, 6.8143, 0.912],
  [0, 0.0006, 0.3002, 0.8699, 3.0074, 0.8534],
  [-0.0002, 0.0007, 0.2974, 1.0917, 5.2075, 0.9247],
  [0.0002, 0.0003, 0.3015, 0.6217, 1.4858, 0.6846],
  [-0.0002, 0.0007, 0.3002, 1.0943, 4.8479, 0.8971],
  [-0.0003, 0.0009, 0.3035, 1.124, 5.3538, 0.915],
].map((row) => Object.fromEntries(KEYS.map((k, i) => [k, row[i]])) as unknown as PickAction);

describe('settle before scanning', () => {
  it('an item lost over the source tote lands before the next scan; no contact exceeds 60 N', () => {
    const ep = episodeFromScenario('scenarios/library/pick/mixed-skus.yaml', 10, 0);
    const cell = new PickCell(rapier, ep.params, ep.seed);
    const stillAtScan: boolean[] = [];
    while (cell.advance() === 'awaiting') {
      stillAtScan.push(sourceToteStill(cell.items));
      const action = PICK_V2_ACTIONS[Math.min(stillAtScan.length - 1, PICK_V2_ACTIONS.length - 1)];
      cell.apply({ ok: true, action });
    }
    const [contact] = evaluatePickInvariants(cell.log, [{ name: 'max_contact_force_n', limit: 60 }]);
    const drops = cell.log.counts.drops;
    cell.scene.world.free();
    // The case is still exercised: items are lost in transit.
    expect(drops).toBeGreaterThan(0);
    expect(stillAtScan.length).toBeGreaterThan(5);
    expect(stillAtScan.every(Boolean)).toBe(true);
    expect(contact.violated).toBe(false);
    expect(contact.worst).toBeLessThan(30);
  });
});
