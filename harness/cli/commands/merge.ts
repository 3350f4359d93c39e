// `simgate merge OUT... --out DIR`: combines the output directories of `--shard I/N` runs into
// the results.jsonl and summary.json a single-machine run gives (byte for byte). Refuses
// shards of different plans, configs, models or cards, overlapping or missing shards,
// unfinished shards, and any line that is foreign, duplicated or bound to other hashes.
import type { Command } from 'commander';
import { sweepExitCode } from '../../sweep/engine.js';
import { mergeShards } from '../../sweep/merge.js';
import { formatSummaryText } from '../../sweep/summary-text.js';
import { action } from '../action.js';

interface MergeOptions {
  out: string;
  quiet?: boolean;
  json?: boolean;
}

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('Combine the outputs of sharded runs into one result set and summary')
    .argument(
      '<dirs...>',
      'output directories of `simgate run` or `simgate gate` with --shard I/N (all N of them)',
    )
    .option('--out <dir>', 'output directory for the merged results', 'simgate-report')
    .option('--quiet', 'no summary text')
    .option('--json', 'print the merged summary as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  simgate merge out/shard-1 out/shard-2 out/shard-3 --out out/merged\n' +
        '  simgate merge "artifacts/shard-*" --out report/   (let the shell expand the glob)\n' +
        '\nEvery shard must carry the same plan hash, gate config, model, card and scenario sha256 and\n' +
        'simgate build (sweep.json and every results.jsonl line); each episode must appear exactly once.\n' +
        '\nExit codes: 0 all episodes ok, 1 a violation or timeout, 3 error or inconsistent shards\n' +
        '(the message names the file, the line and the differing hash).',
    )
    .action(action((dirs: string[], options: MergeOptions) => merge(dirs, options)));
}

function merge(dirs: string[], options: MergeOptions): number {
  const merged = mergeShards(dirs, options.out);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(merged.summary, null, 2)}\n`);
  } else if (!options.quiet) {
    process.stdout.write(
      `simgate merge: ${dirs.length} shard output(s), ${merged.results.length} episodes\n\n` +
        formatSummaryText(merged.summary) +
        `\nresults: ${options.out}/results.jsonl\n`,
    );
  }
  return sweepExitCode(merged.results);
}
