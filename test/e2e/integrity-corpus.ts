// The bad-input corpus of the integrity checks: results.jsonl lines, shard manifests and sets,
// cache entries, attestations and keys, each built from real outputs of the real CLI (a
// reference-policy run and its shards, a tiny gate, a signed attestation) and then broken in one
// way. Each case says which command it runs, the exit code it must get and the file (and line,
// for JSON Lines) the message must name. The runner is integrity-corpus.test.ts.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pae, writeAttestation } from '../../reports/attestation.js';
import { renderReportJson } from '../../reports/json.js';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';
import { hostileReport } from '../reports/fixture.js';

export type CaseKind = 'results' | 'shard' | 'cache' | 'attestation' | 'key';

export interface CorpusCase {
  readonly kind: CaseKind;
  readonly name: string;
  /** Expected exit code; 'cold' for cache cases: the exit code of the same run without the cache. */
  readonly code: number | 'cold';
  /** Builds the case's files and returns the command line and what its message must name. */
  readonly build: (slug: string) => {
    readonly args: readonly string[];
    /** A path (relative to the fixture dir) the output must contain. */
    readonly names: string;
    /** For JSON Lines: the 1-based line the message must name as `names:line`. */
    readonly line?: number;
    readonly env?: Record<string, string>;
  };
}

const scenario = (id: string) => `id: ${id}
title: ${id}
task: pick
samples: 2
seed: 3
duration_s: 5
params:
  items.count: 1
  items.shape: box
invariants:
  - no_hazardous_drop
`;

// biome-ignore lint/suspicious/noExplicitAny: tampering edits arbitrary fields of parsed JSON.
type Tampered = any;

const release = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const pkcs8 = (k: typeof release.privateKey) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
const spki = (k: typeof release.publicKey) => k.export({ type: 'spki', format: 'pem' }).toString();
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

// tiny-c falls in shard 1/2, tiny-a in shard 2/2.
export const dir = inlineFiles({
  'suite/tiny-a.yaml': scenario('tiny-a'),
  'suite/tiny-c.yaml': scenario('tiny-c'),
  'gate-suite/tiny-a.yaml': scenario('tiny-a'),
  'cfg.yaml': 'gate:\n  min_pairs: 2\n  checkpoints: [1]\n  safety:\n    search: false\n',
  'cfg-approvals.yaml': 'gate:\n  approvals_file: nowhere.yaml\n',
  'keys/release.pub.pem': spki(release.publicKey),
  'keys/release.pem': pkcs8(release.privateKey),
  'keys/stranger.pub.pem': spki(stranger.publicKey),
  'keys/garbage.pem': '-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----\n',
  'keys/empty.pem': '',
  'keys/rsa.pub.pem': spki(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey),
  'keys/dir/.keep': '',
});

const run = (args: readonly string[], env?: Record<string, string>) => runCli(args, { cwd: dir, env });
const at = (...p: string[]) => join(dir, ...p);
const read = (...p: string[]) => readFileSync(at(...p), 'utf8');
const lines = (out: string) => read(out, 'results.jsonl').trim().split('\n');
const copy = (from: string, to: string) => {
  rmSync(at(to), { recursive: true, force: true });
  cpSync(at(from), at(to), { recursive: true });
  return to;
};
const writeLines = (out: string, body: readonly string[], newline = true) =>
  writeFileSync(at(out, 'results.jsonl'), body.join('\n') + (newline ? '\n' : ''));
const editJson = (path: string, edit: (v: Record<string, unknown>) => unknown) =>
  writeFileSync(at(path), JSON.stringify(edit(JSON.parse(read(path)))));
const runArgs = ['run', '--policy', 'reference', '--suite', 'suite', '--workers', '1', '--quiet'];

/** Real outputs every case starts from. Returns the exit code of the full run (cache cases). */
export function buildFixtures(): number {
  const full = run([...runArgs, '--out', 'full', '--cache-dir', 'cache']);
  if (![0, 1].includes(full.code)) throw new Error(`fixture run failed: ${full.stderr}`);
  for (const [args, what] of [
    [[...runArgs, '--out', 'other', '--no-cache', '--seed', '7'], 'other-seed run'],
    [[...runArgs, '--out', 'sh1', '--cache-dir', 'cache', '--shard', '1/2'], 'shard 1/2'],
    [[...runArgs, '--out', 'sh2', '--cache-dir', 'cache', '--shard', '2/2'], 'shard 2/2'],
    [
      [
        'gate',
        '--candidate',
        join(repoRoot, 'models', 'pick-v2.onnx'),
        '--baseline',
        join(repoRoot, 'models', 'pick-v1.onnx'),
      ].concat([
        '--config',
        'cfg.yaml',
        '--suite',
        'gate-suite',
        '--workers',
        '1',
        '--no-cache',
        '--quiet',
        '--out',
        'gate',
      ]),
      'gate',
    ],
  ] as const) {
    const r = run(args);
    if (![0, 1, 2].includes(r.code)) throw new Error(`fixture ${what} failed: ${r.stderr}`);
  }
  // Signed attestations over the synthetic gate report (inputs in their own directory).
  for (const [out, options] of [
    ['att', {}],
    ['att-reject', { violateAboveKg: 2 }],
  ] as const) {
    const { report, inputsDir } = hostileReport(options);
    cpSync(inputsDir, at('inputs'), { recursive: true });
    mkdirSync(at(out), { recursive: true });
    writeFileSync(at(out, 'report.json'), renderReportJson(report));
    writeAttestation(at(out), report, { signingKeyPem: pkcs8(release.privateKey), inputsBase: at('inputs') });
  }
  return full.code;
}

// ---- results.jsonl -------------------------------------------------------------------------

/** A copy of the full run with results.jsonl rewritten; checked by `merge` (a one-shard merge). */
function mergeCase(name: string, line: number, edit: (l: string[]) => string[], newline = true): CorpusCase {
  return {
    kind: 'results',
    name: `merge: ${name}`,
    code: 3,
    build: (slug) => {
      writeLines(copy('full', slug), edit(lines('full')), newline);
      return { args: ['merge', slug, '--out', `${slug}-merged`], names: `${slug}/results.jsonl`, line };
    },
  };
}
const field = (l: string, edit: (v: Record<string, unknown>) => void) => {
  const v = JSON.parse(l);
  edit(v);
  return JSON.stringify(v);
};

const results: CorpusCase[] = [
  mergeCase('garbage line', 2, (l) => [l[0], '{not json', ...l.slice(1)]),
  mergeCase('null line', 1, (l) => ['null', ...l.slice(1)]),
  mergeCase('number line', 1, (l) => ['42', ...l.slice(1)]),
  mergeCase('array line', 2, (l) => [l[0], '[]', ...l.slice(2)]),
  mergeCase('string line', 2, (l) => [l[0], '"episode"', ...l.slice(2)]),
  mergeCase('truncated last line', 4, (l) => [...l.slice(0, 3), l[3].slice(0, 50)], false),
  mergeCase('empty line', 2, (l) => [l[0], '', ...l.slice(1)]),
  mergeCase('episode_id a number', 1, (l) => [field(l[0], (v) => (v.episode_id = 7)), ...l.slice(1)]),
  mergeCase('kpis a string', 1, (l) => [field(l[0], (v) => (v.kpis = 'fine')), ...l.slice(1)]),
  mergeCase('a KPI a string', 3, (l) => [
    l[0],
    l[1],
    field(l[2], (v) => ((v.kpis as Record<string, unknown>).picks = '4')),
    l[3],
  ]),
  mergeCase('unknown status', 1, (l) => [field(l[0], (v) => (v.status = 'passed')), ...l.slice(1)]),
  mergeCase('negative sample', 1, (l) => [field(l[0], (v) => (v.sample = -1)), ...l.slice(1)]),
  mergeCase('provenance missing', 2, (l) => [l[0], field(l[1], (v) => delete v.provenance), ...l.slice(2)]),
  mergeCase('plan hash not a sha256', 1, (l) => [
    field(l[0], (v) => ((v.provenance as Record<string, unknown>).plan_hash = 'x')),
    ...l.slice(1),
  ]),
  mergeCase('unknown top-level field', 1, (l) => [field(l[0], (v) => (v.decision = 'ok')), ...l.slice(1)]),
  mergeCase('invariants not a list', 1, (l) => [field(l[0], (v) => (v.invariants = {})), ...l.slice(1)]),
  mergeCase('negative event count', 1, (l) => [
    field(l[0], (v) => (v.events = { pick_success: -1 })),
    ...l.slice(1),
  ]),
  mergeCase('id disagrees with its sample', 1, (l) => [field(l[0], (v) => (v.sample = 1)), ...l.slice(1)]),
  mergeCase('line of another plan', 1, (l) => [lines('other')[0], ...l.slice(1)]),
  mergeCase('duplicated line', 4, (l) => [l[0], l[1], l[2], l[0]]),
  mergeCase('model hash claimed', 1, (l) => [
    field(l[0], (v) => (v.model_sha256 = 'a'.repeat(64))),
    ...l.slice(1),
  ]),
  mergeCase('scenario hash differs', 2, (l) => [
    l[0],
    field(l[1], (v) => ((v.provenance as Record<string, unknown>).scenario_sha256 = 'b'.repeat(64))),
    ...l.slice(2),
  ]),
  ...(
    [
      ['null line', 1, (l: string[]) => ['null', ...l.slice(1)], true],
      ['truncated last line', 0, (l: string[]) => [...l.slice(0, -1), l[l.length - 1].slice(0, 30)], false],
      [
        'a KPI a string',
        1,
        (l: string[]) => [
          field(l[0], (v) => ((v.kpis as Record<string, unknown>).picks = 'many')),
          ...l.slice(1),
        ],
        true,
      ],
      ['line of another plan', 1, (l: string[]) => [lines('full')[2], ...l.slice(1)], true],
    ] as const
  ).map(
    ([name, line, edit, newline]): CorpusCase => ({
      kind: 'results',
      name: `report: ${name}`,
      code: 3,
      build: (slug) => {
        const body = edit(lines('gate'));
        writeLines(copy('gate', slug), body, newline);
        return {
          args: ['report', slug, '--quiet'],
          names: `${slug}/results.jsonl`,
          line: line || body.length,
        };
      },
    }),
  ),
  ...(
    [
      ['null line', 2, (l: string[]) => [l[0], 'null']],
      ['line of another plan', 2, (l: string[]) => [l[0], lines('other')[1]]],
    ] as const
  ).map(
    ([name, line, edit]): CorpusCase => ({
      kind: 'results',
      name: `resume: ${name}`,
      code: 3,
      build: (slug) => {
        writeLines(copy('full', slug), edit(lines('full')));
        return {
          args: [...runArgs, '--no-cache', '--out', slug, '--resume'],
          names: `${slug}/results.jsonl`,
          line,
        };
      },
    }),
  ),
];

// ---- shards --------------------------------------------------------------------------------

function shardCase(
  name: string,
  build: (s1: string, s2: string) => { names: string; line?: number },
): CorpusCase {
  return {
    kind: 'shard',
    name,
    code: 3,
    build: (slug) => {
      const s1 = copy('sh1', `${slug}-1`);
      const s2 = copy('sh2', `${slug}-2`);
      return { args: ['merge', s1, s2, '--out', `${slug}-merged`], ...build(s1, s2) };
    },
  };
}
const manifestCase = (name: string, edit: (m: Record<string, unknown>) => unknown) =>
  shardCase(name, (_, s2) => {
    editJson(`${s2}/sweep.json`, edit);
    return { names: `${s2}/sweep.json` };
  });

const shards: CorpusCase[] = [
  manifestCase('sweep.json null', () => null),
  manifestCase('sweep.json a list', () => []),
  shardCase('sweep.json garbage', (_, s2) => {
    writeFileSync(at(s2, 'sweep.json'), '{"format": "simgate.sweep/v2",');
    return { names: `${s2}/sweep.json` };
  }),
  manifestCase('sweep.json of an older simgate', (m) => ({ ...m, format: 'simgate.sweep/v1' })),
  manifestCase('shard of another config', (m) => ({ ...m, config_sha256: 'c'.repeat(64) })),
  manifestCase('shard of another card', (m) => ({
    ...m,
    models: (m.models as object[]).map((x) => ({ ...x, card_sha256: 'd'.repeat(64) })),
  })),
  manifestCase('shard of another plan hash', (m) => ({ ...m, plan_hash: 'e'.repeat(64) })),
  manifestCase('shard of other versions', (m) => ({ ...m, versions: { simgate: '0.0.1' } })),
  manifestCase('episodes_total wrong type', (m) => ({ ...m, episodes_total: '4' })),
  shardCase('a line of the other shard, duplicated', (s1, s2) => {
    writeLines(s1, [...lines(s1), lines(s2)[0]]);
    return { names: `${s1}/results.jsonl`, line: lines('sh1').length + 1 };
  }),
  shardCase('a shard cut short', (s1) => {
    writeLines(s1, lines(s1).slice(0, -1));
    return { names: `${s1}/results.jsonl` };
  }),
  shardCase('a line bound to other versions', (s1) => {
    writeLines(s1, [
      field(lines(s1)[0], (v) => ((v.provenance as Record<string, unknown>).versions = { simgate: '9' })),
      ...lines(s1).slice(1),
    ]);
    return { names: `${s1}/results.jsonl`, line: 1 };
  }),
];

// ---- cache entries -------------------------------------------------------------------------

function entryFiles(cacheDir: string): string[] {
  const root = at(cacheDir, 'episodes');
  return readdirSync(root)
    .sort()
    .flatMap((d) =>
      readdirSync(join(root, d))
        .sort()
        .map((f) => `${cacheDir}/episodes/${d}/${f}`),
    );
}
const outcomeHash = (e: { outcome: unknown; nonfinite: unknown }) =>
  sha256(JSON.stringify(sortKeys({ outcome: e.outcome, nonfinite: e.nonfinite })));
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

function cacheCase(name: string, tamper: (text: string, other: string) => string): CorpusCase {
  return {
    kind: 'cache',
    name,
    code: 'cold',
    build: (slug) => {
      copy('cache', `${slug}-cache`);
      const [entry, other] = entryFiles(`${slug}-cache`);
      writeFileSync(at(entry), tamper(read(entry), read(other)));
      return { args: [...runArgs, '--out', slug, '--cache-dir', `${slug}-cache`], names: entry };
    },
  };
}
/** The entry edited in place (or replaced by what `edit` returns). */
const withEntry = (edit: (e: Tampered) => unknown) => (text: string) => {
  const e = JSON.parse(text);
  return JSON.stringify(edit(e) ?? e);
};

const cache: CorpusCase[] = [
  cacheCase(
    'a KPI edited',
    withEntry((e) => {
      e.outcome.kpis.picks = 99;
    }),
  ),
  cacheCase('a KPI edited to 1e999, content hash recomputed', (text) => {
    const e = JSON.parse(text);
    e.outcome.kpis.picks = 12345;
    e.outcome_sha256 = outcomeHash(e);
    return JSON.stringify(e).replace('"picks":12345', '"picks":1e999');
  }),
  cacheCase(
    'a KPI nulled, content hash recomputed',
    withEntry((e) => {
      e.outcome.kpis.picks = null;
      e.outcome_sha256 = outcomeHash(e);
      return e;
    }),
  ),
  cacheCase(
    'a status its invariants contradict, content hash recomputed',
    withEntry((e) => {
      e.outcome.status = 'violation';
      e.outcome_sha256 = outcomeHash(e);
      return e;
    }),
  ),
  cacheCase(
    'an error status',
    withEntry((e) => {
      e.outcome.status = 'error';
    }),
  ),
  cacheCase(
    'key material edited',
    withEntry((e) => {
      e.material.seed = 'x';
    }),
  ),
  cacheCase('the entry of another key', (_, other) => other),
  cacheCase('null', () => 'null'),
  cacheCase('garbage', () => '{"format":'),
  cacheCase('empty', () => ''),
  cacheCase('a list', () => '[]'),
  cacheCase(
    'format of another version',
    withEntry((e) => ({ ...e, format: 'simgate.cache/v1' })),
  ),
];

// ---- attestations and keys -----------------------------------------------------------------

const verifyArgs = (out: string, key = 'keys/release.pub.pem') => [
  'verify',
  out,
  '--public-key',
  key,
  '--inputs-base',
  'inputs',
];
function attestationCase(
  name: string,
  code: number,
  tamper: (out: string) => void,
  from = 'att',
): CorpusCase {
  return {
    kind: 'attestation',
    name,
    code,
    build: (slug) => {
      tamper(copy(from, slug));
      return { args: verifyArgs(slug), names: `${slug}/attestation.json` };
    },
  };
}
const envelope = (out: string, edit: (e: Tampered) => unknown) => editJson(`${out}/attestation.json`, edit);
/** Re-signs an edited statement with the release key (a signed but hostile statement). */
const resignStatement = (out: string, edit: (s: Tampered) => void) =>
  envelope(out, (e) => {
    const statement = JSON.parse(Buffer.from(e.payload, 'base64').toString('utf8'));
    edit(statement);
    const body = Buffer.from(JSON.stringify(statement));
    return {
      ...e,
      payload: body.toString('base64'),
      signatures: [
        { keyid: 'k', sig: sign(null, pae(e.payloadType, body), release.privateKey).toString('base64') },
      ],
    };
  });

const attestations: CorpusCase[] = [
  attestationCase('attestation.json missing', 3, (o) => rmSync(at(o, 'attestation.json'))),
  attestationCase('attestation.json null', 3, (o) => writeFileSync(at(o, 'attestation.json'), 'null')),
  attestationCase('attestation.json garbage', 3, (o) =>
    writeFileSync(at(o, 'attestation.json'), '{"payloadType":'),
  ),
  attestationCase('attestation.json a list', 3, (o) => writeFileSync(at(o, 'attestation.json'), '[]')),
  attestationCase('payload not base64', 3, (o) => envelope(o, (e) => ({ ...e, payload: '%%%' }))),
  attestationCase('payload a null statement', 3, (o) =>
    envelope(o, (e) => ({ ...e, payload: Buffer.from('null').toString('base64') })),
  ),
  attestationCase('statement of another predicate type', 3, (o) =>
    resignStatement(o, (s) => (s.predicateType = 'https://example.com/other')),
  ),
  attestationCase('no signatures', 3, (o) => envelope(o, (e) => ({ ...e, signatures: [] }))),
  attestationCase('report.json edited', 1, (o) =>
    writeFileSync(at(o, 'report.json'), `${read(o, 'report.json')} `),
  ),
  attestationCase('a file added', 1, (o) => writeFileSync(at(o, 'extra.json'), '{}')),
  attestationCase('an output name escaping the directory', 1, (o) =>
    resignStatement(o, (s) =>
      s.predicate.outputs.push({ name: '../full/results.jsonl', digest: { sha256: 'a'.repeat(64) } }),
    ),
  ),
  attestationCase('an input that is a device', 1, (o) =>
    resignStatement(o, (s) =>
      s.predicate.inputs.push({ name: 'config', path: '/dev/zero', digest: { sha256: 'a'.repeat(64) } }),
    ),
  ),
  attestationCase('re-signed by another key', 1, (o) =>
    writeAttestation(at(o), JSON.parse(read(o, 'report.json')), {
      signingKeyPem: pkcs8(stranger.privateKey),
      inputsBase: at('inputs'),
    }),
  ),
  attestationCase('a genuine REJECT', 1, () => {}, 'att-reject'),
  {
    kind: 'attestation',
    name: 'no trusted key given',
    code: 3,
    build: (slug) => ({
      args: ['verify', copy('att', slug), '--inputs-base', 'inputs'],
      names: `${slug}/attestation.json`,
    }),
  },
  {
    kind: 'attestation',
    name: 'no trusted key given, signing key in the environment',
    code: 3,
    build: (slug) => ({
      args: ['verify', copy('att', slug), '--inputs-base', 'inputs'],
      names: `${slug}/attestation.json`,
      env: { SIMGATE_SIGNING_KEY: pkcs8(release.privateKey) },
    }),
  },
  {
    kind: 'attestation',
    name: 'report directory missing',
    code: 3,
    build: (slug) => ({ args: verifyArgs(slug), names: slug }),
  },
];

const keyCase = (name: string, key: string, code = 3): CorpusCase => ({
  kind: 'key',
  name,
  code,
  build: (slug) => ({
    args: verifyArgs(copy('att', slug), key),
    names: code === 3 ? `--public-key ${key}` : `${slug}/attestation.json`,
  }),
});

const keys: CorpusCase[] = [
  keyCase('public key file missing', 'keys/nowhere.pem'),
  keyCase('public key a directory', 'keys/dir'),
  keyCase('public key garbage', 'keys/garbage.pem'),
  keyCase('public key empty', 'keys/empty.pem'),
  keyCase('a private key given as the public key', 'keys/release.pem'),
  keyCase('an RSA public key', 'keys/rsa.pub.pem'),
  keyCase('another Ed25519 key', 'keys/stranger.pub.pem', 1),
  {
    kind: 'key',
    name: 'gate --sign-key missing',
    code: 3,
    build: (slug) => ({
      args: [
        'gate',
        '--candidate',
        'x.onnx',
        '--baseline',
        'y.onnx',
        '--sign-key',
        'keys/nowhere.pem',
        '--out',
        slug,
      ],
      names: '--sign-key keys/nowhere.pem',
    }),
  },
  {
    kind: 'key',
    name: 'gate --sign-key a public key',
    code: 3,
    build: (slug) => ({
      args: [
        'gate',
        '--candidate',
        'x.onnx',
        '--baseline',
        'y.onnx',
        '--sign-key',
        'keys/release.pub.pem',
        '--out',
        slug,
      ],
      names: '--sign-key keys/release.pub.pem',
    }),
  },
  {
    kind: 'key',
    name: 'gate --approvals missing',
    code: 3,
    build: (slug) => ({
      args: [
        'gate',
        '--candidate',
        join(repoRoot, 'models', 'pick-v2.onnx'),
        '--baseline',
        join(repoRoot, 'models', 'pick-v1.onnx'),
      ].concat(['--suite', 'gate-suite', '--approvals', 'approvals/nowhere.yaml', '--out', slug]),
      names: `--approvals approvals/nowhere.yaml: file not found`,
    }),
  },
  {
    kind: 'key',
    name: 'config approvals_file missing',
    code: 3,
    build: (slug) => ({
      args: [
        'gate',
        '--candidate',
        join(repoRoot, 'models', 'pick-v2.onnx'),
        '--baseline',
        join(repoRoot, 'models', 'pick-v1.onnx'),
      ].concat(['--config', 'cfg-approvals.yaml', '--suite', 'gate-suite', '--out', slug]),
      names: 'cfg-approvals.yaml: gate.approvals_file nowhere.yaml: file not found',
    }),
  },
];

export const CORPUS: readonly CorpusCase[] = [...results, ...shards, ...cache, ...attestations, ...keys];
