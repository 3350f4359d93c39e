// The example GitHub Actions job: valid YAML, retrain → gate → upload always; the gate step's
// exit code (0 only for PROMOTE) is what fails the job.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPORTER_NAMES } from '../../reports/registry.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}

describe('examples/ci/gate-workflow.yml', () => {
  const doc = parse(readFileSync('examples/ci/gate-workflow.yml', 'utf8'), { strict: true });
  const steps = doc.jobs.gate.steps as Step[];
  it('retrains, runs the gate into a report dir, then uploads it whatever the decision', () => {
    const retrain = steps.findIndex((s) => s.name?.startsWith('Retrain'));
    const gate = steps.findIndex((s) => s.run?.includes('simgate gate'));
    const upload = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(retrain).toBeGreaterThan(-1);
    expect(gate).toBeGreaterThan(retrain);
    expect(upload).toBeGreaterThan(gate);
    expect(steps[retrain].run).toContain('candidate.onnx');
    const run = steps[gate].run!;
    for (const flag of ['--candidate build/candidate.onnx', '--baseline', '--out simgate-report'])
      expect(run).toContain(flag);
    // Nothing may swallow the exit code: no `|| true`, no `set +e`.
    expect(run).not.toMatch(/\|\|\s*true|set \+e|continue-on-error/);
    expect(steps[gate]).not.toHaveProperty('continue-on-error');
    expect(steps[upload].if).toBe('always()');
    expect(steps[upload].with?.path).toBe('simgate-report');
    const reporters = run.match(/--reporter (\S+)/)![1].split(',');
    for (const r of reporters) expect(REPORTER_NAMES).toContain(r);
  });
});
