// The tests `npm run mutate:stats` runs: only the direct tests of the statistics
// (test/harness/gate/stats), so a statistic's score says what its own tests catch, not what the
// decision tests that call it happen to notice. A full `npm run mutate` also runs the decision
// tests against these modules; its stats score is at least this one.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/harness/gate/stats/*.test.ts'],
    env: { SIMGATE_MUTATION_RUN: '1' },
    testTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
