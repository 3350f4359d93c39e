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

function signedRun(signingKeyPem?: string) {
  const { report, inputsDir } = hostileReport();
  const outDir = mkdtempSync(join(tmpdir(), 'simgate-att-'));
  writeFileSync(join(outDir, 'report.json'), renderReportJson(report));
  writeFileSync(join(outDir, 'junit.xml'), renderJunit(report));
  writeFileSync(join(outDir, 'report.html'), renderHtml(report));
  const envelope = writeAttestation(outDir, report, { inputsBase: inputsDir, signingKeyPem });
  return { outDir, inputsDir, envelope };
}

function flipByte(file: string, at: number) {
  const bytes = readFileSync(file);
  bytes[at % bytes.length] ^= 0x01;
  writeFileSync(file, bytes);
}

describe('attestation', () => {
  it('verifies a fresh report directory (per-run key recorded)', () => {
    const { outDir, inputsDir, envelope } = signedRun();
    expect(envelope.key_source).toBe('ephemeral');
    expect(verifyAttestation(outDir, { inputsBase: inputsDir })).toEqual({
      ok: true,
      problems: [],
      key_source: 'ephemeral',
    });
  });
  it.each(['report.json', 'junit.xml', 'report.html'])(
    'fails after one changed byte of %s (at several offsets)',
    (name) => {
      for (const at of [0, 97, 1013]) {
        const { outDir, inputsDir } = signedRun();
        flipByte(join(outDir, name), at);
        const result = verifyAttestation(outDir, { inputsBase: inputsDir });
        expect(result.ok).toBe(false);
        expect(result.problems.join('\n')).toContain(`${name}: sha256 differs`);
      }
    },
  );
  it('fails after a changed byte of a named input (model, card, scenario, config)', () => {
    for (const input of ['candidate.onnx', 'candidate.card.yaml', 'tote-mixed.yaml', 'simgate.config.yaml']) {
      const { outDir, inputsDir } = signedRun();
      flipByte(join(inputsDir, input), 3);
      expect(verifyAttestation(outDir, { inputsBase: inputsDir }).problems.join('\n')).toContain(
        `(${input}): sha256 differs`,
      );
    }
  });
  it('fails when the statement or signature is tampered with, or a file is added', () => {
    const a = signedRun();
    const env = JSON.parse(readFileSync(join(a.outDir, 'attestation.json'), 'utf8'));
    const statement = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    statement.predicate.decision = 'PROMOTE_ANYWAY';
    env.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    writeFileSync(join(a.outDir, 'attestation.json'), JSON.stringify(env));
    expect(verifyAttestation(a.outDir, { inputsBase: a.inputsDir }).problems).toContain(
      'signature does not verify',
    );
    const b = signedRun();
    writeFileSync(join(b.outDir, 'extra.txt'), 'x');
    expect(verifyAttestation(b.outDir, { inputsBase: b.inputsDir }).problems).toContain(
      'extra.txt: not covered by the attestation',
    );
    expect(readdirSync(b.outDir)).toContain('attestation.json');
  });
  it('a configured signing key verifies against its pinned public key, and another key is refused', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const { outDir, inputsDir, envelope } = signedRun(pem);
    expect(envelope.key_source).toBe('env');
    expect(verifyAttestation(outDir, { inputsBase: inputsDir, trustedPublicKeyPem: pub }).ok).toBe(true);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const refused = verifyAttestation(outDir, { inputsBase: inputsDir, trustedPublicKeyPem: other });
    expect(refused.ok).toBe(false);
    expect(refused.problems).toContain('the attestation was not signed with the trusted key');
  });
});
