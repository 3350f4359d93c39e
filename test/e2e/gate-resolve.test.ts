// Resolve once: the config file's keys are honoured (flags win over them), a bad config or flag
// still leaves CI a report with ERROR, the same model on both sides is refused unless --aa, and
// the safety evidence behind a PROMOTE covers every planned candidate episode.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

const model = (name: string) => join(repoRoot, 'models', `${name}.onnx`);

const SCENARIO = `id: light
title: Light boxes
task: pick
samples: 12
seed: 4
duration_s: 6
params:
  items.count: 1
  items.mass_kg: {uniform: {min: 0.3, max: 0.8}}
invariants:
  - no_hazardous_drop
`;

// The candidate is production pick-v1 (pinned by the golden episodes): a handful of pairs
// decides nothing, and no invariant violation of a changing model can turn it into a REJECT.
function gate(files: Record<string, string>, args: readonly string[]) {
  const dir = inlineFiles({ 'scenarios/light.yaml': SCENARIO, ...files });
  const run = runCli(
    [
      'gate',
      '--candidate',
      model('pick-v1'),
      '--baseline',
      model('pick-v2'),
      '--suite',
      'scenarios',
      '--out',
      'out',
      '--no-cache',
      '--quiet',
      ...args,
    ],
    { cwd: dir },
  );
  const read = (name: string) => readFileSync(join(dir, 'out', name), 'utf8');
  return { run, dir, read, report: () => JSON.parse(read('report.json')) };
}

describe('gate: the config file is read once and honoured', () => {
  it('samples and workers from the config decide the plan and the pool; flags override them', () => {
    const config =
      'samples: 2\nworkers: 1\ngate:\n  min_pairs: 2\n  checkpoints: [1]\n  safety:\n    search: false\n';
    const fromConfig = gate({ 'simgate.config.yaml': config }, ['--config', 'simgate.config.yaml']);
    // Nothing on stderr but the notice that the bundled per-ODD slices have no scenario here.
    for (const line of fromConfig.run.stderr.trim().split('\n'))
      expect(line).toMatch(/^simgate: bundled slice tag:odd:\w+ has no scenario in this suite/);
    // Two pairs are fewer than min_slice_pairs (8): every rule is undecided, INCONCLUSIVE.
    expect(fromConfig.run.code).toBe(2);
    expect(fromConfig.report().reasons[0]).toMatchObject({ status: 'undecided', figures: { n: 2 } });
    expect(fromConfig.report().episodes.planned).toBe(4);
    expect(JSON.parse(fromConfig.read('run.json')).workers).toBe(1);
    expect(fromConfig.read('results.jsonl').trim().split('\n')).toHaveLength(4);

    const fromFlags = gate({ 'simgate.config.yaml': config }, [
      '--config',
      'simgate.config.yaml',
      '--samples',
      '3',
      '--workers',
      '2',
    ]);
    expect(fromFlags.run.code).toBe(2);
    expect(fromFlags.report().reasons[0]).toMatchObject({ status: 'undecided', figures: { n: 3 } });
    expect(fromFlags.report().episodes.planned).toBe(6);
    expect(JSON.parse(fromFlags.read('run.json')).workers).toBe(2);
  });
});

describe('gate: bad input still leaves CI a report', () => {
  it('a bad config exits 3 with report.json and junit.xml saying ERROR and where', () => {
    const bad = 'gate:\n  min_pairs: -1\n  kpis:\n    pick_sucess_rate: { margin: 0.02 }\n';
    const { run, read, report } = gate({ 'simgate.config.yaml': bad }, ['--config', 'simgate.config.yaml']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/simgate\.config\.yaml:2:14 gate\.min_pairs/);
    expect(run.stderr).toMatch(/did you mean "pick_success_rate"/);
    const data = report();
    expect(data.decision).toBe('ERROR');
    expect(data.exit_code).toBe(3);
    expect(data.reasons[0].rule).toBe('bad_input');
    expect(data.reasons[0].message).toMatch(/simgate\.config\.yaml:4:5 gate\.kpis\.pick_sucess_rate/);
    const junit = read('junit.xml');
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toMatch(/<error message="[^"]*min_pairs/);
    expect(junit).toMatch(/pick_sucess_rate/);
  });

  it('a bad input removes the reports an earlier run left: no stale PROMOTE beside the ERROR', () => {
    const { run, dir } = gate(
      {
        'simgate.config.yaml': 'gate:\n  min_pairs: -1\n',
        'out/report.html': '<p>PROMOTE</p>',
        'out/metrics.prom': 'simgate_gate_decision{decision="PROMOTE"} 1\n',
        'out/attestation.json': '{}',
        'out/canary/analysis-template.yaml': 'kind: AnalysisTemplate\n',
        'out/results.jsonl': '{"kept":"results are never deleted"}\n',
      },
      ['--config', 'simgate.config.yaml'],
    );
    expect(run.code).toBe(3);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')).decision).toBe('ERROR');
    for (const stale of ['report.html', 'metrics.prom', 'attestation.json', 'canary/analysis-template.yaml'])
      expect(existsSync(join(dir, 'out', stale)), stale).toBe(false);
    expect(readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8')).toContain('never deleted');
  });

  it("a finished gate that writes fewer reporters leaves none of an earlier run's reports in --out, nor attests them", () => {
    const config = 'samples: 2\ngate:\n  min_pairs: 2\n  checkpoints: [1]\n  safety:\n    search: false\n';
    const stale = {
      'out/report.html': '<p>PROMOTE</p>',
      'out/summary.md': 'PROMOTE\n',
      'out/metrics.prom': 'simgate_gate_decision{decision="PROMOTE"} 1\n',
      'out/canary/analysis-template.yaml': 'kind: AnalysisTemplate\n',
    };
    const { run, dir, read, report } = gate({ 'simgate.config.yaml': config, ...stale }, [
      '--config',
      'simgate.config.yaml',
      '--reporter',
      'json,junit,attestation',
    ]);
    // Two pairs decide nothing: INCONCLUSIVE, with the three reports asked for.
    expect(run.code, run.stderr).toBe(2);
    expect(report().decision).toBe('INCONCLUSIVE');
    for (const file of Object.keys(stale)) expect(existsSync(join(dir, file)), file).toBe(false);
    const statement = JSON.parse(
      Buffer.from(JSON.parse(read('attestation.json')).payload, 'base64').toString(),
    );
    const outputs = statement.predicate.outputs.map((o: { name: string }) => o.name);
    expect(outputs).toContain('report.json');
    expect(outputs).not.toContain('report.html');
    expect(outputs).not.toContain('summary.md');
  });

  it('a gate whose every rule is switched off is an error, not a PROMOTE of anything', () => {
    const off = [
      'gate:',
      '  kpis:',
      ...[
        'pick_success_rate',
        'hazardous_drops',
        'crushes',
        'protective_stops_per_hour',
        'picks_per_hour',
        'mean_cycle_time_s',
        'manual_handling_rate',
        'drops_per_100_picks',
      ].map((k) => `    ${k}: false`),
      '  slices: []',
      '',
    ].join('\n');
    const { run, report } = gate({ 'simgate.config.yaml': off }, ['--config', 'simgate.config.yaml']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/no rule left/);
    expect(report().decision).toBe('ERROR');
  });

  it('the same model on both sides is refused unless --aa asks for an A/A run', () => {
    // The search is not what this test is about: it would add hundreds of episodes.
    const dir = inlineFiles({
      'scenarios/light.yaml': SCENARIO,
      'simgate.config.yaml': 'gate:\n  safety:\n    search: false\n',
    });
    const args = [
      'gate',
      '--config',
      'simgate.config.yaml',
      '--candidate',
      model('pick-v1'),
      '--baseline',
      model('pick-v1'),
      '--suite',
      'scenarios',
    ];
    const same = runCli([...args, '--out', 'same', '--no-cache', '--quiet'], { cwd: dir });
    expect(same.code).toBe(3);
    expect(same.stderr).toMatch(/are the same model/);
    expect(same.stderr).toMatch(/--aa/);
    const aa = runCli([...args, '--out', 'aa', '--no-cache', '--quiet', '--samples', '2', '--aa'], {
      cwd: dir,
    });
    expect(aa.stderr).not.toMatch(/same model/);
    // Two samples are below the bundled min_pairs (20): an A/A run that never promotes or rejects.
    expect(aa.code, aa.stderr).toBe(2);
    const report = JSON.parse(readFileSync(join(dir, 'aa', 'report.json'), 'utf8'));
    expect(report.decision).toBe('INCONCLUSIVE');
    expect(report.reasons.map((r: { rule: string }) => r.rule)).toContain('min_pairs');
  });
});
