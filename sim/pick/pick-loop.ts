// The pick loop's phase transitions (states in pick-state.ts): wait for the source tote to be
// still (settle.ts) → scan → await a decision → move to the item, descend, approach until
// contact, dwell, seal, lift clear of both piles, transfer, lower, place, retract; seal failures,
// lost items, retries and manual handling. The cell (cell.ts) steps the physics and asks
// `progress()` after every step; this module decides what the gantry does next.
import type { PickAction } from './features.js';
import { contactSeal } from './grasp.js';
import { clamp, type Quat } from './geom.js';
import { topFace } from './items.js';
import { type Pose, TrapezoidMove } from './motion.js';
import type { Attempt, CellParts, MovePurpose, PendingDecision, Phase } from './pick-state.js';
import { MIN_ACCEL_MPS2, MIN_SPEED_MPS } from './recording.js';
import { pickObservation, scanSourceTote } from './scan.js';
import { diskFootprint } from './sensors.js';
import { SettleWait } from './settle.js';
import { MIN_SEAL_QUALITY } from './suction.js';
import {
  approachStartZ,
  emptyTravelZ,
  estimatedTopZ,
  loadedTravelZ,
  overItemPose,
  placeSlotPose,
  placeZ,
  searchEndZ,
} from './waypoints.js';

const SETTLE_MAX_S = 2.5;
const CONTACT_COMPRESSION_M = 0.002;
const SEAL_DWELL_S = 0.06;
const RESCAN_S = 0.5;
const MAX_EMPTY_SCANS = 10;
const SETTLING_WAIT_STEPS = 12;
/**
 * A surface under the cup this far above the estimated top face is something else (an item
 * lying over the target); closer than this it is the target's own face (camera noise, a tilted
 * face under the cup's rim).
 */
const UNDER_TOLERANCE_M = 0.01;

export class PickLoop {
  phase: Phase;
  attempt: Attempt | undefined;
  pending: PendingDecision | undefined;
  private emptyScans = 0;
  private placed = 0;
  private readonly settleWait: SettleWait;

  /** `recorded`: the items are as a recording left them, at rest; the cell images them after one step. */
  constructor(
    private readonly cell: CellParts,
    recorded = false,
  ) {
    this.phase = {
      kind: 'settle',
      untilStep: recorded ? cell.steps + 1 : Math.round(SETTLE_MAX_S / cell.dt),
    };
    this.settleWait = new SettleWait(cell.dt);
  }

  /** The approach is braking for contact: the move must come to rest now. */
  get contactBraking(): boolean {
    const phase = this.phase;
    return (
      phase.kind === 'move' &&
      (phase.purpose === 'approach' || phase.purpose === 'descend') &&
      this.attempt?.contact === true
    );
  }

  scan(): void {
    const { log, camera, param, items } = this.cell;
    const t = this.cell.t;
    if (!this.settleWait.ready(items, this.cell.steps)) {
      this.phase = { kind: 'unsettled' };
      return;
    }
    const cycleStartT = this.settleWait.close() ?? t;
    const outcome = scanSourceTote(items, camera, this.cell.requested);
    if (outcome.kind === 'empty') {
      this.phase = { kind: 'done' };
      log.trace.write('event', t, { kind: 'cell_empty' });
      return;
    }
    if (outcome.kind === 'settling') {
      this.phase = { kind: 'wait', untilStep: this.cell.steps + SETTLING_WAIT_STEPS };
      return;
    }
    if (outcome.kind === 'unseen') {
      this.emptyScans++;
      if (this.emptyScans >= MAX_EMPTY_SCANS) {
        for (const it of outcome.candidates) log.manual(t, it, 'undetected');
        this.phase = { kind: 'scan' };
      } else {
        this.phase = { kind: 'wait', untilStep: this.cell.steps + Math.round(RESCAN_S / this.cell.dt) };
      }
      return;
    }
    this.emptyScans = 0;
    const { item, detection, obstacleTopZ } = outcome;
    if (item.attempts >= param('cell.max_attempts')) {
      log.manual(t, item, 'max_attempts');
      return;
    }
    const observation = pickObservation(item, detection, {
      vacuumKpa: param('gripper.vacuum_kpa'),
      cupDiameterM: param('gripper.cup_diameter_m'),
      humanDistanceM: this.cell.humanDistanceM,
      // The frame's depth image, rendered only for the models that take it.
      heightmap: param('camera.heightmap') === 1 ? camera.heightmap() : undefined,
    });
    log.observe(observation.features);
    log.trace.write('observation', t, {
      item: item.spec.index,
      features: observation.features,
      detected: outcome.detected,
    });
    this.pending = { item: item.spec.index, detection, obstacleTopZ, observation, cycleStartT };
    this.phase = { kind: 'await' };
  }

  /** Starts an attempt on the pending item with a validated action. */
  beginAttempt(pending: PendingDecision, action: PickAction): void {
    const item = this.cell.items[pending.item];
    item.attempts++;
    this.cell.log.counts.attempts++;
    this.attempt = {
      item: item.spec.index,
      startT: pending.cycleStartT,
      detection: pending.detection,
      obstacleTopZ: pending.obstacleTopZ,
      action,
      contact: false,
      wallHit: false,
    };
    // Below travel height (a pile above the rims): straight up first, then across.
    const over = overItemPose(pending.detection, action, pending.obstacleTopZ);
    const g = this.cell.gantry;
    if (g.pose.z < over.z) this.startMove({ ...g.pose, z: over.z }, 'rise');
    else this.startMove(over, 'to_pick');
  }

  /** Phase transitions once the current step's motion or wait is over. */
  progress(): void {
    const phase = this.phase;
    const { gantry: g, items, log } = this.cell;
    const steps = this.cell.steps;
    if (phase.kind === 'settle') {
      const resting = items.every((it) => it.body.isSleeping());
      if (resting || steps >= phase.untilStep) {
        log.scene(this.cell.t, 'settled');
        this.phase = { kind: 'scan' };
      }
      return;
    }
    if (phase.kind === 'wait') {
      if (steps >= phase.untilStep) this.phase = { kind: 'scan' };
      return;
    }
    if (phase.kind === 'unsettled') {
      if (this.settleWait.ready(items, steps)) this.phase = { kind: 'scan' };
      return;
    }
    if (phase.kind === 'dwell') {
      if (steps >= phase.untilStep) this.seal();
      return;
    }
    if (phase.kind !== 'move') return;
    const attempt = this.attempt;
    if ((phase.purpose === 'approach' || phase.purpose === 'descend') && attempt) {
      if (!attempt.contact && g.compression() > CONTACT_COMPRESSION_M) attempt.contact = true;
      if (attempt.contact && phase.move.speed === 0) {
        this.phase = { kind: 'dwell', untilStep: steps + Math.round(SEAL_DWELL_S / this.cell.dt) };
        return;
      }
    }
    if (!phase.move.done) return;
    this.nextMove(phase.purpose);
  }

  private nextMove(finished: MovePurpose): void {
    const g = this.cell.gantry;
    const attempt = this.attempt;
    const a = attempt?.action;
    const top = attempt ? estimatedTopZ(attempt.detection) : 0;
    switch (finished) {
      case 'rise':
        this.startMove(overItemPose(attempt!.detection, a!, attempt!.obstacleTopZ), 'to_pick');
        break;
      case 'to_pick': {
        // The fast descent ends over whatever the camera sees under the cup: the target's face,
        // or an item lying over a partly hidden target (the approach then finds that one).
        const under = this.cell.camera.highestUnder(diskFootprint(g.pose.x, g.pose.y, g.cupRadiusM));
        this.startMove({ ...g.pose, z: approachStartZ(Math.max(top, under - UNDER_TOLERANCE_M)) }, 'descend');
        break;
      }
      case 'descend':
        this.startMove({ ...g.pose, z: searchEndZ(top) }, 'approach', a?.['approach.speed_mps']);
        break;
      case 'approach':
        this.failAttempt('no_contact');
        break;
      case 'lift':
        this.startMove(
          placeSlotPose(this.placed, g.pose.z),
          'transfer',
          a?.['transfer.speed_mps'],
          a?.['transfer.accel_mps2'],
        );
        break;
      case 'transfer': {
        const hold = g.hold!;
        const surface = this.cell.camera.surfaceZ(g.pose.x, g.pose.y, hold.body);
        this.startMove(
          { ...g.pose, z: placeZ(surface, this.heldHeight(hold.item)) },
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
    const { gantry: g, items, log, param } = this.cell;
    const seal = contactSeal(g, items, this.cell.dt);
    if (!seal) {
      this.failAttempt('no_item_contact');
      return;
    }
    const { item, quality, offset } = seal;
    log.trace.write('sensor', this.cell.t, {
      channel: 'seal',
      item: item.spec.index,
      seal: quality,
      vacuum_kpa: param('gripper.vacuum_kpa') * quality,
      offset: [offset.x, offset.y],
      tilt_rad: seal.tiltRad,
    });
    if (quality < MIN_SEAL_QUALITY) {
      this.failAttempt('no_seal', { seal: quality });
      return;
    }
    item.state = 'held';
    g.attach(item.spec.index, item.body, item.spec.massKg, quality);
    log.scene(this.cell.t, 'attach');
    const a = attempt.action;
    // Clear of both piles, and never below where the cup is: going down would press into the pile.
    const travel = loadedTravelZ(this.heldHeight(item.spec.index), attempt.obstacleTopZ);
    const lift = Math.max(g.pose.z, travel);
    this.startMove({ ...g.pose, z: lift }, 'lift', a['transfer.speed_mps'], a['transfer.accel_mps2']);
  }

  private place(): void {
    const attempt = this.attempt!;
    const { gantry, items, log, camera } = this.cell;
    const t = this.cell.t;
    const hold = gantry.release()!;
    const item = items[hold.item];
    const fall = log.startFall(t, this.cell.steps, item, camera, true, {});
    this.placed++;
    log.success(t, item, t - attempt.startT, fall.heightM);
    this.retract();
  }

  private failAttempt(reason: string, detail: Record<string, unknown> = {}): void {
    const attempt = this.attempt!;
    this.cell.log.counts.sealFailures++;
    this.cell.log.event(this.cell.t, 'seal_failure', { item: attempt.item, reason, ...detail });
    this.retract();
  }

  /** Ends the attempt, whatever the gantry was doing, and lifts clear (also after a lost item). */
  retract(): void {
    const clearTop = this.attempt?.obstacleTopZ ?? 0;
    this.attempt = undefined;
    const g = this.cell.gantry;
    this.startMove({ ...g.pose, z: Math.max(g.pose.z, emptyTravelZ(0, clearTop)) }, 'retract');
  }

  /** Ends the episode where it stands (time limit). */
  finish(): void {
    this.phase = { kind: 'done' };
    this.cell.log.trace.write('event', this.cell.t, { kind: 'time_limit' });
  }

  private startMove(to: Pose, purpose: MovePurpose, speed?: number, accel?: number): void {
    const maxSpeed = this.cell.param('gripper.max_speed_mps');
    const maxAccel = this.cell.param('gripper.max_accel_mps2');
    const v = clamp(speed ?? maxSpeed, MIN_SPEED_MPS, maxSpeed);
    const acc = clamp(accel ?? maxAccel, MIN_ACCEL_MPS2, maxAccel);
    this.phase = { kind: 'move', move: new TrapezoidMove(this.cell.gantry.pose, to, v, acc), purpose };
  }

  private heldHeight(index: number): number {
    const it = this.cell.items[index];
    return topFace(it.spec, it.body.translation(), it.body.rotation() as Quat).heightM;
  }
}
