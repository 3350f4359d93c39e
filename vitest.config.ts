import { defineConfig } from 'vitest/config';
import LongFirstSequencer from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests simulate hundreds of real episodes; two test files share 2 vCPUs.
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // The machine has 2 vCPUs and rapier is memory-bound; more forks only thrash.
    pool: 'forks',
    maxWorkers: 2,
    // A fork runs file after file without being restarted: each file's test code is evaluated
    // afresh, the imported modules (rapier, onnxruntime, ajv schemas) are loaded once per fork.
    // Files share no state through them: nothing a test changes in process.env, the working
    // directory or stdout outlives it (test/README.md), and the suite passes in shuffled order.
    isolate: false,
    // The slowest files first (the demo runs for minutes), so the two forks finish together.
    sequence: { sequencer: LongFirstSequencer },
  },
});
