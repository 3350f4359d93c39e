// The gate's own figures: a whole gate with a cold and then a warm episode cache (the CI case:
// the production model's episodes are reused, only a changed candidate is simulated), and the
// sequential design against a fixed-sample design on the bundled gate cases — each case runs
// its whole plan once, then both designs decide from the same plan-ordered results.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../harness/common/package-root.js';
import { type GateInput, sequentialSavings } from '../harness/gate/index.js';
import { gateInputOf } from '../harness/gate/pairs.js';
import { resolveGateRun } from '../harness/gate/resolve.js';
import { executeGate } from '../harness/gate/run.js';
import { runSweep } from '../harness/sweep/engine.js';

interface GateCase {
  readonly name: string;
  readonly candidate: string;
  readonly baseline: string;
  readonly suite?: readonly string[];
}

export async function benchGate(log: (line: string) => void = console.log): Promise<void> {
  const root = packageRoot();
  const models = (name: string) => join(root, 'models', `${name}.onnx`);
  const cases: GateCase[] = [
    { name: 'pick-v2 vs pick-v1', candidate: models('pick-v2'), baseline: models('pick-v1') },
    { name: 'pick-v1 vs pick-v2', candidate: models('pick-v1'), baseline: models('pick-v2') },
    {
      name: 'fragile-fast vs pick-v1 (fragile)',
      candidate: join(root, 'test', 'fixtures', 'models', 'fragile-fast.onnx'),
      baseline: models('pick-v1'),
      suite: [join(root, 'scenarios', 'library', 'pick', 'fragile-items.yaml')],
    },
    {
      name: 'temp-forecast-v2 vs v1',
      candidate: models('temp-forecast-v2'),
      baseline: models('temp-forecast-v1'),
    },
    {
      name: 'temp-forecast-v1 vs v2',
      candidate: models('temp-forecast-v1'),
      baseline: models('temp-forecast-v2'),
    },
  ];
  const work = mkdtempSync(join(tmpdir(), 'simgate-bench-gate-'));
  const inputs: GateInput[] = [];
  try {
    const timed = async (label: string) => {
      const started = performance.now();
      const resolved = await resolveGateRun({
        invocation: { schema: 'simgate.gate/v1', candidate: cases[0].candidate, baseline: cases[0].baseline },
        workers: '2',
        out: join(work, label),
        cacheDir: join(work, 'gate-cache'),
      });
      const run = await executeGate(resolved);
      return { s: (performance.now() - started) / 1000, counts: run.sweep!.counts };
    };
    const cold = await timed('cold');
    const warm = await timed('warm');
    log(
      `gate ${cases[0].name}: cold cache ${cold.s.toFixed(1)} s (${cold.counts.run} simulated), ` +
        `warm cache ${warm.s.toFixed(2)} s (${warm.counts.cached} cached, ${warm.counts.run} simulated): ` +
        `${(cold.s / warm.s).toFixed(1)}× faster`,
    );
    for (const [i, c] of cases.entries()) {
      const run = await resolveGateRun({
        invocation: {
          schema: 'simgate.gate/v1',
          candidate: c.candidate,
          baseline: c.baseline,
          ...(c.suite ? { suite: c.suite } : {}),
        },
        workers: '2',
        out: join(work, `case-${i}`),
        cacheDir: join(work, 'cache'),
      });
      if (!run.plan) throw new Error(`${c.name}: the models did not load`);
      // The whole plan runs once; both designs then decide from the same results.
      const sweep = await runSweep({ plan: run.plan, workers: 2, outDir: run.out, cacheDir: run.cacheDir });
      inputs.push(gateInputOf(run, sweep.results));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const savings = sequentialSavings(inputs);
  log('case                               sequential            fixed                 same');
  savings.cases.forEach((s, i) => {
    const cell = (d: { decision: string; episodes: number }) => `${d.decision} ${d.episodes}`.padEnd(22);
    log(`${cases[i].name.padEnd(35)}${cell(s.sequential)}${cell(s.fixed)}${s.same_decision ? 'yes' : 'NO'}`);
  });
  log(
    `episodes used, sequential / fixed where both agree (${savings.agreeing} of ${savings.cases.length} cases): ` +
      `${savings.ratio_when_agreeing.toFixed(3)}`,
  );
}
