// The cell's speed-and-separation monitoring (ISO/TS 15066 SSM practice): from the scanner's
// distance to the nearest person and the gantry's current speed, the speed cap and the
// deceleration for every step, the protective-stop latch, the events it raises, and the
// measurement behind `max_speed_near_person_mps`. The policy's transfer speed and acceleration
// never weaken it: the cap is derived from the separation, whatever the move was commanded.
//
// Protective separation for a zone of radius Z that must be entered at speed ≤ v_t, from
// gantry speed v braking at a, with a person approaching at v_h (worst case both close head on):
//   S(v) = Z + C + (v_h + v)·T_r + (v² − v_t²)/2a + v_h·(v − v_t)/a
// T_r is the reaction time (scanner response + control cycle), C the intrusion/measurement
// allowance. The cap is the largest v with S(v) ≤ d; it falls at most at rate a as the person
// closes, so a gantry braking at a tracks it and meets v_t at the zone boundary (v_t = the
// collaborative speed for the slow zone, 0 for the stop zone).
//
// Which deceleration: the cap is planned with the move's own (commanded) deceleration, so a
// slow-down normally starts early enough to be as gentle as the move itself and a held item
// stays held. When that is no longer possible (a person appears close by, or walks faster than
// planned) the controller brakes with the gentlest deceleration that still meets the zone limit,
// up to the gantry's safety-rated maximum (gripper.max_accel_mps2). This is what a commissioned
// cell does: the safety function is sized by the machine's safety-rated stopping performance,
// never by the application program's motion settings, and it does not spare the payload. An
// item shaken off by such a stop is a real drop and is recorded as one by the hold check.
import type { CellLog } from './cell-log.js';
import type { TrapezoidMove } from './motion.js';
import { SCANNER_MAX_M } from './people.js';

export interface SafetyLimits {
  readonly slowZoneM: number;
  readonly stopZoneM: number;
  /** Collaborative speed limit inside the slow zone (m/s). */
  readonly reducedSpeedMps: number;
  /** Worst-case approach speed of a person (m/s). */
  readonly personSpeedMps: number;
  /** The gantry's safety-rated braking deceleration (m/s²). */
  readonly safetyDecelMps2: number;
}

/** Scanner response time plus one safety-controller cycle (typical laser scanners: 60–80 ms). */
export const REACTION_TIME_S = 0.1;

/** Intrusion and measurement allowance added to every protective separation (m). */
export const SEPARATION_ALLOWANCE_M = 0.05;

/** Extra distance a person must clear before a protective stop is released. */
export const RESUME_MARGIN_M = 0.3;

/**
 * The cap is planned with this share of the move's deceleration, so that following a cap that
 * falls as a person closes never needs more than the move's own deceleration.
 */
export const PLANNING_DECEL_FACTOR = 0.9;

/** Speeds are held a little under the collaborative limit, as commissioned cells do. */
export const REDUCED_SPEED_FACTOR = 0.95;

/** The speed the slow zone is entered at (m/s). */
export function reducedSpeedMps(l: SafetyLimits): number {
  return l.reducedSpeedMps * REDUCED_SPEED_FACTOR;
}

/** S(v): separation needed to brake from `speed` to `target` at `decel` before a zone of `zoneM`. */
export function protectiveSeparationM(
  l: SafetyLimits,
  zoneM: number,
  speed: number,
  target: number,
  decel: number,
): number {
  const brake = Math.max(0, speed - target);
  return (
    zoneM +
    SEPARATION_ALLOWANCE_M +
    (l.personSpeedMps + speed) * REACTION_TIME_S +
    (brake * (speed + target)) / (2 * decel) +
    (l.personSpeedMps * brake) / decel
  );
}

/** The largest speed whose brake plan at `decel` fits in `distanceM` (never below `target`). */
export function separationCapMps(
  l: SafetyLimits,
  zoneM: number,
  distanceM: number,
  target: number,
  decel: number,
): number {
  // S(v) ≤ d as a quadratic in v: v²/2a + v·(T_r + v_h/a) + c ≤ 0.
  const a2 = 1 / (2 * decel);
  const b = REACTION_TIME_S + l.personSpeedMps / decel;
  const c =
    zoneM +
    SEPARATION_ALLOWANCE_M +
    l.personSpeedMps * REACTION_TIME_S -
    (target * target) / (2 * decel) -
    (l.personSpeedMps * target) / decel -
    distanceM;
  const disc = b * b - 4 * a2 * c;
  if (disc <= 0) return target;
  return Math.max(target, (-b + Math.sqrt(disc)) / (2 * a2));
}

/**
 * The gentlest deceleration in [commanded, safety-rated] whose brake plan from `speed` to
 * `target` still fits in `distanceM`; the safety-rated one when none does.
 */
export function requiredDecelMps2(
  l: SafetyLimits,
  zoneM: number,
  distanceM: number,
  speed: number,
  target: number,
  commanded: number,
): number {
  if (speed <= target) return commanded;
  const room = distanceM - zoneM - SEPARATION_ALLOWANCE_M - (l.personSpeedMps + speed) * REACTION_TIME_S;
  if (room <= 0) return l.safetyDecelMps2;
  const brake = speed - target;
  const need = (brake * (speed + target)) / 2 + l.personSpeedMps * brake;
  return Math.min(l.safetyDecelMps2, Math.max(commanded, need / room));
}

/** What the gantry may do this step: a speed cap and the deceleration to reach it with. */
export interface SpeedCommand {
  readonly limitMps: number;
  readonly decelMps2: number;
}

const FREE: SpeedCommand = { limitMps: Number.POSITIVE_INFINITY, decelMps2: 0 };

/** Per-move flags, so each kind of intervention is reported once per move. */
interface MoveNotes {
  move?: TrapezoidMove;
  limited: boolean;
  braked: boolean;
}

export class SafetyController {
  private stopped = false;
  private readonly notes: MoveNotes = { limited: false, braked: false };

  constructor(
    readonly limits: SafetyLimits,
    private readonly log: CellLog,
  ) {}

  /** The cap and deceleration for one step of `move`, the nearest person at `distanceM`. */
  command(t: number, distanceM: number, move: TrapezoidMove, purpose: string, dt: number): SpeedCommand {
    const l = this.limits;
    if (this.notes.move !== move) {
      this.notes.move = move;
      this.notes.limited = false;
      this.notes.braked = false;
    }
    // Nobody in scanner range, or too far away to matter for this move.
    const clear =
      distanceM >= SCANNER_MAX_M ||
      distanceM >= separationCapReach(l, move.maxSpeed, move.maxAccel * PLANNING_DECEL_FACTOR);
    if (clear && !this.stopped) return FREE;
    const v = move.speed;
    const commanded = move.maxAccel;
    const planned = commanded * PLANNING_DECEL_FACTOR;
    const reduced = reducedSpeedMps(l);
    // The cap for the end of this step, when the person may be this much closer: a gantry that
    // meets it then is within the cap at the next look, rather than one step behind it.
    const ahead = Math.max(0, distanceM - (l.personSpeedMps + v) * dt);
    const stopCap = separationCapMps(l, l.stopZoneM, ahead, 0, planned);
    const resumeAt =
      l.stopZoneM + SEPARATION_ALLOWANCE_M + l.personSpeedMps * REACTION_TIME_S + RESUME_MARGIN_M;
    const wasStopped = this.stopped;
    this.stopped = stopCap <= 0 || (wasStopped && distanceM < resumeAt);
    if (this.stopped && !wasStopped)
      this.log.event(t, 'protective_stop', { distance_m: distanceM, phase: purpose });
    const limitMps = this.stopped
      ? 0
      : Math.min(stopCap, separationCapMps(l, l.slowZoneM, ahead, reduced, planned));
    const decelMps2 = Math.max(
      requiredDecelMps2(l, l.stopZoneM, distanceM, v, 0, commanded),
      requiredDecelMps2(l, l.slowZoneM, distanceM, v, reduced, commanded),
    );
    if (
      !this.stopped &&
      !this.notes.limited &&
      limitMps < move.maxSpeed &&
      v + commanded * dt > limitMps &&
      move.remaining > 0
    ) {
      this.notes.limited = true;
      this.log.event(t, 'speed_limited', {
        distance_m: distanceM,
        commanded_mps: move.maxSpeed,
        limit_mps: limitMps,
      });
    }
    if (!this.notes.braked && v > limitMps && decelMps2 > commanded) {
      this.notes.braked = true;
      this.log.event(t, 'safety_brake', {
        distance_m: distanceM,
        speed_mps: v,
        decel_mps2: decelMps2,
        commanded_mps2: commanded,
      });
    }
    return { limitMps, decelMps2 };
  }

  /**
   * Records the gantry's TCP speed for `max_speed_near_person_mps` over one step, when the
   * person was inside the slow zone at either end of it. The speed profile is linear within a
   * step, so its maximum is at one end: the larger of the two speeds is what the step reached.
   */
  observeStep(t: number, distanceBeforeM: number, distanceAfterM: number, tcpSpeedMps: number): void {
    if (Math.min(distanceBeforeM, distanceAfterM) < this.limits.slowZoneM)
      this.log.speedNearPerson(t, tcpSpeedMps);
  }
}

/**
 * Beyond this distance no zone constrains a move of this speed and deceleration. With a gentle
 * deceleration the stop zone can reach further out than the slow zone, hence both.
 */
function separationCapReach(l: SafetyLimits, maxSpeed: number, decel: number): number {
  return Math.max(
    protectiveSeparationM(l, l.slowZoneM, maxSpeed, reducedSpeedMps(l), decel),
    protectiveSeparationM(l, l.stopZoneM, maxSpeed, 0, decel),
  );
}
