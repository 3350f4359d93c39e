// The monitor's one validation pass, before any statistic is computed: flags, the reference
// file, the stream (or the healthy data a reference is made from) and the model, each checked
// on its own and then against each other. Every problem of every input is raised together as one
// MonitorInputError (exit 3); what comes back is fully checked and needs no further guard.
import { readFileSync, statSync } from 'node:fs';
import type { Position, SensorTable, StreamRead } from './csv.js';
import { type MonitorFlags, type ResolvedMonitorRun, resolveMonitorFlags } from './flags.js';
import { checkModelFits, loadMonitorModel, type MonitorModel } from './model.js';
import { MonitorInputError, type MonitorProblem } from './problems.js';
import { MIN_REFERENCE_READINGS, type MonitorReference } from './reference.js';
import { checkReference } from './reference-check.js';
import { checkStreamFits, readSensorStream } from './stream.js';

/** Larger input files are refused before they are read. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export interface MonitorInputs {
  readonly run: ResolvedMonitorRun;
  readonly reference: MonitorReference;
  readonly table: SensorTable;
  readonly model: MonitorModel;
}

export interface ReferenceDataInputs {
  readonly run: ResolvedMonitorRun;
  /** The data file's text (its sha256 goes into the reference). */
  readonly text: string;
  readonly table: SensorTable;
  readonly model: MonitorModel;
}

/** The text of an input file, or the problem that stops it being read. */
export function readInput(file: string, what: string): { text?: string; problem?: MonitorProblem } {
  const problem = (message: string) => ({ problem: { file, line: 0, col: 0, path: '', message } });
  try {
    const size = statSync(file).size;
    if (size > MAX_INPUT_BYTES)
      return problem(`${what} is ${size} bytes; the monitor reads at most ${MAX_INPUT_BYTES}`);
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    return problem(
      `cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

function readStream(
  file: string | undefined,
  what: string,
  problems: MonitorProblem[],
): (StreamRead & { readonly text: string }) | undefined {
  if (file === undefined) return undefined;
  const { text, problem } = readInput(file, what);
  if (problem) problems.push(problem);
  if (text === undefined) return undefined;
  const read = readSensorStream(file, text);
  problems.push(...read.problems);
  return { ...read, text };
}

/** Judging a stream: flags, reference, stream and model, all checked before anything runs. */
export async function validateMonitorInputs(flags: MonitorFlags): Promise<MonitorInputs> {
  const { run, problems: flagProblems, inputs } = resolveMonitorFlags(flags);
  const problems = [...flagProblems];
  let checked: ReturnType<typeof checkReference> | undefined;
  if (inputs.reference !== undefined) {
    const { text, problem } = readInput(inputs.reference, 'reference');
    if (problem) problems.push(problem);
    if (text !== undefined) {
      checked = checkReference(inputs.reference, text);
      problems.push(...checked.problems);
    }
  }
  const stream = readStream(inputs.data, 'stream data', problems);
  const reference = checked?.reference;
  const table = stream?.table;
  if (table && reference && inputs.reference && inputs.data) {
    const names = reference.sensors.map((s) => s.name);
    problems.push(
      ...checkStreamFits(inputs.data, table, stream.sensorAt, inputs.reference, names, run?.window),
    );
  }
  const model = await modelFor(inputs, table, problems);
  if (model && table && inputs.data) {
    const against =
      reference && checked && inputs.reference
        ? { file: inputs.reference, value: reference, locator: checked.locator }
        : undefined;
    problems.push(...checkModelFits(model, inputs.data, table, against));
  }
  if (problems.length > 0 || !run || !reference || !table || !model) throw new MonitorInputError(problems);
  return { run, reference, table, model };
}

/** Making a reference: flags, the healthy data (enough finite readings per sensor) and model. */
export async function validateReferenceData(flags: MonitorFlags): Promise<ReferenceDataInputs> {
  const { run, problems: flagProblems, inputs } = resolveMonitorFlags(flags);
  const problems = [...flagProblems];
  const data = readStream(inputs.data, 'reference data', problems);
  const table = data?.table;
  if (table && inputs.data) problems.push(...checkReadingCounts(inputs.data, table, data.sensorAt));
  const model = await modelFor(inputs, table, problems);
  if (model && table && inputs.data) problems.push(...checkModelFits(model, inputs.data, table));
  if (problems.length > 0 || !run || !data || !table || !model) throw new MonitorInputError(problems);
  return { run, text: data.text, table, model };
}

async function modelFor(
  inputs: { readonly model?: string; readonly season?: number },
  table: SensorTable | undefined,
  problems: MonitorProblem[],
): Promise<MonitorModel | undefined> {
  if (inputs.model === undefined) return undefined;
  const loaded = await loadMonitorModel(inputs.model, inputs.season, table);
  problems.push(...loaded.problems);
  return loaded.model;
}

function checkReadingCounts(
  file: string,
  table: SensorTable,
  sensorAt: ReadonlyMap<string, Position>,
): MonitorProblem[] {
  return table.sensors.flatMap((name) => {
    const finite = table.columns[name].filter(Number.isFinite).length;
    if (finite >= MIN_REFERENCE_READINGS) return [];
    const at = sensorAt.get(name) ?? { line: 0, col: 0 };
    return [
      {
        file,
        ...at,
        path: name,
        message: `${finite} finite readings; a reference needs at least ${MIN_REFERENCE_READINGS}`,
      },
    ];
  });
}
