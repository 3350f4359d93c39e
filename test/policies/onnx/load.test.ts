import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createPickModelPolicy,
  loadModel,
  MODEL_CARD_SCHEMA,
  ModelError,
  validateModelPath,
} from '../../../policies/onnx/index.js';
import { repoRoot } from '../../helpers/cli.js';
import { FIXTURES, fixture, MODELS, observations } from './helpers.js';

async function loadError(path: string): Promise<ModelError> {
  const error = await loadModel(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  expect((error as ModelError).code).toBe('SIMGATE_MODEL');
  return error as ModelError;
}

describe('loadModel on bundled models', () => {
  it.each(['pick-v1', 'pick-v2'])('%s loads with its card and runs through onnxruntime', async (name) => {
    const model = await loadModel(join(MODELS, `${name}.onnx`));
    expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.card.name).toBe(name);
    expect(model.cardPath).toBe(join(MODELS, `${name}.card.yaml`));
    expect(model.card.provenance.data?.md5).toMatch(/^[0-9a-f]{32}$/);
    const policy = await createPickModelPolicy(model);
    expect(policy.id).toBe(`onnx:${model.sha256}`);
    const decisions = await policy.decide(observations(16, name));
    expect(decisions).toHaveLength(16);
    for (const d of decisions) {
      expect(d.ok).toBe(true);
      if (d.ok) expect(d.action['transfer.accel_mps2']).toBeGreaterThanOrEqual(0.2);
    }
  });

  it('loads from the card path as well as the onnx path', async () => {
    const a = await loadModel(join(MODELS, 'pick-v1.card.yaml'));
    const b = await loadModel(join(MODELS, 'pick-v1.onnx'));
    expect(a.sha256).toBe(b.sha256);
    expect(a.onnxPath).toBe(b.onnxPath);
  });

  it('answers a batch of 64 with the same numbers as 64 one-row calls', async () => {
    const policy = await createPickModelPolicy(await loadModel(join(MODELS, 'pick-v2.onnx')));
    const obs = observations(64, 'batch-vs-row');
    const batched = await policy.decide(obs);
    const single = [];
    for (const o of obs) single.push(...(await policy.decide([o])));
    expect(batched).toEqual(single);
  });

  it('takes the card from ONNX metadata_props when no card file is beside it', async () => {
    const model = await loadModel(fixture('embedded-card.onnx'));
    expect(model.cardPath).toBeUndefined();
    expect(model.card.name).toBe('embedded');
    const [d] = await (await createPickModelPolicy(model)).decide(observations(1, 'embedded'));
    expect(d).toMatchObject({ ok: true, action: { confidence: expect.closeTo(0.9, 5) } });
  });

  it('publishes the card schema it validates with', () => {
    const published = JSON.parse(readFileSync(join(repoRoot, 'schemas/model-card.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(MODEL_CARD_SCHEMA)));
  });
});

describe('loadModel rejects each flawed fixture by name', () => {
  it('a missing file', async () => {
    const e = await loadError(join(FIXTURES, 'no-such-model.onnx'));
    expect(e.message).toMatch(/no-such-model\.onnx: ONNX model file not found/);
  });

  it('corrupt bytes', async () => {
    const e = await loadError(fixture('corrupt.onnx'));
    expect(e.message).toMatch(/corrupt\.onnx: not an ONNX model/);
  });

  it('a wrong input shape', async () => {
    const e = await loadError(fixture('wrong-input-shape.onnx'));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatch(
      /wrong-input-shape\.card\.yaml:\d+:\d+ inputs\.obs: dimension 1 is 11 in graph shape \[batch, 11\], card implies 12/,
    );
  });

  it("a typo'd tensor name, with the nearest graph name suggested", async () => {
    const e = await loadError(fixture('name-typo.onnx'));
    expect(e.problems.join('\n')).toMatch(
      /inputs\.observaton: the graph has no input "observaton" \(did you mean "observation"\?\)/,
    );
    expect(e.problems.join('\n')).toMatch(/graph input "observation" \[batch, 12\] is not bound by the card/);
  });

  it('a fixed batch dimension', async () => {
    const e = await loadError(fixture('fixed-batch.onnx'));
    expect(e.problems).toHaveLength(2);
    expect(e.problems[0]).toMatch(/inputs\.obs: first dimension is fixed at 1 .* dynamic batch dimension/);
  });

  it('an operator onnxruntime does not implement', async () => {
    const e = await loadError(fixture('unsupported-op.onnx'));
    expect(e.message).toMatch(
      /unsupported-op\.onnx: onnxruntime cannot create a session for this model: .*GraspMagic/,
    );
  });

  it('a card without required keys: every problem with file:line:col and field path', async () => {
    const e = await loadError(fixture('card-missing-keys.onnx'));
    const text = e.problems.join('\n');
    expect(text).toMatch(/card-missing-keys\.card\.yaml:1:1 version: required key is missing/);
    expect(text).toMatch(/card-missing-keys\.card\.yaml:1:1 provenance: required key is missing/);
    expect(text).toMatch(/card-missing-keys\.card\.yaml:1:1 action_bounds: required key is missing/);
    expect(text).toMatch(
      /card-missing-keys\.card\.yaml:7:1 normalisaton: unknown key \(did you mean "normalisation"\?\)/,
    );
  });

  it('validateModelPath reports instead of throwing', async () => {
    expect(await validateModelPath(join(MODELS, 'pick-v2.onnx'))).toMatchObject({ ok: true });
    const bad = await validateModelPath(fixture('name-typo.card.yaml'));
    expect(bad.ok).toBe(false);
    expect(bad.messages.join('\n')).toMatch(/did you mean "observation"/);
  });
});

describe('validateModelCommand (simgate validate PATH.onnx|PATH.card.yaml)', () => {
  it('returns 0 when every model is valid and 3 when any is not', async () => {
    const { validateModelCommand } = await import('../../../harness/cli/commands/validate-model.js');
    const write = process.stdout.write;
    const writeErr = process.stderr.write;
    const printed: string[] = [];
    process.stdout.write = process.stderr.write = ((chunk: string) => {
      printed.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(
        await validateModelCommand([join(MODELS, 'pick-v1.onnx'), fixture('torch/tiny-mlp.card.yaml')]),
      ).toBe(0);
      expect(await validateModelCommand([join(MODELS, 'pick-v2.onnx'), fixture('corrupt.onnx')])).toBe(3);
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
    }
    expect(printed.join('')).toMatch(/valid pick model torch-tiny-mlp 0\.1\.0/);
    expect(printed.join('')).toMatch(/corrupt\.onnx: not an ONNX model/);
  });
});
