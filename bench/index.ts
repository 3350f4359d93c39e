// `npm run bench`: runs every benchmark section (one file each under bench/) in turn and
// prints its figures. Speed goals live here, never in timed unit tests.
import { benchDetectorSearch } from './detector.js';
import { benchEngine } from './engine.js';
import { benchGate } from './gate.js';
import { benchInference } from './inference.js';
import { benchPickCell } from './pick-cell.js';
import { benchSafety } from './safety.js';
import { benchStream } from './stream.js';

type Section = readonly [name: string, run: (log: (line: string) => void) => Promise<unknown>];

const sections: readonly Section[] = [
  ['pick cell', (log) => benchPickCell(log)],
  ['inference', (log) => benchInference(log)],
  ['engine', (log) => benchEngine(log)],
  ['stream', (log) => benchStream(log)],
  ['gate', (log) => benchGate(log)],
  ['safety search', (log) => benchSafety(log)],
  ['detector search', (log) => benchDetectorSearch(log)],
];

const only = process.argv.slice(2);
for (const [name, run] of sections) {
  if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
  process.stdout.write(`# ${name}\n`);
  await run((line) => process.stdout.write(`  ${line}\n`));
}
