// Public API of the reporters: the interface and multiplexer, each reporter, the renderers
// (pure string functions) and attestation verification.
export {
  ATTESTATION_FILE,
  type AttestationEnvelope,
  type AttestationStatement,
  type GatePredicate,
  PREDICATE_TYPE,
  STATEMENT_TYPE,
  attestationReporter,
  writeAttestation,
} from './attestation.js';
export {
  ed25519PublicKey,
  keyFingerprint,
  type VerifyOptions,
  type VerifyResult,
  type VerifyVerdict,
  verifyAttestation,
} from './attestation-verify.js';
export {
  CANARY_TEMPLATE_FILE,
  type CanaryThreshold,
  canaryReporter,
  canaryThresholds,
  poissonUpperBound,
  renderCanaryTemplate,
} from './canary.js';
export { consoleReporter, formatConsoleSummary } from './console.js';
export {
  escapeHtml,
  escapeMarkdownCell,
  escapePromLabel,
  escapeXml,
  escapeXmlAttribute,
  markdownCode,
} from './escape.js';
export { HTML_CSP, htmlReporter, renderHtml } from './html.js';
export { jsonReporter, renderReportJson } from './json.js';
export { junitReporter, renderJunit } from './junit.js';
export { markdownReporter, renderMarkdown } from './markdown.js';
export { prometheusReporter, renderPrometheus } from './prometheus.js';
export {
  createReporters,
  REPORTER_NAMES,
  type ReporterName,
  type ReportersOptions,
  removeReportsExcept,
  reportFileOf,
} from './registry.js';
export {
  createReporterMux,
  type EpisodeEnd,
  type Reporter,
  type ReporterFailure,
  type ReporterMux,
  type ReportedError,
  type RunBegin,
} from './reporter.js';
export * from './types.js';
