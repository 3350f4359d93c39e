import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildZoo } from '../../../tools/onnx/build-zoo.js';
import { repoRoot } from '../../helpers/cli.js';

describe('npm run models (tools/onnx/build-zoo)', () => {
  it('regenerates the committed models, cards, fixtures and schema byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'simgate-zoo-'));
    buildZoo(out);
    const files = [
      ...readdirSync(join(out, 'models')).map((f) => join('models', f)),
      ...readdirSync(join(out, 'test/fixtures/models'))
        .filter((f) => f.endsWith('.onnx') || f.endsWith('.yaml'))
        .map((f) => join('test/fixtures/models', f)),
      'schemas/model-card.schema.json',
    ];
    expect(files).toContain('models/pick-v2.onnx');
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const fresh = readFileSync(join(out, file));
      const committed = readFileSync(join(repoRoot, file));
      expect(fresh.equals(committed), `${file} differs from a fresh build`).toBe(true);
    }
    // Bundled models stay small enough to commit.
    for (const name of ['pick-v1', 'pick-v2']) {
      expect(readFileSync(join(out, 'models', `${name}.onnx`)).length).toBeLessThan(16_000);
    }
  });
});
