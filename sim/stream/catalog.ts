// The sensor-stream invariant library, KPIs and fault registry (names and keys are part of
// the scenario contract). `faultProblems` validates one fault schedule entry against it.
import type { InvariantDef, KpiDef } from '../catalog.js';
import { nearestName, numberParam, type ParamSpec, paramProblem } from '../params.js';

export const STREAM_INVARIANTS: readonly InvariantDef[] = [
  {
    name: 'max_abs_error',
    unit: 'sensor unit',
    limit: 'required',
    description: 'Every finite forecast stays within the limit of the true value',
  },
  {
    name: 'no_nan_forecast',
    unit: 'values',
    limit: 'none',
    description: 'No forecast value or anomaly score is NaN',
  },
  {
    name: 'max_detection_delay_s',
    unit: 's',
    limit: 'required',
    description: 'Every labelled fault is alarmed within the limit of its onset (undetected = violated)',
  },
  {
    name: 'max_false_alarms_per_day',
    unit: '1/day',
    limit: 'optional',
    defaultLimit: 1,
    description: 'Alarms outside any labelled fault stay below the limit per simulated day',
  },
  {
    name: 'min_interval_coverage',
    unit: 'fraction',
    limit: 'optional',
    defaultLimit: 0.8,
    description: 'Share of true values inside the forecast interval stays above the limit',
  },
  {
    name: 'finite_actions',
    unit: 'values',
    limit: 'none',
    description: 'The policy never emits NaN or ±Infinity',
  },
  {
    name: 'model_timeout',
    unit: 'calls',
    limit: 'none',
    description: 'Every inference call finishes inside its budget',
  },
];

export const STREAM_KPIS: readonly KpiDef[] = [
  { name: 'mae', unit: 'sensor unit', better: 'lower', description: 'Mean absolute forecast error' },
  { name: 'rmse', unit: 'sensor unit', better: 'lower', description: 'Root mean squared forecast error' },
  {
    name: 'bias',
    unit: 'sensor unit',
    better: 'lower',
    description: 'Mean signed error (forecast − truth); judge by its magnitude',
  },
  {
    name: 'mape',
    unit: 'fraction',
    better: 'lower',
    description: 'Mean absolute percentage error over truths with |truth| ≥ 1% of the mean |truth|',
  },
  {
    name: 'interval_coverage',
    unit: 'fraction',
    better: 'higher',
    description: 'Share of true values inside the forecast interval (forecasters with quantiles)',
  },
  {
    name: 'precision',
    unit: 'fraction',
    better: 'higher',
    description: 'Alarms inside a labelled fault / alarms',
  },
  { name: 'recall', unit: 'fraction', better: 'higher', description: 'Labelled faults alarmed / faults' },
  {
    name: 'detection_delay_s',
    unit: 's',
    better: 'lower',
    description: 'Mean time from fault onset to first alarm (undetected: fault length)',
  },
  {
    name: 'false_alarms_per_day',
    unit: '1/day',
    better: 'lower',
    description: 'Alarms outside any labelled fault per simulated day',
  },
];

export const FAULT_KINDS = [
  'drift',
  'step',
  'stuck',
  'dropout',
  'spike',
  'latency',
  'reorder',
  'skew',
  'nan',
  'quantize',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One fault schedule entry as written in a scenario (structurally the scenario FaultSpec). */
export interface StreamFault {
  readonly kind: FaultKind;
  readonly [key: string]: unknown;
}

/** A key of a fault entry: a parameter spec plus whether the entry must give it. */
export type FaultKeySpec = ParamSpec & { readonly required?: boolean };

export interface FaultDef {
  readonly kind: FaultKind;
  /** `value` faults change readings and are labelled anomalies; `delivery` faults change when/if they arrive. */
  readonly acts_on: 'value' | 'delivery';
  readonly description: string;
  /** Keys of this kind, beyond the timing keys every fault takes (FAULT_TIMING_KEYS). */
  readonly keys: readonly FaultKeySpec[];
}

const key = (
  name: string,
  unit: string,
  min: number,
  max: number,
  def: number,
  description: string,
  required = false,
): FaultKeySpec => {
  const { integer: _integer, ...spec } = numberParam(name, unit, min, max, def, description);
  return { ...spec, required };
};

/**
 * Every fault is active in [start_h, end_h) (end_h defaults to the horizon). With `rate_per_h`
 * it instead occurs at random (Poisson) inside that window, each occurrence lasting `duration_h`.
 */
export const FAULT_TIMING_KEYS: readonly FaultKeySpec[] = [
  key('start_h', 'h', 0, 100_000, 0, 'Onset (or start of the random window) in simulated hours'),
  key('end_h', 'h', 0, 100_000, 100_000, 'End of the fault (default: the horizon)'),
  key('rate_per_h', '1/h', 0, 3600, 0, 'Random occurrences per hour inside [start_h, end_h) (0 = scheduled)'),
  key('duration_h', 'h', 0, 10_000, 0.25, 'Length of each random occurrence'),
];

export const STREAM_FAULTS: readonly FaultDef[] = [
  {
    kind: 'drift',
    acts_on: 'value',
    description: 'Calibration drift added to readings: linear (slope) or exponential approach to an offset',
    keys: [
      {
        name: 'shape',
        kind: 'choice',
        values: ['linear', 'exponential'],
        default: 'linear',
        description:
          'linear: offset = slope_per_h × elapsed; exponential: magnitude × (1 − e^(−elapsed/tau_h))',
      },
      key('slope_per_h', 'unit/h', -1000, 1000, 0.1, 'Linear drift rate in sensor units per hour'),
      key('magnitude', 'unit', -1000, 1000, 1, 'Exponential drift: final offset in sensor units'),
      key('tau_h', 'h', 0.01, 10_000, 6, 'Exponential drift: time constant'),
    ],
  },
  {
    kind: 'step',
    acts_on: 'value',
    description: 'Sudden constant offset (recalibration, sensor swap)',
    keys: [key('magnitude', 'unit', -1000, 1000, 1, 'Offset in sensor units', true)],
  },
  {
    kind: 'stuck',
    acts_on: 'value',
    description: 'Sensor repeats one value: the last good reading, or `value` when given',
    keys: [key('value', 'unit', -1e6, 1e6, 0, 'Stuck-at value (when absent: the last good reading)')],
  },
  {
    kind: 'dropout',
    acts_on: 'delivery',
    description: 'Samples never arrive (each with probability `probability` while active)',
    keys: [key('probability', 'fraction', 0, 1, 1, 'Chance that a sample inside the window is lost')],
  },
  {
    kind: 'spike',
    acts_on: 'value',
    description: 'Isolated outliers: each sample inside the window jumps by ±magnitude with `probability`',
    keys: [
      key('magnitude', 'unit', -1e6, 1e6, 5, 'Spike height in sensor units (sign chosen at random)', true),
      key('probability', 'fraction', 0, 1, 0.05, 'Chance that a sample inside the window spikes'),
    ],
  },
  {
    kind: 'latency',
    acts_on: 'delivery',
    description: 'Samples arrive late by delay_s (plus exponential jitter)',
    keys: [
      key('delay_s', 's', 0, 86_400, 60, 'Fixed transport delay', true),
      key('jitter_s', 's', 0, 86_400, 0, 'Mean of an extra exponential delay'),
    ],
  },
  {
    kind: 'reorder',
    acts_on: 'delivery',
    description: 'Neighbouring samples swap arrival order with `probability`',
    keys: [key('probability', 'fraction', 0, 1, 0.2, 'Chance that a sample swaps with its successor')],
  },
  {
    kind: 'skew',
    acts_on: 'delivery',
    description: 'Sensor clock offset and rate error: reported timestamps shifted, values unchanged',
    keys: [
      key('offset_s', 's', -86_400, 86_400, 30, 'Clock offset at onset'),
      key('ppm', 'ppm', -1e5, 1e5, 0, 'Clock rate error (parts per million) accumulating from onset'),
    ],
  },
  {
    kind: 'nan',
    acts_on: 'value',
    description: 'Readings arrive as NaN (each with `probability` while active)',
    keys: [key('probability', 'fraction', 0, 1, 1, 'Chance that a sample inside the window is NaN')],
  },
  {
    kind: 'quantize',
    acts_on: 'value',
    description: 'ADC quantisation to `step` and saturation at [min, max]',
    keys: [
      key('step', 'unit', 0, 1e6, 0, 'Quantisation step in sensor units (0 = none)'),
      key('min', 'unit', -1e6, 1e6, -1e6, 'Lower saturation limit'),
      key('max', 'unit', -1e6, 1e6, 1e6, 'Upper saturation limit'),
    ],
  },
];

export function faultDef(kind: string): FaultDef | undefined {
  return STREAM_FAULTS.find((d) => d.kind === kind);
}

/**
 * Every problem of one fault entry, each as `field: message` (field relative to the entry), so a
 * scenario loader can prefix its own path (`faults[2].magnitude: ...`). Empty when valid.
 */
export function faultProblems(fault: Readonly<Record<string, unknown>>): string[] {
  const kind = fault.kind;
  const def = typeof kind === 'string' ? faultDef(kind) : undefined;
  if (!def) {
    const hint = typeof kind === 'string' ? nearestName(kind, FAULT_KINDS) : undefined;
    return [
      `kind: must be one of ${FAULT_KINDS.join(', ')} (got ${JSON.stringify(kind)})${hint ? ` (did you mean "${hint}"?)` : ''}`,
    ];
  }
  const specs = [...FAULT_TIMING_KEYS, ...def.keys];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(fault)) {
    if (name === 'kind') continue;
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      const hint = nearestName(
        name,
        specs.map((s) => s.name),
      );
      problems.push(`${name}: unknown key for a ${kind} fault${hint ? ` (did you mean "${hint}"?)` : ''}`);
      continue;
    }
    const problem = paramProblem(spec, value as number | string);
    if (problem) problems.push(`${name}: ${problem}`);
  }
  for (const spec of specs) {
    if (spec.required && !(spec.name in fault)) problems.push(`${spec.name}: required for a ${kind} fault`);
  }
  const start = typeof fault.start_h === 'number' ? fault.start_h : 0;
  if (typeof fault.end_h === 'number' && fault.end_h <= start) {
    problems.push(`end_h: ${fault.end_h} must be after start_h ${start}`);
  }
  if (
    kind === 'quantize' &&
    typeof fault.min === 'number' &&
    typeof fault.max === 'number' &&
    fault.min >= fault.max
  ) {
    problems.push(`max: ${fault.max} must be above min ${fault.min}`);
  }
  return problems;
}
