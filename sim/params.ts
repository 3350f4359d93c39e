// The parameter registry contract: every simulator declares each parameter a scenario or
// `--set` may give, with unit, physical range, default and description. Scenario loading,
// `simgate params` and `--set` validation all read these declarations; nothing else
// defines a parameter.

export type ParamValue = number | string;

export interface NumberParamSpec {
  readonly name: string;
  readonly kind: 'number';
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly integer?: boolean;
  readonly description: string;
}

export interface ChoiceParamSpec {
  readonly name: string;
  readonly kind: 'choice';
  readonly values: readonly string[];
  readonly default: string;
  readonly description: string;
}

export type ParamSpec = NumberParamSpec | ChoiceParamSpec;

/** A numeric parameter declaration, in the order registries list them. */
export function numberParam(
  name: string,
  unit: string,
  min: number,
  max: number,
  def: number,
  description: string,
  integer = false,
): NumberParamSpec {
  return { name, kind: 'number', unit, min, max, default: def, description, integer };
}

export type ResolvedParams = Readonly<Record<string, ParamValue>>;

export class ParamError extends Error {
  readonly code = 'SIMGATE_PARAM';
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
    this.name = 'ParamError';
  }
}

/** Why `value` is not acceptable for `spec`, or undefined when it is. */
export function paramProblem(spec: ParamSpec, value: ParamValue): string | undefined {
  if (spec.kind === 'choice') {
    if (typeof value !== 'string' || !spec.values.includes(value)) {
      return `must be one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(value)})`;
    }
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `must be a finite number in ${spec.unit || 'units'} (got ${JSON.stringify(value)})`;
  }
  if (spec.integer && !Number.isInteger(value)) return `must be an integer (got ${value})`;
  if (value < spec.min || value > spec.max) {
    return `${value} is outside the physical range [${spec.min}, ${spec.max}]${spec.unit ? ` ${spec.unit}` : ''}`;
  }
  return undefined;
}

/** Levenshtein distance, for nearest-name suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** The closest of `names` to `name`, when close enough to be a likely typo. */
export function nearestName(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of names) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Defaults overlaid with `overrides`; every override checked against the registry. */
export function resolveParams(
  registry: readonly ParamSpec[],
  overrides: Readonly<Record<string, ParamValue>>,
): ResolvedParams {
  const byName = new Map(registry.map((s) => [s.name, s]));
  const out: Record<string, ParamValue> = {};
  for (const spec of registry) out[spec.name] = spec.default;
  for (const [name, value] of Object.entries(overrides)) {
    const spec = byName.get(name);
    if (!spec) {
      const hint = nearestName(name, [...byName.keys()]);
      throw new ParamError(`unknown parameter "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`, name);
    }
    const problem = paramProblem(spec, value);
    if (problem) throw new ParamError(`${name}: ${problem}`, name);
    out[name] = value;
  }
  return out;
}
