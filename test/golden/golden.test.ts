// Golden episodes: fixed (scenario, sample, suite seed, policy) episodes of each task whose trace
// digest, KPIs, invariant margins and event counts are pinned in test/golden/{pick,stream}.json.
// The test reruns each exactly as `simgate episode --scenario F --sample N --suite-seed S` does
// (the worker's batch code, one episode per batch) and fails on any difference, listing every
// field that moved. A change to the physics, the sensors, the controller or a bundled model must
// update them on purpose, in the same commit, saying why:
//
//   npm run golden:update        (UPDATE_GOLDEN=1 vitest run test/golden)
//
// Pinned: the reference policies and the bundled production models pick-v1 and
// temp-forecast-v1 (their sha256 too: a retrained model is a new file, never new bytes here).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { episodeFromScenario } from '../../harness/episode/spec.js';
import type { EpisodeReport, PolicyRef } from '../../harness/sweep/ipc.js';
import runBatch from '../../harness/sweep/worker/episode-worker.js';
import type { Task } from '../../scenarios/types.js';
import { repoRoot } from '../helpers/cli.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const SUITE_SEED = 7;

interface GoldenCase {
  /** Scenario file under test/golden/scenarios. */
  readonly scenario: string;
  readonly sample: number;
  /** 'reference' or a bundled model under models/. */
  readonly policy: string;
}

const PICK_POLICIES = ['reference', 'pick-v1'];
const STREAM_POLICIES = ['reference', 'temp-forecast-v1'];

const CASES: Record<Task, GoldenCase[]> = {
  pick: PICK_POLICIES.flatMap((policy) =>
    [
      ['pick-nominal', 0],
      ['pick-nominal', 1],
      ['pick-heavy-low-vacuum', 0],
      ['pick-heavy-low-vacuum', 1],
      ['pick-fragile', 0],
      ['pick-walkway', 0],
    ].map(([scenario, sample]) => ({ scenario: `${scenario}.yaml`, sample: sample as number, policy })),
  ),
  stream: STREAM_POLICIES.flatMap((policy) =>
    [
      ['stream-nominal', 0],
      ['stream-nominal', 1],
      ['stream-faults', 0],
    ].map(([scenario, sample]) => ({ scenario: `${scenario}.yaml`, sample: sample as number, policy })),
  ),
};

/** What is pinned of one episode: everything reproducible it reports. */
type Pinned = Omit<EpisodeReport, 'id' | 'error'> & { readonly error?: string };

interface GoldenFile {
  readonly suite_seed: number;
  /** sha256 of each model file the episodes ran. */
  readonly models: Record<string, string>;
  readonly episodes: Record<string, Pinned>;
}

const goldenDir = join(repoRoot, 'test', 'golden');
const modelPath = (name: string) => join(repoRoot, 'models', `${name}.onnx`);
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const caseName = (c: GoldenCase) => `${c.scenario.replace(/\.yaml$/, '')}#${c.sample} ${c.policy}`;

async function runCase(task: Task, c: GoldenCase): Promise<Pinned> {
  const episode = episodeFromScenario(join(goldenDir, 'scenarios', c.scenario), c.sample, SUITE_SEED);
  const policy: PolicyRef =
    c.policy === 'reference'
      ? { kind: 'reference', task }
      : { kind: 'onnx', task, path: modelPath(c.policy), sha256: sha256(modelPath(c.policy)) };
  const done = await runBatch({
    type: 'run-batch',
    batch: 'golden',
    task,
    policy,
    episodes: [
      {
        id: caseName(c),
        seed: episode.seed,
        params: episode.params,
        invariants: episode.invariants,
        faults: episode.faults,
        ...(episode.horizon_h !== undefined ? { horizon_h: episode.horizon_h } : {}),
      },
    ],
  });
  const { id: _id, error, ...report } = done.episodes[0];
  return JSON.parse(JSON.stringify({ ...report, ...(error ? { error: error.message } : {}) }));
}

/** Every leaf that differs between two JSON values, as `path: pinned → now`. */
function differences(path: string, pinned: unknown, now: unknown, out: string[]): string[] {
  if (typeof pinned === 'object' && pinned !== null && typeof now === 'object' && now !== null) {
    const keys = new Set([...Object.keys(pinned), ...Object.keys(now)]);
    for (const k of [...keys].sort())
      differences(
        `${path}.${k}`,
        (pinned as Record<string, unknown>)[k],
        (now as Record<string, unknown>)[k],
        out,
      );
  } else if (pinned !== now) {
    out.push(`${path}: ${JSON.stringify(pinned)} → ${JSON.stringify(now)}`);
  }
  return out;
}

for (const task of ['pick', 'stream'] as const) {
  describe(`golden ${task} episodes`, () => {
    const file = join(goldenDir, `${task}.json`);
    const policies = task === 'pick' ? PICK_POLICIES : STREAM_POLICIES;

    it(`match test/golden/${task}.json (npm run golden:update rewrites it)`, {
      timeout: 600_000,
    }, async () => {
      const now: GoldenFile = {
        suite_seed: SUITE_SEED,
        models: Object.fromEntries(
          policies.filter((p) => p !== 'reference').map((p) => [p, sha256(modelPath(p))]),
        ),
        episodes: {},
      };
      for (const c of CASES[task]) now.episodes[caseName(c)] = await runCase(task, c);
      if (UPDATE) {
        writeFileSync(file, `${JSON.stringify(now, null, 2)}\n`);
        return;
      }
      const pinned: GoldenFile = JSON.parse(readFileSync(file, 'utf8'));
      const changed = differences(task, pinned, now, []);
      expect(
        changed,
        `golden ${task} episodes changed. If the change is intended (physics, sensors, controller, ` +
          'a bundled model), run `npm run golden:update` and commit the new file with the reason.',
      ).toEqual([]);
    });

    // Reads the committed file (under UPDATE_GOLDEN the test above is rewriting it).
    it.skipIf(UPDATE)('are episodes that exercise the model: every one ran and did something', () => {
      const pinned: GoldenFile = JSON.parse(readFileSync(file, 'utf8'));
      expect(Object.keys(pinned.episodes).sort()).toEqual(CASES[task].map(caseName).sort());
      for (const [name, e] of Object.entries(pinned.episodes)) {
        expect(['ok', 'violation'], name).toContain(e.status);
        expect(e.trace_digest, name).toMatch(/^[0-9a-f]{64}$/);
        expect(e.steps, name).toBeGreaterThan(0);
      }
    });
  });
}
