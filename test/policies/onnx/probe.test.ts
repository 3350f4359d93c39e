// The probe batch at load: real models, real runtime. A model whose outputs are non-finite for
// the probe still loads (NaN at run time is an episode's safety violation) and says so; the
// bundled models probe clean. Wrong output shapes are in the hostile corpus (hostile.test.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, PROBE_ROWS, probeModel, validateModelPath } from '../../../policies/onnx/index.js';
import { modelSession } from '../../../policies/onnx/normalise.js';
import { fixture, MODELS } from './helpers.js';

describe('the probe batch at load', () => {
  it.each(['pick-v1', 'pick-v2', 'temp-forecast-v1', 'temp-forecast-v2'])(
    'bundled %s probes clean',
    async (name) => {
      const model = await loadModel(join(MODELS, `${name}.onnx`));
      expect(model.warnings).toEqual([]);
    },
  );

  it('a model that answers NaN for the probe loads, with a warning naming the output', async () => {
    const model = await loadModel(fixture('nan-near-person.onnx'));
    expect(model.warnings).toHaveLength(1);
    expect(model.warnings[0]).toMatch(
      /nan-near-person\.onnx outputs\.action: 12 of 12 outputs are non-finite \(NaN\) for a probe batch/,
    );
    const validation = await validateModelPath(fixture('nan-near-person.onnx'));
    expect(validation.ok).toBe(true);
    expect(validation.warnings[0]).toMatch(/^warning: .*non-finite/);
  });

  it(`feeds ${PROBE_ROWS} rows to every bound input, an image model included`, async () => {
    const model = await loadModel(fixture('pick-cnn.onnx'));
    const probe = await probeModel(model.card, model.signature, await modelSession(model), 'pick-cnn.onnx');
    expect(probe).toEqual({ problems: [], warnings: [] });
  });

  it('a model slower than the budget fails the probe', async () => {
    const model = await loadModel(join(MODELS, 'pick-v1.onnx'));
    const probe = await probeModel(model.card, model.signature, await modelSession(model), 'pick-v1.onnx', 0);
    expect(probe.problems).toEqual(['pick-v1.onnx: a probe batch of 2 rows took longer than 0 ms']);
  });
});
