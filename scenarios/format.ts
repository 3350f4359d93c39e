// The scenario file format, described once. The structural checker (scenarios/shape.ts)
// and the published JSON Schema (scenarios/schema.ts → schemas/scenario.schema.json) are
// both derived from these shape descriptions; registry-dependent rules (parameter ranges,
// invariant and KPI names) live in scenarios/check.ts.

interface Described {
  readonly description: string;
}

export interface StringShape extends Described {
  readonly kind: 'string';
  readonly pattern?: string;
  /** How to read the pattern, for error messages ("lower-case letters, digits, - _ ."). */
  readonly patternHint?: string;
  readonly enum?: readonly string[];
}

export interface NumberShape extends Described {
  readonly kind: 'number';
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Values must be strictly greater than this. */
  readonly above?: number;
}

export interface BooleanShape extends Described {
  readonly kind: 'boolean';
}

/** A constant parameter value: a number or a string. */
export interface ScalarShape extends Described {
  readonly kind: 'scalar';
}

export interface ListShape extends Described {
  readonly kind: 'list';
  readonly items: Shape;
  readonly minItems?: number;
}

export interface RecordShape extends Described {
  readonly kind: 'record';
  readonly fields: Readonly<Record<string, Shape>>;
  readonly required?: readonly string[];
  /** At least one of these fields must be present. */
  readonly anyOf?: readonly string[];
  /** Other keys are allowed (checked by check.ts), e.g. fault parameters. */
  readonly open?: boolean;
  /**
   * Fields whose contents only make sense against the task registry: the structural check
   * only tests their outer type, check.ts checks the rest (so an unknown parameter is one
   * problem, not one per malformed value inside it).
   */
  readonly deferred?: readonly string[];
}

/** A mapping from free names (parameter, KPI, requirement ids) to values of one shape. */
export interface MapShape extends Described {
  readonly kind: 'map';
  readonly values: Shape;
}

/** A mapping with exactly one key, naming the variant: `{uniform: {min: 1, max: 2}}`. */
export interface VariantShape extends Described {
  readonly kind: 'variant';
  readonly variants: Readonly<Record<string, Shape>>;
}

/** One of several shapes, told apart by the YAML value's type (scalar, list, mapping). */
export interface UnionShape extends Described {
  readonly kind: 'union';
  readonly options: readonly Shape[];
}

export type Shape =
  | BooleanShape
  | StringShape
  | NumberShape
  | ScalarShape
  | ListShape
  | RecordShape
  | MapShape
  | VariantShape
  | UnionShape;

const num = (description: string, extra: Partial<NumberShape> = {}): NumberShape => ({
  kind: 'number',
  description,
  ...extra,
});

const bound = (what: string) => num(`Truncate the distribution ${what} this value`);

export const DISTRIBUTION_SHAPE: VariantShape = {
  kind: 'variant',
  description: 'A distribution the parameter is drawn from, once per sample',
  variants: {
    uniform: {
      kind: 'record',
      description: 'Uniform on [min, max]',
      fields: { min: num('Lower bound'), max: num('Upper bound') },
      required: ['min', 'max'],
    },
    int: {
      kind: 'record',
      description: 'Uniform integer in [min, max], both inclusive',
      fields: {
        min: num('Lower bound', { integer: true }),
        max: num('Upper bound', { integer: true }),
      },
      required: ['min', 'max'],
    },
    normal: {
      kind: 'record',
      description: 'Normal, truncated to [min, max] and to the parameter range',
      fields: {
        mean: num('Mean'),
        sd: num('Standard deviation (>= 0)'),
        min: bound('below'),
        max: bound('above'),
      },
      required: ['mean', 'sd'],
    },
    lognormal: {
      kind: 'record',
      description: 'exp(Normal(mu, sigma)), truncated to [min, max] and to the parameter range',
      fields: {
        mu: num('Mean of the logarithm (the median is exp(mu))'),
        sigma: num('Standard deviation of the logarithm (>= 0)'),
        min: bound('below'),
        max: bound('above'),
      },
      required: ['mu', 'sigma'],
    },
    choice: {
      kind: 'record',
      description: 'One of the listed values, with optional relative weights',
      fields: {
        values: { kind: 'list', description: 'The values to choose from', items: scalar(), minItems: 1 },
        weights: {
          kind: 'list',
          description: 'Relative weight of each value (same length as values)',
          items: num('Weight (>= 0)'),
        },
      },
      required: ['values'],
    },
  },
};

function scalar(): ScalarShape {
  return { kind: 'scalar', description: 'A number or a string' };
}

export const PARAM_VALUE_SHAPE: UnionShape = {
  kind: 'union',
  description: 'A constant (number or string) or a distribution',
  options: [scalar(), DISTRIBUTION_SHAPE],
};

export const INVARIANT_SHAPE: UnionShape = {
  kind: 'union',
  description: 'An invariant name, or {name, limit} for invariants that take a limit',
  options: [
    { kind: 'string', description: 'Invariant name (from `simgate params`)' },
    {
      kind: 'record',
      description: 'An invariant with its limit',
      fields: {
        name: { kind: 'string', description: 'Invariant name' },
        limit: num("Limit in the invariant's unit"),
      },
      required: ['name'],
    },
  ],
};

export const KPI_CRITERION_SHAPE: RecordShape = {
  kind: 'record',
  description: 'Absolute floor and/or ceiling on a scenario-level KPI',
  fields: { min: num('Floor: the KPI must be at least this'), max: num('Ceiling: at most this') },
  anyOf: ['min', 'max'],
};

export const FAULT_SHAPE: RecordShape = {
  kind: 'record',
  description: 'A scheduled stream fault; other keys are parameters of the fault kind',
  fields: {
    kind: { kind: 'string', description: 'Fault kind (drift, step, stuck, dropout, ...)' },
    start_h: num('Start of the fault, hours from t = 0 (default 0)'),
    end_h: num('End of the fault, hours from t = 0 (default: the horizon)'),
  },
  required: ['kind'],
  open: true,
};

const NAME_PATTERN = '^[a-z0-9][a-z0-9._-]*$';

const numbers = (description: string, n: number): ListShape => ({
  kind: 'list',
  description,
  items: num('A finite number'),
  minItems: n,
});

/** One recorded item of an incident scenario (sim/pick/recording.ts SceneItemRecord). */
export const INCIDENT_ITEM_SHAPE: RecordShape = {
  kind: 'record',
  description: 'One item as the recording left it when picking began',
  fields: {
    id: num('Item id: items are listed in id order from 0', { integer: true, min: 0 }),
    shape: { kind: 'string', description: 'box or cylinder', enum: ['box', 'cylinder'] },
    half: numbers('Half extents (m); a cylinder: radius, radius, half height', 3),
    mass_kg: num('True mass (kg)', { above: 0 }),
    catalog_mass_kg: num('Master-data mass the model is told (kg)', { above: 0 }),
    friction: num('Friction coefficient', { min: 0 }),
    restitution: num('Restitution', { min: 0, max: 1 }),
    porosity: num('Surface porosity, 0 sealed to 1 open mesh', { min: 0, max: 1 }),
    fragile: { kind: 'boolean', description: 'Whether the item is fragile (a crush is a safety incident)' },
    crush_limit_n: num('Contact force (N) above which a fragile item is crushed', { above: 0 }),
    pose: numbers('x, y, z (m), then the quaternion qx, qy, qz, qw', 7),
    velocity: numbers('vx, vy, vz (m/s), then wx, wy, wz (rad/s)', 6),
    state: {
      kind: 'string',
      description: 'Where the item is: source, destination, lost or manual',
      enum: ['source', 'destination', 'lost', 'manual'],
    },
  },
  required: [
    'id',
    'shape',
    'half',
    'mass_kg',
    'catalog_mass_kg',
    'friction',
    'restitution',
    'porosity',
    'fragile',
    'crush_limit_n',
    'pose',
  ],
};

/** A recorded incident replayed as a regression scenario (`simgate replay --to-scenario`). */
export const INCIDENT_SHAPE: RecordShape = {
  kind: 'record',
  description:
    'Pick: replay a recorded incident. Sample 0 is the recorded scene; every other sample varies it (seeded)',
  fields: {
    id: { kind: 'string', description: 'The incident id, traced as a requirement' },
    recording_sha256: {
      kind: 'string',
      description: 'sha256 of the recording (as JSON Lines)',
      pattern: '^[0-9a-f]{64}$',
      patternHint: '64 lower-case hex digits',
    },
    kind: {
      kind: 'string',
      description: 'What happened',
      enum: ['hazardous_drop', 'crush', 'protective_stop', 'drop'],
    },
    item: num('The item involved', { integer: true, min: 0 }),
    t: num('When the outcome was established (s)', { min: 0 }),
    cause_t: num('When it was caused (s)', { min: 0 }),
    start_t: num('When picking began: the episode starts here (s)', { min: 0 }),
    items: {
      kind: 'list',
      description: 'Every item when picking began',
      items: INCIDENT_ITEM_SHAPE,
      minItems: 1,
    },
    requested_order: {
      kind: 'list',
      description: 'The requested pick order (cell.pick_order = requested)',
      items: num('An item id', { integer: true, min: 0 }),
    },
    variations: {
      kind: 'record',
      description: 'How far samples other than 0 move from the recording (uniform, ±)',
      fields: {
        position_m: num('Item position in x and y (m)', { min: 0, max: 0.05 }),
        yaw_rad: num('Item rotation about z (rad)', { min: 0, max: 3.15 }),
        mass_rel: num('Item mass, relative (0.05 = ±5%)', { min: 0, max: 0.5 }),
        time_s: num('Start time, moving people relative to the picks (s)', { min: 0, max: 10 }),
      },
    },
  },
  required: ['id', 'kind', 't', 'start_t', 'items'],
};

export const SCENARIO_SHAPE: RecordShape = {
  kind: 'record',
  description: 'A simgate scenario: a slice of the operating domain, sampled into episodes',
  fields: {
    id: {
      kind: 'string',
      description: 'Stable scenario id, unique in a suite (part of seeds and cache keys)',
      pattern: NAME_PATTERN,
      patternHint: 'lower-case letters, digits, ".", "_" and "-", starting with a letter or digit',
    },
    title: { kind: 'string', description: 'One line for reports' },
    description: { kind: 'string', description: 'Free text: what the scenario represents and why' },
    task: { kind: 'string', description: 'Which simulator runs it', enum: ['pick', 'stream'] },
    requirements: {
      kind: 'list',
      description: 'Requirement ids this scenario gives evidence for (from requirements.yaml)',
      items: { kind: 'string', description: 'Requirement id, e.g. SR-3' },
    },
    tags: {
      kind: 'list',
      description: 'Operating-domain cells and other labels, e.g. odd:heavy',
      items: { kind: 'string', description: 'Tag, e.g. odd:heavy' },
    },
    samples: num('Number of sampled episodes per model', { integer: true, min: 1, max: 100_000 }),
    seed: num('Scenario seed, mixed with the suite seed (default 0)', {
      integer: true,
      min: 0,
      max: 4_294_967_295,
    }),
    params: {
      kind: 'map',
      description: 'Simulator parameters by dotted name (`simgate params`): constants or distributions',
      values: PARAM_VALUE_SHAPE,
    },
    duration_s: num('Pick: episode length in simulated seconds (sets cell.duration_s)', { above: 0 }),
    horizon_h: num('Stream: simulated horizon in hours', { above: 0 }),
    invariants: {
      kind: 'list',
      description: 'Safety invariants checked on every episode',
      items: INVARIANT_SHAPE,
    },
    kpi_criteria: {
      kind: 'map',
      description: 'Absolute KPI floors/ceilings by KPI name',
      values: KPI_CRITERION_SHAPE,
    },
    faults: { kind: 'list', description: 'Stream: the fault schedule', items: FAULT_SHAPE },
    provenance: {
      kind: 'map',
      description:
        'Where the scenario came from, for a counterexample or an incident: model sha256, invariant, margin, seed, simgate version, replay command',
      values: scalar(),
    },
    incident: INCIDENT_SHAPE,
  },
  required: ['id', 'title', 'task', 'samples'],
  deferred: ['params'],
};

/** Files in a scenario folder that are not scenarios. */
export const NON_SCENARIO_FILE = /(^|\/)(requirements\.ya?ml|simgate\.config\.ya?ml|[^/]*\.card\.ya?ml)$/;
