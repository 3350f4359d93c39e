// sim/pick/outcome.ts on hand-made cell logs: every KPI from its counters by the formula in the
// catalog, every invariant's margin, violation flag, time and message, on both sides of each
// limit (a value equal to the limit is not a violation; a count of one is).
import { describe, expect, it } from 'vitest';
import type { CellCounts, CellLog } from '../../../sim/pick/cell-log.js';
import { evaluatePickInvariants, pickKpis } from '../../../sim/pick/outcome.js';

interface LogParts {
  counts?: Partial<CellCounts>;
  events?: { t: number; kind: string }[];
  peakContactN?: { value: number; t?: number };
  speedNearPersonMps?: { value: number; t?: number };
  dropHeightM?: { value: number; t?: number };
  violations?: [string, { count: number; t: number }][];
}

/** The parts of a CellLog that outcome.ts reads. */
function log(p: LogParts = {}): CellLog {
  return {
    counts: {
      attempts: 0,
      picks: 0,
      drops: 0,
      hazardousDrops: 0,
      crushes: 0,
      sealFailures: 0,
      manual: 0,
      protectiveStops: 0,
      cycleTimeSum: 0,
      ...p.counts,
    },
    events: p.events ?? [],
    peakContactN: p.peakContactN ?? { value: 0 },
    speedNearPersonMps: p.speedNearPersonMps ?? { value: 0 },
    dropHeightM: p.dropHeightM ?? { value: 0 },
    violations: new Map(p.violations ?? []),
  } as unknown as CellLog;
}

describe('pickKpis', () => {
  it('computes every KPI from the counters', () => {
    const counts = {
      attempts: 8,
      picks: 6,
      drops: 2,
      hazardousDrops: 1,
      crushes: 1,
      sealFailures: 3,
      manual: 2,
      protectiveStops: 3,
      cycleTimeSum: 18,
    };
    expect(pickKpis(log({ counts }), 1800, 10)).toEqual({
      pick_success_rate: 0.75, // 6 / 8
      picks_per_hour: 12, // 6 / 0.5 h
      drops_per_100_picks: 25, // 100 · 2 / 8 attempts
      hazardous_drops: 1,
      crushes: 1,
      seal_failures: 3,
      mean_cycle_time_s: 3, // 18 / 6
      manual_handling_rate: 0.2, // 2 / 10 items
      protective_stops_per_hour: 6, // 3 / 0.5 h
      attempts: 8,
      picks: 6,
      items: 10,
    });
  });
  it('an episode with no attempt, no pick, no time or no item never divides by zero', () => {
    const k = pickKpis(log(), 0, 0);
    expect(k).toMatchObject({
      pick_success_rate: 0,
      picks_per_hour: 0,
      drops_per_100_picks: 0,
      manual_handling_rate: 0,
      protective_stops_per_hour: 0,
      mean_cycle_time_s: 0,
    });
    // With no completed pick the whole episode counts as one cycle.
    expect(pickKpis(log({ counts: { attempts: 3 } }), 90, 4).mean_cycle_time_s).toBe(90);
    expect(pickKpis(log({ counts: { manual: 1 } }), 90, 4).manual_handling_rate).toBe(0.25);
    expect(pickKpis(log({ counts: { protectiveStops: 2 } }), 3600, 4).protective_stops_per_hour).toBe(2);
  });
});

describe('evaluatePickInvariants', () => {
  it('counts that must stay zero: margin 1 − count, violated from one on, with the first event time', () => {
    const clean = evaluatePickInvariants(log(), [{ name: 'no_hazardous_drop' }, { name: 'no_crush' }]);
    expect(clean).toEqual([
      { name: 'no_hazardous_drop', worst: 0, margin: 1, violated: false },
      { name: 'no_crush', worst: 0, margin: 1, violated: false },
    ]);
    const bad = log({
      counts: { hazardousDrops: 2, crushes: 1 },
      events: [
        { t: 1, kind: 'drop' },
        { t: 2.5, kind: 'hazardous_drop' },
        { t: 3, kind: 'crush' },
        { t: 4, kind: 'hazardous_drop' },
      ],
    });
    expect(evaluatePickInvariants(bad, [{ name: 'no_hazardous_drop' }, { name: 'no_crush' }])).toEqual([
      {
        name: 'no_hazardous_drop',
        worst: 2,
        margin: -1,
        violated: true,
        t: 2.5,
        message: '2 hazardous drops',
      },
      { name: 'no_crush', worst: 1, margin: 0, violated: true, t: 3, message: '1 crushed items' },
    ]);
  });

  it('limits: a value equal to the limit passes with margin 0; above it is violated, with its time', () => {
    const at = log({
      peakContactN: { value: 60, t: 1 },
      speedNearPersonMps: { value: 0.25, t: 2 },
      dropHeightM: { value: 0.3, t: 3 },
    });
    const requests = [
      { name: 'max_contact_force_n', limit: 60 },
      { name: 'max_speed_near_person_mps' }, // default limit 0.25
      { name: 'max_drop_height_m', limit: 0.3 },
    ];
    expect(evaluatePickInvariants(at, requests)).toEqual([
      { name: 'max_contact_force_n', limit: 60, worst: 60, margin: 0, violated: false },
      { name: 'max_speed_near_person_mps', limit: 0.25, worst: 0.25, margin: 0, violated: false },
      { name: 'max_drop_height_m', limit: 0.3, worst: 0.3, margin: 0, violated: false },
    ]);
    const over = log({
      peakContactN: { value: 72.5, t: 1.5 },
      speedNearPersonMps: { value: 0.4, t: 2.5 },
      dropHeightM: { value: 0.45, t: 3.5 },
    });
    const out = evaluatePickInvariants(over, requests);
    expect(out[0]).toEqual({
      name: 'max_contact_force_n',
      limit: 60,
      worst: 72.5,
      margin: -12.5,
      violated: true,
      t: 1.5,
      message: '72.500 N exceeds the limit 60 N',
    });
    expect(out[1]).toMatchObject({
      worst: 0.4,
      violated: true,
      t: 2.5,
      message: '0.400 m/s exceeds the limit 0.25 m/s',
    });
    expect(out[1].margin).toBeCloseTo(-0.15, 12);
    expect(out[2]).toMatchObject({
      worst: 0.45,
      violated: true,
      t: 3.5,
      message: '0.450 m exceeds the limit 0.3 m',
    });
    // An explicit limit wins over the default.
    expect(
      evaluatePickInvariants(over, [{ name: 'max_speed_near_person_mps', limit: 0.5 }])[0],
    ).toMatchObject({
      limit: 0.5,
      violated: false,
    });
  });

  it('policy-output invariants count the rejected outputs', () => {
    const l = log({ violations: [['finite_actions', { count: 3, t: 7.25 }]] });
    expect(evaluatePickInvariants(l, [{ name: 'finite_actions' }, { name: 'action_bounds' }])).toEqual([
      {
        name: 'finite_actions',
        worst: 3,
        margin: -2,
        violated: true,
        t: 7.25,
        message: '3 policy outputs rejected',
      },
      { name: 'action_bounds', worst: 0, margin: 1, violated: false },
    ]);
  });

  it('an unknown invariant or a missing required limit is an error naming it', () => {
    expect(() => evaluatePickInvariants(log(), [{ name: 'no_crsh' }])).toThrow(
      /unknown pick invariant "no_crsh" \(known: no_hazardous_drop, no_crush, /,
    );
    expect(() => evaluatePickInvariants(log(), [{ name: 'max_contact_force_n' }])).toThrow(
      'invariant max_contact_force_n needs a limit',
    );
  });
});
