// A real report built by the gate from synthetic paired data, with hostile scenario titles
// and the input files its provenance names written to a temp dir.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideGate } from '../../harness/gate/decide.js';
import { gateReportData } from '../../harness/gate/report.js';
import type { GatePair } from '../../harness/gate/input.js';
import type { ReportData } from '../../reports/types.js';
import { rngStream } from '../../sim/rng.js';
import { SCENARIOS, syntheticInput } from '../harness/gate/synthetic.js';

export const HOSTILE_TITLES = [
  `<script>document.title='PWNED'</script>`,
  `"><img src=x onerror="document.body.setAttribute('data-pwned','1')">`,
];

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export interface FixtureOptions {
  readonly successShift?: number;
  readonly noise?: number;
  /** The candidate drops the item hazardously in tote-mixed when the sampled mass exceeds this. */
  readonly violateAboveKg?: number;
}

/**
 * Adds what the engine records besides KPIs: the sampled parameters, a hazardous-drop count and,
 * with `violateAboveKg`, a candidate invariant violation on heavy items (seeded, so stable).
 */
function withParams(pair: GatePair, o: FixtureOptions): GatePair {
  const r = rngStream('fixture-params', pair.scenario_id, pair.sample);
  const mass = 0.05 + 4.95 * r.next();
  const fill = r.next();
  const violated =
    o.violateAboveKg !== undefined && pair.scenario_id === 'tote-mixed' && mass > o.violateAboveKg;
  const drops = (rate: number) => (r.next() < rate ? 1 : 0);
  const candidate = pair.candidate && {
    ...pair.candidate,
    kpis: { ...pair.candidate.kpis, hazardous_drops: violated ? 1 : drops(0.02) },
    invariants: [
      {
        name: 'no_hazardous_drop',
        worst: violated ? 1 : 0,
        margin: violated ? -1 : 1,
        violated,
        ...(violated ? { t: 12.5, message: `item of ${mass.toFixed(2)} kg fell on the walkway` } : {}),
      },
    ],
  };
  const baseline = pair.baseline && {
    ...pair.baseline,
    kpis: { ...pair.baseline.kpis, hazardous_drops: drops(0.03) },
  };
  return {
    ...pair,
    candidate,
    baseline,
    params: { 'item.mass_kg': mass, 'tote.fill': fill, 'item.kind': 'box' },
  };
}

export function hostileReport(options: FixtureOptions = {}): {
  report: ReportData;
  inputsDir: string;
} {
  const inputsDir = mkdtempSync(join(tmpdir(), 'simgate-inputs-'));
  const files: Record<string, string> = {
    'candidate.onnx': 'candidate-bytes',
    'baseline.onnx': 'baseline-bytes',
    'candidate.card.yaml': 'task: pick\n',
    'simgate.config.yaml': 'seed: 1\n',
    'scenarios/tote-mixed.yaml': 'id: tote-mixed\n',
    'scenarios/fragile-glass.yaml': 'id: fragile-glass\n',
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(inputsDir, name.replace('scenarios/', '')), text);
  }
  const hashed = (name: string) => ({ path: name.replace('scenarios/', ''), sha256: sha(files[name]) });
  const base = syntheticInput({
    pairs: 120,
    seed: 11,
    successShift: options.successShift ?? 0.03,
    noise: options.noise,
  });
  const input = {
    ...base,
    pairs: base.pairs.map((p) => withParams(p, options)),
    scenarios: SCENARIOS.map((s, i) => ({ ...s, title: HOSTILE_TITLES[i] })),
  };
  const decision = decideGate(input);
  const report = gateReportData(input, decision, {
    episodes: { planned: 240, run: 240, cached: 0, errored: 0 },
    provenance: {
      models: {
        candidate: { ...hashed('candidate.onnx'), card: hashed('candidate.card.yaml') },
        baseline: { ...hashed('baseline.onnx'), card: null },
      },
      scenarios: [
        { id: 'tote-mixed', ...hashed('scenarios/tote-mixed.yaml') },
        { id: 'fragile-glass', ...hashed('scenarios/fragile-glass.yaml') },
      ],
      config: hashed('simgate.config.yaml'),
      versions: { simgate: '0.1.0', node: '20', rapier: '0.0.0', onnxruntime: '0.0.0' },
      seeds: { suite: 11 },
      shard: null,
    },
  });
  return { report, inputsDir };
}
