// Suite coverage: samples per ODD cell and per requirement, uncovered requirements flagged.
import { describe, expect, it } from 'vitest';
import { formatCoverage, suiteCoverage } from '../../scenarios/coverage.js';
import type { Scenario } from '../../scenarios/types.js';

const scenario = (id: string, samples: number, tags: string[], requirements: string[]): Scenario => ({
  id,
  title: id,
  task: 'pick',
  file: `/s/${id}.yaml`,
  sha256: '',
  requirements,
  tags,
  samples,
  seed: 0,
  params: {},
  invariants: [],
  kpi_criteria: [],
  faults: [],
});

const requirements = ['SR-1', 'SR-2', 'SR-10'].map((id) => ({
  id,
  text: `text of ${id}`,
  file: '/s/requirements.yaml',
}));

describe('suiteCoverage', () => {
  const coverage = suiteCoverage(
    [
      scenario('a', 10, ['odd:heavy', 'odd:nominal'], ['SR-1']),
      scenario('b', 5, ['odd:heavy'], ['SR-1', 'SR-10']),
      scenario('c', 3, [], []),
    ],
    requirements,
  );

  it('counts samples and scenarios per tag and per requirement', () => {
    expect(coverage.samples).toBe(18);
    expect(coverage.tags).toEqual([
      { key: 'odd:heavy', scenarios: 2, samples: 15 },
      { key: 'odd:nominal', scenarios: 1, samples: 10 },
    ]);
    expect(coverage.requirements.map((r) => [r.key, r.samples])).toEqual([
      ['SR-1', 15],
      ['SR-2', 0],
      ['SR-10', 5],
    ]);
  });

  it('flags requirements without scenarios and scenarios without requirements', () => {
    expect(coverage.uncovered).toEqual(['SR-2']);
    expect(coverage.untraced).toEqual(['c']);
    const text = formatCoverage(coverage);
    expect(text).toMatch(/SR-2 +0 \(0 scen\.\) {2}← NOT COVERED/);
    expect(text).toContain('requirements with no scenario: SR-2');
  });
});
