// Analytic suction-cup model: seal quality from where and how the cup sits on the top face,
// holding force from vacuum × area × seal, and the load that tries to tear the item off
// (axial inertial load plus peel from moment arms). The cell evaluates these every step
// against the engine's measured item acceleration; model-training tooling reuses them.

export const GRAVITY_MPS2 = 9.81;
/** Face tilt at which a bellows cup can no longer conform (≈ 20°). */
export const MAX_SEAL_TILT_RAD = 0.35;
/** Below this seal quality the vacuum never builds up: a seal failure. */
export const MIN_SEAL_QUALITY = 0.25;

export interface SealGeometry {
  /** Cup centre relative to the top-face centre, in the face's own axes (m). */
  readonly offsetX: number;
  readonly offsetY: number;
  /** 'rect': half extents of a box face; 'disk': radius in halfX (cylinder top). */
  readonly face: 'rect' | 'disk';
  readonly faceHalfX: number;
  readonly faceHalfY: number;
  readonly cupRadiusM: number;
  /** Angle between the face normal and the cup axis (rad). */
  readonly tiltRad: number;
  /** Surface porosity, 0 = sealed film, 1 = open mesh. */
  readonly porosity: number;
}

/** Signed distance from the cup rim to the face edge: negative when the cup overhangs. */
export function edgeMarginM(g: SealGeometry): number {
  if (g.face === 'disk') return g.faceHalfX - Math.hypot(g.offsetX, g.offsetY) - g.cupRadiusM;
  return Math.min(g.faceHalfX - Math.abs(g.offsetX), g.faceHalfY - Math.abs(g.offsetY)) - g.cupRadiusM;
}

/** Seal quality in [0, 1]: edge overhang breaks it within a quarter cup radius. */
export function sealQuality(g: SealGeometry): number {
  const margin = edgeMarginM(g);
  const edge = margin >= 0 ? 1 : Math.max(0, 1 + margin / (0.25 * g.cupRadiusM));
  const tilt = Math.max(0, 1 - (g.tiltRad / MAX_SEAL_TILT_RAD) ** 2);
  const surface = 1 - Math.min(1, Math.max(0, g.porosity));
  return edge * tilt * surface;
}

export function cupAreaM2(cupDiameterM: number): number {
  return Math.PI * (cupDiameterM / 2) ** 2;
}

/** Holding force (N) = vacuum below ambient × cup area × seal quality. */
export function holdingForceN(vacuumKpa: number, cupDiameterM: number, seal: number): number {
  return vacuumKpa * 1000 * cupAreaM2(cupDiameterM) * seal;
}

export interface SuctionLoad {
  readonly massKg: number;
  /** Item acceleration in world axes (m/s²), z up. */
  readonly ax: number;
  readonly ay: number;
  readonly az: number;
  /** Horizontal distance from the cup centre to the item's centre of mass (m). */
  readonly offsetM: number;
  /** Depth of the centre of mass below the cup face (m): the lever of lateral loads. */
  readonly comDepthM: number;
  readonly cupRadiusM: number;
}

/** Load on the seal (N): axial m·(g+a) plus peel = moment / cup radius. */
export function suctionLoadN(l: SuctionLoad): number {
  const axial = Math.max(0, l.massKg * (GRAVITY_MPS2 + l.az));
  const lateral = l.massKg * Math.hypot(l.ax, l.ay);
  const moment = axial * l.offsetM + lateral * l.comDepthM;
  return axial + moment / l.cupRadiusM;
}

/** The heaviest item (kg) a seal holds under vertical acceleration a with a centred grasp. */
export function maxHeldMassKg(vacuumKpa: number, cupDiameterM: number, seal: number, az: number): number {
  return holdingForceN(vacuumKpa, cupDiameterM, seal) / (GRAVITY_MPS2 + az);
}
