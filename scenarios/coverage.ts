// Coverage of a suite: how many samples exercise each operating-domain cell (tag) and each
// requirement, and which requirements of the requirements file no scenario traces to.
import type { Requirement } from './requirements.js';
import type { Scenario } from './types.js';

export interface CoverageRow {
  readonly key: string;
  readonly scenarios: number;
  readonly samples: number;
}

export interface RequirementCoverage extends CoverageRow {
  /** The requirement text, when the requirements file has the id. */
  readonly text?: string;
}

export interface SuiteCoverage {
  readonly scenarios: number;
  readonly samples: number;
  /** Per tag (ODD cell), sorted by tag. */
  readonly tags: readonly CoverageRow[];
  /** Per requirement id: every id of the requirements file plus any traced id, sorted by id. */
  readonly requirements: readonly RequirementCoverage[];
  /** Requirement ids of the requirements file that no scenario traces to. */
  readonly uncovered: readonly string[];
  /** Scenarios tracing to no requirement at all. */
  readonly untraced: readonly string[];
}

export function suiteCoverage(
  scenarios: readonly Scenario[],
  requirements: readonly Requirement[],
): SuiteCoverage {
  const byTag = tally(scenarios, (s) => s.tags);
  const byReq = tally(scenarios, (s) => s.requirements);
  const ids = new Set([...requirements.map((r) => r.id), ...byReq.keys()]);
  const reqRows = [...ids].sort(compareIds).map((id) => {
    const row = byReq.get(id) ?? { key: id, scenarios: 0, samples: 0 };
    const text = requirements.find((r) => r.id === id)?.text;
    return text === undefined ? row : { ...row, text };
  });
  return {
    scenarios: scenarios.length,
    samples: scenarios.reduce((n, s) => n + s.samples, 0),
    tags: [...byTag.values()].sort((a, b) => a.key.localeCompare(b.key)),
    requirements: reqRows,
    uncovered: requirements.filter((r) => !byReq.has(r.id)).map((r) => r.id),
    untraced: scenarios.filter((s) => s.requirements.length === 0).map((s) => s.id),
  };
}

function tally(
  scenarios: readonly Scenario[],
  keys: (s: Scenario) => readonly string[],
): Map<string, CoverageRow> {
  const rows = new Map<string, CoverageRow>();
  for (const s of scenarios) {
    for (const key of new Set(keys(s))) {
      const row = rows.get(key) ?? { key, scenarios: 0, samples: 0 };
      rows.set(key, { key, scenarios: row.scenarios + 1, samples: row.samples + s.samples });
    }
  }
  return rows;
}

/** SR-2 before SR-10: compare the numeric parts as numbers. */
function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Plain-text coverage table for terminals and Markdown code blocks. */
export function formatCoverage(coverage: SuiteCoverage): string {
  const lines = [`${coverage.scenarios} scenarios, ${coverage.samples} samples per model`];
  if (coverage.tags.length > 0) {
    lines.push('', 'samples per ODD cell (tag):');
    for (const row of coverage.tags)
      lines.push(`  ${row.key.padEnd(28)} ${pad(row.samples)} (${row.scenarios} scen.)`);
  }
  if (coverage.requirements.length > 0) {
    lines.push('', 'samples per requirement:');
    for (const row of coverage.requirements) {
      const flag = row.scenarios === 0 ? '  ← NOT COVERED' : '';
      lines.push(
        `  ${row.key.padEnd(10)} ${pad(row.samples)} (${row.scenarios} scen.)${flag}${row.text ? `  ${row.text}` : ''}`,
      );
    }
  }
  if (coverage.uncovered.length > 0)
    lines.push('', `requirements with no scenario: ${coverage.uncovered.join(', ')}`);
  if (coverage.untraced.length > 0)
    lines.push(`scenarios tracing to no requirement: ${coverage.untraced.join(', ')}`);
  return lines.join('\n');
}

function pad(n: number): string {
  return String(n).padStart(6);
}
