// Catalog contracts: each simulator declares the invariants a scenario may name and the KPIs
// it reports. Scenario validation, gate configs and `simgate params` read these lists.

export interface InvariantDef {
  readonly name: string;
  /** Unit of the limit and the margin. */
  readonly unit: string;
  /** Whether a scenario must, may or must not give a `limit`. */
  readonly limit: 'required' | 'optional' | 'none';
  /** The limit used when the scenario gives none (for `optional`). */
  readonly defaultLimit?: number;
  readonly description: string;
}

export interface KpiDef {
  readonly name: string;
  readonly unit: string;
  /** Which way is better: the gate's non-inferiority direction. */
  readonly better: 'higher' | 'lower';
  readonly description: string;
}
