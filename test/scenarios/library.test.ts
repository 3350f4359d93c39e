// The bundled scenario library: every file validates, traces to requirements, covers the
// requirements file, stays small enough for a fast sweep, and each pick scenario's first
// sample runs in the real engine with the reference policy.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePickPolicy } from '../../policies/reference/pick.js';
import { suiteCoverage } from '../../scenarios/coverage.js';
import { loadSuite } from '../../scenarios/load.js';
import { sampleParams } from '../../scenarios/sample.js';
import { runPickEpisodes } from '../../sim/pick/episode.js';
import { loadRapier, type Rapier } from '../../sim/physics.js';

const library = join(import.meta.dirname, '../../scenarios/library');
const suite = loadSuite([library]);

describe('bundled scenario library', () => {
  it('validates: at least 16 scenarios, pick and stream', () => {
    expect(suite.scenarios.length).toBeGreaterThanOrEqual(16);
    expect(suite.scenarios.filter((s) => s.task === 'pick').length).toBeGreaterThanOrEqual(13);
    expect(suite.scenarios.filter((s) => s.task === 'stream').length).toBeGreaterThanOrEqual(7);
  });

  it('files live under pick/ and stream/ by task', () => {
    for (const s of suite.scenarios) expect(s.file).toContain(`/library/${s.task}/`);
  });

  it('every scenario traces to requirements and carries an ODD tag', () => {
    for (const s of suite.scenarios) {
      expect(s.requirements.length, s.id).toBeGreaterThan(0);
      expect(
        s.tags.some((t) => t.startsWith('odd:')),
        s.id,
      ).toBe(true);
    }
  });

  it('covers every requirement of the requirements file', () => {
    const coverage = suiteCoverage(suite.scenarios, suite.requirements);
    expect(suite.requirements.length).toBeGreaterThan(10);
    expect(coverage.uncovered).toEqual([]);
    expect(coverage.untraced).toEqual([]);
  });

  it('stays small enough for a fast sweep', () => {
    for (const s of suite.scenarios) {
      expect(s.samples, s.id).toBeLessThanOrEqual(20);
      if (s.task === 'pick') expect(s.duration_s, s.id).toBeLessThanOrEqual(90);
    }
  });

  it('samples every scenario inside the parameter ranges', () => {
    for (const s of suite.scenarios) {
      for (let i = 0; i < s.samples; i++) {
        const params = sampleParams(s, 7, i);
        for (const [name, value] of Object.entries(params)) {
          if (typeof value === 'number') expect(Number.isFinite(value), `${s.id} ${name}`).toBe(true);
        }
      }
    }
  });
});

describe('pick library scenarios run in the engine', () => {
  let rapier: Rapier;
  beforeAll(async () => {
    rapier = await loadRapier();
  });

  const pick = suite.scenarios.filter((s) => s.task === 'pick');
  it.each(pick.map((s) => [s.id, s] as const))(
    '%s: first sample runs with the reference policy',
    async (_, s) => {
      // A short slice of the episode keeps the test fast; every scenario parameter still applies.
      const params = { ...sampleParams(s, 1, 0), 'cell.duration_s': 8 };
      const [run] = await runPickEpisodes(
        rapier,
        [{ params, seed: `library-${s.id}`, invariants: s.invariants }],
        referencePickPolicy.decide,
      );
      expect(run.error?.message).toBeUndefined();
      expect(['ok', 'violation']).toContain(run.status);
      expect(run.invariants.map((i) => i.name).sort()).toEqual(s.invariants.map((i) => i.name).sort());
      expect(run.sim_time_s).toBeGreaterThan(0);
    },
  );
});
