// junit.xml must tell CI the same story as the decision: render it from the report data the gate
// builds (reports/junit.ts) and check that failing safety testcases ⇔ a safety REJECT, that a
// PROMOTE has no failure or error, a REJECT at least one failure and an ERROR at least one error.
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { decideGate } from '../../harness/gate/decide.js';
import type { GateEpisode, GateInput, GatePair } from '../../harness/gate/input.js';
import { gateReportData } from '../../harness/gate/report.js';
import { renderJunit } from '../../reports/junit.js';
import type { ReportData } from '../../reports/types.js';
import { syntheticInput } from '../harness/gate/synthetic.js';

const INVARIANTS = ['no_hazardous_drop', 'no_crush'] as const;

const RUN = {
  episodes: { planned: 0, run: 0, cached: 0, errored: 0 },
  provenance: {
    models: {
      candidate: { path: 'c.onnx', sha256: 'c'.repeat(64), card: null },
      baseline: { path: 'b.onnx', sha256: 'b'.repeat(64), card: null },
    },
    scenarios: [],
    config: null,
    versions: {},
    seeds: { suite: 1 },
    shard: null,
  },
};

interface Testcase {
  '@_classname': string;
  '@_name': string;
  failure?: unknown;
  error?: unknown;
  skipped?: unknown;
}

function junitCases(report: ReportData): Testcase[] {
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' }).parse(
    renderJunit(report),
  );
  return doc.testsuites.testsuite.testcase ?? [];
}

/** Like the engine: every candidate and baseline episode reports every invariant of its scenario. */
function withInvariants(
  episode: GateEpisode | undefined,
  violated: readonly string[] = [],
): GateEpisode | undefined {
  if (!episode) return episode;
  return {
    ...episode,
    status: violated.length > 0 ? 'violation' : episode.status,
    invariants: INVARIANTS.map((name) => {
      const bad = violated.includes(name);
      return { name, worst: bad ? 1 : 0, margin: bad ? -1 : 1, violated: bad };
    }),
  };
}

interface Case {
  readonly shift: number;
  readonly noise: number;
  readonly violations: readonly { index: number; invariant: string; model: 'candidate' | 'baseline' }[];
  readonly erroredAt: number | null;
}

function inputOf(c: Case, pairs = 40): GateInput {
  const base = syntheticInput({ pairs, seed: 5, successShift: c.shift, noise: c.noise });
  return {
    ...base,
    pairs: base.pairs.map((p, i): GatePair => {
      const bad = (model: 'candidate' | 'baseline') =>
        c.violations.filter((v) => v.index === i && v.model === model).map((v) => v.invariant);
      const candidate = withInvariants(p.candidate, bad('candidate'));
      return {
        ...p,
        candidate:
          c.erroredAt === i
            ? // An errored episode reports no invariants (sweep/results.ts errorResult).
              { ...candidate!, status: 'error', invariants: [], error: { message: 'worker exited' } }
            : candidate,
        baseline: withInvariants(p.baseline, bad('baseline')),
      };
    }),
  };
}

function checkAgreement(input: GateInput): void {
  const decision = decideGate(input);
  const report = gateReportData(input, decision, RUN);
  const cases = junitCases(report);
  const failingSafety = cases
    .filter((t) => t['@_classname'] === 'simgate.safety_invariant' && t.failure !== undefined)
    .map((t) => t['@_name'].split(' ').at(-1));
  const safetyReasons = report.reasons.filter((r) => r.rule === 'safety_invariant' && r.status === 'fail');
  // Failing safety testcases ⇔ the decision is a safety REJECT, invariant for invariant.
  expect(failingSafety.length > 0).toBe(report.decision === 'REJECT' && safetyReasons.length > 0);
  expect(new Set(failingSafety)).toEqual(new Set(safetyReasons.map((r) => r.kpi)));
  const failures = cases.filter((t) => t.failure !== undefined).length;
  const errors = cases.filter((t) => t.error !== undefined).length;
  if (report.decision === 'PROMOTE') expect([failures, errors]).toEqual([0, 0]);
  if (report.decision === 'REJECT') expect(failures).toBeGreaterThan(0);
  if (report.decision === 'ERROR') expect(errors).toBeGreaterThan(0);
  if (report.decision === 'INCONCLUSIVE') expect(failures).toBe(0);
  // The testsuite's own counters agree with its testcases.
  const xml = renderJunit(report);
  expect(xml).toContain(`failures="${failures}" errors="${errors}"`);
  expect(xml).toContain(`<property name="decision" value="${report.decision}"/>`);
}

describe('junit.xml agrees with the decision', () => {
  it('a safety REJECT has exactly the violated invariants as failing safety testcases', () => {
    const input = inputOf({
      shift: 0.03,
      noise: 0.03,
      violations: [
        { index: 12, invariant: 'no_crush', model: 'candidate' },
        { index: 13, invariant: 'no_hazardous_drop', model: 'baseline' },
      ],
      erroredAt: null,
    });
    const report = gateReportData(input, decideGate(input), RUN);
    expect(report.decision).toBe('REJECT');
    const cases = junitCases(report);
    const safety = cases.filter((t) => t['@_classname'] === 'simgate.safety_invariant');
    expect(safety.map((t) => [t['@_name'], t.failure !== undefined])).toEqual([
      ['safety_invariant [all] no_crush', true],
      ['safety_invariant [all] no_hazardous_drop', false],
    ]);
    checkAgreement(input);
  });

  it('a PROMOTE has no failing testcase, with a baseline violation reported alongside', () => {
    const input = inputOf({
      shift: 0.03,
      noise: 0.03,
      violations: [{ index: 3, invariant: 'no_crush', model: 'baseline' }],
      erroredAt: null,
    });
    const report = gateReportData(input, decideGate(input), RUN);
    expect(report.decision).toBe('PROMOTE');
    expect(report.safety.violations).toHaveLength(1);
    checkAgreement(input);
  });

  it('holds for random candidates, violations of either model and errored episodes (fast-check, seed 4242)', () => {
    const violation = fc.record({
      index: fc.integer({ min: 0, max: 39 }),
      invariant: fc.constantFrom(...INVARIANTS),
      model: fc.constantFrom('candidate' as const, 'baseline' as const),
    });
    fc.assert(
      fc.property(
        fc.record({
          shift: fc.constantFrom(-0.1, 0, 0.03),
          noise: fc.constantFrom(0.01, 0.03, 0.3),
          violations: fc.array(violation, { maxLength: 3 }),
          erroredAt: fc.option(fc.integer({ min: 0, max: 39 }), { freq: 4 }),
        }),
        (c) => checkAgreement(inputOf(c)),
      ),
      { seed: 4242, numRuns: 60 },
    );
  });

  // A REJECT from a counterexample past the last complete look (an interrupted run, decide.ts
  // "The results end at an incomplete look") carries the violation in its reasons only: the
  // invariant summaries and checks cover the screened pairs, which stop before it, so junit.xml
  // shows no failing testcase for a REJECT. Marked as a known failure until decide.ts counts it.
  it('a REJECT from a violation past an incomplete look has a failing safety testcase', () => {
    const c: Case = {
      shift: 0,
      noise: 0.3,
      violations: [{ index: 25, invariant: 'no_crush', model: 'candidate' }],
      erroredAt: null,
    };
    const full = inputOf(c);
    // Results end after 28 pairs: the look at 30 is incomplete.
    const input = {
      ...full,
      pairs: full.pairs.map((p, i) => (i < 28 ? p : { ...p, candidate: undefined, baseline: undefined })),
    };
    expect(decideGate(input).decision).toBe('REJECT');
    checkAgreement(input);
  });
});
