// Model cards and ONNX files through the real CLI: `simgate validate MODEL.onnx` on the bundled
// models (exit 0), on a model that answers NaN for the probe (exit 0 with a warning), and on a
// representative subset of the hostile corpus (exit 3, the message naming the file, never an
// internal error or a stack); `simgate schema model-card` prints the published schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARD_CASES } from '../policies/onnx/corpus/cards.js';
import { namedFile, writeCase } from '../policies/onnx/corpus/case.js';
import { ONNX_CASES } from '../policies/onnx/corpus/onnx.js';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

describe('simgate validate MODEL.onnx', () => {
  it('validates the bundled models under the card rules', () => {
    const run = runCli(['validate', 'models/pick-v2.onnx', 'models/temp-forecast-v2.onnx']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^models\/pick-v2\.onnx: valid pick model pick-v2 2\.1\.0 /m);
    expect(run.stdout).toMatch(/^models\/temp-forecast-v2\.onnx: valid stream model temp-forecast-v2 /m);
  });

  it('passes a model whose probe outputs are NaN, with a warning on stderr', () => {
    const run = runCli(['validate', 'test/fixtures/models/nan-near-person.onnx']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^warning: test\/fixtures\/models\/nan-near-person\.onnx outputs\.action: .*non-finite \(NaN\)/,
    );
  });

  const subset = [...CARD_CASES, ...ONNX_CASES].filter((c) => c.cli);

  it('the subset covers every class of the corpus', () => {
    expect(subset.length).toBeGreaterThanOrEqual(10);
    expect(new Set(subset.map((c) => c.klass))).toEqual(
      new Set([...CARD_CASES, ...ONNX_CASES].map((c) => c.klass)),
    );
  });

  it.each(subset.map((c) => [`${c.klass}/${c.name}`, c] as const))('%s: exit 3 with the message', (_, c) => {
    const dir = inlineFiles({});
    writeCase(dir, c);
    const run = runCli(['validate', `${c.name}.onnx`], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`${c.name}.`), run.stderr).toBe(true);
    expect(run.stderr).toContain(namedFile(c));
    for (const pattern of c.expect) expect(run.stderr).toMatch(pattern);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a raw escape in the output is what must not happen.
    expect(run.stderr).not.toMatch(/\u001b/);
  });
});

describe('simgate schema model-card', () => {
  it('prints the published model card schema', () => {
    const run = runCli(['schema', 'model-card']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(
      JSON.parse(readFileSync(join(repoRoot, 'schemas/model-card.schema.json'), 'utf8')),
    );
  });

  it('names both formats when given an unknown one', () => {
    const run = runCli(['schema', 'card']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('unknown schema "card"; available: scenario, model-card');
  });
});
