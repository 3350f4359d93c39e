// telemetryToMcap in process: the refusals (file:line and the field) and the layout of a
// non-pick trace. The end-to-end export of a real episode is test/e2e/mcap.test.ts.
import { McapIndexedReader, McapWriter, TempBuffer } from '@mcap/core';
import { describe, expect, it } from 'vitest';
import { telemetryToMcap } from '../../../harness/replay/mcap.js';
import { mcapToTelemetry } from '../../../harness/replay/mcap-read.js';
import { convertTraceFile } from '../../../harness/replay/mcap-file.js';

const pickMeta = JSON.stringify({ type: 'meta', schema: 'simgate.telemetry/v1', task: 'pick', params: {} });
const box = '{"id":0,"shape":"box","half":[0.1,0.1,0.1],"pose":[0,0,1,0,0,0,1]}';

describe('telemetryToMcap refuses a malformed trace', () => {
  const cases: [string, string, string][] = [
    [
      'a time that is not a number',
      '{"type":"event","t":"soon","kind":"x"}',
      'f.jsonl:3: t must be a finite number',
    ],
    ['a line that is not JSON', '{"type":"ev', 'f.jsonl:3: invalid JSON'],
    ['an unknown record type', '{"type":"kpi","t":1}', 'f.jsonl:3: type must be one of'],
    [
      'a negative time',
      '{"type":"sensor","t":-1}',
      'f.jsonl:3: t must be a non-negative number of seconds (got -1)',
    ],
    [
      'a scene pose with too few numbers',
      '{"type":"scene","t":1,"items":[{"id":0,"shape":"box","half":[0.1,0.1,0.1],"pose":[0,0,1]}]}',
      'f.jsonl:3: items[0].pose must be an array of 7 finite numbers (got [0,0,1])',
    ],
    [
      'a scene item of unknown shape',
      `{"type":"scene","t":1,"items":[${box},{"id":1,"shape":"torus","half":[1,1,1],"pose":[0,0,1,0,0,0,1]}]}`,
      'f.jsonl:3: items[1].shape must be "box" or "cylinder" (got "torus")',
    ],
    [
      'scene items that are not an array',
      '{"type":"scene","t":1,"items":{}}',
      'f.jsonl:3: items must be an array',
    ],
    [
      'a gantry that is not 4 numbers',
      '{"type":"sensor","t":1,"gantry":[0,0,1]}',
      'f.jsonl:3: gantry must be an array of 4',
    ],
    [
      'a picked item without an integer id',
      '{"type":"event","t":1,"kind":"pick_success","item":"a"}',
      'f.jsonl:3: item must be an integer',
    ],
  ];
  for (const [what, line, message] of cases) {
    it(`refuses ${what}`, async () => {
      const text = `${pickMeta}\n{"type":"sensor","t":0.5}\n${line}\n`;
      await expect(telemetryToMcap(text, 'f.jsonl')).rejects.toThrow(message);
    });
  }

  it('refuses a trace whose first line is not the telemetry/v1 meta', async () => {
    await expect(telemetryToMcap('{"type":"sensor","t":0}\n', 'f.jsonl')).rejects.toThrow(
      'f.jsonl:1: first record must have type "meta"',
    );
  });
});

describe('telemetryToMcap of a non-pick trace', () => {
  it('has the telemetry channels only, each record at its time in ns', async () => {
    const meta = JSON.stringify({ type: 'meta', schema: 'simgate.telemetry/v1', task: 'stream' });
    const text = `${meta}\n{"type":"sensor","t":0,"value":20.5}\n{"type":"sensor","t":60.000001,"value":20.7}\n`;
    const { bytes, counts } = await telemetryToMcap(text, 'field.jsonl');
    const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes) });
    const topics = [...reader.channelsById.values()].map((c) => c.topic);
    expect(topics).toEqual([
      '/simgate/meta',
      '/simgate/scene',
      '/simgate/observation',
      '/simgate/action',
      '/simgate/sensor',
      '/simgate/event',
    ]);
    expect([...counts]).toEqual([
      ['/simgate/meta', 1],
      ['/simgate/scene', 0],
      ['/simgate/observation', 0],
      ['/simgate/action', 0],
      ['/simgate/sensor', 2],
      ['/simgate/event', 0],
    ]);
    const got: [string, bigint, string][] = [];
    for await (const m of reader.readMessages())
      got.push([reader.channelsById.get(m.channelId)!.topic, m.logTime, new TextDecoder().decode(m.data)]);
    expect(got).toEqual([
      ['/simgate/meta', 0n, meta],
      ['/simgate/sensor', 0n, '{"type":"sensor","t":0,"value":20.5}'],
      ['/simgate/sensor', 60_000_001_000n, '{"type":"sensor","t":60.000001,"value":20.7}'],
    ]);
    expect(reader.header).toMatchObject({ profile: '', library: 'simgate telemetry/v1' });
  });
});

describe('mcapToTelemetry', () => {
  const meta = JSON.stringify({ type: 'meta', schema: 'simgate.telemetry/v1', task: 'stream' });
  const text = `${meta}\n{"type":"sensor","t":0,"value":20.5}\n{"type":"event","t":1.5,"kind":"x"}\n`;

  it('gives the JSON Lines trace back byte for byte', async () => {
    const { bytes } = await telemetryToMcap(text, 'field.jsonl');
    expect(mcapToTelemetry(bytes, 'field.mcap')).toBe(text);
  });

  it('refuses a truncated file', async () => {
    const { bytes } = await telemetryToMcap(text, 'field.jsonl');
    expect(() => mcapToTelemetry(bytes.subarray(0, bytes.length - 40), 'cut.mcap')).toThrow(
      'cut.mcap: the MCAP file is truncated (no footer)',
    );
  });

  it('refuses an MCAP file without simgate telemetry channels', async () => {
    const buffer = new TempBuffer();
    const writer = new McapWriter({ writable: buffer });
    await writer.start({ profile: '', library: 'other' });
    const schemaId = await writer.registerSchema({
      name: 'x',
      encoding: 'jsonschema',
      data: new Uint8Array(),
    });
    const channelId = await writer.registerChannel({
      schemaId,
      topic: '/camera',
      messageEncoding: 'json',
      metadata: new Map(),
    });
    await writer.addMessage({
      channelId,
      sequence: 0,
      logTime: 0n,
      publishTime: 0n,
      data: new TextEncoder().encode('{}'),
    });
    await writer.end();
    expect(() => mcapToTelemetry(buffer.get(), 'other.mcap')).toThrow(
      'other.mcap: no /simgate/* messages: not a simgate telemetry/v1 recording',
    );
  });
});

describe('convertTraceFile', () => {
  it('refuses JSON Lines to JSON Lines and MCAP to MCAP before reading anything', async () => {
    await expect(convertTraceFile('missing.jsonl', 'out.json')).rejects.toThrow(
      'missing.jsonl → out.json: convert a JSON Lines trace to an .mcap file, or an .mcap file to JSON Lines',
    );
    await expect(convertTraceFile('missing.mcap', 'out.MCAP')).rejects.toThrow(/convert a JSON Lines trace/);
  });

  it('refuses an input that cannot be read', async () => {
    await expect(convertTraceFile('/nonexistent/in.jsonl', '/nonexistent/out.mcap')).rejects.toThrow(
      '/nonexistent/in.jsonl: cannot be read (ENOENT)',
    );
  });
});

describe('the Foxglove scene of a recording with tracked people', () => {
  it('draws people where the readings put them, without a walkway schedule', async () => {
    const lines = [
      pickMeta,
      '{"type":"sensor","t":0.25,"channel":"periodic","gantry":[0.45,0,1.2,0],"people":[{"id":3,"x":1.5,"y":-0.9}]}',
      '{"type":"sensor","t":0.5,"channel":"periodic","gantry":[0.45,0,1.2,0],"people":[]}',
    ];
    const { bytes } = await telemetryToMcap(`${lines.join('\n')}\n`, 'field.jsonl');
    const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes) });
    const updates: {
      entities: { id: string; cylinders: { pose: { position: { x: number; y: number } } }[] }[];
    }[] = [];
    for await (const m of reader.readMessages({ topics: ['/foxglove/scene'] }))
      updates.push(JSON.parse(new TextDecoder().decode(m.data)));
    const people = updates.flatMap((u) => u.entities.filter((e) => e.id === 'people'));
    expect(people).toHaveLength(2);
    expect(people[0].cylinders.map((c) => [c.pose.position.x, c.pose.position.y])).toEqual([[1.5, -0.9]]);
    expect(people[1].cylinders).toEqual([]);
    await expect(
      telemetryToMcap(
        `${pickMeta}\n{"type":"sensor","t":1,"gantry":[0,0,1,0],"people":[{"id":0,"x":"here"}]}\n`,
        'bad.jsonl',
      ),
    ).rejects.toThrow(/bad\.jsonl:2: people\[0\] must be \{id, x, y\} in metres/);
  });
});
