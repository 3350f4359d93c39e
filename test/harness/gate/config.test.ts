// The gate config: schema and semantic errors with file:line:col and field path, all at once;
// partial configs resolve over the bundled defaults; approval files.
import { describe, expect, it } from 'vitest';
import { parseApprovals } from '../../../harness/gate/approvals.js';
import { resolveGateConfig } from '../../../harness/gate/config.js';
import { ConfigError } from '../../../harness/gate/configError.js';
import { gateConfigFor, loadGateDefaults, parseConfigText } from '../../../harness/gate/configFile.js';

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, 'simgate.config.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n').filter((l) => l.startsWith('simgate.config.yaml'));
  }
  throw new Error('expected a ConfigError');
}

describe('gate config file', () => {
  it('accepts a full file with suite, seed, workers, samples and gate', () => {
    const cfg = parseConfigText(
      [
        'suite: [scenarios/**/*.yaml]',
        'seed: 7',
        'workers: auto',
        'samples: 30',
        'gate:',
        '  kpis:',
        '    pick_success_rate: { margin: 0.03 }',
        '  require_approval: [tag:near_person]',
      ].join('\n'),
      'simgate.config.yaml',
    );
    expect(cfg).toMatchObject({
      seed: 7,
      workers: 'auto',
      samples: 30,
      gate: { kpis: { pick_success_rate: { margin: 0.03 } } },
    });
  });
  it('reports every problem at once with file:line:col and the field path', () => {
    const text = [
      'seed: -1', // 1
      'workers: many', // 2
      'gate:', // 3
      '  confidence: 1.5', // 4
      '  kpis:', // 5
      '    pick_succes_rate: { margin: 0.02 }', // 6
      '    picks_per_hour: { margin: { relative: 2 } }', // 7
      '  checkpoints: [0.5, 0.25]', // 8
      '  safty: {}', // 9
    ].join('\n');
    const lines = problemsOf(text);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^simgate\.config\.yaml:1:7 seed: must be >= 0/),
        expect.stringMatching(/^simgate\.config\.yaml:2:10 workers: "many" has no allowed form/),
        expect.stringMatching(/^simgate\.config\.yaml:4:15 gate\.confidence: must be < 1/),
        expect.stringMatching(
          /^simgate\.config\.yaml:7:43 gate\.kpis\.picks_per_hour\.margin\.relative: must be < 1 \(got 2\)/,
        ),
        expect.stringMatching(
          /^simgate\.config\.yaml:9:3 gate\.safty: unknown key "safty" \(did you mean "safety"\?\)/,
        ),
      ]),
    );
    expect(lines).toHaveLength(8); // plus the unknown KPI (line 6) and two checkpoint problems (line 8)
  });
  it('checks names against the catalog and orders with positions', () => {
    const lines = problemsOf(
      [
        'gate:',
        '  kpis:',
        '    pick_succes_rate: { margin: 0.02 }',
        '  checkpoints: [0.5, 0.25]',
        '  safety: { invariants: [no_crsh] }',
      ].join('\n'),
    );
    expect(lines).toEqual([
      'simgate.config.yaml:3:5 gate.kpis.pick_succes_rate: unknown pick KPI "pick_succes_rate" (did you mean "pick_success_rate"?)',
      'simgate.config.yaml:4:22 gate.checkpoints.1: checkpoints must increase (0.5 then 0.25)',
      'simgate.config.yaml:4:22 gate.checkpoints.1: the last checkpoint must be 1 (the whole plan)',
      'simgate.config.yaml:5:26 gate.safety.invariants.0: unknown pick invariant "no_crsh" (did you mean "no_crush"?)',
    ]);
  });
  it('reports YAML syntax errors and duplicate keys with positions', () => {
    expect(problemsOf('gate:\n  power: 0.8\n  power: 0.9\n')[0]).toMatch(/^simgate\.config\.yaml:3:3 /);
  });
});

describe('resolveGateConfig', () => {
  it('resolves a partial config over the bundled pick defaults, business KPIs first', () => {
    const cfg = gateConfigFor(
      { gate: { kpis: { picks_per_hour: false, pick_success_rate: { margin: 0.05 } }, confidence: 0.9 } },
      'pick',
    );
    const all = cfg.slices[0];
    expect(all.name).toBe('all');
    expect(all.kpis.map((r) => r.kpi)).toEqual([
      'pick_success_rate',
      'hazardous_drops',
      'crushes',
      'protective_stops_per_hour',
      'mean_cycle_time_s',
      'manual_handling_rate',
    ]);
    expect(all.kpis[0]).toEqual({
      kpi: 'pick_success_rate',
      direction: 'higher',
      margin: { kind: 'absolute', value: 0.05 },
      confidence: 0.9,
      test: 'bootstrap',
    });
    expect(all.kpis.find((r) => r.kpi === 'mean_cycle_time_s')).toMatchObject({
      direction: 'lower',
      margin: { kind: 'relative', value: 0.05 },
    });
    expect(cfg).toMatchObject({
      confidence: 0.9,
      power: 0.8,
      min_pairs: 20,
      checkpoints: [0.25, 0.5, 0.75, 1],
    });
  });
  it('slices inherit the global rule of a KPI and may override it', () => {
    const cfg = resolveGateConfig({
      kpis: { crushes: { margin: 0.05 } },
      slices: [
        { tag: 'fragile', kpis: { crushes: { margin: 0.01 } } },
        { requirement: 'REQ-2', kpis: ['crushes'] },
      ],
    });
    expect(cfg.slices.map((s) => s.name)).toEqual(['all', 'tag:fragile', 'requirement:REQ-2']);
    expect(cfg.slices[1].kpis[0].margin.value).toBe(0.01);
    expect(cfg.slices[2].kpis[0].margin.value).toBe(0.05);
  });
  it('throws a ConfigError naming every bad field', () => {
    expect(() => resolveGateConfig({ kpis: { nope: {} }, min_pairs: 50, max_pairs: 10 })).toThrow(
      /gate\.kpis\.nope: unknown pick KPI[\s\S]*gate\.min_pairs: min_pairs 50 > max_pairs 10/,
    );
  });
  it('the bundled stream gate takes its KPI directions from the stream catalog', () => {
    const cfg = gateConfigFor({}, 'stream');
    expect(cfg.task).toBe('stream');
    expect(cfg.slices[0].kpis.map((r) => [r.kpi, r.direction])).toEqual([
      ['mae', 'lower'],
      ['rmse', 'lower'],
    ]);
    expect(loadGateDefaults('pick').kpis).toHaveProperty('pick_success_rate');
  });
});

describe('approval files', () => {
  it('lists the approved sha256 values and rejects malformed ones with a position', () => {
    const sha = 'a'.repeat(64);
    expect(parseApprovals(`approvals:\n  - sha256: ${sha}\n    by: jane\n`, 'approvals.yaml')).toEqual([sha]);
    expect(() => parseApprovals('approvals:\n  - sha256: xyz\n', 'approvals.yaml')).toThrow(
      /approvals\.yaml:2:5 approvals\.0\.sha256: must be a 64-digit/,
    );
  });
});
