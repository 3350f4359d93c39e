// Incident scenarios (scenarios/incident.ts): sample 0 is the recorded scene exactly; the other
// samples vary it within the scenario's bounds, the same for the same seeds; a malformed incident
// block is refused with the file, line and field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incidentStart } from '../../scenarios/incident.js';
import { loadScenarioFile } from '../../scenarios/load.js';
import { inlineFiles, repoRoot } from '../helpers/cli.js';

const BASE = readFileSync(join(repoRoot, 'test', 'fixtures', 'scenarios', 'incident-minimal.yaml'), 'utf8');
const load = (text: string) => loadScenarioFile(join(inlineFiles({ 's.yaml': text }), 's.yaml'));

describe('incident scenarios', () => {
  const scenario = load(BASE);

  it('sample 0 starts from the recorded scene exactly, at the recorded time', () => {
    const start = incidentStart(scenario, 0, 0)!;
    expect(start.t).toBe(0.7);
    expect(start.items.map((i) => i.pose)).toEqual(scenario.incident!.items.map((i) => i.pose));
    expect(start.items[1].spec).toMatchObject({
      index: 1,
      shape: 'cylinder',
      massKg: 0.3,
      fragile: true,
      forceLimitN: 20,
    });
    // A missing velocity is at rest, a missing state is in the source tote.
    expect(start.items[1].velocity).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('other samples vary position, yaw, mass and start time within the bounds, reproducibly', () => {
    const v = scenario.incident!.variations;
    const starts = [1, 2, 3].map((k) => incidentStart(scenario, 0, k)!);
    expect(incidentStart(scenario, 0, 2)).toEqual(starts[1]);
    expect(incidentStart(scenario, 1, 2)).not.toEqual(starts[1]);
    for (const s of starts) {
      expect(Math.abs(s.t - 0.7)).toBeLessThanOrEqual(v.time_s);
      s.items.forEach((it, i) => {
        const r = scenario.incident!.items[i];
        expect(Math.abs(it.pose[0] - r.pose[0])).toBeLessThanOrEqual(v.position_m);
        expect(Math.abs(it.pose[1] - r.pose[1])).toBeLessThanOrEqual(v.position_m);
        expect(it.pose[2]).toBe(r.pose[2]);
        expect(Math.hypot(it.pose[3], it.pose[4], it.pose[5], it.pose[6])).toBeCloseTo(1, 6);
        expect(Math.abs(it.spec.massKg / r.mass_kg - 1)).toBeLessThanOrEqual(v.mass_rel + 1e-12);
      });
    }
    expect(new Set(starts.map((s) => s.t)).size).toBe(3);
  });

  const bad: [string, (t: string) => string, RegExp][] = [
    [
      'a stream scenario',
      (t) =>
        t
          .replace('task: pick', 'task: stream\nhorizon_h: 1')
          .replace('duration_s: 10\n', '')
          .replace('invariants: [no_crush]', 'invariants: []'),
      /incident: only for pick scenarios/,
    ],
    ['items out of id order', (t) => t.replace('{id: 1,', '{id: 4,'), /incident\.items\[1\]\.id: must be 1/],
    [
      'a pose that is not a unit quaternion',
      (t) => t.replace('0, 0, 0, 1]', '0, 0, 0, 2]'),
      /incident\.items\[0\]\.pose: must hold a unit quaternion/,
    ],
    [
      'a short pose',
      (t) => t.replace('pose: [-0.1, 0.05, 0.8, 0, 0, 0, 1]', 'pose: [-0.1, 0.05, 0.8]'),
      /incident\.items\[0\]\.pose: must have at least 7 items/,
    ],
    [
      'fragile as text',
      (t) => t.replace('fragile: false', 'fragile: "no"'),
      /incident\.items\[0\]\.fragile: must be true or false/,
    ],
    ['an unknown kind', (t) => t.replace('kind: crush', 'kind: fire'), /incident\.kind/],
    [
      'an item the scene lacks',
      (t) => t.replace('item: 1\n', 'item: 7\n'),
      /incident\.item: names item 7, but the scene has items 0 to 1/,
    ],
    ['a crush without its item', (t) => t.replace('  item: 1\n', ''), /missing required field "item"/],
    [
      'a variation too wide',
      (t) => t.replace('  start_t: 0.7\n', '  start_t: 0.7\n  variations: {position_m: 0.5}\n'),
      /incident\.variations\.position_m/,
    ],
    [
      'a start after the incident',
      (t) => t.replace('start_t: 0.7', 'start_t: 3'),
      /incident\.start_t: is after the incident/,
    ],
    ['no mass', (t) => t.replace('mass_kg: 0.5, ', ''), /missing required field "mass_kg"/],
  ];
  for (const [name, edit, message] of bad) {
    it(`refuses ${name} with the line and field`, () => {
      const text = edit(BASE);
      expect(text).not.toBe(BASE);
      expect(() => load(text)).toThrow(message);
      expect(() => load(text)).toThrow(/s\.yaml:\d+/);
    });
  }
});
