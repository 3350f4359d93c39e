// What `simgate episode` prints for one finished episode of either task: a human table (KPIs,
// invariants, events, trace digest) or one JSON object carrying the same outcome, and where a
// replayed episode came from (scenario, sample, suite seed, --set overrides on top).
import type { KpiDef } from '../../sim/catalog.js';
import type { ResolvedParams } from '../../sim/params.js';
import type { EpisodeOutcome } from '../../sim/result.js';
import { SENSOR_UNITS, type StreamSensor } from '../../sim/stream/params.js';
import { taskRegistry } from '../../scenarios/registry.js';
import type { FaultSpec, Task } from '../../scenarios/types.js';
import type { EpisodeSource } from './spec.js';

export interface EpisodeReportInput {
  readonly task: Task;
  readonly policy: string;
  readonly seed: string;
  readonly params: ResolvedParams;
  readonly outcome: EpisodeOutcome;
  readonly faults?: readonly FaultSpec[];
  readonly horizon_h?: number;
  readonly source?: EpisodeSource;
  /** Names of parameters `--set` changed (on top of the scenario's draw when replaying). */
  readonly overrides: readonly string[];
}

export function episodeJson(input: EpisodeReportInput): Record<string, unknown> {
  const { trace: _trace, ...outcome } = input.outcome as EpisodeOutcome & { trace?: string };
  return {
    task: input.task,
    policy: input.policy,
    seed: input.seed,
    ...(input.source ? { replay: input.source } : {}),
    ...(input.overrides.length > 0 ? { overrides: input.overrides } : {}),
    ...(input.horizon_h !== undefined ? { horizon_h: input.horizon_h } : {}),
    ...(input.faults && input.faults.length > 0 ? { faults: input.faults } : {}),
    params: input.params,
    ...outcome,
  };
}

export function episodeText(input: EpisodeReportInput): string {
  const { outcome: run, task } = input;
  const lines: string[] = [];
  if (input.source) {
    const s = input.source;
    lines.push(`replay of ${s.scenario_id} sample ${s.sample} (${s.file}, suite seed ${s.suite_seed})`);
  }
  if (input.overrides.length > 0) {
    lines.push(
      `--set overrides ${input.source ? "on top of the scenario's draw" : 'on the defaults'}: ${input.overrides
        .map((name) => `${name}=${input.params[name]}`)
        .join(', ')}${input.source ? ' — this is no longer the planned episode' : ''}`,
    );
  }
  const span =
    task === 'stream'
      ? `${(run.sim_time_s / 3600).toFixed(1)} h simulated, ${run.steps} readings`
      : `${run.sim_time_s.toFixed(1)} s simulated, ${run.steps} steps`;
  lines.push(`${task} episode, policy ${input.policy}, seed ${input.seed}: ${run.status} (${span})`);
  if (run.error) lines.push(`  error: ${run.error.message}`);
  if (task === 'stream' && input.faults && input.faults.length > 0) {
    lines.push(`Faults: ${input.faults.map((f) => JSON.stringify(f)).join(' ')}`);
  }
  lines.push('KPIs:');
  const sensor = input.params['stream.sensor'] as StreamSensor | undefined;
  const unit = task === 'stream' && sensor ? SENSOR_UNITS[sensor] : undefined;
  lines.push(...kpiLines(taskRegistry(task).kpis, run.kpis, unit));
  if (task === 'pick') {
    lines.push(
      `  ${'attempts / picks / items'.padEnd(26)} ${`${run.kpis.attempts ?? 0} / ${run.kpis.picks ?? 0} / ${run.kpis.items ?? 0}`.padStart(10)}`,
    );
  }
  if (run.invariants.length > 0) {
    lines.push('Invariants:');
    for (const inv of run.invariants) {
      lines.push(
        `  ${inv.name.padEnd(26)} ${inv.violated ? 'VIOLATED' : 'holds   '} worst ${formatNumber(inv.worst)}, margin ${formatNumber(inv.margin)}`,
      );
    }
  }
  lines.push(`Events (${run.events.length}):`);
  for (const ev of run.events) {
    const { t, kind, ...detail } = ev;
    const text = Object.entries(detail)
      .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : String(v)}`)
      .join(' ');
    lines.push(`  ${t.toFixed(2).padStart(9)} s  ${kind.padEnd(16)} ${text}`);
  }
  lines.push(`trace digest ${run.trace_digest}`);
  return `${lines.join('\n')}\n`;
}

function kpiLines(
  defs: readonly KpiDef[],
  kpis: Readonly<Record<string, number>>,
  sensorUnit: string | undefined,
): string[] {
  return defs
    .filter((def) => kpis[def.name] !== undefined)
    .map((def) => {
      const unit = def.unit === 'sensor unit' && sensorUnit ? sensorUnit : def.unit;
      return `  ${def.name.padEnd(26)} ${formatNumber(kpis[def.name]).padStart(10)} ${unit}`;
    });
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}
