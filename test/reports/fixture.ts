// A real report built by the gate from synthetic paired data, with hostile scenario titles
// and the input files its provenance names written to a temp dir.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideGate } from '../../harness/gate/decide.js';
import { gateReportData } from '../../harness/gate/report.js';
import type { ReportData } from '../../reports/types.js';
import { SCENARIOS, syntheticInput } from '../harness/gate/synthetic.js';

export const HOSTILE_TITLES = [
  `<script>document.title='PWNED'</script>`,
  `"><img src=x onerror="document.body.setAttribute('data-pwned','1')">`,
];

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function hostileReport(options: { successShift?: number; pairs?: number } = {}): {
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
  const base = syntheticInput({ pairs: 120, seed: 11, successShift: options.successShift ?? 0.03 });
  const input = { ...base, scenarios: SCENARIOS.map((s, i) => ({ ...s, title: HOSTILE_TITLES[i] })) };
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
