// The picking cell's controller as a resumable state machine: `advance()` steps physics until
// the cell needs a grasp decision (or the episode ends), `apply()` acts on the decision. The
// pick loop: scan → choose the topmost detected item → ask the policy → approach, seal,
// lift, transfer, place; retries, manual handling, the time limit. Safety (people) and the
// hold check run every step.
import type { ResolvedParams } from '../params.js';
import type { Rapier } from '../physics.js';
import { rngStream } from '../rng.js';
import { TelemetryWriter } from '../telemetry.js';
import type { PickAction, PickDecision, PickObservation } from './features.js';
import { SuctionGantry } from './gantry.js';
import type { Quat } from './geom.js';
import { sampleItems, topFace } from './items.js';
import {
  DESTINATION,
  HOME,
  SOURCE,
  TOTE_FLOOR_Z,
  TOTE_INNER_X,
  TOTE_INNER_Y,
  TOTE_RIM_Z,
  TRAVEL_CLEARANCE_M,
} from './layout.js';
import { type Pose, TrapezoidMove } from './motion.js';
import { CellLog, type ItemRuntime } from './cell-log.js';
import {
  nearestPersonM,
  type PeopleSchedule,
  type SafetyLimits,
  safetyMode,
  speedLimitFor,
} from './people.js';
import { buildScene, type CellScene, TIMESTEP_S } from './scene.js';
import { type Detection, OverheadCamera } from './sensors.js';
import { MIN_SEAL_QUALITY, sealQuality } from './suction.js';

type MovePurpose = 'to_pick' | 'descend' | 'approach' | 'lift' | 'transfer' | 'lower' | 'retract';

type Phase =
  | { kind: 'settle'; untilStep: number }
  | { kind: 'scan' }
  | { kind: 'wait'; untilStep: number }
  | { kind: 'await' }
  | { kind: 'move'; move: TrapezoidMove; purpose: MovePurpose; limited: boolean }
  | { kind: 'dwell'; untilStep: number }
  | { kind: 'done' };

interface Attempt {
  readonly item: number;
  readonly startT: number;
  readonly detection: Detection;
  readonly action: PickAction;
  contact: boolean;
  wallHit: boolean;
}

const SETTLE_MAX_S = 2.5;
const APPROACH_CLEARANCE_M = 0.03;
const SEARCH_DEPTH_M = 0.04;
const CONTACT_COMPRESSION_M = 0.002;
const SEAL_DWELL_S = 0.06;
const RESCAN_S = 0.5;
const MAX_EMPTY_SCANS = 10;
const SENSOR_PERIOD_STEPS = 60;

export type CellStatus = 'awaiting' | 'done';

export class PickCell {
  readonly scene: CellScene;
  readonly log: CellLog;
  readonly dt = TIMESTEP_S;
  steps = 0;
  private readonly p: (name: string) => number;
  private readonly items: ItemRuntime[];
  private readonly gantry: SuctionGantry;
  private readonly camera: OverheadCamera;
  private readonly people: PeopleSchedule;
  private readonly safety: SafetyLimits;
  private phase: Phase;
  private attempt: Attempt | undefined;
  private pending: { item: number; detection: Detection; observation: PickObservation } | undefined;
  private stopped = false;
  private emptyScans = 0;
  private placed = 0;
  private humanM = 10;

  constructor(
    rapier: Rapier,
    readonly params: ResolvedParams,
    readonly seed: string,
  ) {
    this.p = (name) => params[name] as number;
    const specs = sampleItems(params, seed);
    this.scene = buildScene(rapier, specs, this.p('gripper.cup_diameter_m'));
    this.items = this.scene.items.map((it) => ({ ...it, state: 'source', attempts: 0, crushed: false }));
    const home: Pose = { x: HOME.x, y: HOME.y, z: SuctionGantry.carriageZForFace(TOTE_RIM_Z + 0.08), yaw: 0 };
    this.gantry = new SuctionGantry(
      rapier,
      this.scene,
      this.p('gripper.vacuum_kpa'),
      this.p('gripper.cup_diameter_m'),
      home,
    );
    this.gantry.moveTo(home);
    this.camera = new OverheadCamera(rapier, this.scene.world, params, rngStream(seed, 'camera'));
    this.people = {
      ratePerH: this.p('people.rate_per_h'),
      firstS: this.p('people.first_s'),
      speedMps: this.p('people.speed_mps'),
    };
    this.safety = {
      slowZoneM: this.p('safety.slow_zone_m'),
      stopZoneM: this.p('safety.stop_zone_m'),
      reducedSpeedMps: this.p('safety.reduced_speed_mps'),
      personSpeedMps: Math.max(1.6, this.p('people.speed_mps')),
      brakeAccelMps2: this.p('gripper.max_accel_mps2'),
    };
    const trace = new TelemetryWriter({ task: 'pick', seed, dt: this.dt, params });
    this.log = new CellLog(trace, this.items);
    this.phase = { kind: 'settle', untilStep: Math.round(SETTLE_MAX_S / this.dt) };
  }

  get t(): number {
    return this.steps * this.dt;
  }

  get done(): boolean {
    return this.phase.kind === 'done';
  }

  /** Steps until a decision is needed or the episode ends (or `stepBudget` steps have run). */
  advance(stepBudget = Number.POSITIVE_INFINITY): CellStatus | 'budget' {
    const start = this.steps;
    for (;;) {
      const phase = this.phase;
      if (phase.kind === 'done') return 'done';
      if (phase.kind === 'await') return 'awaiting';
      if (phase.kind === 'scan') {
        this.scan();
        continue;
      }
      if (this.t >= this.p('cell.duration_s')) {
        this.finishPhase();
        continue;
      }
      if (this.steps - start >= stepBudget) return 'budget';
      this.stepOnce();
    }
  }

  observation(): PickObservation {
    if (!this.pending) throw new Error('the cell is not waiting for a decision');
    return this.pending.observation;
  }

  apply(decision: PickDecision): void {
    const pending = this.pending;
    if (!pending || this.phase.kind !== 'await') throw new Error('the cell is not waiting for a decision');
    this.pending = undefined;
    const item = this.items[pending.item];
    if (!decision.ok) {
      this.log.trace.write('action', this.t, {
        item: item.spec.index,
        ok: false,
        invariant: decision.invariant,
      });
      this.log.violation(this.t, decision.invariant, decision.message, item);
      this.phase = { kind: 'scan' };
      return;
    }
    const a = decision.action;
    this.log.trace.write('action', this.t, { item: item.spec.index, ok: true, action: a });
    const bad = Object.entries(a).find(([, v]) => !Number.isFinite(v));
    if (bad) {
      this.log.violation(this.t, 'finite_actions', `${bad[0]} is ${bad[1]}`, item);
      this.phase = { kind: 'scan' };
      return;
    }
    if (a.confidence < this.p('cell.confidence_threshold')) {
      this.log.manual(this.t, item, 'low_confidence');
      this.phase = { kind: 'scan' };
      return;
    }
    item.attempts++;
    this.log.counts.attempts++;
    this.attempt = {
      item: item.spec.index,
      startT: this.t,
      detection: pending.detection,
      action: a,
      contact: false,
      wallHit: false,
    };
    const d = pending.detection;
    const target: Pose = {
      x: SOURCE.cx + d.x + a['grasp.dx'],
      y: SOURCE.cy + d.y + a['grasp.dy'],
      z: this.emptyTravelZ(TOTE_FLOOR_Z + d.z),
      yaw: wrapHalfTurn(d.yaw),
    };
    this.startMove(target, 'to_pick');
  }

  private scan(): void {
    const candidates = this.items.filter((it) => it.state === 'source');
    if (candidates.length === 0) {
      this.phase = this.items.some((it) => it.state === 'falling' || it.state === 'held')
        ? { kind: 'wait', untilStep: this.steps + 12 }
        : { kind: 'done' };
      if (this.phase.kind === 'done') this.log.trace.write('event', this.t, { kind: 'cell_empty' });
      return;
    }
    const detections = this.camera.detect(candidates);
    detections.sort((a, b) => b.z - a.z || a.item - b.item);
    const found = detections[0];
    if (!found) {
      this.emptyScans++;
      if (this.emptyScans >= MAX_EMPTY_SCANS) {
        for (const it of candidates) this.log.manual(this.t, it, 'undetected');
        this.phase = { kind: 'scan' };
      } else {
        this.phase = { kind: 'wait', untilStep: this.steps + Math.round(RESCAN_S / this.dt) };
      }
      return;
    }
    this.emptyScans = 0;
    const item = this.items[found.item];
    if (item.attempts >= this.p('cell.max_attempts')) {
      this.log.manual(this.t, item, 'max_attempts');
      return;
    }
    const features = {
      'item.est_x': found.x,
      'item.est_y': found.y,
      'item.est_z': found.z,
      'item.est_yaw': found.yaw,
      'item.est_size_x': found.sizeX,
      'item.est_size_y': found.sizeY,
      'item.est_size_z': found.sizeZ,
      'item.est_mass_kg': item.spec.catalogMassKg,
      'item.fragile': item.spec.fragile ? 1 : 0,
      'item.visible_fraction': found.visibleFraction,
      'gripper.vacuum_kpa': this.p('gripper.vacuum_kpa'),
      'human.distance_m': this.humanM,
    };
    const observation: PickObservation =
      this.p('camera.heightmap') === 1
        ? { features, heightmap: { height: 32, width: 32, data: this.camera.heightmap() } }
        : { features };
    this.log.trace.write('observation', this.t, {
      item: item.spec.index,
      features,
      detected: detections.length,
    });
    this.pending = { item: item.spec.index, detection: found, observation };
    this.phase = { kind: 'await' };
  }

  private stepOnce(): void {
    const g = this.gantry;
    this.humanM = nearestPersonM(this.people, this.t, g.pose.x, g.pose.y);
    const phase = this.phase;
    let speed = 0;
    if (phase.kind === 'move') {
      const mode = safetyMode(this.safety, this.humanM, phase.move.speed, this.stopped ? 'stop' : 'free');
      const limit = speedLimitFor(this.safety, mode);
      if (mode === 'stop' && !this.stopped)
        this.log.event(this.t, 'protective_stop', { distance_m: this.humanM, phase: phase.purpose });
      this.stopped = mode === 'stop';
      if (mode === 'reduced' && !phase.limited && phase.move.maxSpeed > limit && phase.move.remaining > 0) {
        phase.limited = true;
        this.log.event(this.t, 'speed_limited', {
          distance_m: this.humanM,
          commanded_mps: phase.move.maxSpeed,
          limit_mps: limit,
        });
      }
      const braking = (phase.purpose === 'approach' || phase.purpose === 'descend') && this.attempt?.contact;
      g.moveTo(phase.move.step(this.dt, braking ? 0 : limit, this.p('gripper.max_accel_mps2')));
      speed = phase.move.speed;
    }
    this.scene.world.step();
    this.steps++;
    if (this.humanM < this.safety.slowZoneM) this.log.speedNearPerson(this.t, speed);
    this.observeContacts();
    this.observeHold();
    this.log.observeFalls(this.t, this.steps, this.dt);
    if (this.steps % SENSOR_PERIOD_STEPS === 0) {
      const hold = g.hold;
      this.log.trace.write('sensor', this.t, {
        gantry: [g.pose.x, g.pose.y, g.pose.z, g.pose.yaw],
        speed_mps: speed,
        vacuum_kpa: hold ? this.p('gripper.vacuum_kpa') * hold.seal : 0,
        human_distance_m: this.humanM,
      });
    }
    this.progress();
  }

  private observeContacts(): void {
    for (const [handle, force] of this.gantry.contactForces(this.dt)) {
      const item = this.items.find((it) => it.collider.handle === handle);
      if (item) this.log.contact(this.t, item, force);
    }
    const hold = this.gantry.hold;
    const attempt = this.attempt;
    if (hold && attempt && !attempt.wallHit) {
      const item = this.items[hold.item];
      let impulse = 0;
      this.scene.world.contactPairsWith(item.collider, (other) => {
        if (!this.scene.walls.has(other.handle)) return;
        this.scene.world.contactPair(item.collider, other, (m) => {
          for (let i = 0; i < m.numContacts(); i++) impulse += m.contactImpulse(i);
        });
      });
      if (impulse > 0.01) {
        attempt.wallHit = true;
        this.log.event(this.t, 'wall_collision', { item: hold.item, impulse_ns: impulse });
      }
    }
  }

  private observeHold(): void {
    const load = this.gantry.checkHold(this.dt);
    if (load === undefined) return;
    const hold = this.gantry.release()!;
    const item = this.items[hold.item];
    this.log.startFall(this.t, this.steps, item, this.camera, false, {
      load_n: load,
      holding_n: hold.holdingN,
    });
    this.log.counts.drops++;
    this.retract();
  }

  /** Phase transitions once the current step's motion or wait is over. */
  private progress(): void {
    const phase = this.phase;
    const g = this.gantry;
    if (phase.kind === 'settle') {
      const resting = this.items.every((it) => it.body.isSleeping());
      if (resting || this.steps >= phase.untilStep) {
        this.log.scene(this.t);
        this.phase = { kind: 'scan' };
      }
      return;
    }
    if (phase.kind === 'wait') {
      if (this.steps >= phase.untilStep) this.phase = { kind: 'scan' };
      return;
    }
    if (phase.kind === 'dwell') {
      if (this.steps >= phase.untilStep) this.seal();
      return;
    }
    if (phase.kind !== 'move') return;
    const attempt = this.attempt;
    if ((phase.purpose === 'approach' || phase.purpose === 'descend') && attempt) {
      if (!attempt.contact && g.compression() > CONTACT_COMPRESSION_M) attempt.contact = true;
      if (attempt.contact && phase.move.speed === 0) {
        this.phase = { kind: 'dwell', untilStep: this.steps + Math.round(SEAL_DWELL_S / this.dt) };
        return;
      }
    }
    if (!phase.move.done) return;
    const a = attempt?.action;
    const top = attempt ? TOTE_FLOOR_Z + attempt.detection.z : 0;
    switch (phase.purpose) {
      case 'to_pick':
        this.startMove(
          { ...g.pose, z: SuctionGantry.carriageZForFace(top + APPROACH_CLEARANCE_M) },
          'descend',
        );
        break;
      case 'descend':
        this.startMove(
          { ...g.pose, z: SuctionGantry.carriageZForFace(top - SEARCH_DEPTH_M) },
          'approach',
          a?.['approach.speed_mps'],
        );
        break;
      case 'approach':
        this.failAttempt('no_contact');
        break;
      case 'lift': {
        const slot = this.placed % 6;
        const x = DESTINATION.cx + ((slot % 3) - 1) * (TOTE_INNER_X / 3.5);
        const y = DESTINATION.cy + (Math.floor(slot / 3) - 0.5) * (TOTE_INNER_Y / 2.5);
        this.startMove(
          { x, y, z: g.pose.z, yaw: 0 },
          'transfer',
          a?.['transfer.speed_mps'],
          a?.['transfer.accel_mps2'],
        );
        break;
      }
      case 'transfer': {
        const hold = g.hold!;
        const surface = this.camera.surfaceZ(g.pose.x, g.pose.y, hold.body);
        const faceZ = surface + this.heldHeight(hold.item) + 0.02;
        this.startMove(
          { ...g.pose, z: SuctionGantry.carriageZForFace(faceZ) },
          'lower',
          a?.['transfer.speed_mps'],
          a?.['transfer.accel_mps2'],
        );
        break;
      }
      case 'lower':
        this.place();
        break;
      case 'retract':
        this.phase = { kind: 'scan' };
        break;
    }
  }

  private seal(): void {
    const attempt = this.attempt!;
    const g = this.gantry;
    const forces = g.contactForces(this.dt);
    let best: ItemRuntime | undefined;
    for (const it of this.items)
      if (
        it.state === 'source' &&
        forces.has(it.collider.handle) &&
        (!best || forces.get(it.collider.handle)! > forces.get(best.collider.handle)!)
      )
        best = it;
    if (!best) {
      this.failAttempt('no_item_contact');
      return;
    }
    const face = topFace(best.spec, best.body.translation(), best.body.rotation() as Quat);
    const offset = g.offsetOnFace(face.centre, face.u, face.v);
    const quality = sealQuality({
      offsetX: offset.x,
      offsetY: offset.y,
      face: face.shape,
      faceHalfX: face.halfU,
      faceHalfY: face.halfV,
      cupRadiusM: g.cupRadiusM,
      tiltRad: face.tiltRad,
      porosity: best.spec.porosity,
    });
    this.log.trace.write('sensor', this.t, {
      item: best.spec.index,
      seal: quality,
      vacuum_kpa: this.p('gripper.vacuum_kpa') * quality,
      offset: [offset.x, offset.y],
      tilt_rad: face.tiltRad,
    });
    if (quality < MIN_SEAL_QUALITY) {
      this.failAttempt('no_seal', { seal: quality });
      return;
    }
    best.state = 'held';
    g.attach(best.spec.index, best.body, best.spec.massKg, quality);
    const a = attempt.action;
    const lift = SuctionGantry.carriageZForFace(
      TOTE_RIM_Z + TRAVEL_CLEARANCE_M + this.heldHeight(best.spec.index),
    );
    this.startMove({ ...g.pose, z: lift }, 'lift', a['transfer.speed_mps'], a['transfer.accel_mps2']);
  }

  private place(): void {
    const attempt = this.attempt!;
    const hold = this.gantry.release()!;
    const item = this.items[hold.item];
    const fall = this.log.startFall(this.t, this.steps, item, this.camera, true, {});
    this.placed++;
    this.log.success(this.t, item, this.t - attempt.startT, fall.heightM);
    this.attempt = undefined;
    this.retract();
  }

  private failAttempt(reason: string, detail: Record<string, unknown> = {}): void {
    const attempt = this.attempt!;
    this.log.counts.sealFailures++;
    this.log.event(this.t, 'seal_failure', { item: attempt.item, reason, ...detail });
    this.retract();
  }

  private retract(): void {
    this.attempt = undefined;
    const g = this.gantry;
    this.startMove({ ...g.pose, z: Math.max(g.pose.z, this.emptyTravelZ(0)) }, 'retract');
  }

  /** Ends the episode where it stands (time limit). */
  private finishPhase(): void {
    this.phase = { kind: 'done' };
    this.log.trace.write('event', this.t, { kind: 'time_limit' });
  }

  private startMove(to: Pose, purpose: MovePurpose, speed?: number, accel?: number): void {
    const maxSpeed = this.p('gripper.max_speed_mps');
    const maxAccel = this.p('gripper.max_accel_mps2');
    const v = clampPositive(speed ?? maxSpeed, 0.005, maxSpeed);
    const acc = clampPositive(accel ?? maxAccel, 0.1, maxAccel);
    this.phase = {
      kind: 'move',
      move: new TrapezoidMove(this.gantry.pose, to, v, acc),
      purpose,
      limited: false,
    };
  }

  private emptyTravelZ(targetTop: number): number {
    return SuctionGantry.carriageZForFace(Math.max(TOTE_RIM_Z + 0.08, targetTop + 0.05));
  }

  private heldHeight(index: number): number {
    const it = this.items[index];
    return topFace(it.spec, it.body.translation(), it.body.rotation() as Quat).heightM;
  }
}

function clampPositive(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function wrapHalfTurn(yaw: number): number {
  let y = yaw;
  while (y > Math.PI / 2) y -= Math.PI;
  while (y <= -Math.PI / 2) y += Math.PI;
  return y;
}
