// `simgate replay INCIDENT --model M [--baseline M] [--mode open|closed] [--out DIR]`: a recorded
// pick incident (telemetry JSON Lines or MCAP) replayed against a candidate. Exit 0 AVOIDED,
// 1 REPRODUCED, 2 DIVERGED or INSUFFICIENT, 3 error (a recording that cannot be replayed is
// refused with its file:line or file: channel#sequence and the field).
import { join } from 'node:path';
import type { Command } from 'commander';
import { terminalText } from '../../../reports/escape.js';
import { writeFileAtomic } from '../../../reports/write-file.js';
import { baselineCompilerOnly, loadRapier } from '../../../sim/physics.js';
import { EXIT, UsageError } from '../../common/errors.js';
import { prepareOutDir } from '../../common/out-dir.js';
import { resolvePickPolicy } from '../../episode/policy.js';
import { writeMcapTrace } from '../../replay/mcap-file.js';
import { readRecording } from '../../replay/recording.js';
import {
  describeIncident,
  type ReplayOutcome,
  type ReplayTraces,
  replayIncident,
} from '../../replay/replay.js';
import { writeReplayReports } from '../../replay/report.js';
import {
  loadStreamIncident,
  replayStreamIncident,
  writeStreamReplayReports,
} from '../../replay/stream-replay.js';
import { writeIncidentScenario } from '../../replay/to-scenario.js';
import { DEFAULT_LIMITS } from '../../check/invariants.js';
import { action } from '../action.js';
import { integerFlag } from './flags.js';

interface ReplayOptions {
  model: string;
  baseline?: string;
  mode: string;
  seed: string;
  out: string;
  toScenario?: string;
  samples: string;
  at?: string;
  limit?: string;
  sensor?: string;
  within: string;
  quiet?: boolean;
}

export const REPLAY_EXIT: Record<ReplayOutcome, number> = {
  AVOIDED: EXIT.PASS,
  REPRODUCED: EXIT.FAIL,
  DIVERGED: EXIT.INCONCLUSIVE,
  INSUFFICIENT: EXIT.INCONCLUSIVE,
};

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      'Replay a recorded pick incident (JSON Lines or MCAP) against a candidate, open- or closed-loop',
    )
    .argument(
      '<incident>',
      'the recording: telemetry JSON Lines (.jsonl) or MCAP (.mcap); a stream: sensor CSV (.csv)',
    )
    .requiredOption('--model <model.onnx>', 'the candidate (its card beside it)')
    .option(
      '--baseline <model.onnx>',
      'the model that was running when the incident was recorded: its replay measures fidelity',
    )
    .option(
      '--mode <mode>',
      'closed (the cell rebuilt, the model in the loop) or open (recorded observations only)',
      'closed',
    )
    .option('--seed <s>', 'seed of the simulated camera noise in the closed-loop replay', 'replay')
    .option(
      '--out <dir>',
      'output directory (replay.json, .md, .html, junit.xml, the replays as .jsonl and .mcap)',
      'simgate-replay',
    )
    .option(
      '--to-scenario <file>',
      'also write the incident as a regression scenario (sample 0 the recording, the others varied around it)',
    )
    .option('--samples <n>', 'samples of the --to-scenario scenario', '8')
    .option('--at <seconds>', "stream CSV: when the field saw the incident (the t column's clock)")
    .option(
      '--limit <x>',
      `stream CSV: the max_abs_error limit in the sensor's unit (default ${DEFAULT_LIMITS.stream.max_abs_error})`,
    )
    .option(
      '--sensor <name>',
      "stream CSV: the column to replay (default: the model card's sensor, or the only column)",
    )
    .option('--within <n>', 'stream CSV: readings either side of --at that count as the incident', '10')
    .option('--quiet', 'errors only')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate replay examples/incidents/crush-fragile.jsonl --model models/pick-v2.onnx \\\n' +
        '      --baseline test/fixtures/models/fragile-fast.onnx --out out/crush\n' +
        '  simgate replay examples/incidents/crush-fragile.mcap --model models/pick-v2.onnx --mode open\n' +
        '  simgate replay examples/incidents/crush-fragile.jsonl --model models/pick-v2.onnx \\\n' +
        '      --baseline test/fixtures/models/fragile-fast.onnx --to-scenario scenarios/incidents/crush.yaml\n' +
        '  # every later `simgate gate` on the bundled suite includes scenarios/incidents/\n' +
        '  simgate replay field.csv --model models/temp-forecast-v2.onnx --baseline models/temp-forecast-v1.onnx --at 7260\n' +
        '\nThe recording format, MCAP and how to log from a real cell: docs/incidents.md.\n' +
        "Exit codes: 0 AVOIDED, 1 REPRODUCED, 2 DIVERGED or INSUFFICIENT (the recorded model's replay\n" +
        'does not reproduce the incident, or no --baseline), 3 error (file:line field).',
    )
    .action(action((incident: string, options: ReplayOptions) => replay(incident, options)));
}

async function replay(file: string, o: ReplayOptions): Promise<number> {
  if (/\.csv$/i.test(file)) return replayStream(file, o);
  for (const [flag, value] of [
    ['--at', o.at],
    ['--limit', o.limit],
    ['--sensor', o.sensor],
  ] as const)
    if (value !== undefined) throw new UsageError(`${flag} applies to stream recordings (.csv)`);
  if (o.mode !== 'open' && o.mode !== 'closed')
    throw new UsageError(`--mode must be open or closed (got ${JSON.stringify(o.mode)})`);
  const samples = integerFlag('--samples', o.samples);
  if (samples === undefined || samples < 1) throw new UsageError('--samples must be at least 1');
  const out = prepareOutDir(o.out);
  const rec = readRecording(file);
  const written = o.toScenario !== undefined ? writeIncidentScenario(rec, o.toScenario, samples) : undefined;
  // The engine before the models (as every command does): see harness/cli/commands/episode.ts.
  // A replay simulates one or two episodes: see baselineCompilerOnly.
  baselineCompilerOnly();
  const rapier = await loadRapier();
  const candidate = await resolvePickPolicy({ model: o.model });
  const baseline = o.baseline !== undefined ? await resolvePickPolicy({ model: o.baseline }) : undefined;
  const traces: ReplayTraces = {};
  try {
    const result = await replayIncident(
      rapier,
      rec,
      candidate,
      baseline,
      { mode: o.mode, seed: o.seed },
      traces,
    );
    writeReplayReports(out, result);
    for (const role of ['candidate', 'baseline'] as const) {
      const text = traces[role];
      if (text === undefined) continue;
      writeFileAtomic(join(out, `${role}.jsonl`), text);
      await writeMcapTrace(text, `${role} replay`, join(out, `${role}.mcap`));
    }
    if (!o.quiet) {
      const lines = [
        `simgate replay: ${result.outcome}`,
        `  ${result.reason}`,
        result.incident
          ? `  incident: ${describeIncident(result.incident)} (${result.incident.from})`
          : '  incident: none',
      ];
      if (result.fidelity)
        lines.push(
          `  fidelity: recorded model ${result.fidelity.reproduced ? 'reproduces' : 'does not reproduce'} it; gripper divergence max ${result.fidelity.gripper_mm?.max ?? '—'} mm over ${result.fidelity.window_s} s`,
        );
      for (const n of result.notes) lines.push(`  note: ${n}`);
      lines.push(`  reports: ${join(out, 'replay.md')} (also .json, .html, junit.xml)`);
      if (written)
        lines.push(
          `  scenario: ${o.toScenario} (${written.id}, ${written.samples} samples, guarded by ${written.guard})`,
        );
      process.stdout.write(terminalText(`${lines.join('\n')}\n`, { keepNewlines: true }));
    }
    return REPLAY_EXIT[result.outcome];
  } finally {
    await candidate.dispose?.();
    await baseline?.dispose?.();
  }
}

/** A sensor CSV: the forecasters replayed over the recorded readings (harness/replay/stream-replay.ts). */
async function replayStream(file: string, o: ReplayOptions): Promise<number> {
  if (o.toScenario !== undefined)
    throw new UsageError(
      '--to-scenario applies to pick recordings; a stream incident becomes a scenario by its fault schedule (docs/scenarios.md)',
    );
  if (o.at === undefined)
    throw new UsageError(`${file}: a stream recording needs --at SECONDS, when the field saw the incident`);
  const at = Number(o.at);
  if (!Number.isFinite(at))
    throw new UsageError(`--at must be a number of seconds (got ${JSON.stringify(o.at)})`);
  const limit = o.limit === undefined ? DEFAULT_LIMITS.stream.max_abs_error : Number(o.limit);
  if (!(limit > 0) || !Number.isFinite(limit))
    throw new UsageError(
      `--limit must be a positive number in the sensor's unit (got ${JSON.stringify(o.limit)})`,
    );
  const withinRows = integerFlag('--within', o.within, 1);
  const out = prepareOutDir(o.out);
  const loaded = await loadStreamIncident(file, o.model, o.baseline, o.sensor);
  try {
    const result = await replayStreamIncident(file, loaded, {
      at,
      limit,
      withinRows,
      ...(o.sensor ? { sensor: o.sensor } : {}),
    });
    writeStreamReplayReports(out, result);
    if (!o.quiet) {
      const lines = [
        `simgate replay: ${result.outcome}`,
        `  ${result.reason}`,
        ...result.notes.map((n) => `  note: ${n}`),
      ];
      lines.push(`  reports: ${join(out, 'replay.md')} (also .json, .html, junit.xml)`);
      process.stdout.write(terminalText(`${lines.join('\n')}\n`, { keepNewlines: true }));
    }
    return REPLAY_EXIT[result.outcome];
  } finally {
    await loaded.candidate.policy.dispose?.();
    await loaded.baseline?.policy.dispose?.();
  }
}
