// Registry-dependent rules of one scenario file (after the structural check): parameters,
// task-specific fields, invariant names and limits, KPI names, the fault schedule. Also builds
// the Scenario from a file that passed every check.
import type { ParamValue } from '../sim/params.js';
import { nearestName } from '../sim/params.js';
import { checkParams, toDistribution } from './check-params.js';
import { buildIncident, checkIncident } from './incident.js';
import { FAULT_SHAPE, INVARIANT_SHAPE, KPI_CRITERION_SHAPE } from './format.js';
import type { PathSegment, Reporter } from './problems.js';
import { taskRegistry } from './registry.js';
import { conforms, isPlainObject } from './shape.js';
import type { FaultSpec, InvariantSpec, KpiCriterion, Scenario, Task } from './types.js';

type Raw = Record<string, unknown>;

/** Longest stream horizon a scenario may ask for (about 11 years of simulated time). */
export const MAX_HORIZON_H = 100_000;

export function checkScenarioRules(raw: Raw, sink: Reporter): void {
  const task = raw.task;
  if (task !== 'pick' && task !== 'stream') return; // reported by the structural check
  const registry = taskRegistry(task);
  if (isPlainObject(raw.params)) checkParams(task, registry.params, raw.params, sink);
  checkTaskFields(task, raw, sink);
  if (Array.isArray(raw.invariants)) checkInvariants(task, raw.invariants, sink);
  if (isPlainObject(raw.kpi_criteria)) checkKpis(task, raw.kpi_criteria, sink);
  if (task === 'stream' && Array.isArray(raw.faults)) checkFaults(raw, raw.faults, sink);
  checkIncident(raw, sink);
  for (const list of ['requirements', 'tags'] as const) {
    if (Array.isArray(raw[list])) duplicates(raw[list], [list], sink);
  }
}

function checkTaskFields(task: Task, raw: Raw, sink: Reporter): void {
  const other = task === 'pick' ? ['horizon_h', 'faults'] : ['duration_s'];
  for (const field of other) {
    if (field in raw)
      sink.report([field], `only for ${task === 'pick' ? 'stream' : 'pick'} scenarios`, 'key');
  }
  if (task === 'pick' && typeof raw.duration_s === 'number') {
    const spec = taskRegistry('pick').params.find((p) => p.name === 'cell.duration_s');
    if (spec?.kind === 'number' && (raw.duration_s < spec.min || raw.duration_s > spec.max)) {
      sink.report(['duration_s'], `${raw.duration_s} is outside [${spec.min}, ${spec.max}] s`);
    }
    if (isPlainObject(raw.params) && 'cell.duration_s' in raw.params) {
      sink.report(['params', 'cell.duration_s'], 'give the episode length once: duration_s or this', 'key');
    }
  }
  if (task === 'stream') {
    if (!('horizon_h' in raw))
      sink.report([], 'missing required field "horizon_h" (stream scenarios)', 'key');
    else if (typeof raw.horizon_h === 'number' && raw.horizon_h > MAX_HORIZON_H) {
      sink.report(['horizon_h'], `must be at most ${MAX_HORIZON_H} (got ${raw.horizon_h})`);
    }
  }
}

function checkInvariants(task: Task, items: unknown[], sink: Reporter): void {
  const defs = taskRegistry(task).invariants;
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (!conforms(item, INVARIANT_SHAPE)) return;
    const path: PathSegment[] = ['invariants', i];
    const name = typeof item === 'string' ? item : ((item as Raw).name as string);
    const namePath = typeof item === 'string' ? path : [...path, 'name'];
    const def = defs.find((d) => d.name === name);
    if (!def) {
      const hint = nearestName(
        name,
        defs.map((d) => d.name),
      );
      sink.report(
        namePath,
        `unknown ${task} invariant "${name}"${hint ? ` (did you mean "${hint}"?)` : ` (known: ${defs.map((d) => d.name).join(', ')})`}`,
      );
      return;
    }
    if (seen.has(name))
      sink.report(namePath, `invariant "${name}" is listed twice (also at [${seen.get(name)}])`);
    seen.set(name, i);
    const hasLimit = isPlainObject(item) && 'limit' in item;
    if (def.limit === 'required' && !hasLimit) {
      sink.report(path, `invariant "${name}" needs a limit in ${def.unit}: {name: ${name}, limit: ...}`);
    } else if (def.limit === 'none' && hasLimit) {
      sink.report([...path, 'limit'], `invariant "${name}" takes no limit`, 'key');
    }
  });
}

function checkKpis(task: Task, criteria: Raw, sink: Reporter): void {
  const kpis = taskRegistry(task).kpis.map((k) => k.name);
  for (const [name, value] of Object.entries(criteria)) {
    if (!kpis.includes(name)) {
      const hint = nearestName(name, kpis);
      sink.report(
        ['kpi_criteria', name],
        `unknown ${task} KPI${hint ? ` (did you mean "${hint}"?)` : ` (known: ${kpis.join(', ')})`}`,
        'key',
      );
    } else if (conforms(value, KPI_CRITERION_SHAPE)) {
      const { min, max } = value as { min?: number; max?: number };
      if (min !== undefined && max !== undefined && min > max) {
        sink.report(['kpi_criteria', name], `min (${min}) is greater than max (${max})`, 'key');
      }
    }
  }
}

function checkFaults(raw: Raw, faults: unknown[], sink: Reporter): void {
  const registry = taskRegistry('stream');
  const horizon = typeof raw.horizon_h === 'number' ? raw.horizon_h : undefined;
  faults.forEach((fault, i) => {
    if (!conforms(fault, FAULT_SHAPE)) return;
    const entry = fault as Raw;
    for (const problem of registry.faultProblems(entry)) {
      const colon = problem.indexOf(': ');
      const field = colon > 0 ? problem.slice(0, colon) : '';
      const path: PathSegment[] = field ? ['faults', i, field] : ['faults', i];
      const message = field ? problem.slice(colon + 2) : problem;
      sink.report(path, message, message.startsWith('unknown key') ? 'key' : 'value');
    }
    if (horizon !== undefined && typeof entry.start_h === 'number' && entry.start_h >= horizon) {
      sink.report(['faults', i, 'start_h'], `${entry.start_h} is not before the horizon (${horizon} h)`);
    }
    if (horizon !== undefined && typeof entry.end_h === 'number' && entry.end_h > horizon) {
      sink.report(['faults', i, 'end_h'], `${entry.end_h} is after the horizon (${horizon} h)`);
    }
  });
}

function duplicates(items: unknown[], path: PathSegment[], sink: Reporter): void {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    if (seen.has(item)) sink.report([...path, i], `${JSON.stringify(item)} is listed twice`);
    seen.add(item);
  });
}

/** The Scenario of a file that passed every check. */
export function buildScenario(raw: Raw, file: string, sha256: string): Scenario {
  const task = raw.task as Task;
  const registry = taskRegistry(task);
  const params = Object.fromEntries(
    Object.entries((raw.params as Raw | undefined) ?? {}).map(([name, v]) => [name, toDistribution(v)]),
  );
  const invariants: InvariantSpec[] = ((raw.invariants as unknown[] | undefined) ?? []).map((item) => {
    const name = typeof item === 'string' ? item : ((item as Raw).name as string);
    const given = isPlainObject(item) ? (item.limit as number | undefined) : undefined;
    const limit = given ?? registry.invariants.find((d) => d.name === name)?.defaultLimit;
    return limit === undefined ? { name } : { name, limit };
  });
  const kpi_criteria: KpiCriterion[] = Object.entries((raw.kpi_criteria as Raw | undefined) ?? {}).map(
    ([kpi, bounds]) => ({ kpi, ...(bounds as { min?: number; max?: number }) }),
  );
  const scenario: Scenario = {
    id: raw.id as string,
    title: raw.title as string,
    task,
    file,
    sha256,
    requirements: [...((raw.requirements as string[] | undefined) ?? [])],
    tags: [...((raw.tags as string[] | undefined) ?? [])],
    samples: raw.samples as number,
    seed: (raw.seed as number | undefined) ?? 0,
    params,
    invariants,
    kpi_criteria,
    faults: task === 'stream' ? ((raw.faults as FaultSpec[] | undefined) ?? []).map((f) => ({ ...f })) : [],
    ...(isPlainObject(raw.provenance)
      ? { provenance: { ...(raw.provenance as Record<string, ParamValue>) } }
      : {}),
    ...(task === 'pick' && isPlainObject(raw.incident) ? { incident: buildIncident(raw.incident) } : {}),
  };
  if (task === 'pick' && typeof raw.duration_s === 'number')
    return { ...scenario, duration_s: raw.duration_s };
  if (task === 'stream') return { ...scenario, horizon_h: raw.horizon_h as number };
  return scenario;
}
