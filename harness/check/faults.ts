// A stream's fault schedule as search dimensions. Each searched fault kind is one schedule entry,
// written in the envelope as `fault.<kind>.<key>`: `start_h`, `length_h` (the entry is active in
// [start_h, start_h + length_h)), optionally `active` (0 leaves the entry out) and the kind's own
// keys (probability, magnitude, …). Shrinking toward the lower bounds therefore silences faults
// (probability 0, active 0) and shortens them: the minimal counterexample has the fewest,
// shortest faults that still fail.
import type { ParamSpec, ParamValue } from '../../sim/params.js';
import { FAULT_TIMING_KEYS, faultDef, type StreamFault } from '../../sim/stream/catalog.js';

export const FAULT_PREFIX = 'fault.';

/** The searched length of one entry: not a schedule key, it becomes `end_h`. */
const LENGTH_KEY = 'length_h';
/**
 * Whether the entry is in the schedule at all (1) or not (0): a searched on/off for the kinds
 * that have no probability to silence them (a stuck sensor), so a shrunk schedule holds only the
 * faults its failure needs. Not a schedule key either.
 */
const ACTIVE_KEY = 'active';
/** A window must end after it starts. */
const MIN_LENGTH_H = 0.01;

/** The parameter spec behind a `fault.<kind>.<key>` dimension, or undefined when it names none. */
export function faultParamSpec(name: string): ParamSpec | undefined {
  const m = /^fault\.([a-z_]+)\.([a-z_]+)$/.exec(name);
  if (!m) return undefined;
  const def = faultDef(m[1]);
  if (!def) return undefined;
  const key = m[2];
  if (key === ACTIVE_KEY) {
    return {
      name,
      kind: 'number',
      unit: 'flag',
      min: 0,
      max: 1,
      default: 1,
      integer: true,
      description: 'Whether the fault is in the schedule at all (0: no such entry)',
    };
  }
  if (key === LENGTH_KEY) {
    return {
      name,
      kind: 'number',
      unit: 'h',
      min: MIN_LENGTH_H,
      max: 100_000,
      default: 1,
      description: 'Length of the fault window in simulated hours',
    };
  }
  // end_h is given as length_h; random occurrences are not searched (one window per kind).
  if (key === 'end_h' || key === 'rate_per_h' || key === 'duration_h') return undefined;
  const spec = [...FAULT_TIMING_KEYS, ...def.keys].find((k) => k.name === key);
  if (!spec) return undefined;
  const { required: _required, ...param } = spec;
  return { ...param, name };
}

/** Splits a trial's parameters into the scenario's parameters and its fault schedule. */
export function splitFaults(params: Readonly<Record<string, ParamValue>>): {
  params: Record<string, ParamValue>;
  faults: StreamFault[];
} {
  const rest: Record<string, ParamValue> = {};
  const byKind = new Map<string, Record<string, ParamValue>>();
  for (const [name, value] of Object.entries(params)) {
    const m = /^fault\.([a-z_]+)\.([a-z_]+)$/.exec(name);
    if (!m) {
      rest[name] = value;
      continue;
    }
    const entry = byKind.get(m[1]) ?? {};
    entry[m[2]] = value;
    byKind.set(m[1], entry);
  }
  const faults: StreamFault[] = [];
  for (const kind of [...byKind.keys()].sort()) {
    const { [LENGTH_KEY]: length, [ACTIVE_KEY]: active, start_h, ...keys } = byKind.get(kind)!;
    // An entry switched off is left out. Unlike a probability of 0, this moves the random draws
    // of the entries after it (they are keyed by index): the shrinker tries it as one more
    // candidate world, kept only when the failure survives.
    if (active === 0) continue;
    const start = typeof start_h === 'number' ? start_h : 0;
    // Every searched kind keeps its entry, whatever its probability: the random draws of a fault
    // are keyed by its entry index, so dropping one entry would move the others' and change the
    // world. A fault at probability 0 never touches a reading.
    const span = typeof length === 'number' && length > 0 ? length : MIN_LENGTH_H;
    const sorted = Object.fromEntries(Object.entries(keys).sort(([a], [b]) => a.localeCompare(b)));
    faults.push({ kind, start_h: start, end_h: tidy(start + span), ...sorted } as StreamFault);
  }
  return { params: rest, faults };
}

/**
 * The trial parameters of a saved schedule: the inverse of splitFaults, or undefined when the
 * schedule is not one the search writes (a kind twice, random occurrences, no end).
 */
export function faultParams(faults: readonly StreamFault[]): Record<string, ParamValue> | undefined {
  const out: Record<string, ParamValue> = {};
  const seen = new Set<string>();
  for (const fault of faults) {
    const { kind, start_h, end_h, ...keys } = fault;
    if (seen.has(kind) || typeof end_h !== 'number') return undefined;
    seen.add(kind);
    const start = typeof start_h === 'number' ? start_h : 0;
    out[`${FAULT_PREFIX}${kind}.start_h`] = start;
    out[`${FAULT_PREFIX}${kind}.${LENGTH_KEY}`] = tidy(end_h - start);
    for (const [key, value] of Object.entries(keys)) {
      if (key === 'rate_per_h' || key === 'duration_h') return undefined;
      if (typeof value !== 'number' && typeof value !== 'string') return undefined;
      out[`${FAULT_PREFIX}${kind}.${key}`] = value;
    }
  }
  return out;
}

function tidy(x: number): number {
  return Number(x.toPrecision(6));
}
