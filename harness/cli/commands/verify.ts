// `simgate verify OUT`: checks the attestation of a gate run — its Ed25519 signature against a
// public key the verifier pins, and the sha256 of every report file and every input (models,
// cards, scenarios, config) it names — and prints the attested decision and subject. A key from
// the environment or the one recorded in the attestation is never trusted: without
// --public-key the attestation is refused, unless --allow-unsigned asks for an integrity check.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  ATTESTATION_FILE,
  ed25519PublicKey,
  verifyAttestation,
  type VerifyResult,
} from '../../../reports/index.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { action } from '../action.js';

interface VerifyOptions {
  publicKey?: string;
  allowUnsigned?: boolean;
  integrityOnly?: boolean;
  inputsBase?: string;
}

const HELP = `
Trust: only the public key you pin with --public-key is trusted. The key recorded in the
attestation, and keys in the environment (SIMGATE_SIGNING_KEY), are never trusted: anyone who
can write OUT can re-sign it with a key of their own.

Examples:
  simgate verify simgate-report --public-key release-signing.pub.pem
  simgate verify out/ --public-key ci.pub.pem --inputs-base /checkout
  simgate verify out/ --public-key ci.pub.pem --integrity-only   # a REJECT report, checked as evidence
  simgate verify out/ --allow-unsigned     # integrity only: the signer is not authenticated

Make the key pair once: openssl genpkey -algorithm ed25519 -out simgate-key.pem
                       openssl pkey -in simgate-key.pem -pubout -out simgate-key.pub

Exit codes:
  0  signed by the trusted key, every file matches, and the attested decision is PROMOTE
     (with --integrity-only: whatever the decision; with --allow-unsigned: no key was trusted)
  1  the attested decision is not PROMOTE, the signature is another key's or does not verify,
     or a file differs, is missing or is not covered
  3  bad input: no trusted key (without --allow-unsigned), an unreadable or non-Ed25519 key file,
     a missing, garbage or null attestation.json, a missing directory`;

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description("Check a gate run's signed attestation against a trusted key and the files it names")
    .argument('<out>', 'output directory of a simgate gate run')
    .option('--public-key <file>', "the signer's Ed25519 public key (SPKI PEM): the only key trusted")
    .option(
      '--allow-unsigned',
      'without --public-key: check integrity only (the signer is not authenticated)',
    )
    .option('--integrity-only', 'exit 0 when signature and files hold, whatever the attested decision')
    .option(
      '--inputs-base <dir>',
      'directory the input paths are relative to (default: the working directory)',
    )
    .addHelpText('after', HELP)
    .action(action((out: string, options: VerifyOptions) => verify(out, options)));
}

/** The pinned key's PEM text, refused (naming the flag and the file) unless it is an Ed25519 public key. */
function readPublicKey(path: string): string {
  let pem: string;
  try {
    if (!statSync(path).isFile()) throw new UsageError(`--public-key ${path}: not a file`);
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `--public-key ${path}: cannot read the key file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const key = ed25519PublicKey(pem);
  if ('error' in key) throw new UsageError(`--public-key ${path}: ${key.error}`);
  return pem;
}

function subjectLine(result: VerifyResult): string {
  const s = result.subject;
  return s ? `  subject: ${s.name} sha256 ${s.digest.sha256}\n` : '';
}

function verify(out: string, options: VerifyOptions): number {
  if (!existsSync(out) || !statSync(out).isDirectory())
    throw new UsageError(`${out}: not a directory (the --out directory of a simgate gate run)`);
  const trustedPublicKeyPem = options.publicKey !== undefined ? readPublicKey(options.publicKey) : undefined;
  const result = verifyAttestation(out, {
    trustedPublicKeyPem,
    allowUnsigned: options.allowUnsigned,
    inputsBase: options.inputsBase ?? process.cwd(),
  });
  if (result.verdict === 'bad-input') {
    throw new UsageError(
      result.problems[0],
      trustedPublicKeyPem === undefined && !options.allowUnsigned
        ? "pass --public-key FILE with the signer's public key, or --allow-unsigned to check integrity only"
        : undefined,
    );
  }
  const file = join(out, ATTESTATION_FILE);
  if (result.verdict === 'failed') {
    process.stdout.write(
      `simgate verify: ${file}: FAILED, do not trust this report\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    return EXIT.FAIL;
  }
  const trust =
    result.trust === 'pinned-key'
      ? `signed by the trusted key ${result.signer}`
      : `integrity only: the signer (${result.signer}, ${result.key_source}) is NOT authenticated (--allow-unsigned)`;
  if (result.decision !== 'PROMOTE' && !options.integrityOnly) {
    process.stdout.write(
      `simgate verify: ${file}: signature and files hold (${trust}), but the attested decision is ${result.decision}, not a promotion\n` +
        subjectLine(result) +
        '  (--integrity-only accepts an attestation whatever its decision)\n',
    );
    return EXIT.FAIL;
  }
  process.stdout.write(
    `simgate verify: ${file}: attestation verified (${trust})\n` +
      `  attested decision: ${result.decision}\n` +
      subjectLine(result),
  );
  return EXIT.PASS;
}
