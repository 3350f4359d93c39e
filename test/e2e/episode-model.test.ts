import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('simgate episode --model', () => {
  it('runs the bundled production model through its card and the real runtime', () => {
    const run = runCli([
      'episode',
      '--model',
      'models/pick-v2.onnx',
      '--seed',
      '2',
      '--set',
      'items.count=3',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.policy).toMatch(/^onnx:[0-9a-f]{64}$/);
    expect(result.kpis.pick_success_rate).toBeGreaterThan(0);
  });

  it('turns a file that is not ONNX into a one-line error and exit 3', () => {
    const run = runCli(['episode', '--model', 'test/fixtures/models/corrupt.onnx']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^simgate: test\/fixtures\/models\/corrupt\.onnx: not an ONNX model/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a stream model for a pick episode', () => {
    const run = runCli(['episode', '--model', 'test/fixtures/models/stream-forecaster.onnx']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('needs a pick model');
  });
});
