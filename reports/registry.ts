// `--reporter a,b`: builds reporters by name, attestation always last (it hashes the others).
// `canary` writes canary/analysis-template.yaml on PROMOTE only.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { attestationReporter } from './attestation.js';
import { CANARY_TEMPLATE_FILE, canaryReporter } from './canary.js';
import { consoleReporter } from './console.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { prometheusReporter } from './prometheus.js';
import type { Reporter } from './reporter.js';

export const REPORTER_NAMES = [
  'console',
  'json',
  'junit',
  'markdown',
  'html',
  'prometheus',
  'canary',
  'attestation',
] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

export interface ReportersOptions {
  readonly outDir: string;
  readonly write: (text: string) => void;
  readonly quiet?: boolean;
  /** Append the Markdown summary here too (the value of $GITHUB_STEP_SUMMARY). */
  readonly stepSummaryPath?: string;
  /** PKCS#8 PEM Ed25519 private key (from `--sign-key FILE` or $SIMGATE_SIGNING_KEY); a per-run key otherwise. */
  readonly signingKeyPem?: string;
  /** Base directory of relative input paths in the provenance. */
  readonly inputsBase?: string;
}

const FILES: Partial<Record<ReporterName, string>> = {
  json: 'report.json',
  junit: 'junit.xml',
  markdown: 'summary.md',
  html: 'report.html',
  prometheus: 'metrics.prom',
  canary: CANARY_TEMPLATE_FILE,
  attestation: 'attestation.json',
};

/** The file a reporter writes in the output directory (console writes none). */
export function reportFileOf(name: ReporterName): string | undefined {
  return FILES[name];
}

/**
 * Deletes from `outDir` the file of every reporter not in `kept`: a report an earlier run left
 * there (a PROMOTE's HTML, metrics or attestation) must not stand beside this run's as its own.
 */
export function removeReportsExcept(outDir: string, kept: readonly ReporterName[]): void {
  for (const [name, file] of Object.entries(FILES)) {
    if (!kept.includes(name as ReporterName)) rmSync(join(outDir, file), { force: true });
  }
}

/** Reporters for the given names (unknown names throw, listing the known ones). */
export function createReporters(names: readonly string[], o: ReportersOptions): Reporter[] {
  for (const n of names) {
    if (!(REPORTER_NAMES as readonly string[]).includes(n))
      throw new Error(`unknown reporter "${n}" (known: ${REPORTER_NAMES.join(', ')})`);
  }
  // The console speaks last, so it lists only the files the others managed to write.
  const wanted = [...REPORTER_NAMES.filter((n) => n !== 'console'), 'console' as const].filter((n) =>
    names.includes(n),
  );
  const fileOf = (n: ReporterName) => (FILES[n] ? [`${o.outDir}/${FILES[n]}`] : []);
  const files = wanted.filter((n) => n !== 'canary').flatMap(fileOf);
  const promoteFiles = wanted.filter((n) => n === 'canary').flatMap(fileOf);
  return wanted.map((n): Reporter => {
    switch (n) {
      case 'console':
        return consoleReporter({ write: o.write, files, promoteFiles, quiet: o.quiet });
      case 'json':
        return jsonReporter({ outDir: o.outDir });
      case 'junit':
        return junitReporter({ outDir: o.outDir });
      case 'markdown':
        return markdownReporter({ outDir: o.outDir, stepSummaryPath: o.stepSummaryPath });
      case 'html':
        return htmlReporter({ outDir: o.outDir });
      case 'prometheus':
        return prometheusReporter({ outDir: o.outDir });
      case 'canary':
        return canaryReporter({ outDir: o.outDir });
      default:
        return attestationReporter({
          outDir: o.outDir,
          signingKeyPem: o.signingKeyPem,
          inputsBase: o.inputsBase,
        });
    }
  });
}
