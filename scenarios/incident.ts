// Incident scenarios (`simgate replay --to-scenario`, docs/incidents.md): a recorded scene that
// every sample replays from the recorded time on. Sample 0 is the recording exactly; every other
// sample moves each item within the scenario's `variations` (position, yaw, mass) and shifts the
// start (people relative to the picks), drawn from its own stream, so the incident becomes a
// regression test with a neighbourhood around it.
import {
  type CellStart,
  RECORDED_STATES,
  type SceneItemRecord,
  specOfRecord,
} from '../sim/pick/recording.js';
import { rngStream } from '../sim/rng.js';
import type { PathSegment, Reporter } from './problems.js';
import { isPlainObject } from './shape.js';
import type { Scenario, ScenarioIncident } from './types.js';

type Raw = Record<string, unknown>;

/** Variations when a scenario gives none: a few millimetres, a few degrees, 5% of mass, half a second. */
export const DEFAULT_VARIATIONS = { position_m: 0.005, yaw_rad: 0.05, mass_rel: 0.05, time_s: 0.5 } as const;

/** Checks what the structural check cannot: list lengths, the quaternion, id order, the task. */
export function checkIncident(raw: Raw, sink: Reporter): void {
  const inc = raw.incident;
  if (!isPlainObject(inc)) return;
  const at = (...path: PathSegment[]): PathSegment[] => ['incident', ...path];
  if (raw.task !== 'pick') sink.report(['incident'], 'only for pick scenarios', 'key');
  if (!Array.isArray(inc.items)) return;
  inc.items.forEach((item, i) => {
    if (!isPlainObject(item)) return;
    if (item.id !== i) sink.report(at('items', i, 'id'), `must be ${i}: items are listed in id order from 0`);
    const lengths: [string, number][] = [
      ['half', 3],
      ['pose', 7],
      ['velocity', 6],
    ];
    for (const [field, n] of lengths) {
      const v = item[field];
      if (Array.isArray(v) && v.length !== n)
        sink.report(at('items', i, field), `must hold ${n} numbers (got ${v.length})`);
    }
    const half = item.half;
    if (Array.isArray(half) && half.some((x) => typeof x === 'number' && !(x > 0 && x < 1)))
      sink.report(at('items', i, 'half'), 'half extents must be in (0, 1) m');
    const pose = item.pose;
    if (Array.isArray(pose) && pose.length === 7 && pose.every((x) => typeof x === 'number')) {
      const norm = Math.hypot(pose[3], pose[4], pose[5], pose[6]);
      if (Math.abs(norm - 1) > 1e-3)
        sink.report(
          at('items', i, 'pose'),
          `must hold a unit quaternion (|q| = ${Math.round(norm * 1e4) / 1e4})`,
        );
    }
  });
  const ids = inc.items.length;
  if (typeof inc.item === 'number' && inc.item >= ids)
    sink.report(at('item'), `names item ${inc.item}, but the scene has items 0 to ${ids - 1}`);
  if (Array.isArray(inc.requested_order)) {
    inc.requested_order.forEach((id, i) => {
      if (typeof id === 'number' && id >= ids)
        sink.report(at('requested_order', i), `names item ${id}, but the scene has items 0 to ${ids - 1}`);
    });
  }
  if (typeof inc.cause_t === 'number' && typeof inc.t === 'number' && inc.cause_t > inc.t)
    sink.report(at('cause_t'), `is after the incident's outcome t (${inc.t} s)`);
  if (typeof inc.start_t === 'number' && typeof inc.t === 'number' && inc.start_t > inc.t)
    sink.report(at('start_t'), `is after the incident (${inc.t} s): the replay would start too late`);
  if (typeof raw.duration_s === 'number' && typeof inc.start_t === 'number' && raw.duration_s <= inc.start_t)
    sink.report(['duration_s'], `must be after the incident scenario's start_t (${inc.start_t} s)`);
  if (inc.kind !== 'protective_stop' && inc.item === undefined)
    sink.report(
      ['incident'],
      `missing required field "item" (a ${String(inc.kind)} happens to an item)`,
      'key',
    );
}

/** The incident of a checked scenario file. */
export function buildIncident(inc: Raw): ScenarioIncident {
  const v = (isPlainObject(inc.variations) ? inc.variations : {}) as Partial<ScenarioIncident['variations']>;
  return {
    id: inc.id as string,
    ...(typeof inc.recording_sha256 === 'string' ? { recording_sha256: inc.recording_sha256 } : {}),
    kind: inc.kind as ScenarioIncident['kind'],
    ...(typeof inc.item === 'number' ? { item: inc.item } : {}),
    t: inc.t as number,
    ...(typeof inc.cause_t === 'number' ? { cause_t: inc.cause_t } : {}),
    start_t: inc.start_t as number,
    items: (inc.items as Raw[]).map((it) => ({
      ...(it as unknown as SceneItemRecord),
      velocity: (it.velocity as number[] | undefined) ?? [0, 0, 0, 0, 0, 0],
      state: ((it.state as string | undefined) ?? 'source') as SceneItemRecord['state'],
    })),
    ...(Array.isArray(inc.requested_order) ? { requested_order: inc.requested_order as number[] } : {}),
    variations: { ...DEFAULT_VARIATIONS, ...v },
  };
}

/** Where sample `sample` of an incident scenario starts: the recording, or a variation of it. */
export function incidentStart(scenario: Scenario, suiteSeed: number, sample: number): CellStart | undefined {
  const inc = scenario.incident;
  if (!inc) return undefined;
  const vary = sample > 0;
  const v = inc.variations;
  const rng = rngStream('incident', suiteSeed, scenario.id, scenario.seed, sample);
  const shift = vary ? rng.uniform(-v.time_s, v.time_s) : 0;
  const items = inc.items.map((r) => {
    if (!vary || r.state !== 'source') return r;
    const [x, y, z, qx, qy, qz, qw] = r.pose;
    const yaw = rng.uniform(-v.yaw_rad, v.yaw_rad);
    // Rotate about world z: q' = (0, 0, sin(yaw/2), cos(yaw/2)) ⊗ q.
    const s = Math.sin(yaw / 2);
    const c = Math.cos(yaw / 2);
    const pose = [
      x + rng.uniform(-v.position_m, v.position_m),
      y + rng.uniform(-v.position_m, v.position_m),
      z,
      c * qx - s * qy,
      c * qy + s * qx,
      c * qz + s * qw,
      c * qw - s * qz,
    ];
    const scale = 1 + rng.uniform(-v.mass_rel, v.mass_rel);
    return { ...r, pose, mass_kg: r.mass_kg * scale, catalog_mass_kg: r.catalog_mass_kg * scale };
  });
  return {
    t: Math.max(0, inc.start_t + shift),
    items: items.map((r) => ({
      spec: specOfRecord(r),
      pose: r.pose,
      velocity: r.velocity,
      state: RECORDED_STATES.includes(r.state) ? r.state : 'source',
    })),
    ...(inc.requested_order ? { requested: inc.requested_order } : {}),
  };
}
