import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The machine has 2 vCPUs and rapier is memory-bound; more forks only thrash.
    pool: 'forks',
    maxWorkers: 2,
  },
});
