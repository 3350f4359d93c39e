// `simgate verify OUT`: checks the attestation of a gate run — its Ed25519 signature, and the
// sha256 of every report file and every input (models, cards, scenarios, config) it names.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { verifyAttestation } from '../../../reports/index.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { action } from '../action.js';

interface VerifyOptions {
  publicKey?: string;
  inputsBase?: string;
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description("Check a gate run's signed attestation against the files it names")
    .argument('<out>', 'output directory of a simgate gate run')
    .option('--public-key <file>', 'trusted Ed25519 public key (PEM); without it the recorded key is used')
    .option(
      '--inputs-base <dir>',
      'directory the input paths are relative to (default: the working directory)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  simgate verify simgate-report\n  simgate verify out/ --public-key release-signing.pub.pem\n' +
        '\nExit codes: 0 verified, 1 a file or the signature does not match, 3 bad input.',
    )
    .action(action((out: string, options: VerifyOptions) => verify(out, options)));
}

function verify(out: string, options: VerifyOptions): number {
  let trustedPublicKeyPem: string | undefined;
  if (options.publicKey) {
    try {
      trustedPublicKeyPem = readFileSync(options.publicKey, 'utf8');
    } catch {
      throw new UsageError(`--public-key ${options.publicKey}: cannot read the key file`);
    }
  }
  const result = verifyAttestation(out, {
    trustedPublicKeyPem,
    inputsBase: options.inputsBase ?? process.cwd(),
  });
  if (result.ok) {
    process.stdout.write(
      `simgate verify: ${out}: attestation verified (${result.key_source ?? 'recorded key'})\n`,
    );
    return EXIT.PASS;
  }
  process.stdout.write(
    `simgate verify: ${out}: NOT verified\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  return EXIT.FAIL;
}
