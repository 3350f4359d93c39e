import { describe, expect, it } from 'vitest';
import {
  canonical,
  readTelemetry,
  TELEMETRY_SCHEMA,
  TelemetryError,
  TelemetryWriter,
  telemetryDigest,
} from '../../sim/telemetry.js';

describe('telemetry writer', () => {
  it('writes meta first, rounds numbers and reads back', () => {
    const w = new TelemetryWriter({ task: 'pick', seed: '1' });
    w.write('event', 1 / 3, { kind: 'drop', height_m: 0.123456789, v: -0 });
    w.write('sensor', 2, { data: new Float32Array([0.5, 1.25]), bad: Number.NaN });
    const text = w.text();
    expect(text.split('\n')[0]).toBe(
      `{"type":"meta","schema":"${TELEMETRY_SCHEMA}","task":"pick","seed":"1"}`,
    );
    expect(text).toContain('"t":0.333333');
    expect(text).toContain('"height_m":0.123457');
    expect(text).toContain('"v":0}');
    expect(text).toContain('"data":[0.5,1.25],"bad":null');
    const back = readTelemetry(text);
    expect(back.meta.task).toBe('pick');
    expect(back.records.map((r) => r.type)).toEqual(['event', 'sensor']);
    expect(w.digest()).toBe(telemetryDigest(text));
    expect(w.digest()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('canonical() is stable under re-rounding', () => {
    const once = canonical({ a: [1e-7, 2.0000004, -1.2345678] });
    expect(canonical(once)).toEqual(once);
    expect(once).toEqual({ a: [0, 2, -1.234568] });
  });
});

describe('telemetry reader errors name the line', () => {
  const meta = `{"type":"meta","schema":"${TELEMETRY_SCHEMA}"}`;
  const cases: [string, string, RegExp][] = [
    ['empty', '', /f\.jsonl:1: empty file/],
    ['no meta', '{"type":"event","t":0}\n', /f\.jsonl:1: first record must have type "meta"/],
    ['schema', '{"type":"meta","schema":"x/v9"}\n', /f\.jsonl:1: meta\.schema must be/],
    ['bad json', `${meta}\n{"type":"event",\n`, /f\.jsonl:2: invalid JSON/],
    [
      'bad type',
      `${meta}\n{"type":"event","t":0}\n{"type":"weird","t":1}\n`,
      /f\.jsonl:3: type must be one of/,
    ],
    ['no time', `${meta}\n{"type":"sensor"}\n`, /f\.jsonl:2: t must be a finite number/],
    ['array', `${meta}\n[1,2]\n`, /f\.jsonl:2: each line must be a JSON object/],
  ];
  for (const [name, text, message] of cases) {
    it(name, () => {
      expect(() => readTelemetry(text, 'f.jsonl')).toThrow(message);
      try {
        readTelemetry(text, 'f.jsonl');
      } catch (error) {
        expect(error).toBeInstanceOf(TelemetryError);
        expect((error as TelemetryError).code).toBe('SIMGATE_TELEMETRY');
      }
    });
  }
});
