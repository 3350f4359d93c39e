// The `safety:` section of a gate config: which invariants gate the candidate (all of the task's,
// at their limits, unless waived with a reason), the zero-failure evidence a PROMOTE needs, and
// the safety search run on the candidate before any PROMOTE (its budget, envelope and corpus).
import { nearestName } from '../../sim/params.js';
import type { Task } from '../../sim/task.js';
import { DEFAULT_CORPUS_DIR } from '../check/corpus.js';
import { taskInvariants } from '../check/invariants.js';
import { gateCatalog } from './catalogs.js';

export interface SafetySearchInput {
  readonly budget?: number;
  readonly shrink_budget?: number;
  readonly population?: number;
  readonly envelope?: string;
  readonly corpus?: string;
}

export interface SafetyInput {
  readonly invariants?: 'all' | readonly string[];
  readonly max_violation_rate?: number;
  readonly limits?: Readonly<Record<string, number>>;
  readonly waive?: Readonly<Record<string, string>>;
  readonly search?: SafetySearchInput | false;
}

export interface ResolvedSafety {
  /** Zero tolerance: every invariant evaluated ('all'), or the listed ones. */
  readonly invariants: 'all' | readonly string[];
  readonly max_violation_rate: number | null;
  /** Limits over the task's defaults. */
  readonly limits: Readonly<Record<string, number>>;
  /** Invariants left out, each with its reason (printed in every report). */
  readonly waived: Readonly<Record<string, string>>;
  /** The search run on the candidate before any PROMOTE; null when switched off. */
  readonly search: {
    readonly budget: number;
    readonly shrink_budget: number;
    readonly population: number;
    /** Relative to the config file; null = the bundled envelope of the task. */
    readonly envelope: string | null;
    readonly corpus: string;
  } | null;
}

export const SEARCH_DEFAULTS = { budget: 400, shrink_budget: 160, population: 8 } as const;

type Problem = {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly key?: boolean;
};

/** Every problem of a safety section: unknown invariant names, limits, waivers without reasons. */
export function safetyProblems(input: SafetyInput | undefined, task: Task): Problem[] {
  const out: Problem[] = [];
  const catalog = gateCatalog(task);
  if (!input || !catalog) return out;
  const names = catalog.invariants.map((d) => d.name);
  const known = (name: string, path: (string | number)[], key = false) => {
    if (names.includes(name)) return true;
    const hint = nearestName(name, names);
    out.push({
      path,
      message: `unknown ${task} invariant "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      key,
    });
    return false;
  };
  if (Array.isArray(input.invariants))
    input.invariants.forEach((n, i) => {
      known(n, ['gate', 'safety', 'invariants', i]);
    });
  for (const [name, limit] of Object.entries(input.limits ?? {})) {
    const path = ['gate', 'safety', 'limits', name];
    if (!known(name, path, true)) continue;
    const def = catalog.invariants.find((d) => d.name === name)!;
    if (def.limit === 'none')
      out.push({ path, message: `${name} takes no limit (it counts events that must not happen)` });
    else if (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0)
      out.push({ path, message: `a limit must be a finite number above 0 (got ${String(limit)})` });
  }
  for (const [name, reason] of Object.entries(input.waive ?? {})) {
    const path = ['gate', 'safety', 'waive', name];
    if (!known(name, path, true)) continue;
    if (typeof reason !== 'string' || reason.trim().length < 10)
      out.push({
        path,
        message: 'a waiver needs its reason (at least a short sentence): every report prints it',
      });
    if (input.limits && name in input.limits)
      out.push({ path, message: `${name} is both limited and waived` });
  }
  return out;
}

/** The user's safety section over the bundled one: maps merge per name, the search per key. */
export function mergeSafety(base: SafetyInput | undefined, over: SafetyInput | undefined): SafetyInput {
  const search =
    over?.search === false || base?.search === false
      ? (over?.search ?? base?.search)
      : { ...base?.search, ...over?.search };
  return {
    ...base,
    ...over,
    limits: { ...base?.limits, ...over?.limits },
    waive: { ...base?.waive, ...over?.waive },
    ...(search !== undefined ? { search } : {}),
  };
}

export function resolveSafety(merged: SafetyInput | undefined): ResolvedSafety {
  const search = merged?.search;
  return {
    invariants: merged?.invariants ?? 'all',
    max_violation_rate: merged?.max_violation_rate ?? null,
    limits: { ...merged?.limits },
    waived: { ...merged?.waive },
    search:
      search === false
        ? null
        : {
            budget: search?.budget ?? SEARCH_DEFAULTS.budget,
            shrink_budget: search?.shrink_budget ?? SEARCH_DEFAULTS.shrink_budget,
            population: search?.population ?? SEARCH_DEFAULTS.population,
            envelope: search?.envelope ?? null,
            corpus: search?.corpus ?? DEFAULT_CORPUS_DIR,
          },
  };
}

/** The invariants every episode of a gate is checked against (task defaults, limits, waivers). */
export function gateInvariants(task: Task, safety: ResolvedSafety, streamKind?: 'forecaster' | 'detector') {
  return taskInvariants(task, {
    limits: safety.limits,
    waived: Object.keys(safety.waived),
    ...(streamKind ? { streamKind } : {}),
  });
}
