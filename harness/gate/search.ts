// The gate's safety search: before any comparison, the candidate runs the counterexample corpus
// and the search budget over the operating envelope (harness/check). Its outcome is written to
// OUT/search.json, so `simgate report OUT` decides exactly as the run did without searching again.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../reports/write-file.js';
import { displayPath } from '../../scenarios/problems.js';
import { UsageError } from '../common/errors.js';
import { defaultEnvelope, loadEnvelope } from '../check/envelope.js';
import { safetySearch, type SearchOutcome } from '../check/search.js';
import { TrialRunner } from '../check/trials.js';
import type { GateSearch } from './input.js';
import type { ResolvedRun } from './resolve.js';

export const SEARCH_FILE = 'search.json';

export interface GateSearchRecord extends GateSearch {
  readonly schema: 'simgate.search/v1';
  readonly model_sha256: string;
  readonly envelope: { readonly source: string; readonly sha256: string };
  readonly seed: number;
  readonly landscape: SearchOutcome['landscape'];
  readonly shared: SearchOutcome['shared'];
  /** Violations that did not recur in other worlds of the same parameters (not evidence). */
  readonly unconfirmed: number;
}

export async function runGateSearch(
  run: ResolvedRun,
  signal?: AbortSignal,
  log?: (line: string) => void,
): Promise<GateSearchRecord | undefined> {
  const s = run.search;
  const candidate = run.models.candidate.model;
  if (!s || !candidate || !run.refs) return undefined;
  const kind = candidate.card.kind;
  const envelope = s.envelope ? loadEnvelope(s.envelope, run.task, kind) : defaultEnvelope(run.task, kind);
  const runner = new TrialRunner({
    task: run.task,
    model: run.refs.candidate,
    invariants: s.invariants,
    workers: run.workers,
    outDir: join(run.out, 'search'),
    cacheDir: run.cacheDir,
    // Every pick trial also says how differently the production model would have acted.
    shadow: run.refs.baseline,
    ...(signal ? { signal } : {}),
  });
  // Differential: a violation is confirmed against the production model in the same world.
  const baselineRunner = new TrialRunner({
    task: run.task,
    model: run.refs.baseline,
    invariants: s.invariants,
    workers: 1,
    outDir: join(run.out, 'search', 'baseline'),
    cacheDir: run.cacheDir,
    ...(signal ? { signal } : {}),
  });
  let outcome: SearchOutcome;
  try {
    outcome = await safetySearch(
      {
        envelope,
        model: {
          ...run.refs.candidate,
          kind: 'onnx',
          sha256: candidate.sha256,
          cardSha256: candidate.cardSha256,
          display: displayPath(run.invocation.candidate),
        } as Parameters<typeof safetySearch>[0]['model'],
        invariants: s.invariants,
        runner,
        baseline: baselineRunner,
        ...(log ? { log } : {}),
      },
      {
        seed: run.suiteSeed,
        budget: s.budget,
        shrinkBudget: s.shrink_budget,
        population: s.population,
        strategy: 'guided',
        corpusDir: s.corpus,
        save: true,
      },
    );
  } catch (error) {
    if (signal?.aborted) return undefined;
    throw error;
  } finally {
    await runner.close();
    await baselineRunner.close();
  }
  const searched = outcome.episodes.explore + outcome.episodes.search;
  const record: GateSearchRecord = {
    schema: 'simgate.search/v1',
    model_sha256: candidate.sha256,
    envelope: {
      source: envelope.source === 'default' ? 'default' : displayPath(envelope.source),
      sha256: envelope.sha256,
    },
    seed: run.suiteSeed,
    complete: outcome.counterexamples.length > 0 || searched >= s.budget,
    budget: s.budget,
    episodes: outcome.episodes.corpus + searched + outcome.episodes.shrink + outcome.episodes.confirm,
    counterexamples: outcome.counterexamples.map((c) => ({
      invariant: c.invariant,
      scenario_id: c.scenario_id,
      file: displayPath(c.file),
      margin: c.margin,
      found_by: c.found_by,
      replay: c.replay,
    })),
    weakest: outcome.weakest,
    shared: outcome.shared,
    unconfirmed: outcome.unconfirmed.length,
    landscape: outcome.landscape,
  };
  writeFileAtomic(join(run.out, SEARCH_FILE), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** The search a gate run recorded in OUT (for `simgate report`); it must be of this candidate. */
export function readGateSearch(out: string, run: ResolvedRun): GateSearchRecord | undefined {
  const path = join(out, SEARCH_FILE);
  if (!run.search) return undefined;
  if (!existsSync(path)) return undefined;
  let data: GateSearchRecord;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as GateSearchRecord;
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (data?.schema !== 'simgate.search/v1' || !Array.isArray(data.counterexamples))
    throw new UsageError(`${path}: not a simgate safety-search record`);
  const sha = run.models.candidate.model?.sha256;
  if (sha && data.model_sha256 !== sha)
    throw new UsageError(
      `${path}: searched candidate sha256 ${data.model_sha256}, but the candidate is now ${sha}`,
    );
  return data;
}
