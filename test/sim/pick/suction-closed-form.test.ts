// The suction model's formulas against values worked out by hand (g = 9.81 m/s²). Each expected
// number is written out with the arithmetic that gives it; none comes from sim/pick/suction.ts.
import { describe, expect, it } from 'vitest';
import {
  cupAreaM2,
  edgeMarginM,
  GRAVITY_MPS2,
  holdingForceN,
  MAX_SEAL_TILT_RAD,
  MIN_SEAL_QUALITY,
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

const still = { massKg: 1, ax: 0, ay: 0, az: 0, offsetM: 0, comDepthM: 0.05, cupRadiusM: 0.0175 };

describe('constants', () => {
  it('are the documented physical values', () => {
    expect(GRAVITY_MPS2).toBe(9.81);
    expect(MAX_SEAL_TILT_RAD).toBe(0.35);
    expect(MIN_SEAL_QUALITY).toBe(0.25);
  });
});

describe('holding force and the heaviest item held', () => {
  it('a 35 mm cup has π·0.0175² = 9.6211e-4 m²; at 60 kPa, seal 1 it holds 57.727 N', () => {
    expect(cupAreaM2(0.035)).toBeCloseTo(9.6211e-4, 8);
    expect(holdingForceN(60, 0.035, 1)).toBeCloseTo(57.7268, 3);
    expect(holdingForceN(60, 0.035, 0.5)).toBeCloseTo(28.8634, 3);
    expect(holdingForceN(40, 0.02, 1)).toBeCloseTo(12.5664, 3); // 40,000 · π·0.01²
  });
  it('57.727 N hold 57.727/9.81 = 5.8845 kg at 1 g and 57.727/13.81 = 4.1801 kg lifting at 4 m/s²', () => {
    expect(maxHeldMassKg(60, 0.035, 1, 0)).toBeCloseTo(5.8845, 3);
    expect(maxHeldMassKg(60, 0.035, 1, 4)).toBeCloseTo(4.1801, 3);
    expect(maxHeldMassKg(60, 0.035, 0.5, 0)).toBeCloseTo(2.9422, 3);
  });
});

describe('load on the seal', () => {
  it('a centred 1 kg item at rest pulls 9.81 N; lifting at 2 m/s² 11.81 N', () => {
    expect(suctionLoadN(still)).toBeCloseTo(9.81, 9);
    expect(suctionLoadN({ ...still, az: 2 })).toBeCloseTo(11.81, 9);
    expect(suctionLoadN({ ...still, massKg: 2.5, az: 2 })).toBeCloseTo(29.525, 9);
  });
  it('an off-centre grasp adds the peel moment m·g·e / r: one radius off doubles the load', () => {
    // 9.81 · (1 + 0.0175/0.0175) = 19.62 N; half a radius off: 9.81 · 1.5 = 14.715 N.
    expect(suctionLoadN({ ...still, offsetM: 0.0175 })).toBeCloseTo(19.62, 9);
    expect(suctionLoadN({ ...still, offsetM: 0.00875 })).toBeCloseTo(14.715, 9);
    // Lifting at 2 m/s², 0.01 m off a 0.02 m radius: 11.81 · 1.5 = 17.715 N.
    expect(suctionLoadN({ ...still, az: 2, offsetM: 0.01, cupRadiusM: 0.02 })).toBeCloseTo(17.715, 9);
  });
  it('a lateral acceleration peels through the depth of the centre of mass: m·|a_xy|·depth / r', () => {
    // |(3, 4)| = 5 m/s²: 9.81 + 5 · 0.05 / 0.0175 = 9.81 + 14.2857 = 24.0957 N.
    expect(suctionLoadN({ ...still, ax: 3, ay: 4 })).toBeCloseTo(24.0957, 4);
    expect(suctionLoadN({ ...still, ax: -3, ay: -4 })).toBeCloseTo(24.0957, 4);
    expect(suctionLoadN({ ...still, ay: 5, comDepthM: 0 })).toBeCloseTo(9.81, 9);
    // Both moments add: 9.81 + (9.81 · 0.0175 + 5 · 0.05) / 0.0175 = 9.81 + 9.81 + 14.2857 = 33.9057 N.
    expect(suctionLoadN({ ...still, ax: 5, offsetM: 0.0175 })).toBeCloseTo(33.9057, 4);
  });
  it('an item accelerated downwards faster than g presses nothing onto the seal', () => {
    expect(suctionLoadN({ ...still, az: -12 })).toBe(0);
    expect(suctionLoadN({ ...still, az: -9.81 })).toBe(0);
    expect(suctionLoadN({ ...still, az: -12, offsetM: 0.01 })).toBe(0);
    // Only the lateral peel remains: 2 · 0.05 / 0.0175 = 5.7143 N.
    expect(suctionLoadN({ ...still, az: -12, ax: 2 })).toBeCloseTo(5.7143, 4);
  });
});

describe('seal quality', () => {
  it('the edge margin is the distance from the cup rim to the nearer face edge', () => {
    expect(edgeMarginM(centred)).toBeCloseTo(0.04 - 0.0175, 12); // the y edge is nearer
    expect(edgeMarginM({ ...centred, offsetX: -0.04 })).toBeCloseTo(0.01 - 0.0175, 12);
    expect(edgeMarginM({ ...centred, offsetY: -0.03 })).toBeCloseTo(0.01 - 0.0175, 12);
    expect(edgeMarginM({ ...centred, offsetX: 0.02, offsetY: 0.01 })).toBeCloseTo(0.03 - 0.0175, 12);
    // A disk face: radius − distance from the centre − cup radius: 0.03 − 0.005 − 0.0175.
    const disk = { ...centred, face: 'disk' as const, faceHalfX: 0.03, faceHalfY: 0 };
    expect(edgeMarginM({ ...disk, offsetX: 0.003, offsetY: -0.004 })).toBeCloseTo(0.0075, 12);
  });
  it('overhang breaks the seal linearly within a quarter cup radius', () => {
    // Overhang 0.0025 m of a 0.004375 m quarter radius: 1 − 0.0025/0.004375 = 0.428571.
    const disk = { ...centred, face: 'disk' as const, faceHalfX: 0.03, faceHalfY: 0 };
    expect(sealQuality({ ...disk, offsetX: 0.015 })).toBeCloseTo(0.428571, 6);
    expect(sealQuality({ ...disk, offsetX: 0.0125 })).toBeCloseTo(1, 12); // rim on the edge
    expect(sealQuality({ ...disk, offsetX: 0.02 })).toBe(0); // overhang beyond a quarter radius
    // Rect face, x edge: 0.05 − 0.035 − 0.0175 = −0.0025 → 0.428571 too.
    expect(sealQuality({ ...centred, offsetX: 0.035 })).toBeCloseTo(0.428571, 6);
  });
  it('tilt degrades the seal as 1 − (tilt/0.35)², porosity as 1 − porosity; the factors multiply', () => {
    expect(sealQuality({ ...centred, tiltRad: 0.175 })).toBeCloseTo(0.75, 12);
    expect(sealQuality({ ...centred, tiltRad: 0.35 })).toBe(0);
    expect(sealQuality({ ...centred, tiltRad: 0.5 })).toBe(0);
    expect(sealQuality({ ...centred, porosity: 0.3 })).toBeCloseTo(0.7, 12);
    expect(sealQuality({ ...centred, porosity: 1.5 })).toBe(0);
    expect(sealQuality({ ...centred, porosity: -0.2 })).toBe(1);
    // 0.75 · 0.7 · 0.428571 = 0.225.
    expect(sealQuality({ ...centred, tiltRad: 0.175, porosity: 0.3, offsetX: 0.035 })).toBeCloseTo(0.225, 6);
  });
});
