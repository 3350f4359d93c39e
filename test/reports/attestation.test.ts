// Attestation: verifies after writing, and fails after any changed byte of an output or input;
// trusts only a pinned key; refuses garbage with the file named.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pae, writeAttestation } from '../../reports/attestation.js';
import { verifyAttestation } from '../../reports/attestation-verify.js';
import { renderHtml } from '../../reports/html.js';
import { renderReportJson } from '../../reports/json.js';
import { renderJunit } from '../../reports/junit.js';
import { hostileReport } from './fixture.js';

const createSha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function signedRun(signingKeyPem?: string) {
  const { report, inputsDir } = hostileReport();
  const outDir = mkdtempSync(join(tmpdir(), 'simgate-att-'));
  writeFileSync(join(outDir, 'report.json'), renderReportJson(report));
  writeFileSync(join(outDir, 'junit.xml'), renderJunit(report));
  writeFileSync(join(outDir, 'report.html'), await renderHtml(report));
  const envelope = writeAttestation(outDir, report, { inputsBase: inputsDir, signingKeyPem });
  return { outDir, inputsDir, envelope, report };
}

function flipByte(file: string, at: number) {
  const bytes = readFileSync(file);
  bytes[at % bytes.length] ^= 0x01;
  writeFileSync(file, bytes);
}

describe('attestation', () => {
  it('verifies a fresh report directory (per-run key recorded)', async () => {
    const { outDir, inputsDir, envelope } = await signedRun();
    expect(envelope.key_source).toBe('ephemeral');
    expect(verifyAttestation(outDir, { inputsBase: inputsDir, allowUnsigned: true })).toMatchObject({
      ok: true,
      verdict: 'verified',
      trust: 'integrity-only',
      problems: [],
      key_source: 'ephemeral',
      decision: 'PROMOTE',
      subject: { name: 'candidate.onnx' },
    });
  });
  it.each(['report.json', 'junit.xml', 'report.html'])(
    'fails after one changed byte of %s (at several offsets)',
    async (name) => {
      for (const at of [0, 97, 1013]) {
        const { outDir, inputsDir } = await signedRun();
        flipByte(join(outDir, name), at);
        const result = verifyAttestation(outDir, { inputsBase: inputsDir, allowUnsigned: true });
        expect(result.ok).toBe(false);
        expect(result.problems.join('\n')).toContain(`${name}: sha256 differs`);
      }
    },
  );
  it('fails after a changed byte of a named input (model, card, scenario, config)', async () => {
    for (const input of ['candidate.onnx', 'candidate.card.yaml', 'tote-mixed.yaml', 'simgate.config.yaml']) {
      const { outDir, inputsDir } = await signedRun();
      flipByte(join(inputsDir, input), 3);
      expect(
        verifyAttestation(outDir, { inputsBase: inputsDir, allowUnsigned: true }).problems.join('\n'),
      ).toContain(`(${input}): sha256 differs`);
    }
  });
  it('fails when the statement or signature is tampered with, or a file is added', async () => {
    const a = await signedRun();
    const env = JSON.parse(readFileSync(join(a.outDir, 'attestation.json'), 'utf8'));
    const statement = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    statement.predicate.decision = 'PROMOTE_ANYWAY';
    env.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    writeFileSync(join(a.outDir, 'attestation.json'), JSON.stringify(env));
    expect(verifyAttestation(a.outDir, { inputsBase: a.inputsDir, allowUnsigned: true }).problems).toContain(
      'the signature does not verify with the key recorded in the attestation',
    );
    const b = await signedRun();
    writeFileSync(join(b.outDir, 'extra.txt'), 'x');
    expect(verifyAttestation(b.outDir, { inputsBase: b.inputsDir, allowUnsigned: true }).problems).toContain(
      'extra.txt: not covered by the attestation',
    );
    expect(readdirSync(b.outDir)).toContain('attestation.json');
  });
  it('a configured signing key verifies against its pinned public key, and another key is refused', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const { outDir, inputsDir, envelope } = await signedRun(pem);
    expect(envelope.key_source).toBe('env');
    expect(verifyAttestation(outDir, { inputsBase: inputsDir, trustedPublicKeyPem: pub }).ok).toBe(true);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const refused = verifyAttestation(outDir, { inputsBase: inputsDir, trustedPublicKeyPem: other });
    expect(refused.ok).toBe(false);
    expect(refused.problems.join('\n')).toMatch(
      /not signed with the trusted key \([0-9a-f]{16}\): signed by another key/,
    );
  });
  it('is an in-toto Statement v1 about the candidate model, with the decision and provenance', async () => {
    const { envelope, report } = await signedRun();
    expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    expect(statement._type).toBe('https://in-toto.io/Statement/v1');
    expect(statement.subject).toEqual([
      { name: 'candidate.onnx', digest: { sha256: report.provenance.models.candidate.sha256 } },
    ]);
    expect(statement.predicateType).toBe('https://simgate.dev/attestation/gate/v1');
    expect(statement.predicate.decision).toBe('PROMOTE');
    expect(statement.predicate.exit_code).toBe(0);
    expect(statement.predicate.provenance).toEqual(JSON.parse(JSON.stringify(report.provenance)));
    expect(statement.predicate.outputs.map((o: { name: string }) => o.name)).toEqual([
      'junit.xml',
      'report.html',
      'report.json',
    ]);
  });
  it('checks the subject against an expected model digest', async () => {
    const { outDir, inputsDir, report } = await signedRun();
    const sha = report.provenance.models.candidate.sha256;
    expect(
      verifyAttestation(outDir, { inputsBase: inputsDir, allowUnsigned: true, expectedCandidateSha256: sha })
        .ok,
    ).toBe(true);
    const other = verifyAttestation(outDir, {
      inputsBase: inputsDir,
      allowUnsigned: true,
      expectedCandidateSha256: 'f'.repeat(64),
    });
    expect(other.ok).toBe(false);
    expect(other.problems.join('\n')).toContain('not the expected model');
  });
  it('refuses a signing key that is not Ed25519, naming the problem', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    await expect(signedRun(rsa)).rejects.toThrow('an Ed25519 private key is required, got rsa');
    await expect(signedRun('not a key')).rejects.toThrow(/signing key: not a PEM private key/);
  });
  it('trusts no key it was not given: without a pinned key it is refused unless allowUnsigned', async () => {
    const { outDir, inputsDir } = await signedRun();
    const refused = verifyAttestation(outDir, { inputsBase: inputsDir });
    expect(refused).toMatchObject({ verdict: 'bad-input', ok: false });
    expect(refused.problems[0]).toMatch(/no trusted public key: .*attestation\.json cannot be trusted/);
    // A key in the environment is not a pinned key either.
    const { privateKey } = generateKeyPairSync('ed25519');
    const before = process.env.SIMGATE_SIGNING_KEY;
    process.env.SIMGATE_SIGNING_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      expect(verifyAttestation(outDir, { inputsBase: inputsDir }).verdict).toBe('bad-input');
    } finally {
      if (before === undefined) delete process.env.SIMGATE_SIGNING_KEY;
      else process.env.SIMGATE_SIGNING_KEY = before;
    }
  });

  it('refuses tampered files re-signed by another key, and says integrity-only when no key is pinned', async () => {
    const release = generateKeyPairSync('ed25519');
    const pub = release.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const { outDir, inputsDir } = await signedRun(
      release.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    // The attacker edits report.json, fixes its digest in the statement and re-signs with their key.
    writeFileSync(join(outDir, 'report.json'), '{"decision":"PROMOTE"}\n');
    const env = JSON.parse(readFileSync(join(outDir, 'attestation.json'), 'utf8'));
    const statement = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    const output = statement.predicate.outputs.find((o: { name: string }) => o.name === 'report.json');
    output.digest.sha256 = createSha(readFileSync(join(outDir, 'report.json')));
    const attacker = generateKeyPairSync('ed25519');
    const body = Buffer.from(JSON.stringify(statement));
    env.payload = body.toString('base64');
    env.public_key = attacker.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    env.signatures = [
      { keyid: 'x', sig: sign(null, pae(env.payloadType, body), attacker.privateKey).toString('base64') },
    ];
    writeFileSync(join(outDir, 'attestation.json'), JSON.stringify(env));
    const pinned = verifyAttestation(outDir, { inputsBase: inputsDir, trustedPublicKeyPem: pub });
    expect(pinned.verdict).toBe('failed');
    expect(pinned.problems.join('\n')).toMatch(/signed by another key/);
    // Without a pin the re-signed directory is self-consistent: only integrity can be claimed.
    expect(verifyAttestation(outDir, { inputsBase: inputsDir, allowUnsigned: true })).toMatchObject({
      verdict: 'verified',
      trust: 'integrity-only',
    });
  });

  it('refuses a missing, null, garbage or non-envelope attestation as bad input naming the file', async () => {
    for (const [text, reason] of [
      [null, /attestation\.json: not found/],
      ['null', /attestation\.json: not a DSSE attestation envelope \(got null\)/],
      ['{"payload": 1', /attestation\.json: not JSON/],
      ['[]', /attestation\.json: not a DSSE attestation envelope \(got an array\)/],
      [
        '{"payloadType":"application/vnd.in-toto+json","payload":"bnVsbA==","signatures":[{"sig":""}],"public_key":"","key_source":"env"}',
        /attestation\.json: payload: not an in-toto statement \(got null\)/,
      ],
    ] as const) {
      const { outDir, inputsDir } = await signedRun();
      const file = join(outDir, 'attestation.json');
      if (text === null) rmSync(file);
      else writeFileSync(file, text);
      const result = verifyAttestation(outDir, { inputsBase: inputsDir, allowUnsigned: true });
      expect(result.verdict).toBe('bad-input');
      expect(result.problems[0]).toContain(file);
      expect(result.problems[0]).toMatch(reason);
    }
  });

  it('reads only regular files inside the report directory, whatever the statement names', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const { outDir, inputsDir } = await signedRun(
      privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const env = JSON.parse(readFileSync(join(outDir, 'attestation.json'), 'utf8'));
    const statement = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    statement.predicate.outputs.push({ name: '../../etc/passwd', digest: { sha256: 'a'.repeat(64) } });
    statement.predicate.inputs.push({
      name: 'config',
      path: '/dev/zero',
      digest: { sha256: 'a'.repeat(64) },
    });
    const body = Buffer.from(JSON.stringify(statement));
    env.payload = body.toString('base64');
    env.signatures = [
      { keyid: 'k', sig: sign(null, pae(env.payloadType, body), privateKey).toString('base64') },
    ];
    writeFileSync(join(outDir, 'attestation.json'), JSON.stringify(env));
    symlinkSync(outDir, join(outDir, 'loop'));
    const result = verifyAttestation(outDir, { inputsBase: inputsDir, trustedPublicKeyPem: pub });
    expect(result.verdict).toBe('failed');
    expect(result.problems).toContain(
      'predicate.outputs: "../../etc/passwd" is not a file name inside the report directory',
    );
    expect(result.problems).toContain('config (/dev/zero): not a regular file');
    expect(result.problems).toContain('loop: not covered by the attestation');
  });
});
