// The corpus of bad and hostile gate configs and flags, grouped by class. A config case is the
// text of bad.yaml, run as `simgate gate --candidate pick-v2 --baseline pick-v1 --config bad.yaml
// --out OUT`; a flag case is a whole command line. `expect` is the located line the error must
// hold: `bad.yaml:LINE:COL field.path: message` for configs, the flag's name for flags. Used by
// the in-process test (every case) and the CLI test (the `cli` ones).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type CliRun, repoRoot } from '../../helpers/cli.js';

export const CLASSES = [
  'YAML syntax and bombs',
  'non-finite numbers',
  'ranges',
  'names and typos',
  'structure',
  'flags',
  'plan size',
  'hostile strings',
] as const;
export type CaseClass = (typeof CLASSES)[number];

export interface BadCase {
  readonly class: CaseClass;
  readonly name: string;
  /** The text of bad.yaml (a config case). */
  readonly config?: string;
  /** The command line after `simgate` (a flag case); `{OUT}` is replaced by the output folder. */
  readonly args?: readonly string[];
  /** A line the error must hold. */
  readonly expect: RegExp;
  /** Also run through the real CLI. */
  readonly cli?: boolean;
}

const ESC = '\u001b';
export const CANDIDATE = join(repoRoot, 'models', 'pick-v2.onnx');
export const BASELINE = join(repoRoot, 'models', 'pick-v1.onnx');
const LIBRARY = join(repoRoot, 'scenarios', 'library', 'pick');

/** The gate command of a config case (also the base of the gate flag cases). */
export const GATE = ['gate', '--candidate', CANDIDATE, '--baseline', BASELINE, '--no-cache', '--quiet'];
const gateWith = (...flags: string[]) => [...GATE, ...flags, '--out', '{OUT}'];
const runWith = (...flags: string[]) => [
  'run',
  '--policy',
  'reference',
  '--suite',
  LIBRARY,
  '--quiet',
  '--no-cache',
  ...flags,
  '--out',
  '{OUT}',
];
const episodeWith = (...flags: string[]) => ['episode', '--quiet', ...flags];

const ALL_KPIS_OFF = [
  'pick_success_rate',
  'hazardous_drops',
  'crushes',
  'protective_stops_per_hour',
  'picks_per_hour',
  'mean_cycle_time_s',
  'manual_handling_rate',
].map((k) => `    ${k}: false`);

const laughs = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...'bcdefgh'.split('').map((x, i) => {
    const prev = 'abcdefg'[i];
    return `${x}: &${x} [${Array(9).fill(`*${prev}`).join(', ')}]`;
  }),
  'gate: { min_pairs: 1 }',
].join('\n');

export const CASES: readonly BadCase[] = [
  // YAML syntax and bombs
  {
    class: 'YAML syntax and bombs',
    name: 'unclosed flow list',
    config: 'gate:\n  kpis: [unclosed\n',
    expect: /bad\.yaml:3:1 \(root\): YAML syntax error: Flow sequence/,
  },
  {
    class: 'YAML syntax and bombs',
    name: 'duplicate key',
    config: 'seed: 1\nsamples: 4\nseed: 2\n',
    expect: /bad\.yaml:3:1 \(root\): duplicate key "seed"/,
    cli: true,
  },
  {
    class: 'YAML syntax and bombs',
    name: 'billion laughs',
    config: `${laughs}\n`,
    expect: /bad\.yaml:2:8 \(root\): aliases expand the file past 10000 nodes \(an alias bomb\)/,
    cli: true,
  },
  {
    class: 'YAML syntax and bombs',
    name: 'more than 100 aliases',
    config: `x: &x 1\ngate:\n  require_approval: [${Array(101).fill('*x').join(', ')}]\n`,
    expect: /bad\.yaml:3:422 \(root\): more than 100 aliases \(101\)/,
  },
  {
    class: 'YAML syntax and bombs',
    name: 'recursive alias',
    config: 'seed: &a [*a]\n',
    expect: /bad\.yaml:1:11 \(root\): alias \*a is inside the node it names/,
  },
  {
    class: 'YAML syntax and bombs',
    name: 'alias without an anchor',
    config: 'seed: *nope\n',
    expect: /bad\.yaml:1:7 \(root\): alias \*nope has no anchor &nope before it/,
  },
  {
    class: 'YAML syntax and bombs',
    name: 'ten thousand nested lists',
    config: `gate: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    expect: /bad\.yaml:1:38 \(root\): collections nested more than 32 deep/,
    cli: true,
  },
  {
    class: 'YAML syntax and bombs',
    name: 'a file past the size limit',
    config: `# ${'x'.repeat(300_000)}\nseed: 1\n`,
    expect: /bad\.yaml:1:1 \(root\): the file is 300011 bytes; a config file may be at most 262144 bytes/,
  },
  {
    class: 'YAML syntax and bombs',
    name: 'a second document',
    config: 'seed: 1\n---\nseed: 2\n',
    expect: /bad\.yaml:2:1 \(root\): a config file holds one YAML document/,
  },
  {
    class: 'YAML syntax and bombs',
    name: 'a language tag',
    config: 'seed: !!js/function "() => 1"\n',
    expect: /bad\.yaml:1:7 \(root\): YAML tag not allowed in a config file/,
  },
  {
    class: 'YAML syntax and bombs',
    name: 'a list as a key',
    config: '? [a, b]\n: 1\n',
    expect: /bad\.yaml:1:3 \(root\): a mapping key must be a plain name/,
  },

  // non-finite numbers
  {
    class: 'non-finite numbers',
    name: '.inf margin',
    config: 'gate:\n  kpis:\n    pick_success_rate: { margin: .inf }\n',
    expect: /bad\.yaml:3:34 gate\.kpis\.pick_success_rate\.margin: \.inf is not a finite number/,
    cli: true,
  },
  {
    class: 'non-finite numbers',
    name: 'samples 1e400',
    config: 'samples: 1e400\n',
    expect: /bad\.yaml:1:10 samples: 1e400 is not a finite number/,
    cli: true,
  },
  {
    class: 'non-finite numbers',
    name: 'seed 1e400',
    config: 'seed: 1e400\n',
    expect: /bad\.yaml:1:7 seed: 1e400 is not a finite number/,
  },
  {
    class: 'non-finite numbers',
    name: 'confidence .nan',
    config: 'gate:\n  confidence: .nan\n',
    expect: /bad\.yaml:2:15 gate\.confidence: \.nan is not a number/,
    cli: true,
  },
  {
    class: 'non-finite numbers',
    name: 'floor min -.inf',
    config: 'gate:\n  floors:\n    pick_success_rate: { min: -.inf }\n',
    expect: /bad\.yaml:3:31 gate\.floors\.pick_success_rate\.min: -\.inf is not a finite number/,
  },
  {
    class: 'non-finite numbers',
    name: '.NaN among the checkpoints',
    config: 'gate:\n  checkpoints: [0.5, .NaN, 1]\n',
    expect: /bad\.yaml:2:22 gate\.checkpoints\.1: \.NaN is not a number/,
  },
  {
    class: 'non-finite numbers',
    name: 'relative margin .Inf',
    config: 'gate:\n  kpis:\n    picks_per_hour: { margin: { relative: .Inf } }\n',
    expect: /bad\.yaml:3:43 gate\.kpis\.picks_per_hour\.margin\.relative: \.Inf is not a finite number/,
  },
  {
    class: 'non-finite numbers',
    name: 'max_violation_rate .nan and power -1e999 together',
    config: 'gate:\n  power: -1e999\n  safety: { max_violation_rate: .nan }\n',
    expect:
      /bad\.yaml:2:10 gate\.power: -1e999 is not a finite number\n.*bad\.yaml:3:33 gate\.safety\.max_violation_rate: \.nan is not a number/,
  },
  {
    class: 'non-finite numbers',
    name: 'workers .inf',
    config: 'workers: .inf\n',
    expect: /bad\.yaml:1:10 workers: \.inf is not a finite number/,
  },

  // ranges
  {
    class: 'ranges',
    name: 'confidence 1',
    config: 'gate:\n  confidence: 1\n',
    expect: /bad\.yaml:2:15 gate\.confidence: must be < 1 \(got 1\)/,
  },
  {
    class: 'ranges',
    name: 'seed 2^32',
    config: 'seed: 4294967296\n',
    expect: /bad\.yaml:1:7 seed: must be <= 4294967295 \(got 4294967296\)/,
    cli: true,
  },
  {
    class: 'ranges',
    name: 'samples above the limit',
    config: 'samples: 100001\n',
    expect: /bad\.yaml:1:10 samples: must be <= 100000 \(got 100001\)/,
  },
  {
    class: 'ranges',
    name: 'workers 0',
    config: 'workers: 0\n',
    expect: /bad\.yaml:1:10 workers: must be >= 1 \(got 0\)/,
  },
  {
    class: 'ranges',
    name: 'min_pairs not whole, max_pairs above the limit',
    config: 'gate:\n  min_pairs: 2.5\n  max_pairs: 2000000\n',
    expect:
      /bad\.yaml:2:14 gate\.min_pairs: must be an integer \(got 2\.5\)\n(.*\n)*bad\.yaml:3:14 gate\.max_pairs: must be <= 1000000/,
  },
  {
    class: 'ranges',
    name: 'min_pairs above max_pairs',
    config: 'gate:\n  min_pairs: 50\n  max_pairs: 10\n',
    expect: /bad\.yaml:2:14 gate\.min_pairs: min_pairs 50 > max_pairs 10/,
  },
  {
    class: 'ranges',
    name: 'checkpoints not ending at 1',
    config: 'gate:\n  checkpoints: [0.25, 0.5]\n',
    expect: /bad\.yaml:2:23 gate\.checkpoints\.1: the last checkpoint must be 1/,
  },
  {
    class: 'ranges',
    name: 'a checkpoint at 0',
    config: 'gate:\n  checkpoints: [0, 1]\n',
    expect: /bad\.yaml:2:17 gate\.checkpoints\.0: must be > 0 \(got 0\)/,
  },
  {
    class: 'ranges',
    name: 'relative margin of 100%',
    config: 'gate:\n  kpis:\n    picks_per_hour: { margin: { relative: 1 } }\n',
    expect: /bad\.yaml:3:43 gate\.kpis\.picks_per_hour\.margin\.relative: must be < 1 \(got 1\)/,
  },
  {
    class: 'ranges',
    name: 'absolute margin of 1 on a fraction KPI (would promote anything)',
    config: 'gate:\n  kpis:\n    pick_success_rate: { margin: 1 }\n',
    expect:
      /bad\.yaml:3:34 gate\.kpis\.pick_success_rate\.margin: an absolute margin of 1 on a fraction lets any candidate pass/,
    cli: true,
  },
  {
    class: 'ranges',
    name: 'negative margin',
    config: 'gate:\n  kpis:\n    crushes: { margin: -0.1 }\n',
    expect: /bad\.yaml:3:24 gate\.kpis\.crushes\.margin: must be >= 0 \(got -0\.1\)/,
  },
  {
    class: 'ranges',
    name: 'floor with min equal to max',
    config: 'gate:\n  floors:\n    picks_per_hour: { min: 900, max: 900 }\n',
    expect: /bad\.yaml:3:21 gate\.floors\.picks_per_hour: min 900 = max 900: a floor needs min < max/,
  },
  {
    class: 'ranges',
    name: 'fraction floor above 1',
    config: 'gate:\n  floors:\n    manual_handling_rate: { max: 1.5 }\n',
    expect: /bad\.yaml:3:34 gate\.floors\.manual_handling_rate\.max: max 1\.5 is outside \[0, 1\]/,
  },
  {
    class: 'ranges',
    name: 'max_violation_rate 1',
    config: 'gate:\n  safety: { max_violation_rate: 1 }\n',
    expect: /bad\.yaml:2:33 gate\.safety\.max_violation_rate: must be < 1 \(got 1\)/,
  },
  {
    class: 'ranges',
    name: 'bootstrap_resamples 10',
    config: 'gate:\n  bootstrap_resamples: 10\n',
    expect: /bad\.yaml:2:24 gate\.bootstrap_resamples: must be >= 100 \(got 10\)/,
  },

  // names and typos
  {
    class: 'names and typos',
    name: 'top-level sed',
    config: 'sed: 1\n',
    expect: /bad\.yaml:1:1 sed: unknown key "sed" \(did you mean "seed"\?\)/,
    cli: true,
  },
  {
    class: 'names and typos',
    name: 'gate key confidance',
    config: 'gate:\n  confidance: 0.9\n',
    expect: /bad\.yaml:2:3 gate\.confidance: unknown key "confidance" \(did you mean "confidence"\?\)/,
  },
  {
    class: 'names and typos',
    name: 'KPI pick_sucess_rate',
    config: 'gate:\n  kpis:\n    pick_sucess_rate: { margin: 0.02 }\n',
    expect:
      /bad\.yaml:3:5 gate\.kpis\.pick_sucess_rate: unknown pick KPI "pick_sucess_rate" \(did you mean "pick_success_rate"\?\)/,
    cli: true,
  },
  {
    class: 'names and typos',
    name: 'invariant no_crsh',
    config: 'gate:\n  safety: { invariants: [no_crsh] }\n',
    expect:
      /bad\.yaml:2:26 gate\.safety\.invariants\.0: unknown pick invariant "no_crsh" \(did you mean "no_crush"\?\)/,
  },
  {
    class: 'names and typos',
    name: 'floor_evidence intervl',
    config: 'gate:\n  floor_evidence: intervl\n',
    expect:
      /bad\.yaml:2:19 gate\.floor_evidence: must be one of "interval", "point" \(got "intervl"\) \(did you mean "interval"\?\)/,
  },
  {
    class: 'names and typos',
    name: 'direction hgher',
    config: 'gate:\n  kpis:\n    crushes: { direction: hgher }\n',
    expect:
      /bad\.yaml:3:27 gate\.kpis\.crushes\.direction: must be one of "higher", "lower" \(got "hgher"\) \(did you mean "higher"\?\)/,
  },
  {
    class: 'names and typos',
    name: 'require_approval tags:x',
    config: 'gate:\n  require_approval: ["tags:near_person"]\n',
    expect: /bad\.yaml:2:22 gate\.require_approval\.0: "tags:near_person" is not a slice name/,
  },
  {
    class: 'names and typos',
    name: 'floor on an unknown KPI in a slice',
    config: 'gate:\n  slices:\n    - tag: fragile\n      floors: { crush: { max: 0.1 } }\n',
    expect:
      /bad\.yaml:4:17 gate\.slices\.0\.floors\.crush: unknown pick KPI "crush" \(did you mean "crushes"\?\)/,
  },

  // structure
  {
    class: 'structure',
    name: 'a list at the top',
    config: '- seed: 1\n',
    expect: /bad\.yaml:1:1 \(root\): must be a mapping/,
  },
  {
    class: 'structure',
    name: 'gate is a word',
    config: 'gate: strict\n',
    expect: /bad\.yaml:1:7 gate: must be a mapping \(got "strict"\)/,
  },
  {
    class: 'structure',
    name: 'a slice naming a tag and a scenario',
    config: 'gate:\n  slices:\n    - { tag: fragile, scenario: nominal, kpis: [crushes] }\n',
    expect: /bad\.yaml:3:7 gate\.slices\.0: a slice names exactly one of tag, requirement or scenario/,
  },
  {
    class: 'structure',
    name: 'an empty floor',
    config: 'gate:\n  floors:\n    crushes: {}\n',
    expect: /bad\.yaml:3:14 gate\.floors\.crushes: is empty/,
  },
  {
    class: 'structure',
    name: 'a margin both absolute and relative',
    config: 'gate:\n  kpis:\n    crushes: { margin: { absolute: 0.1, relative: 0.1 } }\n',
    expect:
      /bad\.yaml:3:24 gate\.kpis\.crushes\.margin: \{"absolute":0\.1,"relative":0\.1\} has no allowed form/,
  },
  {
    class: 'structure',
    name: 'every rule switched off (would promote anything)',
    // The bundled pick gate's per-ODD slices carry rules of their own: they go too.
    config: ['gate:', '  kpis:', ...ALL_KPIS_OFF, '  slices: []', ''].join('\n'),
    expect: /bad\.yaml:3:5 gate\.kpis: the gate has no rule left/,
    cli: true,
  },
  {
    class: 'structure',
    name: 'a number written as text',
    config: 'gate:\n  confidence: "0.95"\n',
    expect: /bad\.yaml:2:15 gate\.confidence: must be a number \(got "0\.95"\)/,
  },

  // flags
  {
    class: 'flags',
    name: 'gate --seed 1e3',
    args: gateWith('--seed', '1e3'),
    expect: /--seed must be an integer ≥ 0 \(got "1e3"\): exponent notation is not accepted/,
    cli: true,
  },
  {
    class: 'flags',
    name: 'gate --samples 0x10',
    args: gateWith('--samples', '0x10'),
    expect: /--samples must be an integer ≥ 1 \(got "0x10"\): hexadecimal/,
  },
  {
    class: 'flags',
    name: 'gate --workers " 2"',
    args: gateWith('--workers', ' 2'),
    expect: /--workers must be a positive integer or "auto" \(got " 2"\): spaces around the number/,
  },
  {
    class: 'flags',
    name: 'gate --shard 3/2',
    args: gateWith('--shard', '3/2'),
    expect: /--shard expects I\/N, e\.g\. 2\/4 \(got "3\/2"\): the index I is 3/,
    cli: true,
  },
  {
    class: 'flags',
    name: 'gate --seed Infinity',
    args: gateWith('--seed', 'Infinity'),
    expect: /--seed must be an integer ≥ 0 \(got "Infinity"\): not a number/,
  },
  {
    class: 'flags',
    name: 'run --batch-size 1e2',
    args: runWith('--batch-size', '1e2'),
    expect: /--batch-size must be an integer ≥ 1 \(got "1e2"\): exponent notation/,
  },
  {
    class: 'flags',
    name: 'run --max-steps 1.5',
    args: runWith('--max-steps', '1.5'),
    expect: /--max-steps must be an integer ≥ 1 \(got "1\.5"\): not a whole number/,
  },
  {
    class: 'flags',
    name: 'episode --sample -1',
    args: episodeWith('--scenario', join(LIBRARY, 'nominal.yaml'), '--sample', '-1'),
    expect: /--sample must be an integer ≥ 0 \(got "-1"\): negative/,
  },
  {
    class: 'flags',
    name: 'episode --suite-seed 2^32',
    args: episodeWith(
      '--scenario',
      join(LIBRARY, 'nominal.yaml'),
      '--sample',
      '0',
      '--suite-seed',
      '4294967296',
    ),
    expect:
      /--suite-seed must be an integer ≥ 0 \(got "4294967296"\): above the limit; plain decimal digits, at most 4294967295/,
  },
  {
    class: 'flags',
    name: 'episode --set items.count=1e3',
    args: episodeWith('--seed', '1', '--set', 'items.count=1e3'),
    expect: /--set items\.count: must be a finite number in items \(got "1e3"\)/,
  },
  {
    class: 'flags',
    name: 'episode --horizon-h 1e3',
    args: episodeWith('--task', 'stream', '--horizon-h', '1e3'),
    expect: /--horizon-h must be a number of hours in \(0, 100000\] \(got "1e3"\)/,
  },
  {
    class: 'flags',
    name: 'gate --sed (a typo of an option)',
    args: gateWith('--sed', '1'),
    expect: /^error: unknown option '--sed' \(Did you mean --seed\?\) \(run with --help for usage\)$/m,
    cli: true,
  },

  // plan size
  {
    class: 'plan size',
    name: 'gate --samples above the config limit',
    args: gateWith('--samples', '100001'),
    expect:
      /--samples must be an integer ≥ 1 \(got "100001"\): above the limit; plain decimal digits, at most 100000/,
    cli: true,
  },
  {
    class: 'plan size',
    name: 'gate --samples 100000 over the library',
    args: gateWith('--samples', '100000'),
    expect:
      /the plan has 2600000 episodes \(13 scenarios, 100000 samples each, 2 models\); a run plans at most 250000 episodes/,
    cli: true,
  },
  {
    class: 'plan size',
    name: 'samples: 50000 in the config over the library',
    config: 'samples: 50000\n',
    expect:
      /the plan has 1300000 episodes \(13 scenarios, 50000 samples each, 2 models\); a run plans at most 250000/,
  },
  {
    class: 'plan size',
    name: 'run --samples 20000 over the library',
    args: runWith('--samples', '20000'),
    expect:
      /the plan has 260000 episodes \(13 scenarios, 20000 samples each, 1 model\); a run plans at most 250000/,
  },

  // hostile strings
  {
    class: 'hostile strings',
    name: 'escape sequence in a slice tag',
    config: `gate:\n  slices:\n    - tag: "odd\\e[2J"\n      kpis: [crushes]\n`,
    expect: /bad\.yaml:3:12 gate\.slices\.0\.tag: holds control characters \(got "odd\\x1b\[2J"\)/,
    cli: true,
  },
  {
    class: 'hostile strings',
    name: 'bidi override in require_approval',
    config: 'gate:\n  require_approval: ["tag:\\u202eevil"]\n',
    expect: /bad\.yaml:2:22 gate\.require_approval\.0: holds control characters \(got "tag:\\u202eevil"\)/,
  },
  {
    class: 'hostile strings',
    name: 'escape sequence in an unknown key',
    config: 'gate:\n  "conf\\e]0;pwned\\aidence": 0.9\n',
    expect: /bad\.yaml:2:3 gate\.conf\\x1b\]0;pwned\\x07idence: unknown key "conf\\x1b\]0;pwned\\x07idence"/,
    cli: true,
  },
  {
    class: 'hostile strings',
    name: 'C1 CSI in a KPI name',
    config: 'gate:\n  kpis:\n    "crushes\\u009b2J": { margin: 0.1 }\n',
    expect: /bad\.yaml:3:5 gate\.kpis\.crushes\\x9b2J: unknown pick KPI "crushes\\x9b2J"/,
  },
  {
    class: 'hostile strings',
    name: 'a 100 KB key',
    config: `gate:\n  ? ${'k'.repeat(100_000)}\n  : 1\n`,
    expect: /bad\.yaml:2:5 gate\.k{195}…: unknown key "k{80}…" \(100000 characters\)/,
  },
  {
    class: 'hostile strings',
    name: 'line breaks in a suite path',
    config: 'suite: "scenarios\\nsimgate: decision PROMOTE"\n',
    expect: /bad\.yaml:1:8 suite: holds control characters \(got "scenarios\\x0asimgate: decision PROMOTE"\)/,
  },
  {
    class: 'hostile strings',
    name: 'escape sequence in a flag value',
    args: gateWith('--seed', `${ESC}[2J7`),
    expect: /--seed must be an integer ≥ 0 \(got "\\x1b\[2J7"\)/,
  },
  {
    class: 'hostile strings',
    name: 'escape sequence in an unknown option',
    args: gateWith(`--${ESC}[31mred`),
    expect: /^error: unknown option '--\\x1b\[31mred'/m,
    cli: true,
  },
];

/** A raw control character other than the line breaks between problems, or a bidi control. */
export const RAW_CONTROL = /(?!\n)\p{Cc}|[\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

/** The command line of a case, its files written to a fresh folder. */
export function prepare(c: BadCase): { dir: string; args: string[]; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'simgate-badcfg-'));
  const out = join(dir, 'OUT');
  if (c.config !== undefined) {
    writeFileSync(join(dir, 'bad.yaml'), c.config);
    return { dir, out, args: [...GATE, '--config', 'bad.yaml', '--out', out] };
  }
  return { dir, out, args: (c.args ?? []).map((a) => (a === '{OUT}' ? out : a)) };
}

/** What every refused case must show, in process or through the real CLI. */
export function expectRefused(c: BadCase, run: CliRun, out: string): void {
  expect(run.code, run.stderr).toBe(3);
  expect(run.stderr).toMatch(c.expect);
  expect(run.stderr).not.toContain('internal error');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout + run.stderr).not.toMatch(RAW_CONTROL);
  expect(run.stderr.length).toBeLessThan(20_000);
  expect(run.stdout).not.toMatch(/PROMOTE/);
  const report = join(out, 'report.json');
  // A config or flag the gate reads itself leaves CI its ERROR report; a line commander refuses
  // ends before any command runs and leaves nothing.
  if (c.config !== undefined) expect(existsSync(report), 'report.json').toBe(true);
  if (existsSync(report)) expect(JSON.parse(readFileSync(report, 'utf8')).decision).toBe('ERROR');
  expect(existsSync(join(out, 'results.jsonl')), 'no episode ran').toBe(false);
}
