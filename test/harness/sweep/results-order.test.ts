// Plan order and the reproducible record (harness/sweep/results.ts): inPlanOrder keeps exactly the
// plan's episodes in the plan's order, whatever else the results hold; a result line carries the
// model hash of an ONNX model and nothing of the machine; writeResultsFile rewrites atomically.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSweep } from '../../../harness/sweep/plan.js';
import {
  type EpisodeResult,
  errorResult,
  inPlanOrder,
  RESULTS_FILE,
  readResultsFile,
  resultLine,
  resultsPath,
  toResult,
  writeResultsFile,
} from '../../../harness/sweep/results.js';
import { pair, scenario } from './plan.fixture.js';

const plan = planSweep({ scenarios: [scenario('a', 2), scenario('b', 1)], models: pair, suiteSeed: 1 });

/** What the engine binds a line to: the model's sha256 (from the plan) and the run's hashes. */
const boundFor = (episode: (typeof plan.episodes)[number]) => ({
  model_sha256: /^onnx:([0-9a-f]{64})/.exec(episode.model_id)?.[1] ?? null,
  provenance: {
    card_sha256: null,
    config_sha256: null,
    plan_hash: 'a'.repeat(64),
    scenario_sha256: 'e'.repeat(64),
    versions: { simgate: 'test' },
  },
});

const result = (index: number, digest = `d${index}`): EpisodeResult =>
  toResult(
    plan.episodes[index],
    {
      status: 'ok',
      kpis: { k: index },
      invariants: [],
      events: {},
      trace_digest: digest,
      steps: 1,
      sim_time_s: 1,
    },
    boundFor(plan.episodes[index]),
  );

describe('inPlanOrder', () => {
  it('returns the plan’s episodes in plan order, dropping results of other plans and missing ones', () => {
    const n = plan.episodes.length;
    expect(n).toBe(6);
    const foreign = { ...result(0), episode_id: 'not-in-this-plan' };
    const got = inPlanOrder(plan, [result(4), foreign, result(1), result(0)]);
    expect(got.map((r) => r.episode_id)).toEqual([0, 1, 4].map((i) => plan.episodes[i].id));
    expect(inPlanOrder(plan, [])).toEqual([]);
    const all = plan.episodes.map((_, i) => result(i)).reverse();
    expect(inPlanOrder(plan, all).map((r) => r.episode_id)).toEqual(plan.episodes.map((e) => e.id));
  });
  it('a result read twice for one episode (a resumed run) counts once: the later one', () => {
    const got = inPlanOrder(plan, [result(2, 'first'), result(2, 'second')]);
    expect(got).toHaveLength(1);
    expect(got[0].trace_digest).toBe('second');
  });
});

describe('the result record', () => {
  it('names the model hash of an ONNX model and none for a reference policy', () => {
    expect(result(0).model_sha256).toBe('c'.repeat(64));
    expect(result(1).model_sha256).toBe('b'.repeat(64));
    const reference = planSweep({
      scenarios: [scenario('a', 1)],
      models: [{ role: 'reference', kind: 'reference' }],
      suiteSeed: 1,
    });
    const r = toResult(
      reference.episodes[0],
      {
        status: 'ok',
        kpis: {},
        invariants: [],
        events: {},
        trace_digest: 'x',
        steps: 1,
        sim_time_s: 1,
      },
      boundFor(reference.episodes[0]),
    );
    expect(r.model_sha256).toBeNull();
    expect(r).not.toHaveProperty('error');
  });
  it('an errored episode keeps the message and code, never the stack, and reports nothing else', () => {
    const e = errorResult(
      plan.episodes[3],
      {
        message: 'thread died',
        code: 'E_DIED',
        stack: 'at /home/x.js:1',
      },
      boundFor(plan.episodes[3]),
    );
    expect(e).toMatchObject({
      status: 'error',
      kpis: {},
      invariants: [],
      events: {},
      trace_digest: '',
      steps: 0,
      sim_time_s: 0,
      error: { message: 'thread died', code: 'E_DIED' },
    });
    expect(JSON.stringify(e)).not.toContain('home');
    expect(errorResult(plan.episodes[3], { message: 'm' }, boundFor(plan.episodes[3])).error).toEqual({
      message: 'm',
    });
  });
});

describe('writeResultsFile', () => {
  it('rewrites the file with exactly the given lines and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simgate-order-'));
    const path = resultsPath(dir);
    expect(path).toBe(join(dir, RESULTS_FILE));
    expect(RESULTS_FILE).toBe('results.jsonl');
    writeResultsFile(path, [result(0), result(1), result(2)]);
    writeResultsFile(path, [result(1), result(0)]);
    expect(readFileSync(path, 'utf8')).toBe(resultLine(result(1)) + resultLine(result(0)));
    expect(readResultsFile(path, { tornTail: 'refuse' })).toEqual({
      results: [result(1), result(0)],
      lines: [1, 2],
      validBytes: readFileSync(path).length,
      torn: false,
    });
    expect(existsSync(`${path}.tmp`)).toBe(false);
    writeResultsFile(path, []);
    expect(readFileSync(path, 'utf8')).toBe('');
  });
  it('a missing file reads as no results', () => {
    expect(
      readResultsFile(join(tmpdir(), 'simgate-no-such-dir', 'results.jsonl'), { tornTail: 'refuse' }),
    ).toEqual({
      results: [],
      lines: [],
      validBytes: 0,
      torn: false,
    });
  });
});
