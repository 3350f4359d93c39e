// Verifying attestation.json (written by attestation.ts). The public key recorded in the envelope
// proves nothing by itself — whoever tampers with a report directory can re-sign it with their own
// key and record that — so a signature counts only when it verifies with a public key the verifier
// pins (`trustedPublicKeyPem`). Without one, `allowUnsigned` checks integrity with the recorded key
// and the result says the signer is not authenticated; otherwise the attestation is refused.
// Every file the statement names is re-hashed: outputs inside the report directory only, inputs
// from `inputsBase`, and regular files only (a name must not reach /dev/zero or escape the dir).
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import {
  ATTESTATION_FILE,
  type AttestationEnvelope,
  type AttestationStatement,
  filesOf,
  PAYLOAD_TYPE,
  PREDICATE_TYPE,
  pae,
  STATEMENT_TYPE,
  type Subject,
  sha256,
} from './attestation.js';

/** verified: signature and files hold; failed: they do not; bad-input: nothing could be checked. */
export type VerifyVerdict = 'verified' | 'failed' | 'bad-input';

export interface VerifyOptions {
  /** SPKI PEM of the signer's Ed25519 public key: the only key whose signature is trusted. */
  readonly trustedPublicKeyPem?: string;
  /** Without a trusted key, check integrity with the recorded key (the signer is not authenticated). */
  readonly allowUnsigned?: boolean;
  /** Directory relative input paths are resolved from (default: the working directory). */
  readonly inputsBase?: string;
  /** When given, the subject must be this model (e.g. the sha256 of the ONNX about to deploy). */
  readonly expectedCandidateSha256?: string;
}

export interface VerifyResult {
  readonly verdict: VerifyVerdict;
  /** verdict === 'verified'. */
  readonly ok: boolean;
  /** pinned-key: signed by the trusted key; integrity-only: no key was trusted (--allow-unsigned). */
  readonly trust?: 'pinned-key' | 'integrity-only';
  readonly problems: readonly string[];
  readonly key_source?: 'env' | 'ephemeral';
  /** sha256 of the recorded public key (SPKI DER), first 16 hex digits. */
  readonly signer?: string;
  /** The decision the statement records. */
  readonly decision?: string;
  /** The attested candidate model. */
  readonly subject?: Subject;
}

const MAX_ATTESTATION_BYTES = 64 * 1024 * 1024;
const HEX64 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const badInput = (problem: string): VerifyResult => ({
  verdict: 'bad-input',
  ok: false,
  problems: [problem],
});

/** The Ed25519 public key of a PEM text, or why it is not one. */
export function ed25519PublicKey(pem: string): { key: KeyObject } | { error: string } {
  if (/PRIVATE KEY/.test(pem))
    return { error: 'is a private key; pin the public key (openssl pkey -in KEY -pubout)' };
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    return { error: `not a public key in PEM form (${(error as Error).message})` };
  }
  if (key.asymmetricKeyType !== 'ed25519')
    return { error: `an Ed25519 public key is required, got ${key.asymmetricKeyType ?? 'unknown'}` };
  return { key };
}

export function keyFingerprint(key: KeyObject): string {
  return sha256(key.export({ type: 'spki', format: 'der' })).slice(0, 16);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const isDigest = (v: unknown) => isObject(v) && typeof v.sha256 === 'string' && HEX64.test(v.sha256);

function envelopeProblem(data: unknown): string | undefined {
  if (!isObject(data)) return `not a DSSE attestation envelope (got ${kindOf(data)})`;
  if (data.payloadType !== PAYLOAD_TYPE) return `payloadType: must be "${PAYLOAD_TYPE}"`;
  if (typeof data.payload !== 'string' || !BASE64.test(data.payload)) return 'payload: must be base64 text';
  const sigs = data.signatures;
  if (
    !Array.isArray(sigs) ||
    sigs.length === 0 ||
    !sigs.every((s) => isObject(s) && typeof s.sig === 'string')
  )
    return 'signatures: must be a non-empty list of {keyid, sig}';
  if (typeof data.public_key !== 'string') return 'public_key: must be PEM text';
  if (data.key_source !== 'env' && data.key_source !== 'ephemeral')
    return 'key_source: must be "env" or "ephemeral"';
  return undefined;
}

function statementProblem(data: unknown): string | undefined {
  if (!isObject(data)) return `not an in-toto statement (got ${kindOf(data)})`;
  if (data._type !== STATEMENT_TYPE) return `_type: must be "${STATEMENT_TYPE}"`;
  if (data.predicateType !== PREDICATE_TYPE) return `predicateType: must be "${PREDICATE_TYPE}"`;
  if (
    !Array.isArray(data.subject) ||
    !data.subject.every((s) => isObject(s) && typeof s.name === 'string' && isDigest(s.digest))
  )
    return 'subject: must be a list of {name, digest: {sha256}}';
  const p = data.predicate;
  if (!isObject(p)) return 'predicate: must be an object';
  if (typeof p.decision !== 'string') return 'predicate.decision: must be text';
  if (
    !Array.isArray(p.outputs) ||
    !p.outputs.every((o) => isObject(o) && typeof o.name === 'string' && isDigest(o.digest))
  )
    return 'predicate.outputs: must be a list of {name, digest: {sha256}}';
  if (
    !Array.isArray(p.inputs) ||
    !p.inputs.every(
      (i) => isObject(i) && typeof i.name === 'string' && typeof i.path === 'string' && isDigest(i.digest),
    )
  )
    return 'predicate.inputs: must be a list of {name, path, digest: {sha256}}';
  return undefined;
}

/** A name the statement lists as an output must stay inside the report directory. */
const insideDir = (name: string) =>
  name !== '' &&
  !isAbsolute(name) &&
  !/[\\\0]/.test(name) &&
  !name.split('/').some((p) => p === '..' || p === '');

/** sha256 of a regular file, or why it cannot be checked. */
function hashRegularFile(file: string, follow: boolean): { sha: string } | { problem: string } {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = follow ? statSync(file) : lstatSync(file);
  } catch {
    return { problem: 'missing' };
  }
  if (!stat.isFile()) return { problem: 'not a regular file' };
  return { sha: sha256(readFileSync(file)) };
}

function readEnvelope(
  path: string,
): { envelope: AttestationEnvelope; body: Buffer; statement: AttestationStatement } | { bad: string } {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch {
    return { bad: `${path}: not found (no attestation: was the attestation reporter run?)` };
  }
  if (!stat.isFile()) return { bad: `${path}: not a regular file` };
  if (stat.size > MAX_ATTESTATION_BYTES)
    return { bad: `${path}: ${stat.size} bytes; an attestation is at most ${MAX_ATTESTATION_BYTES}` };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { bad: `${path}: not JSON (${(error as Error).message})` };
  }
  const envelope = envelopeProblem(data);
  if (envelope) return { bad: `${path}: ${envelope}` };
  const body = Buffer.from((data as unknown as AttestationEnvelope).payload, 'base64');
  let statement: unknown;
  try {
    statement = JSON.parse(body.toString('utf8'));
  } catch {
    return { bad: `${path}: payload: not a JSON in-toto statement` };
  }
  const problem = statementProblem(statement);
  if (problem) return { bad: `${path}: payload: ${problem}` };
  return {
    envelope: data as unknown as AttestationEnvelope,
    body,
    statement: statement as AttestationStatement,
  };
}

/** Re-hashes every output (inside `dir`) and input (from `base`) the statement lists. */
function fileProblems(dir: string, base: string, statement: AttestationStatement): string[] {
  const problems: string[] = [];
  const { outputs, inputs } = statement.predicate;
  for (const s of outputs) {
    if (!insideDir(s.name)) {
      problems.push(`predicate.outputs: "${s.name}" is not a file name inside the report directory`);
      continue;
    }
    const h = hashRegularFile(join(dir, s.name), false);
    if ('problem' in h) problems.push(`${s.name}: ${h.problem}`);
    else if (h.sha !== s.digest.sha256) problems.push(`${s.name}: sha256 differs from the attestation`);
  }
  const listed = new Set(outputs.map((s) => s.name));
  for (const f of filesOf(dir)) if (!listed.has(f)) problems.push(`${f}: not covered by the attestation`);
  for (const i of inputs) {
    const h = hashRegularFile(resolve(base, i.path), true);
    if ('problem' in h) problems.push(`${i.name} (${i.path}): ${h.problem}`);
    else if (h.sha !== i.digest.sha256)
      problems.push(`${i.name} (${i.path}): sha256 differs from the attestation`);
  }
  const candidate = inputs.find((i) => i.name === 'model:candidate');
  const subject = statement.subject[0];
  if (!candidate || !subject || statement.subject.length !== 1)
    problems.push('subject: the statement must name exactly the candidate model');
  else if (subject.name !== candidate.path || subject.digest.sha256 !== candidate.digest.sha256)
    problems.push(`subject ${subject.name}: does not match the candidate model input`);
  return problems;
}

/**
 * Checks the signature (with the pinned key; without one only under `allowUnsigned`, with the
 * recorded key), the statement, the subject, and the sha256 of every file it names.
 */
export function verifyAttestation(dir: string, options: VerifyOptions = {}): VerifyResult {
  const path = join(dir, ATTESTATION_FILE);
  let trusted: KeyObject | undefined;
  if (options.trustedPublicKeyPem !== undefined) {
    const parsed = ed25519PublicKey(options.trustedPublicKeyPem);
    if ('error' in parsed) return badInput(`trusted public key: ${parsed.error}`);
    trusted = parsed.key;
  } else if (!options.allowUnsigned) {
    return badInput(
      `no trusted public key: ${path} cannot be trusted (anyone who can write the directory can re-sign it)`,
    );
  }
  const read = readEnvelope(path);
  if ('bad' in read) return badInput(read.bad);
  const { envelope, body, statement } = read;
  const recordedKey = ed25519PublicKey(envelope.public_key);
  const recorded = 'key' in recordedKey ? recordedKey.key : undefined;
  const signedBy = (key: KeyObject) =>
    envelope.signatures.some((s) => {
      try {
        return verify(null, pae(envelope.payloadType, body), key, Buffer.from(s.sig, 'base64'));
      } catch {
        return false;
      }
    });
  const problems: string[] = [];
  if (trusted) {
    if (!signedBy(trusted)) {
      problems.push(
        recorded && signedBy(recorded)
          ? `not signed with the trusted key (${keyFingerprint(trusted)}): signed by another key (${keyFingerprint(recorded)})`
          : `the signature does not verify with the trusted key (${keyFingerprint(trusted)})`,
      );
    }
  } else if (!recorded) {
    return badInput(`${path}: public_key: ${'error' in recordedKey ? recordedKey.error : 'unreadable'}`);
  } else if (!signedBy(recorded)) {
    problems.push('the signature does not verify with the key recorded in the attestation');
  }
  problems.push(...fileProblems(dir, options.inputsBase ?? process.cwd(), statement));
  const subject = statement.subject[0];
  if (options.expectedCandidateSha256 && subject?.digest.sha256 !== options.expectedCandidateSha256)
    problems.push(
      `subject: the attestation is about sha256 ${subject?.digest.sha256}, not the expected model`,
    );
  return {
    verdict: problems.length === 0 ? 'verified' : 'failed',
    ok: problems.length === 0,
    trust: trusted ? 'pinned-key' : 'integrity-only',
    problems,
    key_source: envelope.key_source,
    ...(recorded ? { signer: keyFingerprint(recorded) } : {}),
    decision: statement.predicate.decision,
    subject,
  };
}
