// `simgate trace convert IN.jsonl OUT.mcap`: a telemetry/v1 trace (simulated or a field
// recording) as MCAP for Foxglove, the same bytes `simgate episode --trace OUT.mcap` writes
// for that episode. A malformed line is refused with file:line and the field (exit 3).
// `simgate trace convert IN.mcap OUT.jsonl` gives the JSON Lines trace back.
import type { Command } from 'commander';
import { terminalText } from '../../../reports/escape.js';
import { EXIT } from '../../common/errors.js';
import { convertTraceFile, isMcapPath } from '../../replay/mcap-file.js';
import { action } from '../action.js';

export function registerTrace(program: Command): void {
  const trace = program
    .command('trace')
    .description('Work with telemetry traces (telemetry/v1 JSON Lines, MCAP)')
    .addHelpText('after', '\nExamples:\n  simgate trace convert ep1.jsonl ep1.mcap\n');
  trace
    .command('convert')
    .description(
      'Convert a telemetry JSON Lines trace to MCAP (one channel per record type, Foxglove scene for pick traces), or a simgate MCAP file back to JSON Lines',
    )
    .argument(
      '<in>',
      'telemetry/v1 JSON Lines file (simgate episode --trace x.jsonl, or a field recording), or .mcap',
    )
    .argument('<out>', 'file to write: .mcap for MCAP, any other name for JSON Lines')
    .option('--quiet', 'errors only')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate episode --task pick --policy reference --seed 1 --trace ep1.jsonl\n' +
        '  simgate trace convert ep1.jsonl ep1.mcap      # then open ep1.mcap in Foxglove\n' +
        '  simgate trace convert ep1.mcap ep1.jsonl      # back to JSON Lines, byte for byte\n' +
        '\nLayout of the MCAP file: docs/incidents.md.\n' +
        'Exit codes: 0 written, 3 bad input (file:line field) or a write error.',
    )
    .action(
      action(async (input: string, out: string, options: { quiet?: boolean }) => {
        const { bytes, counts } = await convertTraceFile(input, out);
        if (!options.quiet) {
          const total = [...counts.values()].reduce((a, b) => a + b, 0);
          const parts = [...counts].map(([name, n]) => `${name} ${n}`).join(', ');
          const unit = isMcapPath(out) ? 'messages' : 'records';
          process.stdout.write(
            terminalText(`wrote ${out}: ${bytes} bytes, ${total} ${unit} (${parts})\n`, {
              keepNewlines: true,
            }),
          );
        }
        return EXIT.PASS;
      }),
    );
}
