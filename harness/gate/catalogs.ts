// The KPI and invariant catalogs the gate checks configs against, per task. A task whose
// simulator has not published a catalog yet resolves only KPIs that state their direction.
import type { InvariantDef, KpiDef } from '../../sim/catalog.js';
import { PICK_INVARIANTS, PICK_KPIS } from '../../sim/pick/catalog.js';

export type GateTask = 'pick' | 'stream';

export interface GateCatalog {
  readonly kpis: readonly KpiDef[];
  readonly invariants: readonly InvariantDef[];
}

const CATALOGS: Readonly<Record<GateTask, GateCatalog | undefined>> = {
  pick: { kpis: PICK_KPIS, invariants: PICK_INVARIANTS },
  stream: undefined,
};

/** The catalog of a task, or undefined while its simulator publishes none. */
export function gateCatalog(task: GateTask): GateCatalog | undefined {
  return CATALOGS[task];
}
