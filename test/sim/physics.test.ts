// The engine's setup: rapier's internal profiling timers run on a clock that stands still, so a
// step never reads the real clock, and the real `performance` is back for everything else.
// (That the results are unchanged is pinned by the golden episodes.)
import { describe, expect, it } from 'vitest';
import { loadRapier } from '../../sim/physics.js';

describe('loadRapier', () => {
  it('steps worlds without reading the real clock, and leaves performance.now() to everyone else', async () => {
    const realPerformance = globalThis.performance;
    const rapier = await loadRapier();
    expect(globalThis.performance).toBe(realPerformance);
    const now = performance.now;
    let reads = 0;
    performance.now = () => {
      reads++;
      return now.call(performance);
    };
    try {
      const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
      const box = world.createRigidBody(rapier.RigidBodyDesc.dynamic().setTranslation(0, 0, 1));
      world.createCollider(rapier.ColliderDesc.cuboid(0.1, 0.1, 0.1), box);
      world.createCollider(rapier.ColliderDesc.cuboid(1, 1, 0.1));
      for (let i = 0; i < 240; i++) world.step();
      // The box fell and landed: the world really stepped.
      expect(box.translation().z).toBeLessThan(0.25);
      world.free();
      expect(reads).toBe(0);
      const before = performance.now();
      expect(reads).toBe(1);
      expect(before).toBeGreaterThan(0);
    } finally {
      performance.now = now;
    }
  });
});
