// `simgate params`: every simulator parameter (unit, range, default, description), invariant,
// KPI and stream fault kind, per task — the reference for writing scenarios and `--set`.
import type { Command } from 'commander';
import type { ParamSpec } from '../../../sim/params.js';
import { TASKS, type TaskRegistry, taskRegistry } from '../../../scenarios/registry.js';
import type { Task } from '../../../scenarios/types.js';
import { terminalQuote } from '../../../reports/escape.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { action } from '../action.js';

interface ParamsOptions {
  task?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerParams(program: Command): void {
  program
    .command('params')
    .description('List simulator parameters, invariants, KPIs and fault kinds for scenario authors')
    .option('--task <task>', 'only this task: pick or stream')
    .option('--json', 'machine-readable output')
    .option('--quiet', 'errors only: check --task and print nothing (--json still prints the JSON)')
    .addHelpText(
      'after',
      "\nExamples:\n  simgate params --task pick\n  simgate params --task stream --json | jq '.stream.params[].name'",
    )
    .action(action((options: ParamsOptions) => listParams(options)));
}

function listParams(options: ParamsOptions): number {
  if (options.task !== undefined && !TASKS.includes(options.task as Task)) {
    throw new UsageError(`--task must be one of ${TASKS.join(', ')} (got ${terminalQuote(options.task)})`);
  }
  const tasks = options.task ? [options.task as Task] : TASKS;
  if (options.json) {
    const out = Object.fromEntries(tasks.map((t) => [t, registryJson(taskRegistry(t))]));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else if (!options.quiet) {
    process.stdout.write(tasks.map((t) => registryText(taskRegistry(t))).join('\n'));
  }
  return EXIT.PASS;
}

function registryJson(reg: TaskRegistry) {
  return { params: reg.params, invariants: reg.invariants, kpis: reg.kpis, faults: reg.faults };
}

function rangeOf(spec: ParamSpec): string {
  if (spec.kind === 'choice') return spec.values.join(' | ');
  return `[${spec.min}, ${spec.max}]${spec.integer ? ' integer' : ''}`;
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map(
    (r) => `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')}`,
  );
}

function registryText(reg: TaskRegistry): string {
  const lines = [`${reg.task} parameters (scenario params: / --set NAME=VALUE):`];
  lines.push(
    ...table([
      ['name', 'unit', 'range', 'default', 'description'],
      ...reg.params.map((p) => [
        p.name,
        p.kind === 'number' ? p.unit || '-' : 'choice',
        rangeOf(p),
        String(p.default),
        p.description,
      ]),
    ]),
  );
  lines.push('', `${reg.task} invariants (scenario invariants:):`);
  lines.push(
    ...table([
      ['name', 'limit', 'unit', 'description'],
      ...reg.invariants.map((d) => [
        d.name,
        d.limit === 'optional' ? `optional (default ${d.defaultLimit})` : d.limit,
        d.unit,
        d.description,
      ]),
    ]),
  );
  lines.push('', `${reg.task} KPIs (scenario kpi_criteria:, gate rules):`);
  lines.push(
    ...table([
      ['name', 'unit', 'better', 'description'],
      ...reg.kpis.map((k) => [k.name, k.unit, k.better, k.description]),
    ]),
  );
  if (reg.faults.length > 0) {
    lines.push(
      '',
      `${reg.task} fault kinds (scenario faults:; every fault also takes start_h, end_h, rate_per_h, duration_h):`,
    );
    lines.push(
      ...table([
        ['kind', 'keys', 'description'],
        ...reg.faults.map((f) => [f.kind, f.keys.map((k) => k.name).join(', ') || '-', f.description]),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}
