// What the cup grips when it has come to rest on contact: the source item it presses hardest
// on, and the seal quality it gets there (cup offset on the top face, face shape and tilt,
// surface porosity).
import type { ItemRuntime } from './cell-log.js';
import type { SuctionGantry } from './gantry.js';
import type { Quat } from './geom.js';
import { topFace } from './items.js';
import { sealQuality } from './suction.js';

export interface ContactSeal {
  readonly item: ItemRuntime;
  /** 0..1, see sealQuality. */
  readonly quality: number;
  /** Cup centre offset from the top-face centre, in the face's axes (m). */
  readonly offset: { readonly x: number; readonly y: number };
  readonly tiltRad: number;
}

/** The seal on the item under the cup, or undefined when the cup touches no source item. */
export function contactSeal(
  gantry: SuctionGantry,
  items: readonly ItemRuntime[],
  dt: number,
): ContactSeal | undefined {
  const forces = gantry.contactForces(dt);
  let best: ItemRuntime | undefined;
  for (const it of items)
    if (
      it.state === 'source' &&
      forces.has(it.collider.handle) &&
      (!best || forces.get(it.collider.handle)! > forces.get(best.collider.handle)!)
    )
      best = it;
  if (!best) return undefined;
  const face = topFace(best.spec, best.body.translation(), best.body.rotation() as Quat);
  const offset = gantry.offsetOnFace(face.centre, face.u, face.v);
  const quality = sealQuality({
    offsetX: offset.x,
    offsetY: offset.y,
    face: face.shape,
    faceHalfX: face.halfU,
    faceHalfY: face.halfV,
    cupRadiusM: gantry.cupRadiusM,
    tiltRad: face.tiltRad,
    porosity: best.spec.porosity,
  });
  return { item: best, quality, offset, tiltRad: face.tiltRad };
}
