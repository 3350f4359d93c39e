import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStreamModelPolicy, loadModel, ModelError } from '../../../policies/onnx/index.js';
import { inlineFiles } from '../../helpers/cli.js';
import { fixture } from './helpers.js';

const ramp = (start: number) => Float32Array.from({ length: 24 }, (_, i) => start + i * 0.5);

describe('ONNX stream policies', () => {
  it('a forecaster card binds window and horizon and forecasts in sensor units', async () => {
    const model = await loadModel(fixture('stream-forecaster.onnx'));
    expect(model.card).toMatchObject({ kind: 'forecaster', window: 24, horizon: 6, sensor: 'temperature' });
    const policy = await createStreamModelPolicy(model);
    if (policy.kind !== 'forecaster') throw new Error('expected a forecaster');
    const [a, b] = await policy.forecast([ramp(10), ramp(30)]);
    // persistence: every step repeats the last reading (10 + 23·0.5), through normalisation and back
    expect(Array.from(a)).toEqual(Array(6).fill(21.5));
    expect(Array.from(b)).toEqual(Array(6).fill(41.5));
  });

  it('a detector scores a window by its last jump', async () => {
    const policy = await createStreamModelPolicy(await loadModel(fixture('stream-detector.onnx')));
    if (policy.kind !== 'detector') throw new Error('expected a detector');
    expect(policy.threshold).toBe(3);
    const flat = new Float32Array(24).fill(20);
    const jump = flat.map((v, i) => (i === 23 ? 44 : v));
    const scores = await policy.score([flat, jump]);
    expect(scores[0]).toBeCloseTo(0, 5);
    expect(scores[1]).toBeCloseTo(23, 4);
  });

  it('refuses to run a pick model as a stream policy', async () => {
    await expect(createStreamModelPolicy(await loadModel(fixture('fragile-fast.onnx')))).rejects.toThrow(
      /not a stream model/,
    );
  });

  it('checks window and horizon against the card and the graph shapes, all at once', async () => {
    const dir = inlineFiles({});
    copyFileSync(fixture('stream-forecaster.onnx'), join(dir, 'f.onnx'));
    const card = readFileSync(fixture('stream-forecaster.card.yaml'), 'utf8')
      .replace('window: 24', 'window: 12')
      .replace('length: 6', 'length: 5');
    writeFileSync(join(dir, 'f.card.yaml'), card);
    const error = await loadModel(join(dir, 'f.onnx')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    const text = (error as ModelError).problems.join('\n');
    expect(text).toMatch(/inputs\.window\.length: 24 readings, but the card's window is 12/);
    expect(text).toMatch(/outputs\.forecast\.length: 5 readings, but the card's horizon is 6/);
    expect(text).toMatch(/outputs\.forecast: dimension 1 is 6 in graph shape \[batch, 6\], card implies 5/);
  });
});
