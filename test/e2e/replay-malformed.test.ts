// Malformed recordings through the real `simgate replay`: each one, JSON Lines or MCAP, is refused
// with exit 3 and a message naming the place (file:line, or file: /simgate/<channel>#<sequence>)
// and the field — never a crash, never an outcome, never a report. Each case breaks one thing
// in the bundled crush recording, which itself replays (test/e2e/replay.test.ts).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, inlineFiles, repoRoot } from '../helpers/cli.js';

const run = promisify(execFile);
const SOURCE = join(repoRoot, 'examples', 'incidents', 'crush-fragile.jsonl');
const MODEL = join(repoRoot, 'models', 'pick-v2.onnx');

type Rec = Record<string, unknown> & { type: string };
const base = (): Rec[] =>
  readFileSync(SOURCE, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);

/** Index of the first record matching `pred` (line = index + 1). */
const find = (recs: Rec[], pred: (r: Rec) => boolean): number => recs.findIndex(pred);
const isSettled = (r: Rec) => r.type === 'scene' && r.reason === 'settled';
const firstOf =
  (type: string, extra: (r: Rec) => boolean = () => true) =>
  (r: Rec) =>
    r.type === type && extra(r);
const item0 = (recs: Rec[]) => (recs[find(recs, isSettled)].items as Record<string, unknown>[])[0];

interface Case {
  readonly name: string;
  /** The file's text, or a function of the records returning the line (1-based) it breaks. */
  readonly text?: string;
  readonly edit?: (recs: Rec[]) => number;
  readonly message: RegExp;
}

const cases: Case[] = [
  { name: 'empty file', text: '', message: /:1: empty file/ },
  {
    name: 'not JSON',
    edit: (r) => {
      r.splice(2, 1, '{"type":"sensor",' as never);
      return 3;
    },
    message: /invalid JSON/,
  },
  {
    name: 'meta not first',
    edit: (r) => {
      r.reverse();
      return 1;
    },
    message: /first record must have type "meta"/,
  },
  {
    name: 'unknown schema',
    edit: (r) => {
      r[0].schema = 'simgate.telemetry/v9';
      return 1;
    },
    message: /meta\.schema must be one of/,
  },
  {
    name: 'stream recording',
    edit: (r) => {
      r[0].task = 'stream';
      return 1;
    },
    message: /meta\.task must be "pick"/,
  },
  {
    name: 'no params',
    edit: (r) => {
      delete r[0].params;
      return 1;
    },
    message: /meta\.params must be the cell's parameters/,
  },
  {
    name: 'unknown parameter',
    edit: (r) => {
      (r[0].params as Record<string, unknown>)['gripper.vaccum_kpa'] = 60;
      return 1;
    },
    message: /meta\.params\.unknown parameter "gripper\.vaccum_kpa" \(did you mean "gripper\.vacuum_kpa"\?\)/,
  },
  {
    name: 'parameter out of range',
    edit: (r) => {
      (r[0].params as Record<string, unknown>)['gripper.vacuum_kpa'] = 900;
      return 1;
    },
    message: /meta\.params\.gripper\.vacuum_kpa: 900 is outside/,
  },
  {
    name: 'another time base',
    edit: (r) => {
      (r[0].time_base as Record<string, unknown>).steps_per_s = 100;
      return 1;
    },
    message: /meta\.time_base\.steps_per_s must be 240/,
  },
  {
    name: 'unknown incident kind',
    edit: (r) => {
      (r[0].incident as Record<string, unknown>).kind = 'explosion';
      return 1;
    },
    message: /meta\.incident\.kind must be one of/,
  },
  {
    name: 'incident caused after its outcome',
    edit: (r) => {
      (r[0].incident as Record<string, unknown>).cause_t = 99;
      return 1;
    },
    message: /meta\.incident\.cause_t \(99\) is after its outcome/,
  },
  {
    name: 'crush without its item',
    edit: (r) => {
      delete (r[0].incident as Record<string, unknown>).item;
      return 1;
    },
    message: /meta\.incident\.item is required for a crush/,
  },
  {
    name: 'invariants not a list',
    edit: (r) => {
      r[0].invariants = 'all';
      return 1;
    },
    message: /meta\.invariants must be an array/,
  },
  {
    name: 'requested order names no item',
    edit: (r) => {
      r[0].requested_order = [0, 1, 2, 3, 4, 99];
      return 1;
    },
    message: /meta\.requested_order names an item the scene does not have/,
  },
  {
    name: 'unknown record type',
    edit: (r) => {
      const i = find(r, firstOf('event'));
      r[i].type = 'alarm';
      return i + 1;
    },
    message: /type must be one of/,
  },
  {
    name: 'record without time',
    edit: (r) => {
      const i = find(r, firstOf('action'));
      delete r[i].t;
      return i + 1;
    },
    message: /t must be a finite number of seconds/,
  },
  {
    name: 'negative time',
    edit: (r) => {
      const i = find(r, firstOf('event'));
      r[i].t = -1;
      return i + 1;
    },
    message: /t must be ≥ 0 seconds/,
  },
  {
    name: 'feature as text',
    edit: (r) => {
      const i = find(r, firstOf('observation'));
      (r[i].features as Record<string, unknown>)['item.est_mass_kg'] = 'heavy';
      return i + 1;
    },
    message: /features\.item\.est_mass_kg must be a number or null/,
  },
  {
    name: 'negative item id',
    edit: (r) => {
      const i = find(r, firstOf('observation'));
      r[i].item = -1;
      return i + 1;
    },
    message: /item must be a non-negative integer/,
  },
  {
    name: 'action without ok',
    edit: (r) => {
      const i = find(r, firstOf('action'));
      delete r[i].ok;
      return i + 1;
    },
    message: /ok must be true or false/,
  },
  {
    name: 'action value as text',
    edit: (r) => {
      const i = find(r, firstOf('action'));
      (r[i].action as Record<string, unknown>).confidence = 'high';
      return i + 1;
    },
    message: /action\.confidence must be a number/,
  },
  {
    name: 'short gantry reading',
    edit: (r) => {
      const i = find(
        r,
        firstOf('sensor', (x) => x.channel === 'periodic'),
      );
      r[i].gantry = [0.4, 0];
      return i + 1;
    },
    message: /gantry must be \[x, y, z, yaw\]/,
  },
  {
    name: 'seal quality above one',
    edit: (r) => {
      const i = find(
        r,
        firstOf('sensor', (x) => x.channel === 'seal'),
      );
      r[i].seal = 2;
      return i + 1;
    },
    message: /seal must be a seal quality in \[0, 1\]/,
  },
  {
    name: 'moving item without a pose',
    edit: (r) => {
      const i = find(
        r,
        firstOf('sensor', (x) => Array.isArray(x.moving)),
      );
      r[i].moving = [{ id: 0 }];
      return i + 1;
    },
    message: /moving\[0\] must be \{id, pose/,
  },
  {
    name: 'event without kind',
    edit: (r) => {
      const i = find(r, firstOf('event'));
      delete r[i].kind;
      return i + 1;
    },
    message: /kind must be a non-empty string/,
  },
  {
    name: 'scene items not a list',
    edit: (r) => {
      const i = find(r, isSettled);
      r[i].items = {};
      return i + 1;
    },
    message: /items must be an array of item records/,
  },
  {
    name: 'telemetry/v1 scene without friction',
    edit: (r) => {
      delete item0(r).friction;
      return find(r, isSettled) + 1;
    },
    message: /items\[0\]\.friction is missing: a closed-loop replay needs every item complete/,
  },
  {
    name: 'pose without a unit quaternion',
    edit: (r) => {
      item0(r).pose = [0, 0, 1, 0, 0, 0, 3];
      return find(r, isSettled) + 1;
    },
    message: /items\[0\]\.pose must hold a unit quaternion/,
  },
  {
    name: 'negative size',
    edit: (r) => {
      item0(r).half = [-0.05, -0.05, 0.05];
      return find(r, isSettled) + 1;
    },
    message: /items\[0\]\.half must be 3 half extents/,
  },
  {
    name: 'unknown shape',
    edit: (r) => {
      item0(r).shape = 'sphere';
      return find(r, isSettled) + 1;
    },
    message: /items\[0\]\.shape must be "box" or "cylinder"/,
  },
  {
    name: 'items out of id order',
    edit: (r) => {
      item0(r).id = 5;
      return find(r, isSettled) + 1;
    },
    message: /items\[0\]\.id must be 0/,
  },
  {
    name: 'no items',
    edit: (r) => {
      r[find(r, isSettled)].items = [];
      return find(r, isSettled) + 1;
    },
    message: /items is empty: nothing to pick/,
  },
  {
    name: 'restitution above one',
    edit: (r) => {
      item0(r).restitution = 1.5;
      return find(r, isSettled) + 1;
    },
    message: /items\[0\]\.restitution must be a restitution in \[0, 1\]/,
  },
  {
    name: 'a person without a position',
    edit: (r) => {
      const i = find(
        r,
        firstOf('sensor', (x) => x.channel === 'periodic'),
      );
      r[i].people = [{ id: 0, x: 1 }];
      return i + 1;
    },
    message: /people\[0\] must be \{id, x, y\} in metres/,
  },
  {
    name: 'an incident hours after picking began',
    edit: (r) => {
      Object.assign(r[0].incident as Record<string, unknown>, { t: 99_999, cause_t: 99_999 });
      return 1;
    },
    message: /a replay covers at most 7200 s/,
  },
  {
    name: 'more items than a cell holds',
    edit: (r) => {
      const scene = r[find(r, isSettled)];
      const one = (scene.items as Record<string, unknown>[])[0];
      scene.items = Array.from({ length: 31 }, (_, id) => ({ ...one, id }));
      return find(r, isSettled) + 1;
    },
    message: /items holds 31 items; a cell holds at most 30/,
  },
];

/** MCAP files: built by `simgate trace convert` from a broken JSON Lines file, or raw bytes. */
const mcapCases: {
  name: string;
  jsonl?: (recs: Rec[]) => void;
  bytes?: (good: Buffer) => Buffer;
  message: RegExp;
}[] = [
  {
    name: 'truncated MCAP',
    bytes: (g) => g.subarray(0, Math.floor(g.length / 2)),
    message: /the MCAP file is truncated|not a readable MCAP file/,
  },
  {
    name: 'not MCAP at all',
    bytes: () => Buffer.from('PK\u0003\u0004 not an mcap file'),
    message: /not a readable MCAP file/,
  },
  {
    name: 'MCAP scene without friction',
    jsonl: (r) => delete item0(r).friction,
    message: /\.mcap: \/simgate\/scene#1: items\[0\]\.friction is missing/,
  },
  {
    name: 'MCAP observation feature as text',
    jsonl: (r) => {
      (r[find(r, firstOf('observation'))].features as Record<string, unknown>)['item.fragile'] = 'yes';
    },
    message: /\.mcap: \/simgate\/observation#0: features\.item\.fragile must be a number or null/,
  },
  {
    name: 'MCAP stream recording',
    jsonl: (r) => {
      r[0].task = 'stream';
    },
    message: /\.mcap: \/simgate\/meta#0: meta\.task must be "pick"/,
  },
  {
    name: 'MCAP unknown incident kind',
    jsonl: (r) => {
      (r[0].incident as Record<string, unknown>).kind = 'fire';
    },
    message: /\.mcap: \/simgate\/meta#0: meta\.incident\.kind must be one of/,
  },
];

async function replayExit(
  file: string,
  out: string,
): Promise<{ code: number; stderr: string; stdout: string }> {
  try {
    const r = await run(process.execPath, [binPath, 'replay', file, '--model', MODEL, '--out', out], {
      cwd: repoRoot,
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0' },
    });
    return { code: 0, stderr: r.stderr, stdout: r.stdout };
  } catch (error) {
    const e = error as { code: number; stderr: string; stdout: string };
    return { code: e.code, stderr: e.stderr, stdout: e.stdout };
  }
}

/** Runs `jobs` at most `n` at a time. */
async function limited<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
      }
    }),
  );
  return out;
}

describe('simgate replay refuses malformed recordings (exit 3, located)', () => {
  const dir = inlineFiles({});
  const runs = new Map<string, { code: number; stderr: string; stdout: string; where: RegExp }>();

  beforeAll(async () => {
    const jobs: (() => Promise<void>)[] = [];
    cases.forEach((c, i) => {
      const file = join(dir, `case-${i}.jsonl`);
      let line = 1;
      if (c.text !== undefined) writeFileSync(file, c.text);
      else {
        const recs = base();
        line = c.edit!(recs);
        writeFileSync(
          file,
          `${recs.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`,
        );
      }
      const where = new RegExp(`case-${i}\\.jsonl:${line}: `);
      jobs.push(async () => {
        runs.set(c.name, { ...(await replayExit(file, join(dir, `out-${i}`))), where });
      });
    });
    const good = join(dir, 'good.mcap');
    await run(process.execPath, [binPath, 'trace', 'convert', SOURCE, good]);
    mcapCases.forEach((c, i) => {
      const file = join(dir, `mcap-${i}.mcap`);
      jobs.push(async () => {
        if (c.bytes) writeFileSync(file, c.bytes(readFileSync(good)));
        else {
          const recs = base();
          c.jsonl!(recs);
          const jsonl = join(dir, `mcap-${i}.jsonl`);
          writeFileSync(jsonl, `${recs.map((r) => JSON.stringify(r)).join('\n')}\n`);
          await run(process.execPath, [binPath, 'trace', 'convert', jsonl, file]);
        }
        runs.set(c.name, {
          ...(await replayExit(file, join(dir, `mout-${i}`))),
          where: new RegExp(`mcap-${i}\\.mcap: `),
        });
      });
    });
    await limited(jobs, 4);
  }, 600_000);

  it('holds at least 30 malformed recordings across both formats', () => {
    expect(cases.length + mcapCases.length).toBeGreaterThanOrEqual(30);
    expect(mcapCases.length).toBeGreaterThanOrEqual(5);
  });

  for (const c of [...cases, ...mcapCases]) {
    it(c.name, () => {
      const r = runs.get(c.name)!;
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(r.where);
      expect(r.stderr).toMatch(c.message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, never a stack
      expect(r.stdout).not.toMatch(/simgate replay: (AVOIDED|REPRODUCED)/);
    });
  }

  it('writes no report for a refused recording', () => {
    expect(existsSync(join(dir, 'out-0', 'replay.json'))).toBe(false);
  });
});
