// The hostile-input corpus: every broken or adversarial card and ONNX file, written as real
// files, must fail to load with a ModelError naming the file (with line:col for card problems),
// with every control character escaped, never with another exception.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, ModelError } from '../../../policies/onnx/index.js';
import { CARD_CASES } from './corpus/cards.js';
import {
  BASE_DETECTOR_CARD,
  BASE_FORECASTER_CARD,
  BASE_PICK_CARD,
  baseDetectorOnnx,
  baseForecasterOnnx,
  basePickOnnx,
  type CaseClass,
  type HostileCase,
  namedFile,
  writeCase,
} from './corpus/case.js';
import { ONNX_CASES } from './corpus/onnx.js';

const CASES = [...CARD_CASES, ...ONNX_CASES];
const dir = mkdtempSync(join(tmpdir(), 'simgate-hostile-'));

/** Anything a terminal could act on: controls other than the newlines between problems. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for raw control characters is the point.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

async function loadError(c: HostileCase): Promise<ModelError> {
  const error = await loadModel(writeCase(join(dir, c.klass), c)).then(
    () => new Error(`${c.name}: loaded`),
    (e: unknown) => e,
  );
  expect(error, c.name).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe('the corpus starts from good materials', () => {
  it.each([
    ['pick', BASE_PICK_CARD, basePickOnnx],
    ['forecaster', BASE_FORECASTER_CARD, baseForecasterOnnx],
    ['detector', BASE_DETECTOR_CARD, baseDetectorOnnx],
  ])('the base %s card and model load', async (name, card, onnx) => {
    const path = writeCase(join(dir, 'base'), { klass: 'yaml', name, card, onnx, expect: [] });
    const model = await loadModel(path);
    expect(model.warnings).toEqual([]);
  });

  it('holds at least 40 cases, every class represented, names unique', () => {
    const classes: CaseClass[] = [
      'yaml',
      'non-finite',
      'ranges',
      'names',
      'structure',
      'onnx-shape',
      'onnx-bytes',
      'hostile-strings',
    ];
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    for (const k of classes) expect(CASES.filter((c) => c.klass === k).length, k).toBeGreaterThanOrEqual(4);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(CASES.filter((c) => c.cli).length).toBeGreaterThanOrEqual(10);
  });
});

describe.each([...new Set(CASES.map((c) => c.klass))])('hostile inputs: %s', (klass) => {
  it.each(CASES.filter((c) => c.klass === klass).map((c) => [c.name, c] as const))(
    '%s fails to load, naming the file',
    async (_, c) => {
      const error = await loadError(c);
      const file = namedFile(c);
      expect(error.message).toContain(file);
      for (const pattern of c.expect) expect(error.message).toMatch(pattern);
      for (const line of [error.message, ...error.problems].flatMap((m) => m.split('\n'))) {
        expect(line, 'raw control character').not.toMatch(RAW_CONTROL);
      }
      for (const pattern of c.absent ?? []) expect(error.message).not.toMatch(pattern);
      if (file.endsWith('.card.yaml') && c.located !== false) {
        const escaped = file.replace(/[.]/g, '\\.');
        for (const problem of error.problems) expect(problem).toMatch(new RegExp(`${escaped}:\\d+:\\d+ `));
      }
    },
  );
});
