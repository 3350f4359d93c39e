// The counterexample corpus (like Hypothesis's example database): a folder in the user's
// repository, `simgate-corpus/<task>/<invariant>/<id>.yaml`, one scenario file per minimal
// counterexample with its provenance. Every later `check` and every `gate` replays it first:
// yesterday's failure is today's regression test. Entries are ordinary scenario files — they
// validate, and `simgate episode --scenario FILE --sample 0` replays one bit for bit.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { faultParams } from './faults.js';
import { writeFileAtomic } from '../../reports/write-file.js';
import { loadSuite } from '../../scenarios/load.js';
import type { InvariantSpec, Scenario } from '../../scenarios/types.js';
import type { ParamValue } from '../../sim/params.js';
import type { Task } from '../../sim/task.js';
import type { TrialParams } from './space.js';
import { trialText } from './trials.js';

export const DEFAULT_CORPUS_DIR = 'simgate-corpus';

/** Every corpus scenario of a task (none when the folder does not exist); bad files throw, located. */
export function loadCorpus(dir: string, task: Task): Scenario[] {
  const root = join(dir, task);
  if (!existsSync(root) || !statSync(root).isDirectory() || readdirSync(root).length === 0) return [];
  return loadSuite([root]).scenarios.filter((s) => s.task === task);
}

/** The constant parameters of a corpus scenario (its trial), or undefined if any is a distribution. */
export function corpusTrial(scenario: Scenario): TrialParams | undefined {
  const out: Record<string, ParamValue> = {};
  for (const [name, d] of Object.entries(scenario.params)) {
    if (d.kind !== 'const') return undefined;
    out[name] = d.value;
  }
  if (scenario.duration_s !== undefined) out['cell.duration_s'] = scenario.duration_s;
  if (scenario.faults.length > 0) {
    const schedule = faultParams(scenario.faults);
    if (!schedule) return undefined;
    Object.assign(out, schedule);
  }
  return out;
}

export interface CounterexampleProvenance {
  readonly model_sha256: string;
  readonly card_sha256: string;
  readonly invariant: string;
  readonly margin: number;
  readonly search_seed: number;
  readonly simgate: string;
  readonly found_by: string;
  readonly replay: string;
}

/** The file a counterexample is saved as; its id is the trial's, so it replays the same world. */
export function counterexampleText(
  task: Task,
  id: string,
  params: TrialParams,
  invariants: readonly InvariantSpec[],
  provenance: CounterexampleProvenance,
): string {
  const title = `Counterexample: ${provenance.invariant} (margin ${provenance.margin})`;
  const text = trialText(task, params, invariants, title, id);
  const header =
    `# Minimal counterexample found by simgate check (${provenance.found_by}).\n` +
    `# Replay: ${provenance.replay}\n`;
  return `${header}${text}${stringify({ provenance }, { lineWidth: 0 })}`;
}

export function counterexamplePath(dir: string, task: Task, invariant: string, id: string): string {
  return join(dir, task, invariant, `${id}.yaml`);
}

export function saveCounterexample(path: string, text: string): void {
  writeFileAtomic(path, text);
}
