// The KPI and invariant catalogs the gate checks configs against, per task, as each
// simulator publishes them.
import type { InvariantDef, KpiDef } from '../../sim/catalog.js';
import { PICK_INVARIANTS, PICK_KPIS } from '../../sim/pick/catalog.js';
import { STREAM_INVARIANTS, STREAM_KPIS } from '../../sim/stream/catalog.js';
import type { Task } from '../../sim/task.js';

export interface GateCatalog {
  readonly kpis: readonly KpiDef[];
  readonly invariants: readonly InvariantDef[];
}

const CATALOGS: Readonly<Record<Task, GateCatalog | undefined>> = {
  pick: { kpis: PICK_KPIS, invariants: PICK_INVARIANTS },
  stream: { kpis: STREAM_KPIS, invariants: STREAM_INVARIANTS },
};

/** The catalog of a task, or undefined while its simulator publishes none. */
export function gateCatalog(task: Task): GateCatalog | undefined {
  return CATALOGS[task];
}
