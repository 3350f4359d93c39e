// Speed-and-separation monitoring: the separation arithmetic, and a property over seeds and
// extreme in-bounds policy actions in the real engine. The property checks every step on its
// own (gantry displacement per step against the walkway schedule), independently of how the
// cell measures itself, and also that the cell's own invariant agrees.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePickAction } from '../../../policies/reference/pick.js';
import { resolveParams } from '../../../sim/params.js';
import { PickCell } from '../../../sim/pick/cell.js';
import { evaluatePickInvariants } from '../../../sim/pick/outcome.js';
import { PICK_PARAMS } from '../../../sim/pick/params.js';
import { nearestPersonM } from '../../../sim/pick/people.js';
import {
  protectiveSeparationM,
  requiredDecelMps2,
  type SafetyLimits,
  separationCapMps,
} from '../../../sim/pick/safety.js';
import { loadRapier, type Rapier } from '../../../sim/physics.js';

let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier();
});

const LIMITS: SafetyLimits = {
  slowZoneM: 2,
  stopZoneM: 0.8,
  reducedSpeedMps: 0.25,
  personSpeedMps: 1.6,
  safetyDecelMps2: 12,
};

describe('protective separation', () => {
  it('the speed cap is the inverse of the protective separation', () => {
    for (const [zone, target] of [
      [LIMITS.slowZoneM, 0.2375],
      [LIMITS.stopZoneM, 0],
    ]) {
      for (const decel of [0.1, 2, 12]) {
        for (const v of [0.3, 0.9, 1.5, 3]) {
          const d = protectiveSeparationM(LIMITS, zone, v, target, decel);
          expect(separationCapMps(LIMITS, zone, d, target, decel)).toBeCloseTo(v, 9);
          expect(separationCapMps(LIMITS, zone, d - 0.01, target, decel)).toBeLessThan(v);
        }
      }
    }
  });

  it('a gentler deceleration needs more room; the controller never brakes outside [commanded, rated]', () => {
    const gentle = protectiveSeparationM(LIMITS, 2, 1.5, 0.2375, 0.2);
    const hard = protectiveSeparationM(LIMITS, 2, 1.5, 0.2375, 12);
    expect(gentle).toBeGreaterThan(hard + 5);
    // Room for the commanded plan: the commanded deceleration.
    expect(requiredDecelMps2(LIMITS, 2, gentle + 0.1, 1.5, 0.2375, 0.2)).toBe(0.2);
    // Less room: something in between, which exactly fits.
    const between = requiredDecelMps2(LIMITS, 2, (gentle + hard) / 2, 1.5, 0.2375, 0.2);
    expect(between).toBeGreaterThan(0.2);
    expect(between).toBeLessThan(12);
    expect(protectiveSeparationM(LIMITS, 2, 1.5, 0.2375, between)).toBeCloseTo((gentle + hard) / 2, 9);
    // No room at all: the safety-rated deceleration.
    expect(requiredDecelMps2(LIMITS, 2, 1.9, 1.5, 0.2375, 0.2)).toBe(12);
  });
});

interface StepCheck {
  /** Steps with a person inside the slow / stop zone at either end. */
  slowSteps: number;
  stopSteps: number;
  /** Fastest average TCP speed over a step with a person inside the slow zone. */
  maxSlowSpeed: number;
  /** Largest gantry displacement over a step with a person inside the stop zone. */
  maxStopMove: number;
}

/** Runs one episode step by step with a fixed action, checking every step. */
function runChecked(params: ReturnType<typeof resolveParams>, seed: string, fields: object) {
  const cell = new PickCell(rapier, params, seed);
  const people = {
    ratePerH: params['people.rate_per_h'] as number,
    firstS: params['people.first_s'] as number,
    speedMps: params['people.speed_mps'] as number,
  };
  const slowZone = params['safety.slow_zone_m'] as number;
  const stopZone = params['safety.stop_zone_m'] as number;
  const check: StepCheck = { slowSteps: 0, stopSteps: 0, maxSlowSpeed: 0, maxStopMove: 0 };
  let pose = cell.gantry.pose;
  let steps = cell.steps;
  for (;;) {
    const status = cell.advance(1);
    if (cell.steps > steps) {
      const next = cell.gantry.pose;
      const moved = Math.hypot(next.x - pose.x, next.y - pose.y, next.z - pose.z);
      const d = Math.min(
        nearestPersonM(people, (cell.steps - 1) * cell.dt, pose.x, pose.y),
        nearestPersonM(people, cell.t, next.x, next.y),
      );
      if (d < slowZone) {
        check.slowSteps++;
        check.maxSlowSpeed = Math.max(check.maxSlowSpeed, moved / cell.dt);
      }
      if (d < stopZone) {
        check.stopSteps++;
        check.maxStopMove = Math.max(check.maxStopMove, moved);
      }
      pose = next;
      steps = cell.steps;
    }
    if (status === 'done') break;
    if (status === 'awaiting') {
      const action = { ...referencePickAction(cell.observation()), ...fields };
      cell.apply({ ok: true, action });
    }
  }
  const [speed] = evaluatePickInvariants(cell.log, [{ name: 'max_speed_near_person_mps' }]);
  const events = cell.log.events;
  cell.scene.world.free();
  return { check, speed, events };
}

describe('speed near people holds for any in-bounds action', () => {
  it('max_speed_near_person_mps is never violated and the gantry is at rest inside the stop zone', () => {
    const extremes = fc.record({
      seed: fc.integer({ min: 0, max: 100_000 }),
      // pick-v2's card bounds and the cell's own clamps: fastest transfer, gentlest and hardest accel.
      speed: fc.constantFrom(3, 1.5),
      accel: fc.constantFrom(0.1, 0.2, 40),
      approach: fc.constantFrom(0.01, 1),
      personSpeed: fc.double({ min: 0.5, max: 2, noNaN: true }),
      firstS: fc.double({ min: 0.5, max: 4, noNaN: true }),
    });
    let protectiveStops = 0;
    fc.assert(
      fc.property(extremes, (x) => {
        const params = resolveParams(PICK_PARAMS, {
          'items.count': 5,
          'cell.duration_s': 16,
          'people.rate_per_h': 240,
          'people.speed_mps': x.personSpeed,
          'people.first_s': x.firstS,
        });
        const { check, speed, events } = runChecked(params, String(x.seed), {
          'transfer.speed_mps': x.speed,
          'transfer.accel_mps2': x.accel,
          'approach.speed_mps': x.approach,
          confidence: 1,
        });
        protectiveStops += events.filter((e) => e.kind === 'protective_stop').length;
        expect(check.slowSteps).toBeGreaterThan(0);
        expect(check.maxSlowSpeed).toBeLessThanOrEqual(0.25);
        expect(check.maxStopMove).toBe(0);
        expect(speed.violated).toBe(false);
        // The cell's measurement is the step's peak, never below the independent average.
        expect(speed.worst).toBeGreaterThanOrEqual(check.maxSlowSpeed - 1e-9);
      }),
      { seed: 20_250_611, numRuns: 6 },
    );
    expect(protectiveStops).toBeGreaterThan(0);
  }, 120_000);
});
