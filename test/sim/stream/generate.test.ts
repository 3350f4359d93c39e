import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../sim/params.js';
import { generateStream, physicalBounds } from '../../../sim/stream/generate.js';
import { STREAM_PARAMS, STREAM_SENSORS } from '../../../sim/stream/params.js';

const paramsFor = (sensor: string, extra: Record<string, number | string> = {}) =>
  resolveParams(STREAM_PARAMS, { 'stream.sensor': sensor, ...extra });

describe('stream generators', () => {
  for (const sensor of STREAM_SENSORS) {
    it(`${sensor}: deterministic from the seed and inside physical bounds`, () => {
      const p = paramsFor(sensor);
      const a = generateStream(p, 'seed-1', 72);
      const b = generateStream(p, 'seed-1', 72);
      const c = generateStream(p, 'seed-2', 72);
      expect(a.t.length).toBe(72 * 60);
      expect(Buffer.from(a.truth.buffer).equals(Buffer.from(b.truth.buffer))).toBe(true);
      expect(Buffer.from(a.observed.buffer).equals(Buffer.from(b.observed.buffer))).toBe(true);
      expect(Buffer.from(a.observed.buffer).equals(Buffer.from(c.observed.buffer))).toBe(false);
      const [lo, hi] = physicalBounds(sensor, p);
      for (const series of [a.truth, a.observed]) {
        for (const x of series) {
          expect(Number.isFinite(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(lo);
          expect(x).toBeLessThanOrEqual(hi);
        }
      }
    });
  }

  it('temperature follows a daily cycle and HVAC keeps it near the setpoint', () => {
    const free = generateStream(
      paramsFor('temperature', { 'temperature.hvac': 0, 'temperature.weather_sd_c': 0 }),
      's',
      48,
    );
    const hour = (h: number) => free.truth[h * 60];
    // Peak near 15:00 (+2 h hall lag), trough near 03:00.
    expect(hour(40)).toBeGreaterThan(hour(28) + 2);
    const hvac = generateStream(
      paramsFor('temperature', { 'temperature.mean_c': 22, 'temperature.weather_sd_c': 0 }),
      's',
      48,
    );
    const late = Array.from(hvac.truth.subarray(12 * 60));
    expect(Math.max(...late)).toBeLessThan(19 + 1 + 0.5);
  });

  it('vibration grows with bearing wear and is higher in the shift', () => {
    const s = generateStream(
      paramsFor('vibration', { 'vibration.wear_rate_per_h': 0.02, 'vibration.noise_mm_s': 0 }),
      's',
      240,
    );
    const noon = (day: number) => s.truth[(day * 24 + 12) * 60];
    const night = (day: number) => s.truth[(day * 24 + 2) * 60];
    expect(noon(0)).toBeGreaterThan(night(0));
    expect(noon(9)).toBeGreaterThan(noon(0) * 1.5);
  });

  it('battery voltage discharges and recharges', () => {
    const s = generateStream(paramsFor('battery', { 'battery.noise_v': 0 }), 's', 24);
    const v = Array.from(s.truth);
    expect(Math.max(...v) - Math.min(...v)).toBeGreaterThan(3);
    let rises = 0;
    for (let i = 60; i < v.length; i += 60) if (v[i] > v[i - 60] + 1) rises++;
    expect(rises).toBeGreaterThan(0);
  });

  it('vacuum follows the pick rhythm between open and sealed levels', () => {
    const s = generateStream(
      paramsFor('vacuum', { 'stream.period_s': 0.5, 'vacuum.noise_kpa': 0 }),
      's',
      0.1,
    );
    const v = Array.from(s.truth);
    expect(Math.min(...v)).toBeLessThan(10);
    expect(Math.max(...v)).toBeGreaterThan(50);
  });
});
