// The missing-reading front end of stream models: the pure hold-last rule, the card key that
// selects it, and the bundled forecasters run through the real runtime with it (v2 declares it,
// v1 does not and fails closed on the first missing reading).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStreamModelPolicy, loadModel, ModelError, parseCard } from '../../../policies/onnx/index.js';
import { frontEndWindow, holdLastReading } from '../../../policies/onnx/stream-policy.js';
import type { ForecastPolicy } from '../../../policies/policy.js';
import { MODELS } from './helpers.js';
import { join } from 'node:path';

const f32 = (values: readonly number[]) => Float32Array.from(values);
const GAP = Number.NaN;

async function forecaster(name: string): Promise<ForecastPolicy> {
  const model = await loadModel(join(MODELS, `${name}.onnx`));
  const policy = await createStreamModelPolicy(model);
  if (policy.kind !== 'forecaster') throw new Error(`${name} is not a forecaster`);
  return policy;
}

describe('holdLastReading', () => {
  it('holds the last finite reading through missing ones, inside and at the end of the window', () => {
    expect(Array.from(holdLastReading(f32([1, GAP, GAP, 4, GAP])))).toEqual([1, 1, 1, 4, 4]);
  });

  it('gives leading missing readings the first finite one after them', () => {
    expect(Array.from(holdLastReading(f32([GAP, GAP, 3, 5])))).toEqual([3, 3, 3, 5]);
  });

  it('treats infinite readings as missing', () => {
    const w = f32([2, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 7]);
    expect(Array.from(holdLastReading(w))).toEqual([2, 2, 2, 7]);
  });

  it('leaves a window without any finite reading missing, so the model fails closed', () => {
    const out = holdLastReading(f32([GAP, GAP, GAP]));
    expect(out).toHaveLength(3);
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
  });

  it('returns a complete window untouched and never mutates its input', () => {
    const full = f32([1, 2, 3]);
    expect(holdLastReading(full)).toBe(full);
    const gappy = f32([1, GAP, 3]);
    holdLastReading(gappy);
    expect(Number.isNaN(gappy[1])).toBe(true);
  });

  it('strategy none passes the window through as it is', () => {
    const gappy = f32([1, GAP, 3]);
    expect(frontEndWindow(gappy, 'none')).toBe(gappy);
    expect(Array.from(frontEndWindow(gappy, 'hold_last'))).toEqual([1, 1, 3]);
  });

  it('property: finite readings stay, each missing one takes the nearest earlier (else first) finite', () => {
    const reading = fc.oneof(
      fc.float({ min: -50, max: 50, noNaN: true, noDefaultInfinity: true }),
      fc.constant(Number.NaN),
    );
    fc.assert(
      fc.property(fc.array(reading, { minLength: 1, maxLength: 60 }), (values) => {
        const w = Float32Array.from(values);
        const out = holdLastReading(w);
        const finite = [...w.keys()].filter((i) => Number.isFinite(w[i]));
        if (finite.length === 0) return Array.from(out).every(Number.isNaN);
        for (let i = 0; i < w.length; i++) {
          const before = finite.filter((j) => j <= i);
          const source = before.length > 0 ? before[before.length - 1] : finite[0];
          if (!Object.is(out[i], w[source])) return false;
        }
        return true;
      }),
      { seed: 20250601, numRuns: 300 },
    );
  });
});

describe('card key missing', () => {
  const card = (missing: string) => `task: stream
name: f
version: 1.0.0
kind: forecaster
window: 4
horizon: 1
sensor: temperature
units: °C
inputs:
  window: { series: reading, length: 4 }
outputs:
  forecast: { series: forecast, length: 1 }
${missing}provenance:
  created: 2025-06-01
`;

  it('is optional and takes hold_last or none', () => {
    expect(parseCard(card(''), 'f.card.yaml').missing).toBeUndefined();
    expect(parseCard(card('missing: { strategy: hold_last }\n'), 'f.card.yaml').missing).toEqual({
      strategy: 'hold_last',
    });
  });

  it('rejects an unknown strategy with the field path and position', () => {
    const error = (() => {
      try {
        parseCard(card('missing: { strategy: interpolate }\n'), 'f.card.yaml');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).problems.join('\n')).toMatch(
      /f\.card\.yaml:13:\d+ missing\.strategy: must be one of "hold_last", "none"/,
    );
  });
});

describe('bundled forecasters and missing readings', () => {
  const clean = Float32Array.from({ length: 48 }, (_, i) => 18 + 0.02 * i);
  const gappy = Float32Array.from(clean, (v, i) => (i % 7 === 3 || i === 0 || i === 47 ? Number.NaN : v));

  it('v2 declares hold_last and forecasts from a window with gaps as from the held window', async () => {
    const v2 = await forecaster('temp-forecast-v2');
    const [fromGaps, fromHeld, fromNothing] = await v2.forecast([
      gappy,
      holdLastReading(gappy),
      new Float32Array(48).fill(Number.NaN),
    ]);
    expect(Array.from(fromGaps).every(Number.isFinite)).toBe(true);
    expect(Array.from(fromGaps)).toEqual(Array.from(fromHeld));
    for (const v of fromGaps) expect(Math.abs(v - 18.94)).toBeLessThan(0.5);
    // No finite reading at all: nothing to hold, the forecast stays NaN and the episode fails closed.
    expect(Array.from(fromNothing).every(Number.isNaN)).toBe(true);
  });

  it('v1 has no front end: one missing reading makes its forecast NaN', async () => {
    const v1 = await forecaster('temp-forecast-v1');
    const window = clean.slice(-24);
    const oneGap = Float32Array.from(window, (v, i) => (i === 10 ? Number.NaN : v));
    const [ok, bad] = await v1.forecast([window, oneGap]);
    expect(Array.from(ok).every(Number.isFinite)).toBe(true);
    expect(Array.from(bad).some(Number.isNaN)).toBe(true);
  });
});
