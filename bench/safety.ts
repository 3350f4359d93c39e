// The safety search on the planted-flaw family (test/fixtures/models/planted): for each of the
// ten flaws (a box of 0.9% of the envelope), the episodes guided search and uniform sampling need
// to the first counterexample of the flaw's own (differential, against the cautious base), whether
// the default budget finds it, how close the shrunk counterexample lies to the box's boundary,
// and whether the clean twin's search (the gate's, default budget) finds anything of its own (it
// must not); then the search's episode rate next to the engine's `run` rate on the same machine.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEnvelope, type Envelope } from '../harness/check/envelope.js';
import { decodePoint } from '../harness/check/space.js';
import { type SearchOutcome, type SearchSettings, safetySearch } from '../harness/check/search.js';
import { TrialRunner } from '../harness/check/trials.js';
import { packageRoot } from '../harness/common/package-root.js';
import { gateConfigFor } from '../harness/gate/configFile.js';
import { gateInvariants } from '../harness/gate/safety-config.js';
import { type ModelRef, onnxModelRef } from '../harness/sweep/plan.js';
import { loadModel } from '../policies/onnx/index.js';
import type { InvariantSpec } from '../scenarios/types.js';
import { rngStream } from '../sim/rng.js';

const SPANS = {
  'item.est_mass_kg': ['items.mass_kg', 0.05, 5],
  'gripper.vacuum_kpa': ['gripper.vacuum_kpa', 40, 80],
} as const;

async function refOf(path: string, role: string) {
  return onnxModelRef(role, await loadModel(path));
}

export async function benchSafety(log: (line: string) => void = console.log): Promise<void> {
  const dir = join(packageRoot(), 'test', 'fixtures', 'models', 'planted');
  const regions = JSON.parse(readFileSync(join(dir, 'regions.json'), 'utf8')) as {
    seed: number;
    box: Record<keyof typeof SPANS, [number, number]>;
  }[];
  const envelope = defaultEnvelope('pick');
  const invariants = gateInvariants('pick', gateConfigFor({}, 'pick').safety);
  const work = mkdtempSync(join(tmpdir(), 'simgate-bench-safety-'));
  const base = await refOf(join(dir, 'base.onnx'), 'baseline');
  const rows: {
    seed: number;
    guided: number | null;
    uniform: number | null;
    offsets: number[];
    /** The clean twin's own counterexample, if its search (the gate's) found one: it must not. */
    twin: string | null;
  }[] = [];
  let searchEpisodes = 0;
  let searchSeconds = 0;
  try {
    for (const { seed, box } of regions) {
      const flaw = await refOf(join(dir, `flaw-${seed}.onnx`), 'candidate');
      const twin = await refOf(join(dir, `twin-${seed}.onnx`), 'candidate');
      const run = async (
        strategy: SearchSettings['strategy'],
        budget: number,
        shrinkBudget: number,
        model = flaw,
      ) => {
        const name = model === flaw ? `flaw-${seed}` : `twin-${seed}`;
        const timed = await timedSearch({
          envelope,
          model,
          display: name,
          baseline: base,
          invariants,
          out: join(work, `${strategy}-${name}`),
          settings: { seed, budget, shrinkBudget, strategy },
        });
        searchSeconds += timed.seconds;
        searchEpisodes += timed.episodes;
        return timed.outcome;
      };
      const guided = await run('guided', 400, 160);
      const uniform = await run('uniform', 2000, 0);
      // The clean twin under the gate's own search (the default budget): nothing of its own.
      const twinCe = (await run('guided', 400, 160, twin)).counterexamples[0];
      const ce = guided.counterexamples[0];
      const offsets = ce
        ? Object.entries(SPANS).map(([f, [param, min, max]]) => {
            const [lo, hi] = box[f as keyof typeof SPANS];
            const v = Number(ce.params[param]);
            return v < lo || v > hi ? Number.POSITIVE_INFINITY : Math.min(v - lo, hi - v) / (max - min);
          })
        : [];
      rows.push({
        seed,
        guided: ce?.found_after ?? null,
        uniform: uniform.counterexamples[0]?.found_after ?? null,
        offsets,
        twin: twinCe ? `${twinCe.invariant} after ${twinCe.found_after} episodes` : null,
      });
      log(
        `flaw ${seed}: guided ${ce ? `${ce.found_after} episodes` : 'not found in 400'}, uniform ${uniform.counterexamples[0]?.found_after ?? '>2000'}; shrunk ${offsets.map((o) => `${(o * 100).toFixed(2)}%`).join(' / ')} of the range from the box boundary; twin: ${rows.at(-1)?.twin ?? 'nothing of its own in 400 episodes'}`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const found = rows.filter((r) => r.guided !== null);
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const g = median(found.map((r) => r.guided!));
  const u = median(rows.map((r) => r.uniform ?? 2000));
  log(`found with the default budget (400): ${found.length} of ${rows.length} planted flaws`);
  log(
    `clean twins with a counterexample of their own (the gate would REJECT them): ${rows.filter((r) => r.twin !== null).length} of ${rows.length}`,
  );
  log(
    `shrunk within 5% of the boundary on every shrunk dimension: ${found.filter((r) => r.offsets.every((o) => o <= 0.05)).length} of ${found.length}`,
  );
  log(
    `episodes to the first counterexample, median: guided ${g}, uniform ${u}: guided / uniform ${(g / u).toFixed(3)}`,
  );
  const searchRate = searchEpisodes / searchSeconds;
  const runRate = await engineRunRate(envelope, base, invariants);
  log(
    `search rate: ${searchRate.toFixed(1)} episodes/s with 2 workers; the engine's run rate on trials of the same envelope: ${runRate.toFixed(1)} episodes/s; search / run ${(searchRate / runRate).toFixed(2)}`,
  );
}

/**
 * One safety search on real worker threads (2 for the model, 1 for a differential baseline), with
 * population 8 and nothing saved; its wall time and every episode it ran, the baseline's included
 * (they are the search's work too).
 */
export async function timedSearch(o: {
  readonly envelope: Envelope;
  readonly model: ModelRef & { readonly kind: 'onnx' };
  readonly display: string;
  readonly baseline?: ModelRef;
  readonly invariants: readonly InvariantSpec[];
  readonly out: string;
  readonly settings: Pick<SearchSettings, 'seed' | 'budget' | 'shrinkBudget' | 'strategy'>;
}): Promise<{ outcome: SearchOutcome; episodes: number; seconds: number }> {
  const runnerFor = (model: ModelRef, workers: number, outDir: string, shadow?: ModelRef) =>
    new TrialRunner({
      task: o.envelope.task,
      model,
      invariants: o.invariants,
      workers,
      outDir,
      cacheDir: false,
      ...(shadow ? { shadow } : {}),
    });
  const runner = runnerFor(o.model, 2, o.out, o.baseline);
  const baseline = o.baseline ? runnerFor(o.baseline, 1, join(o.out, 'b')) : undefined;
  const started = performance.now();
  try {
    const outcome = await safetySearch(
      {
        envelope: o.envelope,
        model: { ...o.model, display: o.display },
        invariants: o.invariants,
        runner,
        ...(baseline ? { baseline } : {}),
      },
      { ...o.settings, population: 8, corpusDir: join(o.out, 'corpus'), save: false },
    );
    return {
      outcome,
      episodes: runner.episodes + (baseline?.episodes ?? 0),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await runner.close();
    await baseline?.close();
  }
}

/** Episodes per second of one plain engine sweep (2 workers) over uniform trials of the envelope. */
export async function engineRunRate(
  envelope: Envelope,
  model: ModelRef,
  invariants: readonly InvariantSpec[],
  trials = 32,
): Promise<number> {
  const rng = rngStream('bench-safety-run-rate');
  const points = Array.from({ length: trials }, () =>
    decodePoint(
      envelope,
      envelope.dims.map(() => rng.next()),
    ),
  );
  const out = mkdtempSync(join(tmpdir(), 'simgate-bench-run-'));
  const runner = new TrialRunner({
    task: envelope.task,
    model,
    invariants,
    workers: 2,
    outDir: out,
    cacheDir: false,
  });
  try {
    const started = performance.now();
    await runner.run('run', points);
    return runner.episodes / ((performance.now() - started) / 1000);
  } finally {
    await runner.close();
    rmSync(out, { recursive: true, force: true });
  }
}
