// MCAP files on disk: a trace written as MCAP by `simgate episode --trace x.mcap`, and
// `simgate trace convert in.jsonl out.mcap` (and back). Written atomically: a reader never sees
// half a file.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../reports/write-file.js';
import { UsageError } from '../common/errors.js';
import { type McapExport, telemetryToMcap } from './mcap.js';
import { mcapToTelemetry } from './mcap-read.js';

export function isMcapPath(path: string): boolean {
  return /\.mcap$/i.test(path);
}

/** Converts telemetry text (named `source` in errors) and writes it to `out` as MCAP. */
export async function writeMcapTrace(text: string, source: string, out: string): Promise<McapExport> {
  const exported = await telemetryToMcap(text, source);
  writeFileAtomic(out, exported.bytes);
  return exported;
}

export interface Converted {
  readonly bytes: number;
  /** Messages per topic (to MCAP) or records of the trace (to JSON Lines). */
  readonly counts: ReadonlyMap<string, number>;
}

/** JSON Lines → MCAP, or MCAP → JSON Lines: the direction follows the two file names. */
export async function convertTraceFile(input: string, out: string): Promise<Converted> {
  if (isMcapPath(input) === isMcapPath(out))
    throw new UsageError(
      `${input} → ${out}: convert a JSON Lines trace to an .mcap file, or an .mcap file to JSON Lines`,
    );
  let bytes: Buffer;
  try {
    bytes = readFileSync(input);
  } catch (error) {
    throw new UsageError(`${input}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  if (isMcapPath(out)) {
    const exported = await writeMcapTrace(bytes.toString('utf8'), input, out);
    return { bytes: exported.bytes.length, counts: exported.counts };
  }
  const text = mcapToTelemetry(bytes, input);
  writeFileAtomic(out, text);
  const counts = new Map<string, number>();
  for (const line of text.trimEnd().split('\n')) {
    const type = String((JSON.parse(line) as { type: unknown }).type);
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return { bytes: Buffer.byteLength(text), counts };
}
