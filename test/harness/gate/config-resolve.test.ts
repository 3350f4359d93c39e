// resolveGateConfig and gateConfigProblems called directly (config.test.ts goes through the file
// parser): every built-in default, every merge rule, every semantic problem with its exact path
// and message, on both sides of each check.
import { describe, expect, it } from 'vitest';
import {
  GATE_BUILTIN_DEFAULTS,
  type GateConfigInput,
  gateConfigProblems,
  parseSliceName,
  resolveGateConfig,
} from '../../../harness/gate/config.js';
import { ConfigError } from '../../../harness/gate/configError.js';

const ONE_RULE: GateConfigInput = { kpis: { pick_success_rate: { margin: 0.02 } } };

const problems = (input: GateConfigInput, task: 'pick' | 'stream' = 'pick', partial = false) =>
  gateConfigProblems(input, task, { partial }).map(
    (p) => `${p.path.join('.')}${p.key ? ' (key)' : ''}: ${p.message}`,
  );

function resolveError(input: GateConfigInput, defaults: GateConfigInput = {}): string[] {
  try {
    resolveGateConfig(input, defaults, 'cfg.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.file} ${p.path}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

/** The safety section's built-in defaults beside the invariants and the violation rate. */
const SAFETY_DEFAULTS = {
  search: { budget: 400, shrink_budget: 160, population: 8, envelope: null, corpus: 'simgate-corpus' },
  limits: {},
  waived: {},
};

describe('resolveGateConfig', () => {
  it('fills every built-in default', () => {
    expect(GATE_BUILTIN_DEFAULTS).toEqual({
      confidence: 0.95,
      power: 0.8,
      min_pairs: 20,
      min_slice_pairs: 8,
      max_pairs: 2000,
      checkpoints: [0.25, 0.5, 0.75, 1],
      bootstrap_resamples: 1000,
      floor_evidence: 'interval',
    });
    const c = resolveGateConfig(ONE_RULE);
    expect(c).toEqual({
      task: 'pick',
      confidence: 0.95,
      power: 0.8,
      min_pairs: 20,
      min_slice_pairs: 8,
      max_pairs: 2000,
      checkpoints: [0.25, 0.5, 0.75, 1],
      bootstrap_resamples: 1000,
      floor_evidence: 'interval',
      slices: [
        {
          name: 'all',
          selector: { kind: 'all' },
          kpis: [
            {
              kpi: 'pick_success_rate',
              direction: 'higher',
              margin: { kind: 'absolute', value: 0.02 },
              confidence: 0.95,
              test: 'bootstrap',
            },
          ],
          floors: [],
          origin: 'user',
        },
      ],
      safety: {
        invariants: 'all',
        max_violation_rate: null,
        ...SAFETY_DEFAULTS,
      },
      require_approval: [],
      approvals_file: null,
    });
  });

  it('takes every given field over the defaults', () => {
    const c = resolveGateConfig({
      ...ONE_RULE,
      task: 'pick',
      confidence: 0.9,
      power: 0.9,
      min_pairs: 5,
      min_slice_pairs: 3,
      max_pairs: 50,
      checkpoints: [0.5, 1],
      bootstrap_resamples: 10,
      floor_evidence: 'point',
      safety: { invariants: ['no_crush'], max_violation_rate: 0.01 },
      require_approval: ['tag:x'],
      approvals_file: 'a.yaml',
    });
    expect(c).toMatchObject({
      confidence: 0.9,
      power: 0.9,
      min_pairs: 5,
      min_slice_pairs: 3,
      max_pairs: 50,
      checkpoints: [0.5, 1],
      bootstrap_resamples: 10,
      floor_evidence: 'point',
      safety: { invariants: ['no_crush'], max_violation_rate: 0.01 },
      require_approval: ['tag:x'],
      approvals_file: 'a.yaml',
    });
    // A rule's confidence defaults to the gate's.
    expect(c.slices[0].kpis[0].confidence).toBe(0.9);
  });

  it('merges KPI rules per KPI over the defaults; false drops one; floors and safety merge by key', () => {
    const defaults: GateConfigInput = {
      task: 'pick',
      kpis: {
        pick_success_rate: { margin: 0.02, confidence: 0.99 },
        picks_per_hour: { margin: { relative: 0.05 } },
        crushes: { margin: 0.1 },
      },
      floors: { pick_success_rate: { min: 0.8 } },
      safety: { invariants: ['no_crush'], max_violation_rate: 0.05 },
    };
    const c = resolveGateConfig(
      {
        kpis: {
          pick_success_rate: { margin: 0.03 },
          crushes: false,
          mean_cycle_time_s: { test: 'bootstrap' },
        },
        floors: { picks_per_hour: { max: 5000 } },
        safety: { max_violation_rate: 0.01 },
      },
      defaults,
    );
    const rules = c.slices[0].kpis;
    expect(rules.map((r) => r.kpi)).toEqual(['pick_success_rate', 'picks_per_hour', 'mean_cycle_time_s']);
    expect(rules[0]).toMatchObject({ margin: { kind: 'absolute', value: 0.03 }, confidence: 0.99 });
    expect(rules[1]).toMatchObject({ margin: { kind: 'relative', value: 0.05 }, direction: 'higher' });
    // The catalog gives the direction; no margin means superiority (0).
    expect(rules[2]).toMatchObject({ direction: 'lower', margin: { kind: 'absolute', value: 0 } });
    expect(c.slices[0].floors).toEqual([
      { kpi: 'pick_success_rate', min: 0.8 },
      { kpi: 'picks_per_hour', max: 5000 },
    ]);
    expect(c.safety).toEqual({
      invariants: ['no_crush'],
      max_violation_rate: 0.01,
      ...SAFETY_DEFAULTS,
    });
  });

  it('margins: a number and {absolute} are absolute, {relative} relative', () => {
    const c = resolveGateConfig({
      kpis: {
        pick_success_rate: { margin: 0.02 },
        picks_per_hour: { margin: { absolute: 10 } },
        mean_cycle_time_s: { margin: { relative: 0.1 }, direction: 'higher', test: 'binary' },
      },
    });
    expect(c.slices[0].kpis.map((r) => [r.margin, r.direction, r.test])).toEqual([
      [{ kind: 'absolute', value: 0.02 }, 'higher', 'bootstrap'],
      [{ kind: 'absolute', value: 10 }, 'higher', 'bootstrap'],
      [{ kind: 'relative', value: 0.1 }, 'higher', 'binary'],
    ]);
  });

  it('slices: one selector each, named kind:value; list KPIs inherit the global rule, maps override it', () => {
    const c = resolveGateConfig({
      kpis: { pick_success_rate: { margin: 0.02, test: 'binary', confidence: 0.9, direction: 'higher' } },
      slices: [
        { tag: 'fragile', kpis: ['pick_success_rate'], floors: { crushes: { max: 0 } } },
        { requirement: 'SR-1', kpis: { pick_success_rate: { margin: 0.05 } } },
        { scenario: 'nominal', kpis: ['crushes'] },
      ],
    });
    expect(c.slices.map((s) => [s.name, s.selector])).toEqual([
      ['all', { kind: 'all' }],
      ['tag:fragile', { kind: 'tag', value: 'fragile' }],
      ['requirement:SR-1', { kind: 'requirement', value: 'SR-1' }],
      ['scenario:nominal', { kind: 'scenario', value: 'nominal' }],
    ]);
    expect(c.slices[1].kpis[0]).toEqual({
      kpi: 'pick_success_rate',
      direction: 'higher',
      margin: { kind: 'absolute', value: 0.02 },
      confidence: 0.9,
      test: 'binary',
    });
    expect(c.slices[1].floors).toEqual([{ kpi: 'crushes', max: 0 }]);
    expect(c.slices[2].kpis[0]).toMatchObject({ margin: { value: 0.05 }, test: 'binary', confidence: 0.9 });
    // A KPI with no global rule: the catalog's direction, margin 0, the gate's confidence.
    expect(c.slices[3].kpis[0]).toEqual({
      kpi: 'crushes',
      direction: 'lower',
      margin: { kind: 'absolute', value: 0 },
      confidence: 0.95,
      test: 'bootstrap',
    });
  });

  it('a gate with no rule left is an error; a floor alone or a slice rule alone is a gate', () => {
    expect(resolveError({ kpis: { pick_success_rate: false } })).toEqual([
      'cfg.yaml gate.kpis: the gate has no rule left (every KPI is switched off and no floor is set): it would promote any model',
    ]);
    expect(resolveError({})).toHaveLength(1);
    expect(() => resolveGateConfig({ floors: { pick_success_rate: { min: 0.5 } } })).not.toThrow();
    expect(() => resolveGateConfig({ slices: [{ tag: 'x', kpis: ['crushes'] }] })).not.toThrow();
    expect(() =>
      resolveGateConfig({ slices: [{ tag: 'x', floors: { crushes: { max: 1 } } }] }),
    ).not.toThrow();
    expect(resolveError({ slices: [{ tag: 'x', kpis: [] }] })).toHaveLength(1);
  });

  it('every problem is thrown at once, with the source file and dotted path', () => {
    expect(resolveError({ ...ONE_RULE, checkpoints: [0.5, 0.4], min_pairs: 10, max_pairs: 5 })).toEqual([
      'cfg.yaml gate.checkpoints.1: checkpoints must increase (0.5 then 0.4)',
      'cfg.yaml gate.checkpoints.1: the last checkpoint must be 1 (the whole plan)',
      'cfg.yaml gate.min_pairs: min_pairs 10 > max_pairs 5',
    ]);
  });
});

describe('gateConfigProblems', () => {
  it('accepts a sound config', () => {
    expect(
      problems({
        ...ONE_RULE,
        checkpoints: [0.25, 1],
        min_pairs: 5,
        max_pairs: 5,
        floors: { picks_per_hour: { min: 10, max: 10.5 } },
        slices: [{ tag: 'a', kpis: ['crushes'] }],
        safety: { invariants: ['no_crush', 'no_hazardous_drop'] },
        require_approval: ['all', 'tag:a', 'requirement:R', 'scenario:s'],
      }),
    ).toEqual([]);
  });
  it('names: unknown KPIs (a key, with the nearest name), invariants and slice names', () => {
    expect(
      problems({
        kpis: { pick_succes_rate: { margin: 0.1 }, zzz: {} },
        slices: [{ tag: 'a', kpis: ['crushs'] }],
        safety: { invariants: ['no_crsh', 'qqq'] },
        require_approval: ['fragile', 'tag:'],
      }),
    ).toEqual([
      'gate.kpis.pick_succes_rate (key): unknown pick KPI "pick_succes_rate" (did you mean "pick_success_rate"?)',
      'gate.kpis.zzz (key): unknown pick KPI "zzz"',
      'gate.slices.0.kpis.0: unknown pick KPI "crushs" (did you mean "crushes"?)',
      'gate.safety.invariants.0: unknown pick invariant "no_crsh" (did you mean "no_crush"?)',
      'gate.safety.invariants.1: unknown pick invariant "qqq"',
      'gate.require_approval.0: "fragile" is not a slice name (all, tag:X, requirement:X or scenario:X)',
      'gate.require_approval.1: "tag:" is not a slice name (all, tag:X, requirement:X or scenario:X)',
    ]);
  });
  it('orders and ranges, each on both sides of its boundary', () => {
    expect(problems({ ...ONE_RULE, checkpoints: [0.5, 0.5, 1] })).toEqual([
      'gate.checkpoints.1: checkpoints must increase (0.5 then 0.5)',
    ]);
    expect(problems({ ...ONE_RULE, checkpoints: [0.5, 0.9] })).toEqual([
      'gate.checkpoints.1: the last checkpoint must be 1 (the whole plan)',
    ]);
    expect(problems({ ...ONE_RULE, checkpoints: [] })).toEqual([]);
    expect(problems({ ...ONE_RULE, min_pairs: 6, max_pairs: 5 })).toEqual([
      'gate.min_pairs: min_pairs 6 > max_pairs 5',
    ]);
    expect(problems({ ...ONE_RULE, floors: { picks_per_hour: { min: 2, max: 1 } } })).toEqual([
      'gate.floors.picks_per_hour: min 2 > max 1: a floor needs min < max',
    ]);
    expect(
      problems({ ...ONE_RULE, slices: [{ tag: 'a', floors: { crushes: { min: 2, max: 1 } } }] }),
    ).toEqual(['gate.slices.0.floors.crushes: min 2 > max 1: a floor needs min < max']);
  });
  it('a slice names exactly one selector', () => {
    expect(problems({ ...ONE_RULE, slices: [{ kpis: ['crushes'] }] })).toEqual([
      'gate.slices.0: a slice names exactly one of tag, requirement or scenario',
    ]);
    expect(problems({ ...ONE_RULE, slices: [{ tag: 'a', scenario: 'b' }] })).toEqual([
      'gate.slices.0: a slice names exactly one of tag, requirement or scenario',
    ]);
    expect(problems({ ...ONE_RULE, slices: [{ requirement: 'R' }] })).toEqual([]);
  });
  it('stream names are checked against the stream catalog', () => {
    expect(problems({ kpis: { mae: {}, rmse: { direction: 'lower' } } }, 'stream')).toEqual([]);
    expect(problems({ kpis: { mea: {} } }, 'stream')).toEqual([
      'gate.kpis.mea (key): unknown stream KPI "mea" (did you mean "mae"?)',
    ]);
    expect(problems({ kpis: { pick_success_rate: {} } }, 'stream')).toHaveLength(1);
  });
});

describe('parseSliceName', () => {
  it('parses all and kind:value, nothing else', () => {
    expect(parseSliceName('all')).toEqual({ kind: 'all' });
    expect(parseSliceName('tag:near_person')).toEqual({ kind: 'tag', value: 'near_person' });
    expect(parseSliceName('requirement:SR-1')).toEqual({ kind: 'requirement', value: 'SR-1' });
    expect(parseSliceName('scenario:a:b')).toEqual({ kind: 'scenario', value: 'a:b' });
    for (const bad of ['All', 'tag', 'tag:', 'slice:x', ' tag:x', 'xtag:y'])
      expect(parseSliceName(bad)).toBeUndefined();
  });
});
