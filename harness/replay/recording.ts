// A recorded pick incident read for replay (docs/incidents.md): a telemetry JSON Lines file or a
// simgate MCAP file, checked record by record. What cannot be replayed is refused with the
// place it is in (`file:line`, or `file: /simgate/scene#3` in MCAP) and the field; what a real
// cell's logger gets wrong but a replay can live with (records out of order, clock jitter, gaps,
// unknown fields, a missing optional sensor) is tolerated and reported, never guessed silently.
import { readFileSync } from 'node:fs';
import { resolveParams, type ResolvedParams } from '../../sim/params.js';
import { PICK_OBSERVATION_FEATURES, type PickAction, PICK_ACTION_FEATURES } from '../../sim/pick/features.js';
import { PICK_PARAMS } from '../../sim/pick/params.js';
import {
  type CellStart,
  INCIDENT_KINDS,
  type IncidentKind,
  RECORDED_STATES,
  type SceneItemRecord,
  specOfRecord,
  STEPS_PER_S,
} from '../../sim/pick/recording.js';
import type { PersonTrack } from '../../sim/pick/people.js';
import { readTelemetry, TelemetryError, type TelemetryRecord, telemetryDigest } from '../../sim/telemetry.js';
import { UsageError } from '../common/errors.js';
import { isMcapPath } from './mcap-file.js';
import { mcapTelemetry } from './mcap-read.js';
import { CHANNEL_RECORD_TYPES, telemetrySchema } from './telemetry-schemas.js';

/** A recording that cannot be replayed: the place (file:line or file: channel#seq) and why. */
export class RecordingError extends UsageError {
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'RecordingError';
  }
}

export interface Incident {
  readonly kind: IncidentKind;
  readonly t: number;
  readonly item?: number;
  readonly cause_t: number;
  /** Where the incident came from: the meta's marker, or the first incident event. */
  readonly from: 'meta.incident' | 'first incident event';
}

export interface RecordedScene {
  readonly t: number;
  readonly where: string;
  readonly raw: TelemetryRecord;
}

export interface RecordedObservation {
  readonly t: number;
  readonly where: string;
  readonly item: number;
  readonly features: Readonly<Record<string, number>>;
}

export interface RecordedAction {
  readonly t: number;
  readonly where: string;
  readonly item: number;
  readonly ok: boolean;
  readonly requested?: PickAction;
  readonly applied?: PickAction;
}

export interface RecordedPose {
  readonly t: number;
  /** Gantry carriage x, y, z (m). */
  readonly gantry: readonly [number, number, number];
  /** Poses of items on the move (held or falling), by item id: x, y, z. */
  readonly items: ReadonlyMap<number, readonly [number, number, number]>;
}

/** A suction-seal reading taken as the cup sealed on an item. */
export interface RecordedSeal {
  readonly t: number;
  readonly item: number;
  /** Seal quality in [0, 1]. */
  readonly seal: number;
  /** Cup centre from the face centre (m), when recorded. */
  readonly offsetM?: number;
}

export interface RecordedEvent {
  readonly t: number;
  readonly kind: string;
  readonly item?: number;
  readonly [field: string]: unknown;
}

export interface PickRecording {
  readonly file: string;
  /** sha256 of the recording as JSON Lines (an MCAP file: of the JSON Lines it holds). */
  readonly sha256: string;
  readonly schema: string;
  readonly params: ResolvedParams;
  /** The model the recording names (onnx:<sha256>), when it names one. */
  readonly policy?: string;
  readonly stepsPerS: number;
  readonly invariants: readonly { name: string; limit?: number }[];
  readonly requestedOrder?: readonly number[];
  readonly incident?: Incident;
  readonly scenes: readonly RecordedScene[];
  readonly observations: readonly RecordedObservation[];
  readonly actions: readonly RecordedAction[];
  readonly poses: readonly RecordedPose[];
  readonly seals: readonly RecordedSeal[];
  /** People's recorded paths (periodic `people` readings); undefined when none were logged. */
  readonly people?: readonly PersonTrack[];
  readonly events: readonly RecordedEvent[];
  /** The last time in the recording (s). */
  readonly endT: number;
  /** What was tolerated or reconstructed, in words, for the report. */
  readonly notes: readonly string[];
  /** Locates a record by its index in the file (0 = meta). */
  readonly where: (index: number) => string;
}

/** The fields the published schema of each record type describes; others are reported unknown. */
const KNOWN_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  CHANNEL_RECORD_TYPES.map((type) => [
    type,
    new Set(Object.keys(telemetrySchema(type).properties as object)),
  ]),
);

/** Reads and checks a recording; throws RecordingError (exit 3) for what cannot be replayed. */
export function readRecording(file: string): PickRecording {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(
      `${file}: cannot read the recording (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let text: string;
  let where: (index: number) => string;
  if (isMcapPath(file)) {
    const read = mcapTelemetry(bytes, file);
    text = read.text;
    where = (index) => `${file}: ${read.origins[index] ?? `record ${index + 1}`}`;
  } else {
    text = bytes.toString('utf8');
    where = (index) => `${file}:${index + 1}`;
  }
  let telemetry: ReturnType<typeof readTelemetry>;
  try {
    telemetry = readTelemetry(text, file);
  } catch (error) {
    if (error instanceof TelemetryError) throw new UsageError(error.message);
    throw error;
  }
  return parseRecording(file, telemetryDigest(text), telemetry, where);
}

function parseRecording(
  file: string,
  sha256: string,
  telemetry: ReturnType<typeof readTelemetry>,
  where: (index: number) => string,
): PickRecording {
  const { meta, records } = telemetry;
  const at0 = where(0);
  const fail = (index: number, message: string): never => {
    throw new RecordingError(where(index), message);
  };
  if (meta.task !== 'pick')
    fail(0, `meta.task must be "pick" to replay a picking cell (got ${JSON.stringify(meta.task)})`);
  const notes: string[] = [];
  const params = metaParams(meta.params, at0);
  const stepsPerS = timeBase(meta, at0, notes);
  const invariants = metaInvariants(meta.invariants, at0, notes);
  const requestedOrder =
    meta.requested_order === undefined
      ? undefined
      : intArray(meta.requested_order, at0, 'meta.requested_order');
  const policy = typeof meta.policy === 'string' ? meta.policy : undefined;
  if (policy === undefined) notes.push('the recording does not name the model that ran (meta.policy)');

  // Records out of order are sorted by time (stable: a tie keeps the file's order).
  const indexed = records.map((r, i) => ({ r, index: i + 1 }));
  let outOfOrder = 0;
  for (let i = 1; i < indexed.length; i++) if (indexed[i].r.t < indexed[i - 1].r.t) outOfOrder++;
  if (outOfOrder > 0) {
    indexed.sort((a, b) => a.r.t - b.r.t);
    notes.push(`${outOfOrder} record(s) out of time order; replayed in order of t`);
  }
  const unknown = new Map<string, number>();
  for (const key of Object.keys(meta)) if (!KNOWN_FIELDS.meta.has(key)) unknown.set(`meta.${key}`, 1);
  const scenes: RecordedScene[] = [];
  const observations: RecordedObservation[] = [];
  const actions: RecordedAction[] = [];
  const poses: RecordedPose[] = [];
  const seals: RecordedSeal[] = [];
  const events: RecordedEvent[] = [];
  /** People's samples by id; undefined until a periodic reading carries `people`. */
  let tracks: Map<number, [number, number, number][]> | undefined;
  const peopleReadings = (r: TelemetryRecord, w: string, into: typeof tracks) => {
    tracks = into ?? new Map();
    if (!Array.isArray(r.people))
      throw new RecordingError(w, `people must be an array of {id, x, y} (got ${show(r.people)})`);
    r.people.forEach((q, i) => {
      const ok =
        q &&
        Number.isInteger(q.id) &&
        q.id >= 0 &&
        [q.x, q.y].every((v: unknown) => typeof v === 'number' && Number.isFinite(v));
      if (!ok) throw new RecordingError(w, `people[${i}] must be {id, x, y} in metres (got ${show(q)})`);
      const samples = tracks!.get(q.id) ?? [];
      samples.push([r.t, q.x, q.y]);
      tracks!.set(q.id, samples);
    });
  };
  const missing = { scanner: 0, moving: 0, velocity: 0 };
  for (const { r, index } of indexed) {
    if (r.t < 0) fail(index, `t must be ≥ 0 seconds from the start of the recording (got ${r.t})`);
    const known = KNOWN_FIELDS[r.type];
    if (r.type !== 'event')
      for (const key of Object.keys(r))
        if (!known.has(key)) unknown.set(`${r.type}.${key}`, (unknown.get(`${r.type}.${key}`) ?? 0) + 1);
    const w = where(index);
    switch (r.type) {
      case 'scene':
        if (!Array.isArray(r.items))
          fail(index, `items must be an array of item records (got ${show(r.items)})`);
        if ((r.items as { velocity?: unknown }[]).some((it) => it && it.velocity === undefined))
          missing.velocity++;
        scenes.push({ t: r.t, where: w, raw: r });
        break;
      case 'observation':
        observations.push({
          t: r.t,
          where: w,
          item: int(r.item, w, 'item'),
          features: featureRecord(r.features, w),
        });
        break;
      case 'action': {
        if (typeof r.ok !== 'boolean') fail(index, `ok must be true or false (got ${show(r.ok)})`);
        const requested = r.ok ? actionRecord(r.action, w, 'action') : undefined;
        const applied = r.applied === undefined ? undefined : actionRecord(r.applied, w, 'applied');
        actions.push({
          t: r.t,
          where: w,
          item: int(r.item, w, 'item'),
          ok: r.ok as boolean,
          requested,
          applied,
        });
        break;
      }
      case 'sensor':
        if (r.channel === 'periodic' || (r.channel === undefined && r.gantry !== undefined)) {
          poses.push(periodicPose(r, w));
          if (r.people !== undefined) peopleReadings(r, w, tracks);
          if (r.human_distance_m === undefined) missing.scanner++;
          if (r.moving === undefined) missing.moving++;
        } else if (r.channel === 'seal' || (r.channel === undefined && r.seal !== undefined)) {
          seals.push(sealReading(r, w));
        }
        break;
      case 'event':
        if (typeof r.kind !== 'string' || r.kind === '')
          fail(index, `kind must be a non-empty string (got ${show(r.kind)})`);
        if (r.item !== undefined) int(r.item, w, 'item');
        events.push(r as unknown as RecordedEvent);
        break;
    }
  }
  if (unknown.size > 0)
    notes.push(`unknown fields kept but not used: ${[...unknown].map(([k, n]) => `${k} (${n})`).join(', ')}`);
  if (scenes.length === 0) notes.push('no scene record: the closed-loop replay cannot rebuild the cell');
  if (missing.velocity > 0)
    notes.push(`${missing.velocity} scene record(s) without item velocities: those items taken as at rest`);
  if (tracks === undefined)
    notes.push('no people readings (periodic `people`): people walk the walkway schedule of meta.params');
  if (missing.scanner > 0 && missing.scanner === poses.length)
    notes.push(
      'the safety scanner distance is not logged (no human_distance_m): it is recomputed from the people',
    );
  if (poses.length > 0 && missing.moving === poses.length)
    notes.push(
      "item poses on the move are not logged (no `moving`): item fidelity is not measured, the gripper's is",
    );
  if (poses.length === 0) notes.push('no periodic gantry readings: fidelity is measured on events only');
  else clockNotes(poses, notes);
  if (actions.some((a) => a.ok && a.applied === undefined))
    notes.push('actions recorded as requested only (no `applied`): the cell clamps them as it would');
  const endT = indexed.length > 0 ? indexed[indexed.length - 1].r.t : 0;
  return {
    file,
    sha256,
    schema: meta.schema,
    params,
    policy,
    stepsPerS,
    invariants,
    requestedOrder,
    incident: incidentOf(meta.incident, events, at0, notes),
    scenes,
    observations,
    actions,
    poses,
    seals,
    ...(tracks ? { people: [...tracks].map(([id, samples]) => ({ id, samples })) } : {}),
    events,
    endT,
    notes,
    where,
  };
}

function metaParams(value: unknown, at: string): ResolvedParams {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new RecordingError(
      at,
      `meta.params must be the cell's parameters as an object (got ${show(value)})`,
    );
  try {
    return resolveParams(PICK_PARAMS, value as ResolvedParams);
  } catch (error) {
    throw new RecordingError(at, `meta.params.${(error as Error).message}`);
  }
}

function timeBase(meta: Record<string, unknown>, at: string, notes: string[]): number {
  const base = meta.time_base as { steps_per_s?: unknown } | undefined;
  if (base !== undefined) {
    const sps = base?.steps_per_s;
    if (sps !== STEPS_PER_S)
      throw new RecordingError(
        at,
        `meta.time_base.steps_per_s must be ${STEPS_PER_S}, the simulator's rate (got ${show(sps)})`,
      );
    return STEPS_PER_S;
  }
  if (typeof meta.dt === 'number' && Math.abs(meta.dt * STEPS_PER_S - 1) < 1e-3) {
    notes.push(`time base not stated (telemetry/v1): taken from meta.dt = ${meta.dt} s`);
    return STEPS_PER_S;
  }
  notes.push(
    `time base not stated: t read as seconds from the start of the recording at ${STEPS_PER_S} steps/s`,
  );
  return STEPS_PER_S;
}

function metaInvariants(value: unknown, at: string, notes: string[]): { name: string; limit?: number }[] {
  if (value === undefined) {
    notes.push('no invariant limits recorded (meta.invariants): the replay evaluates the incident only');
    return [];
  }
  if (!Array.isArray(value))
    throw new RecordingError(at, `meta.invariants must be an array (got ${show(value)})`);
  return value.map((v, i) => {
    const ok =
      v &&
      typeof v === 'object' &&
      typeof v.name === 'string' &&
      (v.limit === undefined ||
        v.limit === null ||
        (typeof v.limit === 'number' && Number.isFinite(v.limit)));
    if (!ok) throw new RecordingError(at, `meta.invariants[${i}] must be {name, limit?} (got ${show(v)})`);
    return typeof v.limit === 'number' ? { name: v.name, limit: v.limit } : { name: v.name };
  });
}

function incidentOf(
  value: unknown,
  events: readonly RecordedEvent[],
  at: string,
  notes: string[],
): Incident | undefined {
  if (value !== undefined) {
    const v = value as Record<string, unknown>;
    const kind = v?.kind;
    if (!INCIDENT_KINDS.includes(kind as IncidentKind))
      throw new RecordingError(
        at,
        `meta.incident.kind must be one of ${INCIDENT_KINDS.join(', ')} (got ${show(kind)})`,
      );
    const t = finite(v.t, at, 'meta.incident.t');
    const causeT = v.cause_t === undefined ? t : finite(v.cause_t, at, 'meta.incident.cause_t');
    if (causeT > t)
      throw new RecordingError(at, `meta.incident.cause_t (${causeT}) is after its outcome t (${t})`);
    const item = v.item === undefined ? undefined : int(v.item, at, 'meta.incident.item');
    if (kind !== 'protective_stop' && item === undefined)
      throw new RecordingError(at, `meta.incident.item is required for a ${kind as string}`);
    return {
      kind: kind as IncidentKind,
      t,
      cause_t: causeT,
      ...(item !== undefined ? { item } : {}),
      from: 'meta.incident',
    };
  }
  const first = events.find(
    (e) => INCIDENT_KINDS.includes(e.kind as IncidentKind) && !(e.kind === 'drop' && e.released === true),
  );
  if (!first) return undefined;
  const same = events.filter((e) => e.t === first.t && INCIDENT_KINDS.includes(e.kind as IncidentKind));
  const worst = same.sort(
    (a, b) => INCIDENT_KINDS.indexOf(a.kind as IncidentKind) - INCIDENT_KINDS.indexOf(b.kind as IncidentKind),
  )[0];
  notes.push(
    `no incident marker (meta.incident): the first ${worst.kind} event at t = ${worst.t} s is the incident`,
  );
  return {
    kind: worst.kind as IncidentKind,
    t: worst.t,
    ...(typeof worst.item === 'number' ? { item: worst.item } : {}),
    cause_t: typeof worst.detach_t === 'number' ? worst.detach_t : worst.t,
    from: 'first incident event',
  };
}

/** Clock jitter and gaps of the periodic channel, in words. */
function clockNotes(poses: readonly RecordedPose[], notes: string[]): void {
  if (poses.length < 3) return;
  const gaps = poses.slice(1).map((p, i) => p.t - poses[i].t);
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const long = gaps.filter((g) => g > 1.5 * median);
  const regular = gaps.filter((g) => g <= 1.5 * median);
  const jitter = Math.max(0, ...regular.map((g) => Math.abs(g - median)));
  if (jitter > 1e-6)
    notes.push(
      `periodic readings every ${round(median)} s with up to ${round(jitter * 1000)} ms of clock jitter`,
    );
  if (long.length > 0)
    notes.push(`${long.length} gap(s) in the periodic readings, the longest ${round(Math.max(...long))} s`);
}

/** The start of a closed-loop replay: the last complete scene before the first decision. */
export function cellStartOf(rec: PickRecording): { start: CellStart; scene: RecordedScene } {
  if (rec.scenes.length === 0)
    throw new RecordingError(
      rec.where(0),
      'no scene record: a closed-loop replay needs the items (telemetry/v1.1 scene)',
    );
  const firstDecision = rec.observations[0]?.t ?? Number.POSITIVE_INFINITY;
  const before = rec.scenes.filter((s) => s.t <= firstDecision);
  const scene = before.at(-1) ?? rec.scenes[0];
  const items = (scene.raw.items as unknown[]).map((raw, i) =>
    sceneItem(raw, `${scene.where}`, `items[${i}]`),
  );
  const ids = new Set<number>();
  items.forEach((it, i) => {
    if (it.id !== i)
      throw new RecordingError(
        scene.where,
        `items[${i}].id must be ${i}: items are listed in id order from 0 (got ${it.id})`,
      );
    ids.add(it.id);
  });
  if (items.length === 0) throw new RecordingError(scene.where, 'items is empty: nothing to pick');
  const most = paramRange('items.count').max;
  if (items.length > most)
    throw new RecordingError(
      scene.where,
      `items holds ${items.length} items; a cell holds at most ${most} (items.count)`,
    );
  if (rec.requestedOrder && !rec.requestedOrder.every((i) => ids.has(i)))
    throw new RecordingError(rec.where(0), 'meta.requested_order names an item the scene does not have');
  return {
    scene,
    start: {
      t: scene.t,
      items: items.map((r) => ({
        spec: specOfRecord(r),
        pose: r.pose,
        velocity: r.velocity,
        state: r.state,
      })),
      ...(rec.requestedOrder ? { requested: rec.requestedOrder } : {}),
      ...(rec.people ? { people: rec.people } : {}),
    },
  };
}

/** The physical range of a pick parameter (sim/pick/params.ts). */
export function paramRange(name: string): { min: number; max: number } {
  const spec = PICK_PARAMS.find((p) => p.name === name);
  if (spec?.kind !== 'number') throw new Error(`${name} is not a numeric pick parameter`);
  return { min: spec.min, max: spec.max };
}

function sceneItem(raw: unknown, where: string, path: string): SceneItemRecord {
  const fail = (field: string, message: string): never => {
    throw new RecordingError(where, `${path}.${field} ${message}`);
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new RecordingError(where, `${path} must be an item record`);
  const r = raw as Record<string, unknown>;
  const need = (field: string, check: (v: unknown) => boolean, what: string): unknown => {
    const v = r[field];
    if (v === undefined)
      fail(
        field,
        `is missing: a closed-loop replay needs every item complete (${what}); telemetry/v1 scenes lack it, record with telemetry/v1.1`,
      );
    if (!check(v)) fail(field, `must be ${what} (got ${show(v)})`);
    return v;
  };
  const pos = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  const nonNeg = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const unit = (v: unknown) => nonNeg(v) && (v as number) <= 1;
  const vec = (n: number) => (v: unknown) =>
    Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  const id = need('id', (v) => Number.isInteger(v) && (v as number) >= 0, 'a non-negative integer') as number;
  const shape = need('shape', (v) => v === 'box' || v === 'cylinder', '"box" or "cylinder"') as
    | 'box'
    | 'cylinder';
  const half = need(
    'half',
    (v) => vec(3)(v) && (v as number[]).every((x) => x > 0 && x < 1),
    '3 half extents in (0, 1) m',
  ) as [number, number, number];
  if (shape === 'cylinder' && Math.abs(half[0] - half[1]) > 1e-6)
    fail('half', `of a cylinder must have half[0] = half[1], its radius (got ${show(half)})`);
  const pose = need('pose', vec(7), '7 finite numbers: x, y, z, qx, qy, qz, qw') as number[];
  const norm = Math.hypot(pose[3], pose[4], pose[5], pose[6]);
  if (Math.abs(norm - 1) > 1e-3) fail('pose', `must hold a unit quaternion (|q| = ${round(norm)})`);
  const velocity =
    r.velocity === undefined
      ? [0, 0, 0, 0, 0, 0]
      : (need('velocity', vec(6), '6 finite numbers: vx, vy, vz, wx, wy, wz') as number[]);
  const state =
    r.state === undefined
      ? 'source'
      : (need(
          'state',
          (v) => RECORDED_STATES.includes(v as never),
          RECORDED_STATES.join(' | '),
        ) as SceneItemRecord['state']);
  return {
    id,
    shape,
    half,
    mass_kg: need('mass_kg', pos, 'a mass > 0 kg') as number,
    catalog_mass_kg: need('catalog_mass_kg', pos, 'the master-data mass > 0 kg') as number,
    friction: need('friction', nonNeg, 'a friction coefficient ≥ 0') as number,
    restitution: need('restitution', unit, 'a restitution in [0, 1]') as number,
    porosity: need('porosity', unit, 'a porosity in [0, 1]') as number,
    fragile: need('fragile', (v) => typeof v === 'boolean', 'true or false') as boolean,
    crush_limit_n: need('crush_limit_n', pos, 'a crush limit > 0 N') as number,
    pose: [pose[0], pose[1], pose[2], pose[3] / norm, pose[4] / norm, pose[5] / norm, pose[6] / norm],
    velocity,
    state,
  };
}

function periodicPose(r: TelemetryRecord, where: string): RecordedPose {
  const g = r.gantry;
  if (
    !Array.isArray(g) ||
    g.length < 3 ||
    !g.slice(0, 3).every((x) => typeof x === 'number' && Number.isFinite(x))
  )
    throw new RecordingError(where, `gantry must be [x, y, z, yaw] in metres and radians (got ${show(g)})`);
  const items = new Map<number, readonly [number, number, number]>();
  if (r.moving !== undefined) {
    if (!Array.isArray(r.moving))
      throw new RecordingError(where, `moving must be an array of {id, pose} (got ${show(r.moving)})`);
    r.moving.forEach((m, i) => {
      const ok =
        m &&
        Number.isInteger(m.id) &&
        Array.isArray(m.pose) &&
        m.pose.length >= 3 &&
        m.pose.slice(0, 3).every((x: unknown) => typeof x === 'number' && Number.isFinite(x));
      if (!ok)
        throw new RecordingError(where, `moving[${i}] must be {id, pose: [x, y, z, ...]} (got ${show(m)})`);
      items.set(m.id, [m.pose[0], m.pose[1], m.pose[2]]);
    });
  }
  return { t: r.t, gantry: [g[0], g[1], g[2]], items };
}

function sealReading(r: TelemetryRecord, where: string): RecordedSeal {
  const item = int(r.item, where, 'item');
  if (typeof r.seal !== 'number' || !(r.seal >= 0 && r.seal <= 1))
    throw new RecordingError(where, `seal must be a seal quality in [0, 1] (got ${show(r.seal)})`);
  const o = r.offset;
  const offsetM =
    Array.isArray(o) && o.length === 2 && o.every((x) => typeof x === 'number' && Number.isFinite(x))
      ? Math.hypot(o[0], o[1])
      : undefined;
  return { t: r.t, item, seal: r.seal, ...(offsetM !== undefined ? { offsetM } : {}) };
}

function featureRecord(value: unknown, where: string): Record<string, number> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new RecordingError(where, `features must be an object of feature values (got ${show(value)})`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) {
    // JSON has no NaN: a recorded null is a reading the sensor did not give (non-finite).
    if (v === null) out[k] = Number.NaN;
    else if (typeof v === 'number') out[k] = v;
    else throw new RecordingError(where, `features.${k} must be a number or null (got ${show(v)})`);
  }
  return out;
}

function actionRecord(value: unknown, where: string, field: string): PickAction {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new RecordingError(where, `${field} must be an object of action values (got ${show(value)})`);
  const v = value as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const name of PICK_ACTION_FEATURES) {
    const x = v[name];
    if (x === null) out[name] = Number.NaN;
    else if (typeof x === 'number') out[name] = x;
    else throw new RecordingError(where, `${field}.${name} must be a number (got ${show(x)})`);
  }
  return out as PickAction;
}

/** The observation features a model needs that a record lacks. */
export function missingFeatures(features: Readonly<Record<string, number>>): string[] {
  return PICK_OBSERVATION_FEATURES.filter((f) => !(f in features));
}

function int(v: unknown, where: string, field: string): number {
  if (!Number.isInteger(v) || (v as number) < 0)
    throw new RecordingError(where, `${field} must be a non-negative integer (got ${show(v)})`);
  return v as number;
}

function intArray(v: unknown, where: string, field: string): number[] {
  if (!Array.isArray(v))
    throw new RecordingError(where, `${field} must be an array of item ids (got ${show(v)})`);
  return v.map((x, i) => int(x, where, `${field}[${i}]`));
}

function finite(v: unknown, where: string, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new RecordingError(where, `${field} must be a finite time ≥ 0 s (got ${show(v)})`);
  return v;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
