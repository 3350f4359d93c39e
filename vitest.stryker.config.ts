// The tests mutation testing runs: fast unit tests of the safety-critical modules, importing the
// TypeScript source (tests of dist/ never see a mutant). No CLI, no pool, no sweeps of hundreds
// of episodes, no property test of thousands of runs (fuzz.test.ts, escaping.test.ts): every
// mutant reruns the tests that cover it, instrumented code runs several times slower, and the
// machine has 2 CPUs, so each test here must take well under a second. Stryker runs them in
// worker threads, where process.chdir() is unavailable (load.test.ts uses it). Code a test file
// runs while it is collected (not inside a test) counts as "static": every test reruns for each
// of its mutants, so calibration.test.ts, which calibrates at import, stays out.
import { defineConfig } from 'vitest/config';

export const MUTATION_TESTS = [
  'test/harness/gate/decide.test.ts',
  'test/harness/gate/decide-looks.test.ts',
  'test/harness/gate/decide-rules.test.ts',
  'test/harness/gate/decide-paths.test.ts',
  'test/harness/gate/looks.test.ts',
  'test/harness/gate/look-figures.test.ts',
  'test/harness/gate/stats/pairedBinary-reference.test.ts',
  'test/harness/gate/config.test.ts',
  'test/harness/gate/config-resolve.test.ts',
  'test/harness/gate/decide-safety.test.ts',
  'test/harness/gate/report.test.ts',
  'test/harness/gate/stats/*.test.ts',
  'test/sim/pick/suction.test.ts',
  'test/sim/pick/suction-closed-form.test.ts',
  'test/sim/pick/outcome.test.ts',
  'test/sim/pick/grasp.test.ts',
  'test/harness/sweep/results.test.ts',
  'test/harness/sweep/results-order.test.ts',
  'test/scenarios/bad-corpus.test.ts',
  'test/scenarios/check.test.ts',
  'test/scenarios/build.test.ts',
  'test/scenarios/sample.test.ts',
  'test/reports/escape.test.ts',
  'test/reports/junit-consistency.test.ts',
];

export default defineConfig({
  test: {
    include: MUTATION_TESTS,
    // Tests that are too slow to rerun for every mutant check this and skip themselves; each
    // says what covers its code here instead.
    env: { SIMGATE_MUTATION_RUN: '1' },
    testTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
