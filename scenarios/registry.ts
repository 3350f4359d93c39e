// What each task's simulator declares: parameters, invariants, KPIs and (for streams) fault
// kinds. The scenario loader, the sampler, the JSON Schema and `simgate params` read these.
import type { InvariantDef, KpiDef } from '../sim/catalog.js';
import type { ParamSpec } from '../sim/params.js';
import { PICK_INVARIANTS, PICK_KPIS } from '../sim/pick/catalog.js';
import { PICK_PARAMS } from '../sim/pick/params.js';
import {
  type FaultDef,
  faultProblems,
  STREAM_FAULTS,
  STREAM_INVARIANTS,
  STREAM_KPIS,
} from '../sim/stream/catalog.js';
import { STREAM_PARAMS } from '../sim/stream/params.js';
import type { Task } from './types.js';

export { TASKS } from '../sim/task.js';

export interface TaskRegistry {
  readonly task: Task;
  readonly params: readonly ParamSpec[];
  readonly invariants: readonly InvariantDef[];
  readonly kpis: readonly KpiDef[];
  readonly faults: readonly FaultDef[];
  /** Every problem of one fault entry as `field: message`; empty when valid. */
  readonly faultProblems: (fault: Readonly<Record<string, unknown>>) => string[];
}

const REGISTRIES: Readonly<Record<Task, TaskRegistry>> = {
  pick: {
    task: 'pick',
    params: PICK_PARAMS,
    invariants: PICK_INVARIANTS,
    kpis: PICK_KPIS,
    faults: [],
    faultProblems: () => ['faults are only for stream scenarios'],
  },
  stream: {
    task: 'stream',
    params: STREAM_PARAMS,
    invariants: STREAM_INVARIANTS,
    kpis: STREAM_KPIS,
    faults: STREAM_FAULTS,
    faultProblems,
  },
};

export function taskRegistry(task: Task): TaskRegistry {
  return REGISTRIES[task];
}

export function paramSpec(task: Task, name: string): ParamSpec | undefined {
  return REGISTRIES[task].params.find((p) => p.name === name);
}
