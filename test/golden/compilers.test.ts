// The engine's results do not depend on V8's WebAssembly compiler. `simgate episode` runs the
// engine on the baseline compiler only (Liftoff: one episode is over before optimised code would
// pay back its compilation, sim/physics.ts baselineCompilerOnly), a sweep of many episodes runs
// mostly optimised code (TurboFan). `node --no-liftoff` forces the optimising compiler for every
// function the episode calls: both give the same trace digest, and the golden episode's steps,
// status and KPIs (pinned in-process, without the CLI's trace header, so not its digest).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const golden = JSON.parse(readFileSync(join(repoRoot, 'test', 'golden', 'pick.json'), 'utf8')) as {
  suite_seed: number;
  episodes: Record<string, { status: string; steps: number; kpis: Record<string, number> }>;
};

const CASES = [
  { scenario: 'pick-nominal', sample: 0, policy: 'reference' },
  { scenario: 'pick-walkway', sample: 0, policy: 'pick-v1' },
] as const;

describe('golden episodes under either WebAssembly compiler', () => {
  it.each(CASES.map((c) => [`${c.scenario}#${c.sample} ${c.policy}`, c] as const))(
    '%s',
    (_, { scenario, sample, policy }) => {
      const pinned = golden.episodes[`${scenario}#${sample} ${policy}`];
      const args = [
        'episode',
        '--scenario',
        join(repoRoot, 'test', 'golden', 'scenarios', `${scenario}.yaml`),
        '--sample',
        String(sample),
        '--suite-seed',
        String(golden.suite_seed),
        ...(policy === 'reference'
          ? ['--policy', 'reference']
          : ['--model', join(repoRoot, 'models', `${policy}.onnx`)]),
        '--json',
      ];
      const digests = [[], ['--no-liftoff']].map((nodeArgs) => {
        const run = runCli(args, { nodeArgs });
        const what = `node ${nodeArgs.join(' ')} simgate episode: ${run.stderr}`;
        expect(run.code, what).toBe(pinned.status === 'ok' ? 0 : 1);
        const episode = JSON.parse(run.stdout);
        expect({ status: episode.status, steps: episode.steps, kpis: episode.kpis }, what).toEqual({
          status: pinned.status,
          steps: pinned.steps,
          kpis: pinned.kpis,
        });
        return episode.trace_digest as string;
      });
      expect(digests[1]).toBe(digests[0]);
    },
  );
});
