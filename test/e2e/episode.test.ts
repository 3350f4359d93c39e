// `simgate episode` through the real built CLI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTelemetry } from '../../sim/telemetry.js';
import { inlineFiles, runCli } from '../helpers/cli.js';

describe('simgate episode', () => {
  it('writes byte-identical traces for the same seed, and JSON with KPIs and the digest', () => {
    const dir = inlineFiles({});
    const args = [
      'episode',
      '--task',
      'pick',
      '--policy',
      'reference',
      '--seed',
      '4',
      '--set',
      'items.count=3',
      '--set',
      'cell.duration_s=6',
    ];
    const a = runCli([...args, '--trace', join(dir, 'a.jsonl'), '--json']);
    const b = runCli([...args, '--trace', join(dir, 'b.jsonl'), '--json']);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const ta = readFileSync(join(dir, 'a.jsonl'));
    expect(ta.equals(readFileSync(join(dir, 'b.jsonl')))).toBe(true);
    const out = JSON.parse(a.stdout);
    expect(out.status).toBe('ok');
    expect(out.kpis.pick_success_rate).toBeGreaterThan(0);
    expect(out.kpis.hazardous_drops).toBe(0);
    expect(out.kpis.crushes).toBe(0);
    expect(Array.isArray(out.events)).toBe(true);
    expect(out.trace_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(b.stdout).trace_digest).toBe(out.trace_digest);
    const trace = readTelemetry(ta.toString('utf8'), 'a.jsonl');
    expect(trace.meta.schema).toBe('simgate.telemetry/v1.1');
    expect(trace.meta.policy).toBe('reference');
  });

  it('prints a human table and exits 1 when a requested invariant is violated', () => {
    const run = runCli([
      'episode',
      '--seed',
      '2',
      '--set',
      'items.count=2',
      '--set',
      'cell.duration_s=5',
      '--set',
      'items.fragile_fraction=1',
      '--set',
      'items.fragile_force_limit_n=2',
      '--invariant',
      'no_crush',
    ]);
    expect(run.stdout).toMatch(/pick_success_rate/);
    expect(run.stdout).toMatch(/no_crush\s+VIOLATED/);
    expect(run.code).toBe(1);
  });

  it('rejects a bad --set with exit 3, naming the nearest or the valid parameters', () => {
    const typo = runCli(['episode', '--seed', '1', '--set', 'gripper.vacum_kpa=50']);
    expect(typo.code).toBe(3);
    expect(typo.stderr).toMatch(
      /unknown parameter "gripper.vacum_kpa" \(did you mean "gripper.vacuum_kpa"\?\)/,
    );
    expect(typo.stderr).not.toMatch(/\n\s+at /);
    const unknown = runCli(['episode', '--seed', '1', '--set', 'zzz=1']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/valid parameters: items\.count, items\.shape/);
    const range = runCli(['episode', '--seed', '1', '--set', 'gripper.vacuum_kpa=500']);
    expect(range.code).toBe(3);
    expect(range.stderr).toMatch(/gripper\.vacuum_kpa: 500 is outside the physical range \[10, 90\] kPa/);
    const model = runCli(['episode', '--seed', '1', '--model', 'm.onnx']);
    expect(model.code).toBe(3);
    expect(model.stderr).toMatch(/^simgate: m\.onnx: ONNX model file not found/);
  });

  it('has help with an example', () => {
    const help = runCli(['episode', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/simgate episode --task pick --policy reference --seed 7/);
  });
});
