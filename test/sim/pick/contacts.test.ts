// The cell's contact queries (contactPartners, pairImpulse) go through the narrow phase by collider
// handle. They must list the same partners, in the same order, and add up the same impulses, bit
// for bit, as rapier's World.contactPairsWith / World.contactPair, on a cell mid-episode: the cup
// holding an item over the piles, pressing on it, and the held item touching what it touches.
// pairImpulse reads through the engine's WebAssembly contact functions when it has them, else
// through rapier's JavaScript; both paths are checked against rapier's own calls.
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePickPolicy } from '../../../policies/reference/pick.js';
import { resolveParams } from '../../../sim/params.js';
import {
  CONTACT_EXPORTS_CHECKED_FOR,
  contactExportsFor,
  contactExportsOf,
  engineSource,
  loadRapier,
  narrowPhaseAddress,
  type Rapier,
} from '../../../sim/physics.js';
import { PickCell } from '../../../sim/pick/cell.js';
import type { PickDecision } from '../../../sim/pick/features.js';
import {
  contactPartners,
  pairImpulse,
  pairImpulseByApi,
  pairImpulseByExports,
} from '../../../sim/pick/gantry.js';
import { PICK_PARAMS } from '../../../sim/pick/params.js';

let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier();
});

type World = PickCell['scene']['world'];

/** rapier's own answers for one collider: its partners and, per partner, the contact impulses in order. */
function viaWorld(world: World, handle: number): { partners: number[]; impulses: number[][] } {
  const collider = world.getCollider(handle);
  const partners: number[] = [];
  const impulses: number[][] = [];
  world.contactPairsWith(collider, (other) => {
    partners.push(other.handle);
    const list: number[] = [];
    world.contactPair(collider, other, (m) => {
      for (let i = 0; i < m.numContacts(); i++) list.push(m.contactImpulse(i));
    });
    impulses.push(list);
  });
  return { partners, impulses };
}

describe('contact queries by handle', () => {
  it('list the partners and add the impulses exactly as World.contactPairsWith and World.contactPair', async () => {
    const cell = new PickCell(rapier, resolveParams(PICK_PARAMS, {}), 'contacts');
    const scratch: number[] = [];
    let compared = 0;
    let pressing = 0;
    let heldSteps = 0;
    try {
      // Two picks, checked at every step of them.
      for (let decisions = 0; decisions < 2 && cell.advance() === 'awaiting'; decisions++) {
        const [decision] = await referencePickPolicy.decide([cell.observation()]);
        cell.apply(decision as PickDecision);
        while (cell.advance(1) === 'budget' && !cell.done) {
          const { world, cupCollider } = cell.scene;
          const held = cell.gantry.hold ? cell.items[cell.gantry.hold.item].collider.handle : undefined;
          if (held !== undefined) heldSteps++;
          for (const handle of held === undefined ? [cupCollider.handle] : [cupCollider.handle, held]) {
            const expected = viaWorld(world, handle);
            expect([...contactPartners(world, handle, scratch)]).toStrictEqual(expected.partners);
            let running = 0;
            let reference = 0;
            expected.partners.forEach((other, k) => {
              const alone = expected.impulses[k].reduce((s, v) => s + v, 0);
              expect(Object.is(pairImpulse(world, handle, other), alone)).toBe(true);
              expect(Object.is(pairImpulseByApi(world, handle, other), alone)).toBe(true);
              running = pairImpulse(world, handle, other, running);
              // Added onto a running total contact by contact: a left fold from `sum`.
              for (const sum of [1 / 3, 0.0123, 7.77]) {
                const fold = expected.impulses[k].reduce((s, v) => s + v, sum);
                expect(Object.is(pairImpulse(world, handle, other, sum), fold)).toBe(true);
                expect(Object.is(pairImpulseByApi(world, handle, other, sum), fold)).toBe(true);
              }
              for (const v of expected.impulses[k]) reference += v;
              if (alone > 0) pressing++;
              compared++;
            });
            // A running total over several pairs is the contact-by-contact sum, not a sum of sums.
            expect(Object.is(running, reference)).toBe(true);
          }
        }
      }
      // Not vacuous: the cup held an item, and pairs with real contact impulses were compared.
      expect(heldSteps).toBeGreaterThan(100);
      expect(pressing).toBeGreaterThan(100);
      expect(compared).toBeGreaterThan(pressing);
    } finally {
      cell.scene.world.free();
    }
  });

  it('adds a pair onto a running total contact by contact (a box resting on four corners)', () => {
    const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
    try {
      const ground = world.createCollider(rapier.ColliderDesc.cuboid(1, 1, 0.05));
      const body = world.createRigidBody(rapier.RigidBodyDesc.dynamic().setTranslation(0.013, -0.007, 0.08));
      const box = world.createCollider(rapier.ColliderDesc.cuboid(0.07, 0.05, 0.03).setMass(0.37), body);
      for (let i = 0; i < 60; i++) world.step();
      const impulses: number[] = [];
      world.contactPair(ground, box, (m) => {
        for (let i = 0; i < m.numContacts(); i++) impulses.push(m.contactImpulse(i));
      });
      expect(impulses.filter((v) => v > 0).length).toBeGreaterThanOrEqual(4);
      // Large totals round every addition, so some differ from the total plus the pair's own sum.
      let sensitive = 0;
      for (const sum of [0, 1 / 3, 5e7 + 0.7, 1e8 + 0.1, 2.7e8 + 0.3, 9e8 + 0.9]) {
        const fold = impulses.reduce((s, v) => s + v, sum);
        if (fold !== sum + impulses.reduce((s, v) => s + v, 0)) sensitive++;
        expect(Object.is(pairImpulse(world, ground.handle, box.handle, sum), fold)).toBe(true);
      }
      expect(sensitive).toBeGreaterThan(0);
      // The order matters too: totals where adding the contacts last-first would round differently.
      let ordered = 0;
      for (let k = 1; k <= 400; k++) {
        const sum = k * 3.1e6 + k / 7;
        const fold = impulses.reduce((s, v) => s + v, sum);
        if (fold === impulses.reduceRight((s, v) => s + v, sum)) continue;
        ordered++;
        expect(Object.is(pairImpulse(world, ground.handle, box.handle, sum), fold)).toBe(true);
        expect(Object.is(pairImpulseByApi(world, ground.handle, box.handle, sum), fold)).toBe(true);
      }
      expect(ordered).toBeGreaterThan(0);
    } finally {
      world.free();
    }
  });
});

describe("the engine's contact functions", () => {
  it('are found in this engine, so the cell reads contacts through them', () => {
    // A new rapier release runs on rapier's JavaScript until this file passes with it and
    // CONTACT_EXPORTS_CHECKED_FOR names it.
    expect(rapier.version()).toBe(CONTACT_EXPORTS_CHECKED_FOR);
    const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
    try {
      expect(contactExportsFor(world)).toBeDefined();
      expect(narrowPhaseAddress(world)).toBeGreaterThan(0);
    } finally {
      world.free();
    }
    // A freed world has no narrow phase to read: pairImpulse then goes through rapier's own call.
    expect(narrowPhaseAddress(world)).toBeUndefined();
  });

  it('read no pair, and free nothing, for colliders that are not in contact', () => {
    const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
    try {
      const a = world.createCollider(rapier.ColliderDesc.cuboid(0.1, 0.1, 0.1));
      const b = world.createCollider(rapier.ColliderDesc.cuboid(0.1, 0.1, 0.1).setTranslation(5, 0, 0));
      world.step();
      const engine = contactExportsFor(world)!;
      const address = narrowPhaseAddress(world)!;
      expect(engine.rawnarrowphase_contact_pair(address, a.handle, b.handle)).toBe(0);
      expect(pairImpulseByExports(engine, address, a.handle, b.handle, 0.25)).toBe(0.25);
      expect(pairImpulseByApi(world, a.handle, b.handle, 0.25)).toBe(0.25);
    } finally {
      world.free();
    }
  });

  it("are not used for a world of another instance of rapier's module (another memory)", async () => {
    // loadRapier runs the build's copy of the module, so the package's module is another instance.
    expect(engineSource()).toBe('vendored');
    const other = (await import('@dimforge/rapier3d-deterministic-compat')).default;
    await other.init();
    const world = new other.World({ x: 0, y: 0, z: -9.81 });
    try {
      const ground = world.createCollider(other.ColliderDesc.cuboid(1, 1, 0.05));
      const body = world.createRigidBody(other.RigidBodyDesc.dynamic().setTranslation(0, 0, 0.08));
      const box = world.createCollider(other.ColliderDesc.cuboid(0.07, 0.05, 0.03), body);
      for (let i = 0; i < 30; i++) world.step();
      expect(contactExportsFor(world)).toBeUndefined();
      let own = 0;
      world.contactPair(ground, box, (m) => {
        for (let i = 0; i < m.numContacts(); i++) own += m.contactImpulse(i);
      });
      expect(own).toBeGreaterThan(0);
      expect(Object.is(pairImpulse(world, ground.handle, box.handle), own)).toBe(true);
    } finally {
      world.free();
    }
    expect(contactExportsFor({} as unknown as World)).toBeUndefined();
  });

  it('are refused when one is missing or takes another number of parameters (another build)', () => {
    const probe = new rapier.World({ x: 0, y: 0, z: -9.81 });
    const engine = contactExportsFor(probe) as unknown as Record<string, unknown>;
    probe.free();
    const names = Object.keys(contactExportsOf(engine) ?? {});
    expect(names).toHaveLength(7);
    expect(contactExportsOf({ ...pick(engine, names) })).toBeDefined();
    for (const name of [
      'rawnarrowphase_contact_pair',
      'rawcontactpair_contactManifold',
      'rawcontactmanifold_contact_impulse',
      '__wbg_rawcontactpair_free',
    ]) {
      const missing = pick(engine, names);
      delete missing[name];
      expect(contactExportsOf(missing)).toBeUndefined();
      const otherArity = { ...pick(engine, names), [name]: (x: number) => x };
      expect(contactExportsOf(otherArity)).toBeUndefined();
    }
    expect(contactExportsOf({})).toBeUndefined();
  });
});

/** The named properties of `from`, copied onto a plain object. */
function pick(from: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, from[name]]));
}
