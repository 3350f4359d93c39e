// The monitor decision: input drift of the latest window against the reference and the
// model's forecast error against its reference error, per sensor; flags confirmed across
// correlated sensors become a RETRAIN trigger whose reasons name sensor, statistic and figure.
import type { ForecastPolicy } from '../../policies/policy.js';
import { UsageError } from '../common/errors.js';
import {
  assessSensor,
  type Confirmation,
  confirmDrift,
  DEFAULT_THRESHOLDS,
  type DriftThresholds,
  type SensorDrift,
} from './assess.js';
import type { SensorTable } from './csv.js';
import { meanError, oneStepErrors, rollingMae } from './forecast-error.js';
import type { MonitorReference } from './reference.js';

export const MONITOR_SCHEMA = 'simgate.monitor/v1';

export type MonitorDecision = 'RETRAIN' | 'OK' | 'INSUFFICIENT_DATA';

export interface MonitorReason {
  readonly sensor: string;
  readonly statistic: string;
  readonly value: number;
  readonly threshold: number;
  readonly message: string;
}

export interface SensorForecast {
  readonly model: string;
  readonly mae_latest: number;
  readonly mae_reference?: number;
  readonly ratio?: number;
  readonly rolling_mae: readonly number[];
  readonly non_finite: number;
}

export interface MonitorReport {
  readonly schema: typeof MONITOR_SCHEMA;
  readonly decision: MonitorDecision;
  readonly reasons: readonly MonitorReason[];
  readonly warnings: readonly string[];
  readonly model: string;
  readonly window: number;
  readonly confirmation: Confirmation;
  readonly sensors: readonly {
    readonly name: string;
    readonly drift: SensorDrift;
    readonly forecast?: SensorForecast;
  }[];
}

export interface MonitorOptions {
  /** Rows in the latest window (drift) and in each rolling-error block. */
  readonly window: number;
  readonly minSensors: number;
  /** |r| on the reference for two flagged sensors to confirm each other (default 0.7). */
  readonly minCorrelation?: number;
  /** Forecast error counts as degraded above this multiple of the reference error. */
  readonly maeRatio?: number;
  readonly thresholds?: DriftThresholds;
  /** Which sensors the model forecasts (all when absent). */
  readonly modelSensors?: readonly string[];
}

export async function evaluateMonitor(
  reference: MonitorReference,
  table: SensorTable,
  model: ForecastPolicy,
  options: MonitorOptions,
): Promise<MonitorReport> {
  const names = reference.sensors.map((s) => s.name);
  const missing = names.filter((n) => !table.sensors.includes(n));
  const extra = table.sensors.filter((n) => !names.includes(n));
  if (missing.length > 0 || extra.length > 0) {
    throw new UsageError(
      `stream and reference sensors differ:${missing.length ? ` missing ${missing.join(', ')}` : ''}${extra.length ? ` not in the reference ${extra.join(', ')}` : ''}`,
    );
  }
  const rows = table.t.length;
  const from = Math.max(0, rows - options.window);
  const ratio = options.maeRatio ?? 1.5;
  const flags = new Map<string, MonitorReason[]>();
  const warnings: string[] = [];
  const flag = (r: MonitorReason) => flags.set(r.sensor, [...(flags.get(r.sensor) ?? []), r]);
  const sensors: { name: string; drift: SensorDrift; forecast?: SensorForecast }[] = [];
  for (const ref of reference.sensors) {
    const column = table.columns[ref.name];
    const drift = assessSensor(ref, column.slice(from), options.thresholds ?? DEFAULT_THRESHOLDS);
    if (drift.status === 'insufficient') warnings.push(`${ref.name}: insufficient data (${drift.reason})`);
    if (drift.status === 'drift') {
      for (const e of drift.exceeded) {
        flag({
          sensor: ref.name,
          ...e,
          message: `${ref.name}: input drift, ${e.statistic} ${fmt(e.value)} (threshold ${e.threshold})`,
        });
      }
    }
    let forecast: SensorForecast | undefined;
    if (!options.modelSensors || options.modelSensors.includes(ref.name)) {
      const errors = await oneStepErrors(model, column);
      const latest = meanError(errors.abs, from);
      const base = ref.forecast?.model === model.id ? ref.forecast.mae : undefined;
      forecast = {
        model: model.id,
        mae_latest: latest,
        ...(base !== undefined ? { mae_reference: base, ratio: latest / base } : {}),
        rolling_mae: rollingMae(errors.abs, options.window),
        non_finite: errors.nonFinite,
      };
      if (errors.nonFinite > 0) {
        flag({
          sensor: ref.name,
          statistic: 'non_finite_forecasts',
          value: errors.nonFinite,
          threshold: 0,
          message: `${ref.name}: ${errors.nonFinite} non-finite forecasts from ${model.id}`,
        });
      }
      if (base === undefined)
        warnings.push(`${ref.name}: the reference holds no forecast error for ${model.id}; error not judged`);
      else if (latest > ratio * base) {
        flag({
          sensor: ref.name,
          statistic: 'forecast_mae_ratio',
          value: latest / base,
          threshold: ratio,
          message: `${ref.name}: forecast MAE ${fmt(latest)} is ${fmt(latest / base)}× the reference ${fmt(base)} (threshold ${ratio}×)`,
        });
      }
    }
    sensors.push({ name: ref.name, drift, ...(forecast ? { forecast } : {}) });
  }
  const confirmation = confirmDrift(reference, [...flags.keys()], options.minSensors, options.minCorrelation);
  for (const s of confirmation.unconfirmed) {
    warnings.push(
      `${s}: flagged but not confirmed by ${confirmation.min_sensors - 1} correlated sensor(s): ${flags
        .get(s)!
        .map((r) => r.statistic)
        .join(', ')}`,
    );
  }
  const reasons = confirmation.confirmed.flat().flatMap((s) => flags.get(s) ?? []);
  const insufficient = sensors.some((s) => s.drift.status === 'insufficient');
  const decision: MonitorDecision =
    reasons.length > 0 ? 'RETRAIN' : insufficient ? 'INSUFFICIENT_DATA' : 'OK';
  return {
    schema: MONITOR_SCHEMA,
    decision,
    reasons,
    warnings,
    model: model.id,
    window: rows - from,
    confirmation,
    sensors,
  };
}

const fmt = (x: number): string =>
  Math.abs(x) >= 1e-3 || x === 0 ? Number(x.toPrecision(4)).toString() : x.toExponential(3);
