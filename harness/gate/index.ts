// Public API of the promotion gate: config, decision, looks, report data and bench helper.
export { loadApprovals, parseApprovals } from './approvals.js';
export { sequentialSavings, type SequentialSavings, type SequentialSavingsCase } from './bench.js';
export { type GateCatalog, gateCatalog } from './catalogs.js';
export {
  GATE_BUILTIN_DEFAULTS,
  type GateConfigInput,
  gateConfigProblems,
  parseSliceName,
  type ResolvedGateConfig,
  type ResolvedKpiRule,
  type ResolvedSlice,
  resolveGateConfig,
  type SimgateConfigFile,
} from './config.js';
export { ConfigError, type ConfigProblem, formatProblem } from './configError.js';
export {
  CONFIG_SCHEMA_PATH,
  defaultGateConfigPath,
  gateConfigFor,
  loadConfigFile,
  loadGateDefaults,
  parseConfigText,
} from './configFile.js';
export { decideGate, type GateDecision, type LookMemo } from './decide.js';
export {
  defaultReplayCommand,
  type EpisodeRef,
  type GateEpisode,
  type GateInput,
  type GateModel,
  type GatePair,
  type GateScenario,
  type ModelLoad,
} from './input.js';
export { type SequentialLook, sequentialLooks } from './looks.js';
export { gateReportData, type RunFacts } from './report.js';
export { summarizeKpis } from './summary.js';
