import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cupAreaM2,
  edgeMarginM,
  holdingForceN,
  maxHeldMassKg,
  type SealGeometry,
  sealQuality,
  suctionLoadN,
} from '../../../sim/pick/suction.js';

const centred: SealGeometry = {
  offsetX: 0,
  offsetY: 0,
  face: 'rect',
  faceHalfX: 0.05,
  faceHalfY: 0.04,
  cupRadiusM: 0.0175,
  tiltRad: 0,
  porosity: 0,
};

describe('suction model', () => {
  it('a centred cup on a flat sealed face seals fully; porosity and tilt degrade it', () => {
    expect(sealQuality(centred)).toBe(1);
    expect(sealQuality({ ...centred, porosity: 0.3 })).toBeCloseTo(0.7, 12);
    expect(sealQuality({ ...centred, tiltRad: 0.2 })).toBeLessThan(1);
    expect(sealQuality({ ...centred, tiltRad: 0.4 })).toBe(0);
  });

  it('edge overhang breaks the seal', () => {
    const onEdge = { ...centred, offsetX: 0.05 - 0.0175 };
    expect(edgeMarginM(onEdge)).toBeCloseTo(0, 12);
    expect(sealQuality(onEdge)).toBe(1);
    expect(sealQuality({ ...centred, offsetX: 0.05 })).toBe(0);
    expect(
      sealQuality({ ...centred, face: 'disk', faceHalfX: 0.03, offsetX: 0.01, offsetY: 0.01 }),
    ).toBeLessThan(1);
  });

  it('holding force is vacuum x area x seal; the hold limit is F/(g+a)', () => {
    expect(cupAreaM2(0.035)).toBeCloseTo(9.621e-4, 6);
    expect(holdingForceN(60, 0.035, 0.9)).toBeCloseTo(60_000 * cupAreaM2(0.035) * 0.9, 9);
    expect(maxHeldMassKg(60, 0.035, 1, 0)).toBeCloseTo(holdingForceN(60, 0.035, 1) / 9.81, 9);
    const load = { massKg: 1, ax: 0, ay: 0, az: 2, offsetM: 0, comDepthM: 0.05, cupRadiusM: 0.0175 };
    expect(suctionLoadN(load)).toBeCloseTo(11.81, 9);
    expect(suctionLoadN({ ...load, ax: 3 })).toBeCloseTo(11.81 + (3 * 0.05) / 0.0175, 9);
  });

  it('seal quality stays in [0, 1] and never grows with offset (property, seed 7)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1.5, noNaN: true }),
        (ox, extra, porosity, tilt) => {
          const g = { ...centred, offsetX: ox, porosity, tiltRad: tilt };
          const q = sealQuality(g);
          expect(q).toBeGreaterThanOrEqual(0);
          expect(q).toBeLessThanOrEqual(1);
          expect(sealQuality({ ...g, offsetX: ox + extra })).toBeLessThanOrEqual(q);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});
