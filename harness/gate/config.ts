// The `gate:` section of simgate.config.yaml: the partial shape users write, the full shape
// the decision reads, and `resolveGateConfig`, which overlays the user's partial config on
// the bundled defaults of the task once, checking names against the task's catalog.
import { terminalQuote } from '../../reports/escape.js';
import { nearestName } from '../../sim/params.js';
import type { Task } from '../../sim/task.js';
import { type GateCatalog, gateCatalog } from './catalogs.js';
import { type ConfigProblem, ConfigError } from './configError.js';
import {
  mergeSafety,
  type ResolvedSafety,
  resolveSafety,
  type SafetyInput,
  safetyProblems,
} from './safety-config.js';

export type MarginInput = number | { readonly absolute: number } | { readonly relative: number };

export interface KpiRuleInput {
  readonly direction?: 'higher' | 'lower';
  readonly margin?: MarginInput;
  readonly confidence?: number;
  readonly test?: 'bootstrap' | 'binary';
}

export interface FloorInput {
  readonly min?: number;
  readonly max?: number;
}

export interface SliceInput {
  readonly tag?: string;
  readonly requirement?: string;
  readonly scenario?: string;
  readonly kpis?: readonly string[] | Readonly<Record<string, KpiRuleInput | false>>;
  readonly floors?: Readonly<Record<string, FloorInput>>;
}

export interface GateConfigInput {
  readonly task?: Task;
  readonly confidence?: number;
  readonly power?: number;
  readonly min_pairs?: number;
  readonly min_slice_pairs?: number;
  readonly max_pairs?: number;
  readonly checkpoints?: readonly number[];
  readonly bootstrap_resamples?: number;
  readonly floor_evidence?: 'interval' | 'point';
  readonly kpis?: Readonly<Record<string, KpiRuleInput | false>>;
  readonly floors?: Readonly<Record<string, FloorInput>>;
  readonly safety?: SafetyInput;
  readonly slices?: readonly SliceInput[];
  readonly require_approval?: readonly string[];
  readonly approvals_file?: string;
}

/** The whole simgate.config.yaml (other top-level keys belong to the run, not the gate). */
export interface SimgateConfigFile {
  readonly suite?: string | readonly string[];
  readonly seed?: number;
  readonly workers?: number | 'auto';
  readonly samples?: number;
  readonly gate?: GateConfigInput;
}

export interface ResolvedMargin {
  readonly kind: 'absolute' | 'relative';
  readonly value: number;
}

export interface ResolvedKpiRule {
  readonly kpi: string;
  readonly direction: 'higher' | 'lower';
  readonly margin: ResolvedMargin;
  readonly confidence: number;
  readonly test: 'bootstrap' | 'binary';
}

export interface ResolvedFloor {
  readonly kpi: string;
  readonly min?: number;
  readonly max?: number;
}

export type SliceSelector =
  | { readonly kind: 'all' }
  | { readonly kind: 'tag'; readonly value: string }
  | { readonly kind: 'requirement'; readonly value: string }
  | { readonly kind: 'scenario'; readonly value: string };

export interface ResolvedSlice {
  /** 'all', 'tag:<tag>', 'requirement:<id>' or 'scenario:<id>'. */
  readonly name: string;
  readonly selector: SliceSelector;
  readonly kpis: readonly ResolvedKpiRule[];
  readonly floors: readonly ResolvedFloor[];
  /**
   * 'default' when it comes from the bundled gate of the task: a bundled slice no scenario of the
   * suite falls in does not apply; a slice the user wrote must match a scenario (else ERROR).
   */
  readonly origin: 'default' | 'user';
}

export interface ResolvedGateConfig {
  readonly task: Task;
  readonly confidence: number;
  readonly power: number;
  readonly min_pairs: number;
  /** Below this many pairs a slice's rules decide nothing either way. */
  readonly min_slice_pairs: number;
  readonly max_pairs: number;
  /** Increasing information fractions, the last one 1. */
  readonly checkpoints: readonly number[];
  /** Resamples of the report's KPI intervals (the decision's tests are exact). */
  readonly bootstrap_resamples: number;
  /** A floor passes when its one-sided interval clears it ('interval') or on the mean alone ('point'). */
  readonly floor_evidence: 'interval' | 'point';
  /** Slice 'all' first (with every KPI rule, business KPIs first), then the configured slices. */
  readonly slices: readonly ResolvedSlice[];
  readonly safety: ResolvedSafety;
  readonly require_approval: readonly string[];
  readonly approvals_file: string | null;
}

export const GATE_BUILTIN_DEFAULTS = {
  confidence: 0.95,
  power: 0.8,
  min_pairs: 20,
  min_slice_pairs: 8,
  max_pairs: 2000,
  checkpoints: [0.25, 0.5, 0.75, 1],
  bootstrap_resamples: 1000,
  floor_evidence: 'interval',
} as const;

/**
 * Limits of every number a config file or a flag gives, shared by schemas/config.schema.json
 * (a test holds the two together), the flag parsers and docs/gate.md.
 */
export const CONFIG_LIMITS = {
  /** Seeds are integers in [0, 2^32). */
  seedMax: 4_294_967_295,
  samplesMax: 100_000,
  workersMax: 256,
  /** min_pairs, min_slice_pairs and max_pairs. */
  pairsMax: 1_000_000,
  checkpointsMax: 20,
  bootstrapMin: 100,
  bootstrapMax: 100_000,
} as const;

type Path = readonly (string | number)[];

/** A name from the file, quoted for a message (escaped, cut when very long). */
const quoted = (name: unknown): string => terminalQuote(name);

/** "did you mean" for a name; no hint for names too long to be a typo of a catalog name. */
function hintFor(name: string, names: readonly string[]): string {
  const near = name.length <= 100 ? nearestName(name, names) : undefined;
  return near ? ` (did you mean "${near}"?)` : '';
}

const finite = (...values: unknown[]): boolean =>
  values.every((v) => typeof v === 'number' && Number.isFinite(v));

/** A semantic problem at a field path; `key` when the key's name itself is wrong. */
export interface ConfigFieldProblem {
  readonly path: Path;
  readonly message: string;
  readonly key?: boolean;
}

/** Every semantic problem of a gate config (names, orders, ranges), with its field path. */
export function gateConfigProblems(
  input: GateConfigInput,
  task: Task,
  options: { partial?: boolean } = {},
): ConfigFieldProblem[] {
  const problems: ConfigFieldProblem[] = [];
  const catalog = gateCatalog(task);
  // A partial (user) config may lean on the defaults for a direction; a merged one may not.
  const needDirection = !options.partial;
  const checkRules = (rules: SliceInput['kpis'], at: Path) => {
    if (!rules) return;
    const entries: [string, KpiRuleInput | false][] = Array.isArray(rules)
      ? rules.map((k) => [k, {}])
      : Object.entries(rules as Record<string, KpiRuleInput | false>);
    entries.forEach(([kpi, rule], i) => {
      const path = Array.isArray(rules) ? [...at, i] : [...at, kpi];
      kpiProblem(kpi, rule === false || !needDirection ? undefined : rule, catalog, task, path, problems);
      if (rule && typeof rule === 'object') marginProblem(kpi, rule, catalog, path, problems);
    });
  };
  const checkFloors = (floors: GateConfigInput['floors'], at: Path) => {
    for (const [kpi, floor] of Object.entries(floors ?? {})) {
      kpiProblem(kpi, { direction: 'higher' }, catalog, task, [...at, kpi], problems);
      if (!floor || typeof floor !== 'object') continue;
      if (finite(floor.min, floor.max) && floor.min! >= floor.max!) {
        problems.push({
          path: [...at, kpi],
          message: `min ${floor.min} ${floor.min === floor.max ? '=' : '>'} max ${floor.max}: a floor needs min < max`,
        });
      }
      if (isFraction(kpi, catalog)) {
        for (const side of ['min', 'max'] as const) {
          const v = floor[side];
          if (finite(v) && (v! < 0 || v! > 1))
            problems.push({
              path: [...at, kpi, side],
              message: `${side} ${v} is outside [0, 1]: ${kpi} is a fraction`,
            });
        }
      }
    }
  };
  checkRules(input.kpis, ['gate', 'kpis']);
  checkFloors(input.floors, ['gate', 'floors']);
  const cps = input.checkpoints ?? [];
  for (let i = 1; i < cps.length; i++) {
    if (finite(cps[i - 1], cps[i]) && !(cps[i] > cps[i - 1]))
      problems.push({
        path: ['gate', 'checkpoints', i],
        message: `checkpoints must increase (${cps[i - 1]} then ${cps[i]})`,
      });
  }
  if (cps.length > 0 && finite(cps[cps.length - 1]) && cps[cps.length - 1] !== 1) {
    problems.push({
      path: ['gate', 'checkpoints', cps.length - 1],
      message: 'the last checkpoint must be 1 (the whole plan)',
    });
  }
  if (finite(input.min_pairs, input.max_pairs) && input.min_pairs! > input.max_pairs!) {
    problems.push({
      path: ['gate', 'min_pairs'],
      message: `min_pairs ${input.min_pairs} > max_pairs ${input.max_pairs}`,
    });
  }
  (input.slices ?? []).forEach((slice, i) => {
    const keys = (['tag', 'requirement', 'scenario'] as const).filter((k) => slice[k] !== undefined);
    if (keys.length !== 1) {
      problems.push({
        path: ['gate', 'slices', i],
        message: 'a slice names exactly one of tag, requirement or scenario',
      });
    }
    checkRules(slice.kpis, ['gate', 'slices', i, 'kpis']);
    checkFloors(slice.floors, ['gate', 'slices', i, 'floors']);
  });
  problems.push(...safetyProblems(input.safety, task));
  (input.require_approval ?? []).forEach((name, i) => {
    if (!parseSliceName(name)) {
      problems.push({
        path: ['gate', 'require_approval', i],
        message: `${quoted(name)} is not a slice name (all, tag:X, requirement:X or scenario:X)`,
      });
    }
  });
  return problems;
}

/** A 0/1 or fraction KPI: its mean lies in [0, 1]. */
function isFraction(kpi: string, catalog: GateCatalog | undefined): boolean {
  return catalog?.kpis.find((d) => d.name === kpi)?.unit === 'fraction';
}

/**
 * An absolute margin of 1 or more on a fraction (or a 0/1 KPI tested as binary) lets any
 * candidate pass the rule: the difference of two means in [0, 1] is never below −1.
 */
function marginProblem(
  kpi: string,
  rule: KpiRuleInput,
  catalog: GateCatalog | undefined,
  path: Path,
  out: ConfigFieldProblem[],
): void {
  const margin = rule.margin;
  const absolute =
    typeof margin === 'number'
      ? { value: margin, at: [...path, 'margin'] }
      : margin && typeof margin === 'object' && 'absolute' in margin
        ? { value: margin.absolute, at: [...path, 'margin', 'absolute'] }
        : undefined;
  if (!absolute || !finite(absolute.value) || absolute.value < 1) return;
  const why = rule.test === 'binary' ? 'a binary KPI' : isFraction(kpi, catalog) ? 'a fraction' : undefined;
  if (why)
    out.push({
      path: absolute.at,
      message: `an absolute margin of ${absolute.value} on ${why} lets any candidate pass; it must be below 1`,
    });
}

function kpiProblem(
  kpi: string,
  rule: KpiRuleInput | undefined,
  catalog: GateCatalog | undefined,
  task: Task,
  path: Path,
  out: ConfigFieldProblem[],
): void {
  if (!catalog) {
    if (rule && !rule.direction)
      out.push({
        path,
        message: `${task} has no KPI catalog yet: give ${quoted(kpi)} a direction (higher or lower)`,
      });
    return;
  }
  const names = catalog.kpis.map((d) => d.name);
  if (!names.includes(kpi)) {
    out.push({
      path,
      message: `unknown ${task} KPI ${quoted(kpi)}${hintFor(kpi, names)}`,
      key: typeof path[path.length - 1] === 'string',
    });
  }
}

/** Parses 'all', 'tag:X', 'requirement:X' or 'scenario:X'. */
export function parseSliceName(name: string): SliceSelector | undefined {
  if (name === 'all') return { kind: 'all' };
  const m = /^(tag|requirement|scenario):(.+)$/.exec(name);
  return m ? { kind: m[1] as 'tag' | 'requirement' | 'scenario', value: m[2] } : undefined;
}

function resolveMargin(margin: MarginInput | undefined): ResolvedMargin {
  if (margin === undefined) return { kind: 'absolute', value: 0 };
  if (typeof margin === 'number') return { kind: 'absolute', value: margin };
  return 'relative' in margin
    ? { kind: 'relative', value: margin.relative }
    : { kind: 'absolute', value: margin.absolute };
}

function mergeRules(
  base: Readonly<Record<string, KpiRuleInput | false>> | undefined,
  over: SliceInput['kpis'] | undefined,
): [string, KpiRuleInput][] {
  const merged = new Map<string, KpiRuleInput | false>(Object.entries(base ?? {}));
  const entries: [string, KpiRuleInput | false][] = Array.isArray(over)
    ? over.map((k) => [k, {}])
    : Object.entries((over ?? {}) as Record<string, KpiRuleInput | false>);
  for (const [kpi, rule] of entries) {
    const prior = merged.get(kpi);
    merged.set(kpi, rule === false ? false : { ...(prior || {}), ...rule });
  }
  return [...merged].filter((e): e is [string, KpiRuleInput] => e[1] !== false);
}

/** `input` overlaid on `defaults`: KPI maps merge per KPI, floors and safety per key, lists replace. */
function mergeGateConfig(
  input: GateConfigInput | undefined,
  defaults: GateConfigInput,
): { task: Task; merged: GateConfigInput } {
  const user = input ?? {};
  const task: Task = user.task ?? defaults.task ?? 'pick';
  const merged: GateConfigInput = {
    ...defaults,
    ...user,
    kpis: Object.fromEntries(mergeRules(defaults.kpis, user.kpis)),
    floors: { ...defaults.floors, ...user.floors },
    safety: mergeSafety(defaults.safety, user.safety),
  };
  return { task, merged };
}

/**
 * Every problem of `input` laid over `defaults`, as `resolveGateConfig` would find them:
 * names and orders of the merged config, and a gate left without any rule.
 */
export function mergedGateProblems(
  input: GateConfigInput | undefined,
  defaults: GateConfigInput = {},
): ConfigFieldProblem[] {
  const { task, merged } = mergeGateConfig(input, defaults);
  const problems = gateConfigProblems(merged, task);
  const effective =
    mergeRules(undefined, merged.kpis).length > 0 ||
    Object.keys(merged.floors ?? {}).length > 0 ||
    (merged.slices ?? []).some(
      (s) => mergeRules(undefined, s.kpis).length > 0 || Object.keys(s.floors ?? {}).length > 0,
    );
  if (!effective) {
    // `[].every(pass)` is true: a gate without a rule would promote anything.
    problems.push({
      path: ['gate', 'kpis'],
      message:
        'the gate has no rule left (every KPI is switched off and no floor is set): it would promote any model',
    });
  }
  return problems;
}

/**
 * The full gate config: `input` overlaid on `defaults` (the task's bundled gate config) and
 * the built-in figures. KPI maps merge per KPI (a KPI set to `false` is dropped); lists replace.
 * Throws a ConfigError listing every problem when a name or an order is wrong.
 */
export function resolveGateConfig(
  input: GateConfigInput | undefined,
  defaults: GateConfigInput = {},
  source = 'gate config',
): ResolvedGateConfig {
  const { task, merged } = mergeGateConfig(input, defaults);
  const problems = mergedGateProblems(input, defaults);
  if (problems.length > 0) {
    throw new ConfigError(
      problems.map((p): ConfigProblem => ({ file: source, path: p.path.join('.'), message: p.message })),
    );
  }
  const catalog = gateCatalog(task);
  const confidence = merged.confidence ?? GATE_BUILTIN_DEFAULTS.confidence;
  const rule = (kpi: string, r: KpiRuleInput, inherit?: KpiRuleInput): ResolvedKpiRule => ({
    kpi,
    direction:
      r.direction ?? inherit?.direction ?? catalog?.kpis.find((d) => d.name === kpi)?.better ?? 'higher',
    margin: resolveMargin(r.margin ?? inherit?.margin),
    confidence: r.confidence ?? inherit?.confidence ?? confidence,
    test: r.test ?? inherit?.test ?? 'bootstrap',
  });
  const floors = (f: GateConfigInput['floors']): ResolvedFloor[] =>
    Object.entries(f ?? {}).map(([kpi, v]) => ({
      kpi,
      ...(v.min !== undefined ? { min: v.min } : {}),
      ...(v.max !== undefined ? { max: v.max } : {}),
    }));
  const globalRules = mergeRules(undefined, merged.kpis);
  const all: ResolvedSlice = {
    name: 'all',
    selector: { kind: 'all' },
    kpis: globalRules.map(([k, r]) => rule(k, r)),
    floors: floors(merged.floors),
    origin: 'user',
  };
  const origin: ResolvedSlice['origin'] = input?.slices !== undefined ? 'user' : 'default';
  const slices = (merged.slices ?? []).map((s): ResolvedSlice => {
    const selector: SliceSelector =
      s.tag !== undefined
        ? { kind: 'tag', value: s.tag }
        : s.requirement !== undefined
          ? { kind: 'requirement', value: s.requirement }
          : { kind: 'scenario', value: s.scenario ?? '' };
    const byKpi = new Map(globalRules);
    return {
      name: `${selector.kind}:${(selector as { value: string }).value}`,
      selector,
      kpis: mergeRules(undefined, s.kpis).map(([k, r]) => rule(k, r, byKpi.get(k))),
      floors: floors(s.floors),
      origin,
    };
  });
  return {
    task,
    confidence,
    power: merged.power ?? GATE_BUILTIN_DEFAULTS.power,
    min_pairs: merged.min_pairs ?? GATE_BUILTIN_DEFAULTS.min_pairs,
    min_slice_pairs: merged.min_slice_pairs ?? GATE_BUILTIN_DEFAULTS.min_slice_pairs,
    max_pairs: merged.max_pairs ?? GATE_BUILTIN_DEFAULTS.max_pairs,
    checkpoints: merged.checkpoints ?? GATE_BUILTIN_DEFAULTS.checkpoints,
    bootstrap_resamples: merged.bootstrap_resamples ?? GATE_BUILTIN_DEFAULTS.bootstrap_resamples,
    floor_evidence: merged.floor_evidence ?? GATE_BUILTIN_DEFAULTS.floor_evidence,
    slices: [all, ...slices],
    safety: resolveSafety(merged.safety),
    require_approval: merged.require_approval ?? [],
    approvals_file: merged.approvals_file ?? null,
  };
}
