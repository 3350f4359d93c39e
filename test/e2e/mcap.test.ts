// MCAP export through the real built CLI: a real pick episode written with `--trace x.mcap`,
// decoded with @mcap/core's indexed reader and checked against the JSON Lines trace of the same
// episode; determinism of the bytes; `simgate trace convert` and its refusals with file:line.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { McapIndexedReader, TempBuffer } from '@mcap/core';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

const execFileAsync = promisify(execFile);

/** The built CLI in a child process without blocking, so two episodes can run at once. */
async function runCliAsync(args: readonly string[]): Promise<{ stderr: string }> {
  // execFile rejects on a non-zero exit code: the episode must exit 0.
  const { stderr } = await execFileAsync(process.execPath, [binPath, ...args], {
    cwd: repoRoot,
    env: { ...process.env, CI: 'true', FORCE_COLOR: '0' },
  });
  return { stderr };
}

const EPISODE = [
  'episode',
  '--task',
  'pick',
  '--policy',
  'reference',
  '--seed',
  '3',
  '--set',
  'items.count=3',
  '--set',
  'cell.duration_s=8',
  '--set',
  'people.rate_per_h=240',
  '--set',
  'people.first_s=1',
  '--quiet',
];

const TELEMETRY_TOPICS = ['meta', 'scene', 'observation', 'action', 'sensor', 'event'].map(
  (type) => `/simgate/${type}`,
);

interface Decoded {
  readonly reader: McapIndexedReader;
  readonly messages: { topic: string; logTime: bigint; sequence: number; text: string }[];
}

async function decode(path: string): Promise<Decoded> {
  const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(readFileSync(path)) });
  const messages: Decoded['messages'] = [];
  const decoder = new TextDecoder();
  for await (const m of reader.readMessages()) {
    messages.push({
      topic: reader.channelsById.get(m.channelId)!.topic,
      logTime: m.logTime,
      sequence: m.sequence,
      text: decoder.decode(m.data),
    });
  }
  return { reader, messages };
}

describe('MCAP export of a pick episode', () => {
  let dir: string;
  let jsonl: string[];
  let records: Record<string, unknown>[];
  let decoded: Decoded;

  beforeAll(async () => {
    dir = inlineFiles({});
    // Two separate runs of the same episode, side by side: one writes JSON Lines, one MCAP.
    const [a, m] = await Promise.all([
      runCliAsync([...EPISODE, '--trace', join(dir, 'a.jsonl')]),
      runCliAsync([...EPISODE, '--trace', join(dir, 'a.mcap')]),
    ]);
    expect(a.stderr).toBe('');
    expect(m.stderr).toBe('');
    jsonl = readFileSync(join(dir, 'a.jsonl'), 'utf8').trimEnd().split('\n');
    records = jsonl.map((line) => JSON.parse(line));
    decoded = await decode(join(dir, 'a.mcap'));
  });

  it('has one JSON channel per record type with its JSON Schema, and the Foxglove channels', () => {
    const { reader } = decoded;
    expect(reader.header.library).toBe('simgate telemetry/v1');
    const channels = [...reader.channelsById.values()];
    expect(channels.map((c) => c.topic)).toEqual([...TELEMETRY_TOPICS, '/foxglove/scene', '/tf']);
    const schemaOf = (topic: string) =>
      reader.schemasById.get(channels.find((c) => c.topic === topic)!.schemaId)!;
    for (const c of channels) {
      expect(c.messageEncoding).toBe('json');
      expect(schemaOf(c.topic).encoding).toBe('jsonschema');
    }
    expect(schemaOf('/simgate/sensor').name).toBe('simgate.telemetry.v1.sensor');
    expect(schemaOf('/foxglove/scene').name).toBe('foxglove.SceneUpdate');
    expect(schemaOf('/tf').name).toBe('foxglove.FrameTransforms');
    const sceneSchema = JSON.parse(new TextDecoder().decode(schemaOf('/foxglove/scene').data));
    expect(sceneSchema.properties.entities.items.properties.cubes).toBeDefined();
  });

  it('carries every JSON Lines record unchanged, in order, at its simulated time in ns', () => {
    const byType = new Map<string, string[]>();
    for (const [i, line] of jsonl.entries()) {
      const type = records[i].type as string;
      byType.set(type, [...(byType.get(type) ?? []), line]);
    }
    expect(byType.get('scene')?.length).toBeGreaterThan(0);
    expect(byType.get('sensor')?.length).toBeGreaterThan(10);
    for (const topic of TELEMETRY_TOPICS) {
      const got = decoded.messages.filter((m) => m.topic === topic);
      const want = byType.get(topic.slice('/simgate/'.length)) ?? [];
      expect(got.map((m) => m.text)).toEqual(want);
      expect(got.map((m) => m.sequence)).toEqual(want.map((_, i) => i));
      // t has 6 decimals: t = 1.234567 s is 1234567000 ns.
      expect(got.map((m) => m.logTime)).toEqual(
        want.map((line) => {
          const t = JSON.parse(line).t as number | undefined;
          return t === undefined ? 0n : BigInt(Math.round(t * 1e6)) * 1000n;
        }),
      );
    }
    expect(decoded.reader.statistics?.messageCount).toBe(BigInt(decoded.messages.length));
  });

  it('validates every message against its channel schema', () => {
    const { reader } = decoded;
    const ajv07 = new Ajv({ strict: false, allErrors: true });
    const ajv2020 = new Ajv2020({ strict: false, allErrors: true });
    for (const c of reader.channelsById.values()) {
      const schema = JSON.parse(new TextDecoder().decode(reader.schemasById.get(c.schemaId)!.data));
      const validate = c.topic.startsWith('/simgate/') ? ajv2020.compile(schema) : ajv07.compile(schema);
      for (const m of decoded.messages.filter((x) => x.topic === c.topic)) {
        const ok = validate(JSON.parse(m.text));
        expect(ok, `${c.topic}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
  });

  it('draws the cell, the items where the trace has them, people, and moves the gripper by /tf', () => {
    const updates = decoded.messages
      .filter((m) => m.topic === '/foxglove/scene')
      .map((m) => JSON.parse(m.text));
    expect(updates.length).toBeGreaterThan(0);
    const entities = updates.flatMap((u) => u.entities as { id: string; [k: string]: unknown }[]);
    const ids = new Set(entities.map((e) => e.id));
    for (const id of [
      'tote-source',
      'tote-destination',
      'walkway',
      'gripper',
      'people',
      'item-0',
      'item-1',
      'item-2',
    ])
      expect(ids, id).toContain(id);
    const gripper = entities.find((e) => e.id === 'gripper')!;
    expect(gripper.frame_id).toBe('gripper');
    expect(gripper.frame_locked).toBe(true);
    expect(entities.some((e) => e.id === 'people' && (e.cylinders as unknown[]).length > 0)).toBe(true);

    // Item poses: the first scene record's pose of item 0, to the trace's rounding.
    const scene = records.find((r) => r.type === 'scene') as { items: { id: number; pose: number[] }[] };
    const item0 = entities.find((e) => e.id === 'item-0') as unknown as {
      cubes: { pose: { position: { x: number } } }[];
      cylinders: { pose: { position: { x: number } } }[];
    };
    const prim = [...item0.cubes, ...item0.cylinders][0];
    expect(prim.pose.position.x).toBe(scene.items.find((i) => i.id === 0)!.pose[0]);

    // A picked item is deleted from the view.
    const picked = records.filter((r) => r.type === 'event' && r.kind === 'pick_success').map((r) => r.item);
    expect(picked.length).toBeGreaterThan(0);
    const deleted = updates.flatMap((u) => (u.deletions as { id: string }[]).map((d) => d.id));
    expect(deleted).toEqual(picked.map((i) => `item-${i}`));

    // One transform per periodic sensor reading, at the gantry's recorded position.
    const gantry = records.filter((r) => r.type === 'sensor' && Array.isArray(r.gantry));
    const tf = decoded.messages.filter((m) => m.topic === '/tf').map((m) => JSON.parse(m.text));
    expect(tf.length).toBe(gantry.length);
    const last = tf.at(-1).transforms[0];
    expect(last.parent_frame_id).toBe('world');
    expect(last.child_frame_id).toBe('gripper');
    const [x, y, z] = gantry.at(-1)!.gantry as number[];
    expect(last.translation).toEqual({ x, y, z });
  });

  it('gives the same bytes for the same episode, by --trace x.mcap or by trace convert, and converts back', () => {
    // a.jsonl and a.mcap come from two runs of the episode: the converted JSON Lines run must
    // give exactly the MCAP run's bytes, and converting twice the same bytes again.
    const a = readFileSync(join(dir, 'a.mcap'));
    const convert = runCli(['trace', 'convert', join(dir, 'a.jsonl'), join(dir, 'c.mcap')]);
    expect(convert.stderr).toBe('');
    expect(convert.code).toBe(0);
    expect(convert.stdout).toMatch(/^wrote .*c\.mcap: \d+ bytes, \d+ messages \(\/simgate\/meta 1, /);
    expect(a.equals(readFileSync(join(dir, 'c.mcap')))).toBe(true);
    // ... and back: the MCAP file gives the JSON Lines trace byte for byte.
    const back = runCli(['trace', 'convert', join(dir, 'a.mcap'), join(dir, 'back.jsonl')]);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/^wrote .*back\.jsonl: \d+ bytes, \d+ records \(meta 1, /);
    expect(readFileSync(join(dir, 'back.jsonl'), 'utf8')).toBe(`${jsonl.join('\n')}\n`);
  });
});

describe('simgate trace convert', () => {
  const meta = JSON.stringify({ type: 'meta', schema: 'simgate.telemetry/v1', task: 'pick', params: {} });
  it('refuses a malformed line with file:line and the field, exit 3, and writes nothing', () => {
    const dir = inlineFiles({
      'bad.jsonl': `${meta}\n{"type":"sensor","t":0.5}\n{"type":"event","t":"soon"}\n`,
    });
    const run = runCli(['trace', 'convert', join(dir, 'bad.jsonl'), join(dir, 'out.mcap')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/bad\.jsonl:3: t must be a finite number/);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(join(dir, 'out.mcap'))).toBe(false);
  });

  it('has help with an example', () => {
    const run = runCli(['trace', 'convert', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: simgate trace convert \[options\] <in> <out>/);
    expect(run.stdout).toMatch(/simgate trace convert ep1\.jsonl ep1\.mcap/);
  });
});
