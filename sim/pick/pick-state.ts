// The pick loop's state: its phases, the attempt in progress, the decision it awaits and the
// cell's parts it acts on (pick-loop.ts holds the transitions).
import type { CellLog, ItemRuntime } from './cell-log.js';
import type { PickAction, PickObservation } from './features.js';
import type { SuctionGantry } from './gantry.js';
import type { TrapezoidMove } from './motion.js';
import type { Detection, OverheadCamera } from './sensors.js';

export type MovePurpose =
  | 'rise'
  | 'to_pick'
  | 'descend'
  | 'approach'
  | 'lift'
  | 'transfer'
  | 'lower'
  | 'retract';

export type Phase =
  | { kind: 'settle'; untilStep: number }
  | { kind: 'scan' }
  /** The source tote is still moving: the camera image would be unusable. */
  | { kind: 'unsettled' }
  | { kind: 'wait'; untilStep: number }
  | { kind: 'await' }
  | { kind: 'move'; move: TrapezoidMove; purpose: MovePurpose }
  | { kind: 'dwell'; untilStep: number }
  | { kind: 'done' };

export interface Attempt {
  readonly item: number;
  readonly startT: number;
  readonly detection: Detection;
  /** World z of the highest obstacle in either tote besides this item (from its scan). */
  readonly obstacleTopZ: number;
  readonly action: PickAction;
  contact: boolean;
  wallHit: boolean;
}

export interface PendingDecision {
  readonly item: number;
  readonly detection: Detection;
  readonly obstacleTopZ: number;
  readonly observation: PickObservation;
  /** When this pick's cycle began: the scan, or the start of the wait for a still tote. */
  readonly cycleStartT: number;
}

/** What the loop works with: the cell's parts and its clock. */
export interface CellParts {
  readonly items: ItemRuntime[];
  readonly gantry: SuctionGantry;
  readonly camera: OverheadCamera;
  readonly log: CellLog;
  readonly param: (name: string) => number;
  readonly dt: number;
  readonly steps: number;
  readonly t: number;
  /** The safety scanner's latest distance to the nearest person (m). */
  readonly humanDistanceM: number;
  /** Order picking (cell.pick_order = requested): item indices in the order they are requested. */
  readonly requested?: readonly number[];
}
