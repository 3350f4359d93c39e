// MCAP files on disk: a trace written as MCAP by `simgate episode --trace x.mcap`, and
// `simgate trace convert in.jsonl out.mcap`. Written atomically: a reader never sees half a file.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../reports/write-file.js';
import { UsageError } from '../common/errors.js';
import { type McapExport, telemetryToMcap } from './mcap.js';

export function isMcapPath(path: string): boolean {
  return /\.mcap$/i.test(path);
}

/** Converts telemetry text (named `source` in errors) and writes it to `out` as MCAP. */
export async function writeMcapTrace(text: string, source: string, out: string): Promise<McapExport> {
  const exported = await telemetryToMcap(text, source);
  writeFileAtomic(out, exported.bytes);
  return exported;
}

/** Reads a telemetry/v1 JSON Lines file and writes it as MCAP. */
export async function convertTraceFile(input: string, out: string): Promise<McapExport> {
  if (!isMcapPath(out)) throw new UsageError(`${out}: the output must be an .mcap file`);
  if (isMcapPath(input)) throw new UsageError(`${input}: the input must be a telemetry JSON Lines file`);
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (error) {
    throw new UsageError(`${input}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  return writeMcapTrace(text, input, out);
}
