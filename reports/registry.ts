// `--reporter a,b`: builds reporters by name, attestation always last (it hashes the others).
import { attestationReporter } from './attestation.js';
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
  'attestation',
] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

export interface ReportersOptions {
  readonly outDir: string;
  readonly write: (text: string) => void;
  readonly quiet?: boolean;
  /** Append the Markdown summary here too (the value of $GITHUB_STEP_SUMMARY). */
  readonly stepSummaryPath?: string;
  /** PKCS#8 PEM Ed25519 key (the value of $SIMGATE_SIGNING_KEY); a per-run key otherwise. */
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
  attestation: 'attestation.json',
};

/** Reporters for the given names (unknown names throw, listing the known ones). */
export function createReporters(names: readonly string[], o: ReportersOptions): Reporter[] {
  for (const n of names) {
    if (!(REPORTER_NAMES as readonly string[]).includes(n))
      throw new Error(`unknown reporter "${n}" (known: ${REPORTER_NAMES.join(', ')})`);
  }
  const wanted = REPORTER_NAMES.filter((n) => names.includes(n));
  const files = wanted
    .map((n) => FILES[n])
    .filter((f): f is string => !!f)
    .map((f) => `${o.outDir}/${f}`);
  return wanted.map((n): Reporter => {
    switch (n) {
      case 'console':
        return consoleReporter({ write: o.write, files, quiet: o.quiet });
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
      default:
        return attestationReporter({
          outDir: o.outDir,
          signingKeyPem: o.signingKeyPem,
          inputsBase: o.inputsBase,
        });
    }
  });
}
