// The overhead camera casts its rays through the engine's broad phase itself (no filter callback,
// the direction made once). What it sees must be exactly what rapier's World.castRay sees with
// the same query: the same first collider, at the same distance, bit for bit, with and without a
// held item excluded, and never the cup (its collision group does not answer camera rays).
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveParams } from '../../../sim/params.js';
import { loadRapier, type Rapier } from '../../../sim/physics.js';
import { PickCell } from '../../../sim/pick/cell.js';
import { CAMERA_Z, DESTINATION, HOME, SOURCE, TOTE_FLOOR_Z } from '../../../sim/pick/layout.js';
import { PICK_PARAMS } from '../../../sim/pick/params.js';
import { CAMERA_RAY_GROUPS } from '../../../sim/pick/scene.js';
import { heightmapCellXY, HEIGHTMAP_SIZE } from '../../../sim/pick/sensors.js';

let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier();
});

type Body = PickCell['items'][number]['body'];

/** rapier's own answer: distance below the camera of the first hit under (x, y), if any. */
function worldDepth(cell: PickCell, x: number, y: number, exclude?: Body): number | undefined {
  const ray = new rapier.Ray({ x, y, z: CAMERA_Z }, { x: 0, y: 0, z: -1 });
  const hit = cell.scene.world.castRay(
    ray,
    CAMERA_Z + 1,
    true,
    undefined,
    CAMERA_RAY_GROUPS,
    undefined,
    exclude,
  );
  return hit?.timeOfImpact;
}

/** The height of that hit, as the camera's surfaceZ reports it (0 when nothing is hit). */
function worldSurfaceZ(cell: PickCell, x: number, y: number, exclude?: Body): number {
  const depth = worldDepth(cell, x, y, exclude);
  return depth === undefined ? 0 : CAMERA_Z - depth;
}

/** A settled cell waiting for its first decision: items at rest in the source tote, cup at home. */
function settledCell(seed: string): PickCell {
  const cell = new PickCell(rapier, resolveParams(PICK_PARAMS, {}), seed);
  expect(cell.advance()).toBe('awaiting');
  return cell;
}

describe('OverheadCamera rays', () => {
  it('see what World.castRay sees, with and without an excluded body', () => {
    const cell = settledCell('camera-rays');
    try {
      const points: { x: number; y: number }[] = [{ x: HOME.x, y: HOME.y }];
      for (const tote of [SOURCE, DESTINATION])
        for (let r = 0; r < HEIGHTMAP_SIZE; r += 3)
          for (let c = 0; c < HEIGHTMAP_SIZE; c += 3) points.push(heightmapCellXY(r, c, tote));
      // Over every item's centre, where excluding it must change what is seen.
      for (const it of cell.items) {
        const p = it.body.translation();
        points.push({ x: p.x, y: p.y });
      }
      const excluded = cell.items[0].body;
      let onItems = 0;
      let changedByExclusion = 0;
      for (const { x, y } of points) {
        const seen = cell.camera.surfaceZ(x, y);
        expect(Object.is(seen, worldSurfaceZ(cell, x, y)), `surface at (${x}, ${y})`).toBe(true);
        const past = cell.camera.surfaceZ(x, y, excluded);
        expect(Object.is(past, worldSurfaceZ(cell, x, y, excluded)), `past item 0 at (${x}, ${y})`).toBe(
          true,
        );
        if (past !== seen) changedByExclusion++;
        if (cell.items.some((it) => Math.abs(it.body.translation().z - seen) < 0.2)) onItems++;
      }
      // The check is not vacuous: rays met items, and excluding one let some rays past it.
      expect(onItems).toBeGreaterThan(cell.items.length);
      expect(changedByExclusion).toBeGreaterThan(0);
    } finally {
      cell.scene.world.free();
    }
  });

  it('never sees the cup, wherever it hangs', () => {
    const cell = settledCell('camera-cup');
    try {
      const cup = cell.scene.cup.translation();
      const under = cell.camera.surfaceZ(cup.x, cup.y);
      expect(under).toBeLessThan(cup.z - 0.05);
      expect(Object.is(under, worldSurfaceZ(cell, cup.x, cup.y))).toBe(true);
    } finally {
      cell.scene.world.free();
    }
  });

  it('images the source tote as World.castRay does, cell by cell', () => {
    const cell = settledCell('camera-heightmap');
    try {
      const image = cell.camera.heightmap();
      for (let r = 0; r < HEIGHTMAP_SIZE; r++) {
        for (let c = 0; c < HEIGHTMAP_SIZE; c++) {
          const { x, y } = heightmapCellXY(r, c);
          // Depth below the camera as float32; the floor's when a ray meets nothing.
          const depth = worldDepth(cell, x, y) ?? CAMERA_Z - TOTE_FLOOR_Z;
          expect(image[r * HEIGHTMAP_SIZE + c]).toBe(Math.fround(depth));
        }
      }
    } finally {
      cell.scene.world.free();
    }
  });
});
