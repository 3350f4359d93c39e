// Nothing stale, foreign or swapped reaches a decision or a verified attestation: the real CLI,
// the real engine and onnxruntime on a tiny suite — a poisoned cache entry, a model swapped on
// disk after the gate, a changed card, foreign and duplicated shard lines, a shard of another
// config, and tampered results re-signed with another key.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { copyFileSync, cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeAttestation } from '../../reports/attestation.js';
import { renderReportJson } from '../../reports/json.js';
import { DECISION_EXIT, type ReportData } from '../../reports/types.js';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

// The safety search has its own tests (check, planted); these are about the evidence files.
const CONFIG = 'gate:\n  min_pairs: 4\n  checkpoints: [1]\n  safety:\n    search: false\n';
// Same rules, other bytes: results decided under one config must not be merged with the other's.
const CONFIG_B = '# reviewed copy\ngate:\n  min_pairs: 4\n  checkpoints: [1]\n';
const scenario = (id: string) => `id: ${id}
title: ${id}
task: pick
samples: 4
seed: 3
duration_s: 5
params:
  items.count: 1
  items.shape: box
invariants:
  - no_hazardous_drop
`;

const release = generateKeyPairSync('ed25519');
const attacker = generateKeyPairSync('ed25519');
const pem = (k: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  k.export({ type: 'pkcs8', format: 'pem' }).toString();
const pub = (k: ReturnType<typeof generateKeyPairSync>['publicKey']) =>
  k.export({ type: 'spki', format: 'pem' }).toString();

// tiny-a and tiny-c fall in different shards of 2 (stable hash of id and first sample).
const dir = inlineFiles({
  'cfg.yaml': CONFIG,
  'cfg-b.yaml': CONFIG_B,
  'one/tiny-a.yaml': scenario('tiny-a'),
  'two/tiny-a.yaml': scenario('tiny-a'),
  'two/tiny-c.yaml': scenario('tiny-c'),
  'release.pem': pem(release.privateKey),
  'release.pub.pem': pub(release.publicKey),
});
const baseline = join(repoRoot, 'models', 'pick-v1.onnx');
const cli = (args: string[], env?: Record<string, string>) => runCli(args, { cwd: dir, env });
const gate = (out: string, extra: string[] = []) =>
  cli([
    'gate',
    '--candidate',
    'cand.onnx',
    '--baseline',
    baseline,
    '--config',
    'cfg.yaml',
    '--suite',
    'one',
    '--workers',
    '1',
    '--cache-dir',
    'cache',
    '--quiet',
    '--out',
    out,
    ...extra,
  ]);
const read = (...p: string[]) => readFileSync(join(dir, ...p), 'utf8');
const json = (...p: string[]) => JSON.parse(read(...p));
/** The candidate's hashes as the run in `out` recorded them. */
const candidateOf = (out: string) =>
  (json(out, 'sweep.json').models as { role: string; model_sha256: string; card_sha256: string }[]).find(
    (m) => m.role === 'candidate',
  )!;
/** The exit code a gate's decision maps to, read from its report.json. */
const decisionExit = (out: string) =>
  DECISION_EXIT[json(out, 'report.json').decision as keyof typeof DECISION_EXIT];
/** A sweep's exit code from its results: 3 on an error, 1 on a violation or timeout, else 0. */
const sweepExit = (out: string) => {
  const statuses = read(out, 'results.jsonl')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).status as string);
  if (statuses.includes('error')) return 3;
  return statuses.some((s) => s === 'violation' || s === 'timeout') ? 1 : 0;
};
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** No refusal may read as a success. */
const noSuccess = (run: { stdout: string; stderr: string }) => {
  const text = run.stdout + run.stderr;
  expect(text).not.toMatch(/PROMOTE|\bOK\b|verified/);
  expect(text).not.toMatch(/internal error|\n\s+at /);
};

interface CacheEntryFile {
  readonly material: { readonly model_sha256: string | null };
  readonly outcome: { kpis: Record<string, number | null> };
}

/** Every cache entry file, with its parsed content. */
function cacheEntries(): { file: string; entry: CacheEntryFile }[] {
  const root = join(dir, 'cache', 'episodes');
  return readdirSync(root).flatMap((d) =>
    readdirSync(join(root, d)).map((f) => ({
      file: join(root, d, f),
      entry: JSON.parse(readFileSync(join(root, d, f), 'utf8')),
    })),
  );
}

let cold: ReturnType<typeof cli>;
beforeAll(() => {
  copyFileSync(join(repoRoot, 'models', 'pick-v2.onnx'), join(dir, 'cand.onnx'));
  copyFileSync(join(repoRoot, 'models', 'pick-v2.card.yaml'), join(dir, 'cand.card.yaml'));
  cold = gate('cold', ['--sign-key', 'release.pem']);
  expect(cold.code, cold.stderr).toBe(decisionExit('cold'));
}, 300_000);

describe('integrity of the evidence', () => {
  it('treats a poisoned cache entry as a miss with a warning; the decision is the cold run’s', () => {
    const candidateSha = candidateOf('cold').model_sha256;
    const poisoned = cacheEntries().filter((e) => e.entry.material.model_sha256 === candidateSha);
    expect(poisoned).toHaveLength(4);
    for (const { file, entry } of poisoned) {
      // A perfect episode where the simulation recorded something else: trusted, it would decide.
      entry.outcome.kpis.pick_success_rate = 1;
      entry.outcome.kpis.hazardous_drops = 0;
      entry.outcome.kpis.picks_per_hour = 99_999;
      writeFileSync(file, JSON.stringify(entry));
    }
    const warm = gate('poisoned');
    expect(warm.code).toBe(cold.code);
    const warnings = warm.stderr.split('\n').filter((l) => l.includes('cache entry'));
    expect(warnings).toHaveLength(4);
    for (const { file } of poisoned)
      expect(warm.stderr).toContain(`cache entry cache/episodes/${file.split('/episodes/')[1]}`);
    expect(warnings[0]).toMatch(/does not match its content hash .*simulated again/);
    expect(json('poisoned', 'report.json').decision).toBe(json('cold', 'report.json').decision);
    expect(json('poisoned', 'report.json').reasons).toEqual(json('cold', 'report.json').reasons);
    expect(read('poisoned', 'results.jsonl')).toBe(read('cold', 'results.jsonl'));
    expect(json('poisoned', 'report.json').episodes).toMatchObject({ planned: 8, run: 4, cached: 4 });
  });

  it('refuses to report after the candidate ONNX was replaced on disk, naming the file and both hashes', () => {
    const before = { report: read('cold', 'report.json'), attestation: read('cold', 'attestation.json') };
    const old = candidateOf('cold').model_sha256;
    const swapped = join(repoRoot, 'test', 'fixtures', 'models', 'fragile-fast.onnx');
    copyFileSync(swapped, join(dir, 'cand.onnx'));
    try {
      const report = cli(['report', 'cold', '--quiet']);
      expect(report.code).toBe(3);
      expect(report.stderr).toContain(
        `simgate: cand.onnx: sha256 ${sha256(swapped)}, but the results in cold/sweep.json were produced with the candidate model sha256 ${old}`,
      );
      noSuccess(report);
      // Nothing was re-attested over the old results.
      expect(read('cold', 'report.json')).toBe(before.report);
      expect(read('cold', 'attestation.json')).toBe(before.attestation);
      const verify = cli(['verify', 'cold', '--public-key', 'release.pub.pem', '--integrity-only']);
      expect(verify.code).toBe(1);
      expect(verify.stdout).toContain('model:candidate (cand.onnx): sha256 differs from the attestation');
      noSuccess(verify);
    } finally {
      copyFileSync(join(repoRoot, 'models', 'pick-v2.onnx'), join(dir, 'cand.onnx'));
    }
    expect(cli(['report', 'cold', '--quiet', '--reporter', 'json']).code).toBe(cold.code);
  });

  it('misses the cache and refuses to report when the card changed (other normalisation)', () => {
    const card = read('cand.card.yaml');
    const changed = card.replace(/(item\.est_mass_kg:\n\s+mean: [\d.]+\n\s+std: )[\d.]+/, '$12.0');
    expect(changed).not.toBe(card);
    const oldCard = candidateOf('cold').card_sha256;
    writeFileSync(join(dir, 'cand.card.yaml'), changed);
    try {
      const report = cli(['report', 'cold', '--quiet']);
      expect(report.code).toBe(3);
      expect(report.stderr).toMatch(
        new RegExp(
          `cand\\.card\\.yaml: sha256 [0-9a-f]{64}, but the results in cold/sweep\\.json were produced with the candidate model card sha256 ${oldCard}`,
        ),
      );
      noSuccess(report);
      const recarded = gate('recarded');
      expect(recarded.code, recarded.stderr).toBe(decisionExit('recarded'));
      // The baseline's episodes come from the cache; the candidate with its new card runs again.
      expect(json('recarded', 'report.json').episodes).toMatchObject({ planned: 8, run: 4, cached: 4 });
      expect(candidateOf('recarded').card_sha256).not.toBe(oldCard);
      const lines = read('recarded', 'results.jsonl')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      for (const l of lines.filter((l) => l.role === 'candidate'))
        expect(l.provenance.card_sha256).toBe(candidateOf('recarded').card_sha256);
    } finally {
      writeFileSync(join(dir, 'cand.card.yaml'), card);
    }
  });

  describe('merge', () => {
    const shard = (i: number, out: string, config = 'cfg.yaml') =>
      cli([
        'gate',
        '--candidate',
        'cand.onnx',
        '--baseline',
        baseline,
        '--config',
        config,
        '--suite',
        'two',
        '--workers',
        '1',
        '--cache-dir',
        'cache',
        '--quiet',
        '--shard',
        `${i}/2`,
        '--out',
        out,
      ]);
    beforeAll(() => {
      for (const [i, out, config] of [
        [1, 'sh1', 'cfg.yaml'],
        [2, 'sh2', 'cfg.yaml'],
        [2, 'sh2b', 'cfg-b.yaml'],
      ] as const) {
        const run = shard(i, out, config);
        expect(run.code, run.stderr).toBe(0);
      }
    }, 300_000);
    /** A copy of shard `from` with its results.jsonl lines edited. */
    const edited = (from: string, to: string, edit: (lines: string[]) => string[]) => {
      cpSync(join(dir, from), join(dir, to), { recursive: true });
      writeFileSync(
        join(dir, to, 'results.jsonl'),
        `${edit(read(from, 'results.jsonl').trim().split('\n')).join('\n')}\n`,
      );
    };

    it('merges the shards of one gate and decides from them', () => {
      expect(read('sh1', 'results.jsonl').length).toBeGreaterThan(0);
      expect(read('sh2', 'results.jsonl').length).toBeGreaterThan(0);
      const merged = cli(['merge', 'sh1', 'sh2', '--out', 'merged', '--quiet']);
      expect(merged.code, merged.stderr).toBe(sweepExit('merged'));
      const decided = cli(['report', 'merged', '--quiet', '--reporter', 'json']);
      expect(decided.code, decided.stderr).toBe(decisionExit('merged'));
      const report = cli(['report', 'sh1', '--quiet']);
      expect(report.code).toBe(3);
      expect(report.stderr).toMatch(/sh1 is shard 1\/2 of a gate: a decision needs every shard/);
    });

    it('refuses a shard run under another config, naming its sweep.json and both hashes', () => {
      const run = cli(['merge', 'sh1', 'sh2b', '--out', 'bad-config']);
      expect(run.code).toBe(3);
      const a = json('sh1', 'sweep.json').config_sha256;
      const b = json('sh2b', 'sweep.json').config_sha256;
      expect(a).not.toBe(b);
      expect(run.stderr).toContain(
        `sh2b/sweep.json and sh1/sweep.json are not shards of one plan: config_sha256 ${b} differs from ${a}`,
      );
      noSuccess(run);
    });

    it('refuses a line of another plan in place of a real episode, naming file, line and hash', () => {
      // The cold gate's first line is tiny-a#0@candidate too, but of another plan (another suite).
      const foreign = read('cold', 'results.jsonl').split('\n')[0];
      const at = read('sh2', 'results.jsonl')
        .split('\n')
        .findIndex((l) => l.startsWith('{"episode_id":"tiny-a#0@candidate"'));
      expect(at).toBeGreaterThanOrEqual(0);
      edited('sh2', 'sh2-foreign', (lines) => lines.map((l, i) => (i === at ? foreign : l)));
      const run = cli(['merge', 'sh1', 'sh2-foreign', '--out', 'bad-foreign']);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(
        `sh2-foreign/results.jsonl:${at + 1}: provenance.plan_hash ${JSON.parse(foreign).provenance.plan_hash} differs from ${json('sh2', 'sweep.json').plan_hash}`,
      );
      noSuccess(run);
    });

    it('refuses a duplicated line, naming both lines', () => {
      edited('sh1', 'sh1-dup', (lines) => [...lines, lines[0]]);
      const n = read('sh1', 'results.jsonl').trim().split('\n').length;
      const run = cli(['merge', 'sh1-dup', 'sh2', '--out', 'bad-dup']);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        new RegExp(`sh1-dup/results\\.jsonl:${n + 1}: episode \\S+ appears again \\(first at line 1\\)`),
      );
      noSuccess(run);
    });
  });

  it('refuses tampered results re-signed with another key; without a pinned key it trusts nothing', () => {
    cpSync(join(dir, 'cold'), join(dir, 'resigned'), { recursive: true });
    // The attacker rewrites the decision and re-attests with simgate's own writer and their key.
    const report = { ...json('resigned', 'report.json'), decision: 'PROMOTE', exit_code: 0 } as ReportData;
    writeFileSync(join(dir, 'resigned', 'report.json'), renderReportJson(report));
    writeAttestation(join(dir, 'resigned'), report, {
      signingKeyPem: pem(attacker.privateKey),
      inputsBase: dir,
    });

    const pinned = cli(['verify', 'resigned', '--public-key', 'release.pub.pem']);
    expect(pinned.code).toBe(1);
    expect(pinned.stdout).toMatch(/not signed with the trusted key \([0-9a-f]{16}\): signed by another key/);
    noSuccess(pinned);

    // A key in the environment is never an implicit trust anchor.
    const env = { SIMGATE_SIGNING_KEY: pem(attacker.privateKey) };
    const unpinned = cli(['verify', 'resigned'], env);
    expect(unpinned.code).toBe(3);
    expect(unpinned.stderr).toMatch(/no trusted public key: resigned\/attestation\.json cannot be trusted/);
    noSuccess(unpinned);

    const unsigned = cli(['verify', 'resigned', '--allow-unsigned']);
    expect(unsigned.code).toBe(0);
    expect(unsigned.stdout).toMatch(/integrity only: the signer \([0-9a-f]{16}, env\) is NOT authenticated/);

    const original = cli(['verify', 'cold', '--public-key', 'release.pub.pem', '--integrity-only']);
    expect(original.code, original.stdout).toBe(0);
    expect(original.stdout).toMatch(/attestation verified \(signed by the trusted key [0-9a-f]{16}\)/);
    expect(original.stdout).toContain(`attested decision: ${json('cold', 'report.json').decision}`);
    expect(original.stdout).toMatch(/subject: cand\.onnx sha256 [0-9a-f]{64}/);
    const decided = cli(['verify', 'cold', '--public-key', 'release.pub.pem']);
    expect(decided.code).toBe(json('cold', 'report.json').decision === 'PROMOTE' ? 0 : 1);
    expect(statSync(join(dir, 'cold', 'attestation.json')).size).toBeGreaterThan(0);
  });
});
