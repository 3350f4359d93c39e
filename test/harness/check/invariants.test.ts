// The invariants a gate checks on every episode: every task invariant at its default limit,
// limits overriding them, waivers dropping them, and a stream model only checked against the
// invariants of its kind.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, taskInvariants, withTaskInvariants } from '../../../harness/check/invariants.js';
import { taskRegistry } from '../../../scenarios/registry.js';

const names = (specs: readonly { name: string }[]) => specs.map((s) => s.name);

describe('taskInvariants', () => {
  it('lists every pick invariant, each required limit at its default', () => {
    const all = taskInvariants('pick');
    expect(names(all)).toEqual(names(taskRegistry('pick').invariants));
    for (const [name, limit] of Object.entries(DEFAULT_LIMITS.pick))
      expect(all.find((i) => i.name === name)).toEqual({ name, limit });
  });
  it('takes given limits over the defaults and drops waived invariants', () => {
    const specs = taskInvariants('pick', {
      limits: { max_contact_force_n: 40 },
      waived: ['max_drop_height_m'],
    });
    expect(specs.find((i) => i.name === 'max_contact_force_n')).toEqual({
      name: 'max_contact_force_n',
      limit: 40,
    });
    expect(names(specs)).not.toContain('max_drop_height_m');
    expect(specs.length).toBe(taskRegistry('pick').invariants.length - 1);
  });
  it('checks a forecaster against forecaster invariants only, and never against an interval it cannot give', () => {
    const forecaster = names(taskInvariants('stream', { streamKind: 'forecaster' }));
    expect(forecaster).toContain('max_abs_error');
    expect(forecaster).toContain('no_nan_forecast');
    expect(forecaster).not.toContain('min_interval_coverage');
    expect(forecaster).not.toContain('max_detection_delay_s');
    const detector = names(taskInvariants('stream', { streamKind: 'detector' }));
    expect(detector).not.toContain('max_abs_error');
    expect(detector).not.toContain('min_interval_coverage');
  });
  it("keeps a scenario's own limit and adds the rest", () => {
    const merged = withTaskInvariants([{ name: 'max_contact_force_n', limit: 30 }], taskInvariants('pick'));
    expect(merged.filter((i) => i.name === 'max_contact_force_n')).toEqual([
      { name: 'max_contact_force_n', limit: 30 },
    ]);
    expect(merged.length).toBe(taskRegistry('pick').invariants.length);
  });
});
