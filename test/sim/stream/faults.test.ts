import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../sim/params.js';
import { faultProblems, type StreamFault } from '../../../sim/stream/catalog.js';
import { planDelivery } from '../../../sim/stream/delivery.js';
import { simulateStream } from '../../../sim/stream/index.js';
import { STREAM_PARAMS } from '../../../sim/stream/params.js';

const params = resolveParams(STREAM_PARAMS, { 'stream.sensor': 'temperature' });
const clean = simulateStream(params, 'f', [], 24);
const run = (...faults: StreamFault[]) => simulateStream(params, 'f', faults, 24);
/** Sample index of hour h (period 60 s). */
const at = (h: number) => h * 60;

describe('stream faults', () => {
  it('never touch the ground truth, and a clean stream has no labels', () => {
    const s = run({ kind: 'step', start_h: 2, magnitude: 5 }, { kind: 'nan', start_h: 3, end_h: 4 });
    expect(Array.from(s.truth)).toEqual(Array.from(clean.truth));
    expect(clean.label.every((x) => x === 0)).toBe(true);
  });

  it('step adds its magnitude from start_h to end_h and labels exactly those samples', () => {
    const s = run({ kind: 'step', start_h: 2, end_h: 5, magnitude: 4 });
    expect(s.observed[at(2) - 1]).toBe(clean.observed[at(2) - 1]);
    expect(s.observed[at(2)] - clean.observed[at(2)]).toBeCloseTo(4, 9);
    expect(s.observed[at(5) - 1] - clean.observed[at(5) - 1]).toBeCloseTo(4, 9);
    expect(s.observed[at(5)]).toBe(clean.observed[at(5)]);
    expect(s.label.reduce((a, b) => a + b, 0)).toBe(at(3));
  });

  it('linear drift grows with slope × elapsed hours; exponential approaches its magnitude', () => {
    const lin = run({ kind: 'drift', start_h: 1, slope_per_h: 0.5 });
    expect(lin.observed[at(11)] - clean.observed[at(11)]).toBeCloseTo(5, 9);
    const exp = run({ kind: 'drift', shape: 'exponential', start_h: 0, magnitude: 2, tau_h: 1 });
    expect(exp.observed[at(1)] - clean.observed[at(1)]).toBeCloseTo(2 * (1 - Math.exp(-1)), 9);
    expect(exp.observed[at(20)] - clean.observed[at(20)]).toBeCloseTo(2, 6);
  });

  it('stuck repeats the last good reading, or the given value', () => {
    const s = run({ kind: 'stuck', start_h: 3, end_h: 4 });
    const held = clean.observed[at(3) - 1];
    for (let i = at(3); i < at(4); i++) expect(s.observed[i]).toBe(held);
    expect(run({ kind: 'stuck', start_h: 3, end_h: 4, value: -7 }).observed[at(3) + 5]).toBe(-7);
  });

  it('spike hits about probability × samples by ±magnitude and labels only them', () => {
    const s = run({ kind: 'spike', start_h: 0, magnitude: 10, probability: 0.1 });
    let hits = 0;
    for (let i = 0; i < s.t.length; i++) {
      const d = s.observed[i] - clean.observed[i];
      if (s.label[i] === 1) {
        hits++;
        expect(Math.abs(Math.abs(d) - 10)).toBeLessThan(1e-9);
      } else expect(d).toBe(0);
    }
    expect(hits).toBeGreaterThan(0.07 * s.t.length);
    expect(hits).toBeLessThan(0.13 * s.t.length);
  });

  it('nan makes readings NaN; dropout removes samples from delivery', () => {
    const s = run({ kind: 'nan', start_h: 1, end_h: 2 }, { kind: 'dropout', start_h: 5, end_h: 6 });
    expect(Number.isNaN(s.observed[at(1) + 3])).toBe(true);
    expect(s.present[at(5) + 3]).toBe(0);
    const plan = planDelivery(s, 10, 0);
    expect(plan.values.length).toBe(s.t.length - 60);
  });

  it('quantize rounds to the step and saturates', () => {
    const s = run({ kind: 'quantize', start_h: 0, step: 0.5, max: 18 });
    for (let i = 0; i < s.t.length; i += 37) {
      expect(s.observed[i]).toBeLessThanOrEqual(18);
      expect((s.observed[i] * 2) % 1).toBe(0);
    }
  });

  it('latency delays arrival; the consumer window then lags', () => {
    const s = run({ kind: 'latency', start_h: 0, delay_s: 600 });
    expect(s.arrival_s[100] - s.t[100]).toBe(600);
    const plan = planDelivery(s, 5, 0);
    const first = plan.decisions[0];
    expect(first).toBe(10 + 4); // 10 samples in flight, 5 needed
  });

  it('reorder delivers a sample after its successor; skew shifts reported timestamps only', () => {
    const s = run({ kind: 'reorder', start_h: 0, probability: 1, end_h: 0.05 });
    const plan = planDelivery(s, 1, 0);
    expect(plan.values[0]).toBe(s.observed[1]);
    const k = run({ kind: 'skew', start_h: 1, offset_s: 30, ppm: 1000 });
    expect(k.t_reported[at(2)] - k.t[at(2)]).toBeCloseTo(30 + 3.6, 9);
    expect(Array.from(k.observed)).toEqual(Array.from(clean.observed));
  });

  it('random faults by rate_per_h are Poisson occurrences, reproducible from the seed', () => {
    const f: StreamFault = { kind: 'step', rate_per_h: 0.5, duration_h: 0.5, magnitude: 3 };
    const a = run(f);
    const b = run(f);
    expect(a.occurrences.length).toBeGreaterThan(3);
    expect(a.occurrences.length).toBeLessThan(25);
    expect(a.occurrences).toEqual(b.occurrences);
    expect(Array.from(a.observed)).toEqual(Array.from(b.observed));
  });

  it('faultProblems reports unknown kinds and keys with suggestions, and missing required keys', () => {
    expect(faultProblems({ kind: 'spik' })[0]).toMatch(/did you mean "spike"/);
    expect(faultProblems({ kind: 'step', start_h: 1, magnitud: 2 })).toEqual([
      'magnitud: unknown key for a step fault (did you mean "magnitude"?)',
      'magnitude: required for a step fault',
    ]);
    expect(faultProblems({ kind: 'drift', shape: 'cubic' })[0]).toMatch(/^shape: must be one of/);
    expect(faultProblems({ kind: 'nan', start_h: 3, end_h: 2 })).toEqual([
      'end_h: 2 must be after start_h 3',
    ]);
    expect(faultProblems({ kind: 'latency', delay_s: 5 })).toEqual([]);
  });
});
