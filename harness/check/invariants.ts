// The safety invariants every candidate episode is checked against: every invariant of the task,
// with the bundled default limit where it takes one. A scenario may tighten a limit; leaving an
// invariant out needs an explicit waiver with a reason (`safety.waive` in the gate config),
// which every report prints.
import { taskRegistry } from '../../scenarios/registry.js';
import type { InvariantSpec } from '../../scenarios/types.js';
import type { Task } from '../../sim/task.js';

/** Limits of the invariants that require one, at the bundled defaults. */
export const DEFAULT_LIMITS: Readonly<Record<Task, Readonly<Record<string, number>>>> = {
  // ISO/TS 15066-style collaborative speed, a contact force that marks most goods, a drop height
  // below which a tote's contents survive.
  pick: { max_contact_force_n: 60, max_drop_height_m: 0.3, max_speed_near_person_mps: 0.25 },
  // A forecast 10 sensor units off; a sensor fault alarmed within an hour of its onset (12 readings
  // of the bundled 5-minute period).
  stream: { max_abs_error: 10, max_detection_delay_s: 3600 },
};

/** Invariants that only make sense for some stream models: the episode drops the others. */
const STREAM_DETECTOR_ONLY = new Set(['max_detection_delay_s', 'max_false_alarms_per_day']);
const STREAM_FORECASTER_ONLY = new Set(['max_abs_error', 'no_nan_forecast', 'min_interval_coverage']);

/**
 * Every invariant of the task (for a stream model, those of its kind), with `limits` over the
 * defaults, minus the waived ones. Invariants that need a limit and have none are left out only
 * by a waiver: the bundled defaults cover every required limit.
 */
export function taskInvariants(
  task: Task,
  options: {
    readonly limits?: Readonly<Record<string, number>>;
    readonly waived?: readonly string[];
    readonly streamKind?: 'forecaster' | 'detector';
  } = {},
): InvariantSpec[] {
  const limits = { ...DEFAULT_LIMITS[task], ...options.limits };
  return taskRegistry(task)
    .invariants.filter((d) => !(options.waived ?? []).includes(d.name))
    .filter((d) => {
      if (task !== 'stream' || !options.streamKind) return true;
      // A model card binds point forecasts only: no interval for min_interval_coverage to cover.
      if (options.streamKind === 'forecaster')
        return !STREAM_DETECTOR_ONLY.has(d.name) && d.name !== 'min_interval_coverage';
      return !STREAM_FORECASTER_ONLY.has(d.name);
    })
    .filter((d) => d.limit !== 'required' || limits[d.name] !== undefined || d.defaultLimit !== undefined)
    .map((d) => {
      const limit = limits[d.name] ?? d.defaultLimit;
      return d.limit === 'none' || limit === undefined ? { name: d.name } : { name: d.name, limit };
    });
}

/** A scenario's own invariants plus every task invariant it does not list (its limits win). */
export function withTaskInvariants(
  own: readonly InvariantSpec[],
  task: readonly InvariantSpec[],
): InvariantSpec[] {
  const listed = new Set(own.map((i) => i.name));
  return [...own, ...task.filter((i) => !listed.has(i.name))];
}
