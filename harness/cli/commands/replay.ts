// `simgate replay INCIDENT --model M [--baseline M] [--mode open|closed] [--out DIR]`: a recorded
// pick incident (telemetry JSON Lines or MCAP) replayed against a candidate. Exit 0 AVOIDED,
// 1 REPRODUCED, 2 DIVERGED or INSUFFICIENT, 3 error (a recording that cannot be replayed is
// refused with its file:line or file: channel#sequence and the field).
import { join } from 'node:path';
import type { Command } from 'commander';
import { terminalText } from '../../../reports/escape.js';
import { writeFileAtomic } from '../../../reports/write-file.js';
import { loadRapier } from '../../../sim/physics.js';
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
import { writeIncidentScenario } from '../../replay/to-scenario.js';
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
    .argument('<incident>', 'the recording: telemetry JSON Lines (.jsonl) or MCAP (.mcap)')
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
        '\nThe recording format, MCAP and how to log from a real cell: docs/incidents.md.\n' +
        "Exit codes: 0 AVOIDED, 1 REPRODUCED, 2 DIVERGED or INSUFFICIENT (the recorded model's replay\n" +
        'does not reproduce the incident, or no --baseline), 3 error (file:line field).',
    )
    .action(action((incident: string, options: ReplayOptions) => replay(incident, options)));
}

async function replay(file: string, o: ReplayOptions): Promise<number> {
  if (o.mode !== 'open' && o.mode !== 'closed')
    throw new UsageError(`--mode must be open or closed (got ${JSON.stringify(o.mode)})`);
  const samples = integerFlag('--samples', o.samples);
  if (samples === undefined || samples < 1) throw new UsageError('--samples must be at least 1');
  const out = prepareOutDir(o.out);
  const rec = readRecording(file);
  const written = o.toScenario !== undefined ? writeIncidentScenario(rec, o.toScenario, samples) : undefined;
  // The engine before the models (as every command does): see harness/cli/commands/episode.ts.
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
