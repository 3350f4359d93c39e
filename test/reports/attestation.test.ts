// Attestation: verifies after writing, and fails after any changed byte of an output or input.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAttestation, writeAttestation } from '../../reports/attestation.js';
import { renderHtml } from '../../reports/html.js';
import { renderReportJson } from '../../reports/json.js';
import { renderJunit } from '../../reports/junit.js';
import { hostileReport } from './fixture.js';

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
    expect(verifyAttestation(outDir, { inputsBase: inputsDir })).toMatchObject({
      ok: true,
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
        const result = verifyAttestation(outDir, { inputsBase: inputsDir });
        expect(result.ok).toBe(false);
        expect(result.problems.join('\n')).toContain(`${name}: sha256 differs`);
      }
    },
  );
  it('fails after a changed byte of a named input (model, card, scenario, config)', async () => {
    for (const input of ['candidate.onnx', 'candidate.card.yaml', 'tote-mixed.yaml', 'simgate.config.yaml']) {
      const { outDir, inputsDir } = await signedRun();
      flipByte(join(inputsDir, input), 3);
      expect(verifyAttestation(outDir, { inputsBase: inputsDir }).problems.join('\n')).toContain(
        `(${input}): sha256 differs`,
      );
    }
  });
  it('fails when the statement or signature is tampered with, or a file is added', async () => {
    const a = await signedRun();
    const env = JSON.parse(readFileSync(join(a.outDir, 'attestation.json'), 'utf8'));
    const statement = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    statement.predicate.decision = 'PROMOTE_ANYWAY';
    env.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    writeFileSync(join(a.outDir, 'attestation.json'), JSON.stringify(env));
    expect(verifyAttestation(a.outDir, { inputsBase: a.inputsDir }).problems).toContain(
      'signature does not verify',
    );
    const b = await signedRun();
    writeFileSync(join(b.outDir, 'extra.txt'), 'x');
    expect(verifyAttestation(b.outDir, { inputsBase: b.inputsDir }).problems).toContain(
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
    expect(refused.problems).toContain('the attestation was not signed with the trusted key');
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
    expect(verifyAttestation(outDir, { inputsBase: inputsDir, expectedCandidateSha256: sha }).ok).toBe(true);
    const other = verifyAttestation(outDir, {
      inputsBase: inputsDir,
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
});
