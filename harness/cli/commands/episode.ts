// `simgate episode`: runs one picking-cell episode with a policy and prints its KPIs and
// events (or JSON), optionally writing the telemetry trace. The quickest way to see what the
// simulator does with a parameter, and to replay a single seed.
import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { nearestName, ParamError, type ParamValue, resolveParams } from '../../../sim/params.js';
import { PICK_INVARIANTS, PICK_KPIS } from '../../../sim/pick/catalog.js';
import { type PickEpisodeRun, runPickEpisodes } from '../../../sim/pick/episode.js';
import { PICK_PARAMS } from '../../../sim/pick/params.js';
import { loadRapier } from '../../../sim/physics.js';
import { EXIT, UsageError } from '../../errors.js';
import { resolvePickPolicy } from '../../policy-resolve.js';
import { action, collectSet } from '../action.js';

interface EpisodeOptions {
  task: string;
  policy?: string;
  model?: string;
  seed: string;
  set: Record<string, ParamValue>;
  invariant: string[];
  trace?: string;
  json?: boolean;
}

export function registerEpisode(program: Command): void {
  program
    .command('episode')
    .description('Run one simulated episode with a policy and print its KPIs and events')
    .option('--task <task>', 'simulator task (pick)', 'pick')
    .option('--policy <name>', 'scripted policy: reference')
    .option('--model <path>', 'ONNX model with its card (instead of --policy)')
    .option('--seed <n>', 'episode seed (a non-negative integer)', '0')
    .option('--set <key=value>', 'override a simulator parameter (repeatable)', parseSet, {})
    .option('--invariant <name[=limit]>', 'evaluate an invariant (repeatable)', collectList, [])
    .option('--trace <file>', 'write the telemetry trace (JSON Lines) to this file')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate episode --task pick --policy reference --seed 7\n' +
        '  simgate episode --seed 3 --set items.mass_kg=2.5 --set gripper.vacuum_kpa=35 --json\n' +
        '  simgate episode --seed 1 --set people.rate_per_h=120 --invariant max_speed_near_person_mps --trace ep1.jsonl',
    )
    .action(action((options: EpisodeOptions) => runEpisode(options)));
}

function parseSet(value: string, previous: Record<string, ParamValue>): Record<string, ParamValue> {
  try {
    return collectSet(value, previous);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function collectList(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runEpisode(options: EpisodeOptions): Promise<number> {
  if (options.task !== 'pick') throw new UsageError(`--task must be "pick" (got "${options.task}")`);
  if (!/^\d+$/.test(options.seed))
    throw new UsageError(`--seed must be a non-negative integer (got "${options.seed}")`);
  const params = resolveSet(options.set);
  const invariants = options.invariant.map(parseInvariant);
  const policy = await resolvePickPolicy({ policy: options.policy, model: options.model });
  const rapier = await loadRapier();
  try {
    const [run] = await runPickEpisodes(
      rapier,
      [{ params, seed: options.seed, invariants, trace: options.trace !== undefined }],
      policy.decide,
    );
    if (options.trace !== undefined && run.trace !== undefined) writeFileSync(options.trace, run.trace);
    process.stdout.write(
      options.json
        ? `${JSON.stringify(jsonOf(run, policy.id, options.seed), null, 2)}\n`
        : textOf(run, policy.id, options.seed),
    );
    if (run.status === 'ok') return EXIT.PASS;
    if (run.status === 'violation') return EXIT.FAIL;
    if (run.error) process.stderr.write(`simgate: episode ${run.status}: ${run.error.message}\n`);
    return EXIT.ERROR;
  } finally {
    await policy.dispose?.();
  }
}

function resolveSet(overrides: Record<string, ParamValue>) {
  try {
    return resolveParams(PICK_PARAMS, overrides);
  } catch (error) {
    if (!(error instanceof ParamError)) throw error;
    const names = PICK_PARAMS.map((p) => p.name);
    const known = names.includes(error.param);
    // The message already names the nearest parameter when there is one.
    const hint = known
      ? 'see its range with: simgate params --task pick'
      : `valid parameters: ${names.join(', ')}`;
    throw new UsageError(`--set ${error.message}`, hint);
  }
}

function parseInvariant(text: string): { name: string; limit?: number } {
  const [name, raw] = text.split('=', 2);
  const def = PICK_INVARIANTS.find((d) => d.name === name);
  if (!def) {
    const near = nearestName(
      name,
      PICK_INVARIANTS.map((d) => d.name),
    );
    throw new UsageError(
      `--invariant: unknown invariant "${name}"`,
      near ? `did you mean ${near}?` : `known: ${PICK_INVARIANTS.map((d) => d.name).join(', ')}`,
    );
  }
  if (raw === undefined) {
    if (def.limit === 'required')
      throw new UsageError(`--invariant ${name} needs a limit in ${def.unit} (${name}=VALUE)`);
    return { name };
  }
  const limit = Number(raw);
  if (def.limit === 'none') throw new UsageError(`--invariant ${name} takes no limit`);
  if (raw.trim() === '' || !Number.isFinite(limit))
    throw new UsageError(`--invariant ${name}: limit must be a number (got "${raw}")`);
  return { name, limit };
}

function jsonOf(run: PickEpisodeRun, policy: string, seed: string) {
  const { trace: _trace, ...rest } = run;
  return { task: 'pick', policy, seed, ...rest };
}

function textOf(run: PickEpisodeRun, policy: string, seed: string): string {
  const lines = [
    `pick episode, policy ${policy}, seed ${seed}: ${run.status} (${run.sim_time_s.toFixed(1)} s simulated, ${run.steps} steps)`,
  ];
  if (run.error) lines.push(`  error: ${run.error.message}`);
  lines.push('KPIs:');
  for (const def of PICK_KPIS) {
    const v = run.kpis[def.name];
    if (v !== undefined) lines.push(`  ${def.name.padEnd(26)} ${formatNumber(v).padStart(10)} ${def.unit}`);
  }
  lines.push(
    `  ${'attempts / picks / items'.padEnd(26)} ${`${run.kpis.attempts ?? 0} / ${run.kpis.picks ?? 0} / ${run.kpis.items ?? 0}`.padStart(10)}`,
  );
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
    lines.push(`  ${t.toFixed(2).padStart(7)} s  ${kind.padEnd(16)} ${text}`);
  }
  lines.push(`trace digest ${run.trace_digest}`);
  return `${lines.join('\n')}\n`;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}
