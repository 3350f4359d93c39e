import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests simulate hundreds of real episodes; two test files share 2 vCPUs.
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // The machine has 2 vCPUs and rapier is memory-bound; more forks only thrash.
    pool: 'forks',
    maxWorkers: 2,
  },
});
