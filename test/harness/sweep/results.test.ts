import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindingOf } from '../../../harness/sweep/binding.js';
import { manifestOf } from '../../../harness/sweep/manifest.js';
import { planSweep } from '../../../harness/sweep/plan.js';
import {
  type EpisodeResult,
  errorResult,
  inPlanOrder,
  ResultsAppender,
  readResultsFile,
  resultLine,
  toResult,
} from '../../../harness/sweep/results.js';
import { FC, pair, scenario } from './plan.fixture.js';

const plan = planSweep({ scenarios: [scenario('a', 3), scenario('b', 2)], models: pair, suiteSeed: 1 });
const manifest = manifestOf(
  plan,
  { simgate: '1', node: '20', rapier: '2', onnxruntime: '3' },
  'f'.repeat(64),
);
const expected = bindingOf(manifest);
const bound = (i: number) => expected(plan.episodes[i].role, plan.episodes[i].scenario_id)!;

function okResult(index: number): EpisodeResult {
  return toResult(
    plan.episodes[index],
    {
      status: 'ok',
      kpis: { z_last: 1, a_first: 0.5 },
      invariants: [{ name: 'no_crush', worst: 0, margin: 1, violated: false }],
      events: { pick: 2, drop: 1 },
      trace_digest: `digest-${index}`,
      steps: 10,
      sim_time_s: 1,
    },
    bound(index),
  );
}

const tmp = () => mkdtempSync(join(tmpdir(), 'simgate-results-'));

describe('result lines', () => {
  it('are canonical JSON: fixed top-level order, sorted nested keys, one line', () => {
    const line = resultLine(okResult(0));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(Object.keys(JSON.parse(line))).toEqual([
      'episode_id',
      'scenario_id',
      'sample',
      'role',
      'model_id',
      'model_sha256',
      'task',
      'seed',
      'status',
      'kpis',
      'invariants',
      'events',
      'trace_digest',
      'steps',
      'sim_time_s',
      'provenance',
    ]);
    expect(line).toContain('"kpis":{"a_first":0.5,"z_last":1}');
    expect(line).toContain('"events":{"drop":1,"pick":2}');
    expect(line).toContain(`"model_sha256":"${'c'.repeat(64)}"`);
    expect(JSON.parse(line).provenance).toEqual({
      card_sha256: 'c0'.repeat(32),
      config_sha256: 'f'.repeat(64),
      plan_hash: plan.planHash,
      scenario_sha256: plan.scenarios[0].sha256,
      versions: { node: '20', onnxruntime: '3', rapier: '2', simgate: '1' },
    });
  });

  it('keep an error message and code but never the stack (it names this machine)', () => {
    const r = errorResult(
      plan.episodes[0],
      { message: 'boom', code: 'E_X', stack: 'Error: boom\n at /home/x.js:1' },
      bound(0),
    );
    expect(r.status).toBe('error');
    expect(r.error).toEqual({ message: 'boom', code: 'E_X' });
    expect(resultLine(r)).not.toContain('/home/x.js');
  });
});

describe('results file', () => {
  it('drops a torn last line on resume and reports the well-formed prefix', () => {
    const path = join(tmp(), 'results.jsonl');
    const whole = resultLine(okResult(0)) + resultLine(okResult(1));
    writeFileSync(path, `${whole}${resultLine(okResult(2)).slice(0, 40)}`);
    const read = readResultsFile(path, { tornTail: 'cut' });
    expect(read.torn).toBe(true);
    expect(read.validBytes).toBe(Buffer.byteLength(whole));
    expect(read.results.map((r) => r.episode_id)).toEqual([plan.episodes[0].id, plan.episodes[1].id]);
    expect(read.lines).toEqual([1, 2]);
    // Everywhere but resume, a torn line is an unfinished file, refused with its line.
    expect(() => readResultsFile(path, { tornTail: 'refuse' })).toThrow(/results\.jsonl:3: truncated line/);
  });

  it('refuses garbage in the middle of the file, naming file and line', () => {
    const path = join(tmp(), 'results.jsonl');
    writeFileSync(path, `${resultLine(okResult(0))}{not json\n${resultLine(okResult(1))}`);
    expect(() => readResultsFile(path, { tornTail: 'cut' })).toThrow(/results\.jsonl:2: not JSON/);
  });

  it('names file, line and field of every wrong-typed, null or duplicated line at once', () => {
    const path = join(tmp(), 'results.jsonl');
    const good = okResult(0);
    const lines = [
      resultLine(good),
      'null\n',
      resultLine({ ...okResult(1), kpis: { pick_success_rate: 'high' } } as unknown as EpisodeResult),
      resultLine({ ...okResult(2), sample: -1 }),
      resultLine({ ...okResult(3), episode_id: 'b#9@candidate' }),
      resultLine(good),
      '\n',
    ];
    writeFileSync(path, lines.join(''));
    let message = '';
    try {
      readResultsFile(path, { tornTail: 'cut' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${path}:2: not a result object (got null)`);
    expect(message).toContain(`${path}:3: kpis.pick_success_rate: must be number or null (got "high")`);
    expect(message).toContain(`${path}:4: sample: must be >= 0`);
    expect(message).toContain(
      `${path}:5: episode_id: "b#9@candidate" does not match scenario_id, sample and role`,
    );
    expect(message).toContain(`${path}:6: episode ${good.episode_id} appears again (first at line 1)`);
    expect(message).toContain(`${path}:7: empty line`);
  });

  it('resumes by cutting the torn tail before appending', () => {
    const path = join(tmp(), 'results.jsonl');
    writeFileSync(path, resultLine(okResult(0)));
    appendFileSync(path, '{"episode_id":"a#1@cand');
    const read = readResultsFile(path, { tornTail: 'cut' });
    const appender = new ResultsAppender(path, { validBytes: read.validBytes });
    appender.append([okResult(1)]);
    appender.close();
    expect(readFileSync(path, 'utf8')).toBe(resultLine(okResult(0)) + resultLine(okResult(1)));
  });

  it('reads back in plan order whatever the completion order', () => {
    const all = plan.episodes.map((_, i) => okResult(i));
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (shuffled) => {
        const path = join(tmp(), 'results.jsonl');
        const appender = new ResultsAppender(path, undefined);
        for (const r of shuffled) appender.append([r]);
        appender.close();
        expect(inPlanOrder(plan, readResultsFile(path, { tornTail: 'refuse' }).results)).toEqual(all);
      }),
      { ...FC, numRuns: 20 },
    );
  });
});
