// Test file order for `vitest run`: the longest files start first, so the two forks finish
// together instead of one fork running the demo alone at the end. Vitest's own order puts files
// with a recorded duration longest first, but a fresh checkout (CI) has no record and falls back
// to file size, which starts the demo (a short file that runs for minutes) last. LONG_FIRST is the
// measured order of the slowest files (test/README.md, "Running time"); every other file keeps
// Vitest's order after them. Order only: each file still runs in its own fork and reads nothing
// another file wrote.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { rngStream } from '../sim/rng.js';

export const LONG_FIRST: readonly string[] = [
  'test/e2e/demo.test.ts',
  'test/harness/gate/aa.test.ts',
  'test/e2e/gate.test.ts',
  'test/e2e/integrity-corpus.test.ts',
  'test/tools/onnx/build-zoo.test.ts',
  'test/e2e/run.test.ts',
  'test/e2e/gate-stream.test.ts',
  'test/e2e/episode-scenario.test.ts',
  'test/e2e/planted.test.ts',
  'test/e2e/replay.test.ts',
  'test/policies/onnx/cell.test.ts',
  'test/e2e/integrity.test.ts',
  'test/e2e/check.test.ts',
  'test/e2e/replay-malformed.test.ts',
  'test/e2e/gate-resolve.test.ts',
  'test/e2e/monitor.test.ts',
  'test/e2e/episode-stream.test.ts',
  'test/e2e/model-validate.test.ts',
  'test/e2e/scenarios.test.ts',
  'test/harness/sweep/engine.test.ts',
  'test/sim/pick/odd-scenarios.test.ts',
  'test/e2e/config-hostile.test.ts',
  'test/tools/stream-zoo.test.ts',
  'test/harness/monitor/validate.test.ts',
  'test/golden/compilers.test.ts',
];

export default class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // SHUFFLE_FILES=<seed> wins: the files in a seeded random order, to show that no file depends
    // on another having run first (Vitest's --sequence.shuffle.files does not reach a custom
    // sequencer).
    const seed = process.env.SHUFFLE_FILES;
    if (seed !== undefined && seed !== '') return shuffled(files, Number(seed));
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const at = LONG_FIRST.indexOf(relative(file.project.config.root, file.moduleId).split('\\').join('/'));
      return at < 0 ? LONG_FIRST.length : at;
    };
    return sorted
      .map((file, index) => ({ file, index, rank: rank(file) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map(({ file }) => file);
  }
}

/** Fisher–Yates on the project's seeded streams: the same seed, the same order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = rngStream('test-file-order', seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
