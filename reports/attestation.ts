// attestation.json: an in-toto Statement (v1) about the candidate model — its `subject` is the
// candidate ONNX file (name and sha256) — whose predicate holds the gate decision, the
// provenance, and the sha256 of every output file of the report directory and of every input
// (models, cards, scenarios, config). It is wrapped in a DSSE envelope signed with Ed25519
// (node:crypto), so a deployment can check "this exact model was promoted by this run".
//
// Trust model: with a signing key (`--sign-key FILE` or SIMGATE_SIGNING_KEY: a PKCS#8 PEM
// Ed25519 private key held by CI) the signature proves the files come from a holder of that key.
// Without it, a fresh key pair is generated per run and only its public key is recorded. Either
// way the recorded public key proves nothing by itself (anyone can re-sign with their own key and
// record that): verification (attestation-verify.ts) trusts only a public key pinned by the
// verifier, and without one checks integrity only, saying so.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Reporter } from './reporter.js';
import type { ReportData } from './types.js';
import { writeFileAtomic } from './write-file.js';

export const ATTESTATION_FILE = 'attestation.json';
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'https://simgate.dev/attestation/gate/v1';

export interface Subject {
  readonly name: string;
  readonly digest: { readonly sha256: string };
}

export interface AttestationEnvelope {
  readonly payloadType: string;
  /** base64 of the statement JSON. */
  readonly payload: string;
  readonly signatures: readonly { readonly keyid: string; readonly sig: string }[];
  /** SPKI PEM of the signing key. */
  readonly public_key: string;
  readonly key_source: 'env' | 'ephemeral';
}

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** DSSE pre-authentication encoding. */
export function pae(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${body.length} `), body]);
}

/**
 * Every file under `dir` but attestation.json, as `/`-separated relative names. Symbolic links are
 * listed, not followed (a link to a directory must not loop the walk).
 */
export function filesOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.filter((f) => f !== ATTESTATION_FILE);
}

/** Every input the report names, as {name, path}. */
function inputsOf(report: ReportData): { name: string; path: string }[] {
  const p = report.provenance;
  const list = [
    { name: 'model:candidate', path: p.models.candidate.path },
    { name: 'model:baseline', path: p.models.baseline.path },
    ...(['candidate', 'baseline'] as const).flatMap((m) =>
      p.models[m].card ? [{ name: `card:${m}`, path: p.models[m].card!.path }] : [],
    ),
    ...(p.config ? [{ name: 'config', path: p.config.path }] : []),
    ...p.scenarios.map((s) => ({ name: `scenario:${s.id}`, path: s.path })),
  ];
  return list;
}

function signingKey(pem: string | undefined): { key: KeyObject; source: 'env' | 'ephemeral' } {
  if (!pem || pem.trim() === '')
    return { key: generateKeyPairSync('ed25519').privateKey, source: 'ephemeral' };
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`signing key: not a PEM private key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `signing key: an Ed25519 private key is required, got ${key.asymmetricKeyType ?? 'unknown'}`,
    );
  return { key, source: 'env' };
}

/** The statement's predicate (predicateType PREDICATE_TYPE). */
export interface GatePredicate {
  readonly decision: ReportData['decision'];
  readonly exit_code: number;
  readonly task: string;
  readonly reasons: readonly {
    readonly rule: string;
    readonly slice: string;
    readonly status: string;
    readonly message: string;
  }[];
  readonly provenance: ReportData['provenance'];
  /** Every file of the report directory but attestation.json. */
  readonly outputs: readonly Subject[];
  /** Every input the report names, hashed when the attestation was written. */
  readonly inputs: readonly (Subject & { readonly path: string })[];
}

export interface AttestationStatement {
  readonly _type: typeof STATEMENT_TYPE;
  /** The candidate model: its path as the report names it, and its sha256. */
  readonly subject: readonly Subject[];
  readonly predicateType: typeof PREDICATE_TYPE;
  readonly predicate: GatePredicate;
}

/**
 * Writes attestation.json into `outDir`, covering every other file there and the report's inputs
 * (hashed now, from `inputsBase`). Call it after every other file is written.
 */
export function writeAttestation(
  outDir: string,
  report: ReportData,
  options: { signingKeyPem?: string; inputsBase?: string } = {},
): AttestationEnvelope {
  const base = options.inputsBase ?? process.cwd();
  const outputs: Subject[] = filesOf(outDir).map((name) => ({
    name,
    digest: { sha256: sha256(readFileSync(join(outDir, name))) },
  }));
  const inputs = inputsOf(report).map((i) => ({
    ...i,
    digest: { sha256: sha256(readFileSync(resolve(base, i.path))) },
  }));
  const candidate = inputs.find((i) => i.name === 'model:candidate')!;
  const statement: AttestationStatement = {
    _type: STATEMENT_TYPE,
    subject: [{ name: candidate.path, digest: candidate.digest }],
    predicateType: PREDICATE_TYPE,
    predicate: {
      decision: report.decision,
      exit_code: report.exit_code,
      task: report.task,
      reasons: report.reasons.map((r) => ({
        rule: r.rule,
        slice: r.slice,
        status: r.status,
        message: r.message,
      })),
      provenance: report.provenance,
      outputs,
      inputs,
    },
  };
  const body = Buffer.from(JSON.stringify(statement));
  const { key, source } = signingKey(options.signingKeyPem);
  const publicKey = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  const envelope: AttestationEnvelope = {
    payloadType: PAYLOAD_TYPE,
    payload: body.toString('base64'),
    signatures: [
      { keyid: sha256(publicKey), sig: sign(null, pae(PAYLOAD_TYPE, body), key).toString('base64') },
    ],
    public_key: publicKey,
    key_source: source,
  };
  // Written whole or not at all: a torn attestation must never sit beside the report.
  const file = join(outDir, ATTESTATION_FILE);
  writeFileAtomic(file, `${JSON.stringify(envelope, null, 2)}\n`);
  return envelope;
}

export function attestationReporter(options: {
  outDir: string;
  signingKeyPem?: string;
  inputsBase?: string;
}): Reporter {
  return {
    name: 'attestation',
    onEnd(report) {
      writeAttestation(options.outDir, report, options);
    },
  };
}
