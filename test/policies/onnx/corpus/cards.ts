// Hostile and broken model cards, by class: YAML syntax and alias bombs, non-finite numbers,
// unusable ranges and spans, misspelt names, broken structure. Each is a base card with one
// flaw edited in, beside a copy of good ONNX bytes (or embedded in the ONNX metadata).
import {
  BASE_DETECTOR_CARD,
  BASE_FORECASTER_CARD,
  BASE_PICK_CARD,
  baseDetectorOnnx,
  baseForecasterOnnx,
  basePickOnnx,
  edit,
  fixtureBytes,
  type HostileCase,
} from './case.js';
import { embeddedCard } from './models.js';

const pick = (name: string, card: string, expect: RegExp[], extra: Partial<HostileCase> = {}) => ({
  name,
  onnx: basePickOnnx,
  card,
  expect,
  ...extra,
});

/** Nine levels of ten aliases each: 10^9 nodes once expanded. */
function billionLaughs(): string {
  const lines = ['x-lol:', '  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 8; i++)
    lines.push(
      `  l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n${BASE_PICK_CARD}description: *l8\n`;
}

const yaml: HostileCase[] = [
  pick('billion-laughs', billionLaughs(), [/alias bomb/], { cli: true }),
  pick('alias-flood', `${BASE_PICK_CARD}x-many: &m 1\nx-flood: [${Array(150).fill('*m').join(', ')}]\n`, [
    /more than 100 aliases \(150\)/,
  ]),
  pick('recursive-alias', edit(BASE_PICK_CARD, ['provenance:\n', 'provenance: &p\n  self: *p\n']), [
    /alias \*p is inside the node it names \(a recursive alias\)/,
  ]),
  pick(
    'unresolved-alias',
    edit(BASE_PICK_CARD, ['version: 1.0.0\n', 'version: 1.0.0\ndescription: *nowhere\n']),
    [/alias \*nowhere has no anchor &nowhere before it/],
  ),
  pick('duplicate-top-key', `${BASE_PICK_CARD}task: stream\n`, [/:21:1 duplicate key "task"/], { cli: true }),
  pick(
    'duplicate-feature-bounds',
    edit(BASE_PICK_CARD, [
      '  confidence: { min: 0, max: 1 }\n',
      '  confidence: { min: 0, max: 1 }\n  grasp.dx: { min: -1, max: 1 }\n',
    ]),
    [/duplicate key "grasp\.dx"/],
  ),
  pick('unclosed-flow', edit(BASE_PICK_CARD, ['human.distance_m]', 'human.distance_m']), [
    /YAML syntax error/,
  ]),
  pick('tab-indent', edit(BASE_PICK_CARD, ['  created: 2025', '\tcreated: 2025']), [/YAML syntax error/]),
  pick('two-documents', `${BASE_PICK_CARD}---\ntask: stream\n`, [/one YAML document/]),
  pick(
    'oversized',
    edit(BASE_PICK_CARD, ['version: 1.0.0\n', `version: 1.0.0\ndescription: "${'x'.repeat(300_000)}"\n`]),
    [/the model card is \d+ bytes; at most 262144 are read/],
    { located: false },
  ),
  pick(
    'deep-nesting',
    edit(BASE_PICK_CARD, [
      'version: 1.0.0\n',
      `version: 1.0.0\nx-deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    ]),
    [/YAML nested too deeply to read/],
  ),
  pick(
    'deep-provenance',
    edit(BASE_PICK_CARD, [
      '  created: 2025-06-01\n',
      `  created: 2025-06-01\n  notes: ${'{a: '.repeat(100)}1${'}'.repeat(100)}\n`,
    ]),
    [/provenance\.notes(\.a)+: nested deeper than 64 levels/],
  ),
  pick(
    'unknown-tag',
    edit(BASE_PICK_CARD, ['created: 2025-06-01', 'created: !!python/object:os.system rm']),
    [/tag/i],
  ),
  pick('complex-key', `${BASE_PICK_CARD}? [a, b]\n: c\n`, [/a mapping key must be a plain name/]),
  pick('empty-card', '', [/\(card\): must be object \(got null\)/]),
  pick('list-card', '- task: pick\n- name: x\n', [/\(card\): must be object \(got a list\)/]),
  {
    name: 'metadata-json-broken',
    onnx: embeddedCard('{"task": "pick", "name": "embedded",'),
    expect: [/metadata-json-broken\.onnx\[metadata simgate\.card\]:1:\d+ YAML syntax error/],
    file: 'onnx' as const,
  },
].map((c) => ({ klass: 'yaml' as const, ...c }));

const nonFinite: HostileCase[] = [
  pick(
    'mean-1e400',
    edit(BASE_PICK_CARD, ['mean: 1.5', 'mean: 1e400']),
    [/:9:\d+ normalisation\.item\.est_mass_kg\.mean: 1e400 is not a finite number/],
    { cli: true },
  ),
  pick(
    'mean-nan',
    edit(BASE_PICK_CARD, ['mean: 1.5', 'mean: .nan']),
    [/mean: \.nan is not a finite number \(NaN\)/],
    {
      cli: true,
      absent: [/null/],
    },
  ),
  pick('std-inf', edit(BASE_PICK_CARD, ['std: 1.2', 'std: .inf']), [
    /std: \.inf is not a finite number \(Infinity\)/,
  ]),
  pick('bound-min-neg-inf', edit(BASE_PICK_CARD, ['grasp.dx: { min: -0.05', 'grasp.dx: { min: -.inf']), [
    /action_bounds\.grasp\.dx\.min: -\.inf is not a finite number \(-Infinity\)/,
  ]),
  pick(
    'bound-max-inf',
    edit(BASE_PICK_CARD, ['confidence: { min: 0, max: 1 }', 'confidence: { min: 0, max: .Inf }']),
    [/action_bounds\.confidence\.max: \.Inf is not a finite number/],
  ),
  pick('norm-min-neg-1e400', edit(BASE_PICK_CARD, ['{ min: 0, max: 10 }', '{ min: -1e400, max: 10 }']), [
    /normalisation\.human\.distance_m\.min: -1e400 is not a finite number/,
  ]),
  pick('rows-1e400', edit(BASE_PICK_CARD, ['rows: 200', 'rows: 1e400']), [
    /provenance\.data\.rows: 1e400 is not a finite number/,
  ]),
  pick('mean-beyond-float32', edit(BASE_PICK_CARD, ['mean: 1.5', 'mean: 1e300']), [
    /mean: 1e300 is outside the float32 range/,
  ]),
  {
    name: 'threshold-nan',
    onnx: baseDetectorOnnx,
    card: edit(BASE_DETECTOR_CARD, ['threshold: 3', 'threshold: .NaN']),
    expect: [/threshold: \.NaN is not a finite number \(NaN\)/],
    absent: [/null/],
  },
  {
    name: 'window-inf',
    onnx: baseForecasterOnnx,
    card: edit(BASE_FORECASTER_CARD, ['window: 24', 'window: .inf']),
    expect: [/window: \.inf is not a finite number/],
  },
  {
    name: 'metadata-json-1e400',
    onnx: embeddedCard(
      JSON.stringify({ task: 'pick' }).replace('}', ', "threshold": 1e400, "name": "e", "version": "1"}'),
    ),
    expect: [/\[metadata simgate\.card\]:1:\d+ threshold: 1e400 is not a finite number/],
    file: 'onnx' as const,
  },
].map((c) => ({ klass: 'non-finite' as const, ...c }));

const ranges: HostileCase[] = [
  pick(
    'norm-min-above-max',
    edit(BASE_PICK_CARD, ['{ min: 0, max: 10 }', '{ min: 10, max: 0 }']),
    [/normalisation\.human\.distance_m: min 10 > max 0/],
    { cli: true },
  ),
  pick('norm-zero-span', edit(BASE_PICK_CARD, ['{ min: 0, max: 10 }', '{ min: 3, max: 3 }']), [
    /normalisation\.human\.distance_m: min 3 = max 3: a zero span divides by zero/,
  ]),
  pick('std-zero', edit(BASE_PICK_CARD, ['std: 1.2', 'std: 0']), [/std: std must be > 0 \(got 0\)/], {
    cli: true,
  }),
  pick('std-negative', edit(BASE_PICK_CARD, ['std: 1.2', 'std: -1.2']), [/std must be > 0 \(got -1\.2\)/]),
  pick('std-underflow', edit(BASE_PICK_CARD, ['std: 1.2', 'std: 1e-400']), [
    /std must be > 0 \(got 1e-400\)/,
  ]),
  pick('std-tiny', edit(BASE_PICK_CARD, ['std: 1.2', 'std: 1e-45']), [/1\/std overflows float32/]),
  pick(
    'bounds-min-above-max',
    edit(BASE_PICK_CARD, ['grasp.dy: { min: -0.05, max: 0.05 }', 'grasp.dy: { min: 0.05, max: -0.05 }']),
    [/action_bounds\.grasp\.dy: min 0\.05 > max -0\.05/],
  ),
  pick(
    'bounds-zero-span',
    edit(BASE_PICK_CARD, ['confidence: { min: 0, max: 1 }', 'confidence: { min: 0.5, max: 0.5 }']),
    [/action_bounds\.confidence: min 0\.5 = max 0\.5/],
  ),
  pick(
    'approach-too-fast',
    edit(BASE_PICK_CARD, [
      'approach.speed_mps: { min: 0.01, max: 1 }',
      'approach.speed_mps: { min: 0.01, max: 5 }',
    ]),
    [/action_bounds\.approach\.speed_mps: \[0\.01, 5\] is outside the physical range \[0, 3\] m\/s/],
    { cli: true },
  ),
  pick('accel-too-hard', edit(BASE_PICK_CARD, ['{ min: 0.2, max: 40 }', '{ min: 0.2, max: 100 }']), [
    /transfer\.accel_mps2: \[0\.2, 100\] is outside the physical range \[0, 40\]/,
  ]),
  pick(
    'speed-negative',
    edit(BASE_PICK_CARD, ['transfer.speed_mps: { min: 0.05', 'transfer.speed_mps: { min: -1']),
    [/transfer\.speed_mps: \[-1, 3\] is outside the physical range \[0, 3\]/],
  ),
  pick(
    'confidence-above-one',
    edit(BASE_PICK_CARD, ['confidence: { min: 0, max: 1 }', 'confidence: { min: 0, max: 2 }']),
    [/confidence: \[0, 2\] is outside the physical range \[0, 1\]/],
  ),
].map((c) => ({ klass: 'ranges' as const, ...c }));

const names: HostileCase[] = [
  pick('top-key-typo', edit(BASE_PICK_CARD, ['normalisation:', 'normalisaton:']), [
    /:8:1 normalisaton: unknown key \(did you mean "normalisation"\?\)/,
  ]),
  pick(
    'input-feature-typo',
    edit(BASE_PICK_CARD, ['[item.est_x,', '[item.est_xx,']),
    [/inputs\.obs\[0\]: unknown pick input feature "item\.est_xx" \(did you mean "item\.est_x"\?\)/],
    { cli: true },
  ),
  pick('output-feature-typo', edit(BASE_PICK_CARD, [', confidence]', ', confidense]']), [
    /outputs\.action\[5\]: unknown pick output feature "confidense" \(did you mean "confidence"\?\)/,
    /required output feature "confidence" is not bound/,
  ]),
  pick('bounds-key-typo', edit(BASE_PICK_CARD, ['  grasp.dx: { min', '  grasp.dz: { min']), [
    /action_bounds\.grasp\.dz: "grasp\.dz" is not an action feature \(did you mean "grasp\.dx"\?\)/,
    /no bounds for action feature "grasp\.dx"/,
  ]),
  pick('norm-key-typo', edit(BASE_PICK_CARD, ['item.est_mass_kg: { mean', 'item.est_mass: { mean']), [
    /normalisation\.item\.est_mass: feature "item\.est_mass" is not bound by inputs or outputs \(did you mean "item\.est_mass_kg"\?\)/,
  ]),
  pick('task-typo', edit(BASE_PICK_CARD, ['task: pick', 'task: picks']), [
    /task: must be one of "pick", "stream" \(did you mean "pick"\?\)/,
  ]),
  pick('nested-key-typo', edit(BASE_PICK_CARD, ['std: 1.2', 'sdt: 1.2']), [
    /normalisation\.item\.est_mass_kg\.sdt: unknown key \(did you mean "std"\?\)/,
    /normalisation\.item\.est_mass_kg\.std: required key is missing/,
  ]),
  pick('tensor-name-typo', edit(BASE_PICK_CARD, ['  obs: [', '  ob: [']), [
    /inputs\.ob: the graph has no input "ob" \(did you mean "obs"\?\)/,
    /graph input "obs" \[batch, 12\] is not bound/,
  ]),
  {
    name: 'kind-typo',
    onnx: baseForecasterOnnx,
    card: edit(BASE_FORECASTER_CARD, ['kind: forecaster', 'kind: forcaster']),
    expect: [/kind: must be one of "forecaster", "detector" \(did you mean "forecaster"\?\)/],
  },
  {
    name: 'series-typo',
    onnx: baseForecasterOnnx,
    card: edit(BASE_FORECASTER_CARD, ['series: reading', 'series: readings']),
    expect: [/inputs\.window\.series: unknown stream input series "readings" \(did you mean "reading"\?\)/],
  },
  {
    name: 'strategy-typo',
    onnx: baseForecasterOnnx,
    card: edit(BASE_FORECASTER_CARD, ['strategy: hold_last', 'strategy: hold-last']),
    expect: [/missing\.strategy: must be one of "hold_last", "none" \(did you mean "hold_last"\?\)/],
  },
  {
    name: 'image-feature-typo',
    onnx: fixtureBytes('pick-cnn.onnx'),
    card: edit(BASE_PICK_CARD, [
      'inputs:\n',
      'inputs:\n  heightmap: { image: camera.heightmpa, height: 32, width: 32 }\n',
    ]),
    expect: [
      /inputs\.heightmap\.image: unknown pick input image feature "camera\.heightmpa" \(did you mean "camera\.heightmap"\?\)/,
    ],
  },
].map((c) => ({ klass: 'names' as const, ...c }));

const structure: HostileCase[] = [
  pick(
    'missing-required',
    edit(BASE_PICK_CARD, ['version: 1.0.0\n', ''], [/provenance:\n.*\n.*\n/, '']),
    [/:1:1 version: required key is missing/, /:1:1 provenance: required key is missing/],
    { cli: true },
  ),
  pick('feature-bound-twice', edit(BASE_PICK_CARD, ['item.est_y, item.est_z', 'item.est_x, item.est_z']), [
    /inputs\.obs\[1\]: feature "item\.est_x" is already bound by inputs\.obs\[0\]/,
  ]),
  pick('action-without-bounds', edit(BASE_PICK_CARD, ['  confidence: { min: 0, max: 1 }\n', '']), [
    /action_bounds: no bounds for action feature "confidence"/,
  ]),
  pick('inputs-as-list', edit(BASE_PICK_CARD, ['  obs: [', '  - [']), [
    /inputs: must be object \(got a list\)/,
  ]),
  pick('stream-key-on-pick', `${BASE_PICK_CARD}window: 24\n`, [
    /window: a stream card key; this card's task is pick/,
  ]),
  pick(
    'bound-missing-max',
    edit(BASE_PICK_CARD, ['grasp.dx: { min: -0.05, max: 0.05 }', 'grasp.dx: { min: -0.05 }']),
    [/action_bounds\.grasp\.dx\.max: required key is missing/],
  ),
  pick(
    'graph-input-unbound',
    BASE_PICK_CARD,
    [/inputs: graph input "heightmap" \[batch, 1, 32, 32\] is not bound by the card/],
    {
      onnx: fixtureBytes('pick-cnn.onnx'),
    },
  ),
  pick(
    'image-too-large',
    edit(BASE_PICK_CARD, [
      'inputs:\n',
      'inputs:\n  heightmap: { image: camera.heightmap, height: 5000, width: 32 }\n',
    ]),
    [/inputs\.heightmap\.height: must be <= 1024/],
    { onnx: fixtureBytes('pick-cnn.onnx') },
  ),
  {
    name: 'series-length-mismatch',
    onnx: baseForecasterOnnx,
    card: edit(BASE_FORECASTER_CARD, ['{ series: reading, length: 24 }', '{ series: reading, length: 12 }']),
    expect: [
      /inputs\.window\.length: 12 readings, but the card's window is 24/,
      /dimension 1 is 24 in graph shape \[batch, 24\], card implies 12/,
    ],
  },
  {
    name: 'stream-without-series',
    onnx: baseDetectorOnnx,
    card: edit(BASE_DETECTOR_CARD, ['window: { series: reading, length: 24 }', 'window: [reading]']),
    expect: [/inputs: a stream model needs a series input \(series: reading, length: 24\)/],
  },
  {
    name: 'window-too-long',
    onnx: baseDetectorOnnx,
    card: edit(BASE_DETECTOR_CARD, ['window: 24', 'window: 2000000'], ['length: 24', 'length: 2000000']),
    expect: [/window: must be <= 1000000/],
  },
].map((c) => ({ klass: 'structure' as const, ...c }));

export const CARD_CASES: readonly HostileCase[] = [...yaml, ...nonFinite, ...ranges, ...names, ...structure];
