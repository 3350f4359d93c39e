// What the picking cell records: events (also written to the trace), the counters behind the
// KPIs, the worst values behind the invariants, and items in free fall until they come to
// rest and are classified (source tote, destination tote, floor or walkway). An item knocked
// over the source tote's wall by a collision falls like a lost one and is classified the same
// way, when it leaves the tote rather than whenever the cell next happens to look at it.
import type RAPIER from '@dimforge/rapier3d-deterministic-compat';
import type { SimEvent } from '../result.js';
import { canonical, type TelemetryWriter } from '../telemetry.js';
import type { Quat } from './geom.js';
import { type ItemSpec, topFace } from './items.js';
import { classifyRest, insideTote, isHazardous, SOURCE, STAND_TOP_Z, TOTE_WALL_M } from './layout.js';
import { recordOfSpec, type SceneItemRecord } from './recording.js';
import type { OverheadCamera } from './sensors.js';

export type ItemState = 'source' | 'held' | 'falling' | 'destination' | 'lost' | 'manual';

export interface ItemRuntime {
  readonly spec: ItemSpec;
  readonly body: RAPIER.RigidBody;
  readonly collider: RAPIER.Collider;
  state: ItemState;
  attempts: number;
  crushed: boolean;
  fall?: Fall;
}

interface Fall {
  readonly t: number;
  readonly startStep: number;
  readonly heightM: number;
  readonly released: boolean;
  restSteps: number;
}

export interface CellCounts {
  attempts: number;
  picks: number;
  drops: number;
  hazardousDrops: number;
  crushes: number;
  sealFailures: number;
  manual: number;
  protectiveStops: number;
  cycleTimeSum: number;
}

export interface Worst {
  value: number;
  /** Time the value was reached. */
  t?: number;
}

const REST_STEPS = 30;
const MAX_FALL_S = 5;

export class CellLog {
  readonly events: SimEvent[] = [];
  readonly counts: CellCounts = {
    attempts: 0,
    picks: 0,
    drops: 0,
    hazardousDrops: 0,
    crushes: 0,
    sealFailures: 0,
    manual: 0,
    protectiveStops: 0,
    cycleTimeSum: 0,
  };
  readonly peakContactN: Worst = { value: 0 };
  readonly speedNearPersonMps: Worst = { value: 0 };
  readonly dropHeightM: Worst = { value: 0 };
  /** Policy violations by invariant name: count and first time. */
  readonly violations = new Map<string, { count: number; t: number }>();
  /** Range of every observation feature offered to the policy. */
  readonly observed = new Map<string, [number, number]>();
  /** Source items seen inside the tote while asleep, at every look since (leftSourceTote). */
  private readonly asleepInSource = new Set<ItemRuntime>();

  constructor(
    readonly trace: TelemetryWriter,
    private readonly items: readonly ItemRuntime[],
  ) {}

  /** Widens the observed range of each feature of one observation. */
  observe(features: Readonly<Record<string, number>>): void {
    for (const [name, value] of Object.entries(features)) {
      if (!Number.isFinite(value)) continue;
      const r = this.observed.get(name);
      if (!r) this.observed.set(name, [value, value]);
      else if (value < r[0]) r[0] = value;
      else if (value > r[1]) r[1] = value;
    }
  }

  event(t: number, kind: string, detail: Readonly<Record<string, unknown>> = {}): void {
    // Rounded like the trace, so results.jsonl is as byte-stable as the telemetry.
    const ev = canonical({ t, kind, ...detail }) as SimEvent;
    this.events.push(ev);
    if (kind === 'protective_stop') this.counts.protectiveStops++;
    this.trace.write('event', t, { kind, ...detail });
  }

  /** A complete scene record (every item, all a replay needs) at the start and after every change. */
  scene(t: number, reason: string): void {
    this.trace.write('scene', t, { reason, items: this.items.map(sceneItemRecord) });
  }

  contact(t: number, item: ItemRuntime, forceN: number): void {
    if (forceN > this.peakContactN.value) {
      this.peakContactN.value = forceN;
      this.peakContactN.t = t;
    }
    if (item.spec.fragile && !item.crushed && forceN > item.spec.forceLimitN) {
      item.crushed = true;
      this.counts.crushes++;
      this.event(t, 'crush', { item: item.spec.index, force_n: forceN, limit_n: item.spec.forceLimitN });
    }
  }

  speedNearPerson(t: number, speed: number): void {
    if (speed > this.speedNearPersonMps.value) {
      this.speedNearPersonMps.value = speed;
      this.speedNearPersonMps.t = t;
    }
  }

  manual(t: number, item: ItemRuntime, reason: string): void {
    item.state = 'manual';
    item.body.setEnabled(false);
    this.counts.manual++;
    this.event(t, 'manual_handling', { item: item.spec.index, reason });
    this.scene(t, 'manual_handling');
  }

  violation(t: number, invariant: string, message: string, item: ItemRuntime): void {
    const v = this.violations.get(invariant);
    this.violations.set(invariant, { count: (v?.count ?? 0) + 1, t: v?.t ?? t });
    this.event(t, 'policy_violation', { item: item.spec.index, invariant, message });
    this.manual(t, item, 'policy_violation');
  }

  success(t: number, item: ItemRuntime, cycleS: number, releaseHeightM: number): void {
    this.counts.picks++;
    this.counts.cycleTimeSum += cycleS;
    this.event(t, 'pick_success', {
      item: item.spec.index,
      cycle_s: cycleS,
      release_height_m: releaseHeightM,
    });
  }

  /** An item leaves the cup (released on purpose or lost); its height over the surface below. */
  startFall(
    t: number,
    step: number,
    item: ItemRuntime,
    camera: OverheadCamera,
    released: boolean,
    detail: Readonly<Record<string, unknown>>,
    cause: 'detach' | 'knocked_out' = 'detach',
  ): Fall {
    const p = item.body.translation();
    const face = topFace(item.spec, p, item.body.rotation() as Quat);
    const bottom = face.centre.z - face.heightM;
    const heightM = Math.max(0, bottom - camera.surfaceZ(p.x, p.y, item.body));
    if (heightM > this.dropHeightM.value) {
      this.dropHeightM.value = heightM;
      this.dropHeightM.t = t;
    }
    item.state = 'falling';
    item.fall = { t, startStep: step, heightM, released, restSteps: 0 };
    if (!released)
      this.trace.write('event', t, { kind: cause, item: item.spec.index, height_m: heightM, ...detail });
    return item.fall;
  }

  /**
   * Whether a source item has left the tote. A body that was asleep at its last look and still
   * is has not moved since (waking takes a contact, falling asleep again seconds of rest), so
   * its pose is not fetched again.
   */
  private leftSourceTote(item: ItemRuntime): boolean {
    const asleep = item.body.isSleeping();
    if (asleep && this.asleepInSource.has(item)) return false;
    const left = outsideSourceTote(item);
    if (asleep && !left) this.asleepInSource.add(item);
    else this.asleepInSource.delete(item);
    return left;
  }

  /** Starts the fall of items knocked out of the source tote; classifies those come to rest. */
  observeFalls(t: number, step: number, dt: number, camera: OverheadCamera): void {
    for (const item of this.items) {
      if (item.state !== 'source' || item.fall) this.asleepInSource.delete(item);
      else if (this.leftSourceTote(item)) this.startFall(t, step, item, camera, false, {}, 'knocked_out');
      const fall = item.fall;
      if (!fall) continue;
      const v = item.body.linvel();
      const w = item.body.angvel();
      const still = Math.hypot(v.x, v.y, v.z) < 0.03 && Math.hypot(w.x, w.y, w.z) < 0.3;
      fall.restSteps = still ? fall.restSteps + 1 : 0;
      const timedOut = (step - fall.startStep) * dt > MAX_FALL_S;
      if (fall.restSteps < REST_STEPS && !item.body.isSleeping() && !timedOut) continue;
      item.fall = undefined;
      const p = item.body.translation();
      const location = classifyRest(p.x, p.y, p.z);
      item.state = location === 'source' ? 'source' : location === 'destination' ? 'destination' : 'lost';
      this.scene(t, 'rest');
      if (fall.released && location === 'destination') continue;
      // Stamped at the outcome (rest), with the time of its cause (the detach or the release).
      this.event(t, 'drop', {
        item: item.spec.index,
        location,
        height_m: fall.heightM,
        released: fall.released,
        detach_t: fall.t,
      });
      if (isHazardous(location)) {
        this.counts.hazardousDrops++;
        this.event(t, 'hazardous_drop', {
          item: item.spec.index,
          location,
          height_m: fall.heightM,
          detach_t: fall.t,
        });
      }
    }
  }
}

/** One item as a scene record writes it (sim/pick/recording.ts). */
export function sceneItemRecord(it: ItemRuntime): SceneItemRecord {
  const v = it.body.linvel();
  const w = it.body.angvel();
  return recordOfSpec(it.spec, itemPose(it), [v.x, v.y, v.z, w.x, w.y, w.z], it.state);
}

/** x, y, z, qx, qy, qz, qw of an item's body. */
export function itemPose(it: ItemRuntime): number[] {
  const p = it.body.translation();
  const q = it.body.rotation();
  return [p.x, p.y, p.z, q.x, q.y, q.z, q.w];
}

/** Beyond the source tote's outer wall, or below its stand: no longer in the tote. */
function outsideSourceTote(item: ItemRuntime): boolean {
  const p = item.body.translation();
  return !insideTote(SOURCE, p.x, p.y, TOTE_WALL_M) || p.z < STAND_TOP_Z;
}
