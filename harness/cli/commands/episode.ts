// `simgate episode`: runs one simulated episode (picking cell or sensor stream) with a policy
// and prints its KPIs, invariants and events (or JSON), optionally writing the telemetry trace.
// Given `--scenario FILE --sample N --suite-seed S` it replays exactly the episode the sweep
// engine ran for that sample (harness/episode-spec.ts), so a gate's failure is one command away.
import { pickTraceMeta } from '../../common/version.js';
import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import type { ParamValue } from '../../../sim/params.js';
import { runPickEpisodes } from '../../../sim/pick/episode.js';
import { baselineCompilerOnly, loadRapier } from '../../../sim/physics.js';
import type { EpisodeOutcome } from '../../../sim/result.js';
import type { Task } from '../../../scenarios/types.js';
import { episodeJson, episodeText } from '../../episode/output.js';
import {
  DEFAULT_SUITE_SEED,
  episodeFromScenario,
  paramsWithOverrides,
  parseFaultFlag,
  parseInvariantFlag,
  type ResolvedEpisode,
} from '../../episode/spec.js';
import { DEFAULT_STREAM_HORIZON_H, resolveStreamPolicy, runStreamReplay } from '../../episode/stream.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { resolvePickPolicy } from '../../episode/policy.js';
import { isMcapPath, writeMcapTrace } from '../../replay/mcap-file.js';
import { terminalQuote, terminalText } from '../../../reports/escape.js';
import { action, collectSet } from '../action.js';
import { integerFlag, positiveNumberFlag } from './flags.js';

interface EpisodeOptions {
  task?: string;
  policy?: string;
  model?: string;
  seed?: string;
  set?: Record<string, ParamValue>;
  invariant?: string[];
  fault?: string[];
  horizonH?: string;
  scenario?: string;
  sample?: string;
  suiteSeed?: string;
  samples?: string;
  maxSteps?: string;
  trace?: string;
  json?: boolean;
  quiet?: boolean;
}

/** The options with the repeatable flags defaulted to empty. */
type Flags = EpisodeOptions & Required<Pick<EpisodeOptions, 'set' | 'invariant' | 'fault'>>;

const TASKS: readonly Task[] = ['pick', 'stream'];

export function registerEpisode(program: Command): void {
  program
    .command('episode')
    .description(
      'Run one simulated episode (or replay one a sweep planned) and print its KPIs, invariants and events',
    )
    .option('--task <task>', "simulator task: pick or stream (default: pick, or the scenario's task)")
    .option('--policy <name>', 'scripted policy: reference (pick, stream), ewma, seasonal-naive (stream)')
    .option('--model <path>', 'ONNX model with its card (instead of --policy)')
    .option('--seed <n>', 'episode seed (a non-negative integer; default 0)')
    .option('--set <key=value>', 'override a simulator parameter (repeatable)', parseSet)
    .option('--invariant <name[=limit]>', 'evaluate an invariant (repeatable)', collectList)
    .option('--fault <fault>', 'stream fault: JSON or kind:key=value,... (repeatable)', collectList)
    .option('--horizon-h <hours>', `stream episode length in hours (default ${DEFAULT_STREAM_HORIZON_H})`)
    .option('--scenario <file>', 'replay a planned episode of this scenario file (with --sample)')
    .option('--sample <n>', 'sample index of the scenario to replay (0-based)')
    .option(
      '--suite-seed <n>',
      `suite seed the sweep ran with (default ${DEFAULT_SUITE_SEED}, as simgate run)`,
    )
    .option('--samples <n>', "the sweep's --samples override, when it had one")
    .option('--max-steps <n>', "pick: step budget per episode (the sweep's --max-steps)")
    .option(
      '--trace <file>',
      'write the telemetry trace to this file: JSON Lines, or MCAP for Foxglove when it ends in .mcap',
    )
    .option('--json', 'print the result as JSON')
    .option('--quiet', 'errors only: no result text (the exit code says ok, violation or error)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate episode --task pick --policy reference --seed 7\n' +
        '  simgate episode --seed 3 --set items.mass_kg=2.5 --set gripper.vacuum_kpa=35 --json\n' +
        '  simgate episode --seed 1 --set people.rate_per_h=120 --invariant max_speed_near_person_mps --trace ep1.jsonl\n' +
        '  simgate episode --task pick --policy reference --seed 1 --set people.rate_per_h=120 --trace ep1.mcap   # open in Foxglove\n' +
        '  simgate episode --task stream --policy reference --seed 4 --horizon-h 12\n' +
        '  simgate episode --task stream --model models/temp-forecast-v2.onnx --seed 2 --fault spike:start_h=1,end_h=3,magnitude=8 --invariant max_abs_error=4\n' +
        '  simgate episode --task stream --policy seasonal-naive --seed 1 --horizon-h 72 --set stream.sensor=vibration --json\n' +
        '\nReplay a planned episode (same params, seed, invariants, faults and horizon as the sweep):\n' +
        '  simgate episode --scenario scenarios/library/pick/nominal.yaml --sample 3 --suite-seed 1 --model models/pick-v2.onnx --trace replay.jsonl\n' +
        '  simgate episode --scenario scenarios/library/stream/temperature-nominal.yaml --sample 0 --policy reference --json\n' +
        '  simgate episode --scenario scenarios/library/pick/nominal.yaml --sample 3 --set gripper.vacuum_kpa=40\n' +
        '\nExit codes: 0 ok, 1 an invariant violated or a timeout, 3 bad input or an errored episode.',
    )
    .action(action((options: EpisodeOptions) => runEpisode(options)));
}

function parseSet(value: string, previous?: Record<string, ParamValue>): Record<string, ParamValue> {
  try {
    return collectSet(value, previous ?? {});
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function collectList(value: string, previous?: string[]): string[] {
  return [...(previous ?? []), value];
}

function taskOf(value: string | undefined): Task | undefined {
  if (value === undefined) return undefined;
  if (!TASKS.includes(value as Task))
    throw new UsageError(`--task must be one of ${TASKS.join(', ')} (got ${terminalQuote(value)})`);
  return value as Task;
}

/** The planned episode of (scenario, sample, suite seed), with `--set` on top. */
function fromScenario(o: Flags, task: Task | undefined): ResolvedEpisode {
  const fixed: [string, unknown][] = [
    ['--seed', o.seed],
    ['--horizon-h', o.horizonH],
    ['--fault', o.fault.length > 0 ? o.fault : undefined],
  ];
  for (const [flag, value] of fixed) {
    if (value !== undefined)
      throw new UsageError(
        `${flag} cannot be combined with --scenario: the scenario fixes it (edit the scenario)`,
      );
  }
  const sample = integerFlag('--sample', o.sample);
  if (sample === undefined) throw new UsageError('--scenario needs --sample N (the 0-based sample index)');
  const suiteSeed = integerFlag('--suite-seed', o.suiteSeed) ?? DEFAULT_SUITE_SEED;
  const episode = episodeFromScenario(o.scenario!, sample, suiteSeed, integerFlag('--samples', o.samples));
  if (task !== undefined && task !== episode.task) {
    throw new UsageError(
      `${o.scenario}: scenario "${episode.source!.scenario_id}" is a ${episode.task} scenario, but --task is ${task}`,
    );
  }
  // --invariant adds what a gate checks on every episode besides the scenario's own list.
  const extra = o.invariant.map((text) => parseInvariantFlag(episode.task, text));
  return {
    ...episode,
    params: paramsWithOverrides(episode.task, o.set, episode.params),
    invariants: [
      ...episode.invariants,
      ...extra.filter((i) => !episode.invariants.some((own) => own.name === i.name)),
    ],
  };
}

/** An episode given by flags: task defaults, --set, --invariant, --fault, --horizon-h. */
function fromFlags(o: Flags, task: Task): ResolvedEpisode {
  for (const [flag, value] of [
    ['--sample', o.sample],
    ['--suite-seed', o.suiteSeed],
    ['--samples', o.samples],
  ] as const) {
    if (value !== undefined) throw new UsageError(`${flag} only applies with --scenario FILE`);
  }
  const seed = String(integerFlag('--seed', o.seed) ?? 0);
  const params = paramsWithOverrides(task, o.set);
  const invariants = o.invariant.map((text) => parseInvariantFlag(task, text));
  if (task === 'pick') {
    if (o.fault.length > 0) throw new UsageError('--fault applies to stream episodes (--task stream)');
    if (o.horizonH !== undefined)
      throw new UsageError(
        '--horizon-h applies to stream episodes; a pick episode lasts --set cell.duration_s=S',
      );
    return { task, seed, params, invariants, faults: [] };
  }
  const horizon_h =
    o.horizonH === undefined
      ? DEFAULT_STREAM_HORIZON_H
      : positiveNumberFlag('--horizon-h', o.horizonH, 100_000, 'hours');
  return { task, seed, params, invariants, faults: o.fault.map(parseFaultFlag), horizon_h };
}

async function runEpisode(options: EpisodeOptions): Promise<number> {
  const o: Flags = {
    ...options,
    set: options.set ?? {},
    invariant: options.invariant ?? [],
    fault: options.fault ?? [],
  };
  const task = taskOf(o.task);
  const maxSteps = integerFlag('--max-steps', o.maxSteps);
  const episode = o.scenario !== undefined ? fromScenario(o, task) : fromFlags(o, task ?? 'pick');
  if (maxSteps !== undefined && episode.task !== 'pick')
    throw new UsageError('--max-steps applies to pick episodes only');
  const wantTrace = o.trace !== undefined;
  const { outcome, trace, policy } =
    episode.task === 'pick'
      ? await runPick(episode, o, wantTrace, maxSteps)
      : await runStream(episode, o, wantTrace);
  if (o.trace !== undefined && trace !== undefined) {
    if (isMcapPath(o.trace)) await writeMcapTrace(trace, 'episode trace', o.trace);
    else writeFileSync(o.trace, trace);
  }
  const report = {
    task: episode.task,
    policy,
    seed: episode.seed,
    params: episode.params,
    outcome,
    faults: episode.faults,
    horizon_h: episode.horizon_h,
    source: episode.source,
    overrides: Object.keys(o.set),
  };
  // --json is output asked for; --quiet drops only the text.
  if (o.json) process.stdout.write(`${JSON.stringify(episodeJson(report), null, 2)}\n`);
  else if (!o.quiet) process.stdout.write(terminalText(episodeText(report), { keepNewlines: true }));
  if (outcome.status === 'ok') return EXIT.PASS;
  if (outcome.status === 'violation' || outcome.status === 'timeout') return EXIT.FAIL;
  if (outcome.error)
    process.stderr.write(
      `simgate: episode ${outcome.status}: ${terminalText(outcome.error.message, { keepNewlines: true })}\n`,
    );
  return EXIT.ERROR;
}

interface Ran {
  outcome: EpisodeOutcome;
  trace?: string;
  policy: string;
}

async function runPick(
  episode: ResolvedEpisode,
  o: EpisodeOptions,
  trace: boolean,
  maxSteps: number | undefined,
): Promise<Ran> {
  // Same order as a pool worker: the engine first, then the model. Creating the ORT session
  // first lets the first inference stall behind rapier's WASM compilation, past the model's
  // wall-clock budget, and the decision becomes a model_timeout (see docs/replay.md).
  // One episode: see baselineCompilerOnly.
  baselineCompilerOnly();
  const rapier = await loadRapier();
  const policy = await resolvePickPolicy({ policy: o.policy, model: o.model });
  try {
    const [run] = await runPickEpisodes(
      rapier,
      [
        {
          params: episode.params,
          seed: episode.seed,
          invariants: episode.invariants,
          trace,
          traceMeta: pickTraceMeta(policy.id),
          ...(episode.start !== undefined ? { start: episode.start } : {}),
          ...(maxSteps !== undefined ? { maxSteps } : {}),
        },
      ],
      policy.decide,
    );
    const { trace: text, ...outcome } = run;
    return { outcome, trace: text, policy: policy.id };
  } finally {
    await policy.dispose?.();
  }
}

async function runStream(episode: ResolvedEpisode, o: EpisodeOptions, trace: boolean): Promise<Ran> {
  // A stream scenario always has a horizon; the worker's fallback of 1 h is never reached here.
  const horizon_h = episode.horizon_h ?? DEFAULT_STREAM_HORIZON_H;
  const policy = await resolveStreamPolicy({
    policy: o.policy,
    model: o.model,
    params: episode.params,
    horizon_h,
  });
  try {
    const input = {
      params: episode.params,
      seed: episode.seed,
      faults: episode.faults,
      horizon_h,
      invariants: episode.invariants,
    };
    return { ...(await runStreamReplay(input, policy, trace)), policy: policy.id };
  } finally {
    await policy.dispose?.();
  }
}
