// The shape of a hostile-input case and the good materials they start from: each case is a
// model directory (NAME.onnx, usually NAME.card.yaml beside it) that loading must refuse with
// a message naming the file. Cards are the base cards below with one flaw edited in; ONNX
// files are copies of good fixture bytes or models built by the project's own writer.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../helpers.js';

export type CaseClass =
  | 'yaml'
  | 'non-finite'
  | 'ranges'
  | 'names'
  | 'structure'
  | 'onnx-shape'
  | 'onnx-bytes'
  | 'hostile-strings';

export interface HostileCase {
  readonly klass: CaseClass;
  /** File stem: the case writes NAME.onnx (and NAME.card.yaml unless the card is embedded). */
  readonly name: string;
  readonly onnx: () => Uint8Array;
  /** The card text beside the model; absent when the card is in the ONNX metadata or irrelevant. */
  readonly card?: string;
  /** Each must match the error message. */
  readonly expect: readonly RegExp[];
  /** None may match the error message. */
  readonly absent?: readonly RegExp[];
  /** Which file the message must name, when not the default of its class. */
  readonly file?: 'card' | 'onnx';
  /** False when the problem has no card line:col (a file too large to read, a graph-only problem). */
  readonly located?: boolean;
  /** One of the representative cases also run through the real CLI. */
  readonly cli?: boolean;
}

export const fixtureBytes = (name: string) => (): Uint8Array => readFileSync(fixture(name));

export const BASE_PICK_CARD = `task: pick
name: corpus
version: 1.0.0
inputs:
  obs: [item.est_x, item.est_y, item.est_z, item.est_yaw, item.est_size_x, item.est_size_y, item.est_size_z, item.est_mass_kg, item.fragile, item.visible_fraction, gripper.vacuum_kpa, human.distance_m]
outputs:
  action: [grasp.dx, grasp.dy, approach.speed_mps, transfer.speed_mps, transfer.accel_mps2, confidence]
normalisation:
  item.est_mass_kg: { mean: 1.5, std: 1.2 }
  human.distance_m: { min: 0, max: 10 }
action_bounds:
  grasp.dx: { min: -0.05, max: 0.05 }
  grasp.dy: { min: -0.05, max: 0.05 }
  approach.speed_mps: { min: 0.01, max: 1 }
  transfer.speed_mps: { min: 0.05, max: 3 }
  transfer.accel_mps2: { min: 0.2, max: 40 }
  confidence: { min: 0, max: 1 }
provenance:
  data: { md5: 85543037861bbf3a1e9b7c7ad0bedcbf, rows: 200 }
  created: 2025-06-01
`;

/** A constant-action pick MLP (obs [batch, 12] → action [batch, 6]) that matches BASE_PICK_CARD. */
export const basePickOnnx = fixtureBytes('fragile-fast.onnx');

export const BASE_FORECASTER_CARD = `task: stream
name: corpus-forecaster
version: 1.0.0
kind: forecaster
window: 24
horizon: 6
sensor: temperature
units: degC
inputs:
  window: { series: reading, length: 24 }
outputs:
  forecast: { series: forecast, length: 6 }
normalisation:
  reading: { mean: 20, std: 5 }
  forecast: { mean: 20, std: 5 }
missing: { strategy: hold_last }
provenance:
  created: 2025-06-01
`;

export const baseForecasterOnnx = fixtureBytes('stream-forecaster.onnx');

export const BASE_DETECTOR_CARD = `task: stream
name: corpus-detector
version: 1.0.0
kind: detector
window: 24
threshold: 3
sensor: temperature
units: degC
inputs:
  window: { series: reading, length: 24 }
outputs:
  score: [anomaly.score]
provenance:
  created: 2025-06-01
`;

export const baseDetectorOnnx = fixtureBytes('stream-detector.onnx');

/**
 * `text` with each [from, to] edit applied; an edit that finds nothing throws, so a case can
 * never silently test the unedited base.
 */
export function edit(text: string, ...edits: readonly (readonly [string | RegExp, string])[]): string {
  let out = text;
  for (const [from, to] of edits) {
    const next = out.replace(from, to);
    if (next === out) throw new Error(`corpus edit found nothing to replace: ${String(from)}`);
    out = next;
  }
  return out;
}

/** Writes a case into `dir`; returns the path to load (NAME.onnx). */
export function writeCase(dir: string, c: HostileCase): string {
  mkdirSync(dir, { recursive: true });
  const onnxPath = join(dir, `${c.name}.onnx`);
  writeFileSync(onnxPath, c.onnx());
  if (c.card !== undefined) writeFileSync(join(dir, `${c.name}.card.yaml`), c.card);
  return onnxPath;
}

/** The file a case's message must name: the card for card problems, else the ONNX file. */
export function namedFile(c: HostileCase): string {
  const onnxClass = c.klass === 'onnx-shape' || c.klass === 'onnx-bytes';
  const file = c.file ?? (onnxClass || c.card === undefined ? 'onnx' : 'card');
  return file === 'card' ? `${c.name}.card.yaml` : `${c.name}.onnx`;
}
