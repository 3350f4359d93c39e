// The cell's settle detector: the camera's image of items still in motion is unusable (a
// detection of a falling or sliding item is already wrong when the cup gets there), so the
// cell images the source tote only once it is still, with a bounded wait, as real cells do
// after a drop, a knock or a lost item.
//
// A real cell detects motion by differencing consecutive camera frames. Here the bodies' own
// linear speeds stand in for that frame difference: an item moving slower than
// SETTLE_SPEED_MPS shifts under 1 mm between two frames at 20 fps, below what the depth image
// resolves, and a sleeping body is still by definition.
import type { ItemRuntime } from './cell-log.js';
import { insideTote, SOURCE, STAND_TOP_Z, TOTE_WALL_M } from './layout.js';

/** Linear speed (m/s) under which an item counts as still for imaging. */
export const SETTLE_SPEED_MPS = 0.02;
/** The longest the cell waits for the tote to come to rest before imaging it anyway (s). */
export const SETTLE_MAX_WAIT_S = 2;

/** Items in view of the source-tote camera: free (not held, not taken out) and over the tote. */
function inSourceView(item: ItemRuntime): boolean {
  if (item.state === 'held' || !item.body.isEnabled()) return false;
  const p = item.body.translation();
  return insideTote(SOURCE, p.x, p.y, TOTE_WALL_M) && p.z > STAND_TOP_Z;
}

/** Whether nothing the source-tote camera sees is moving. */
export function sourceToteStill(items: readonly ItemRuntime[]): boolean {
  return items.every((it) => {
    if (!inSourceView(it) || it.body.isSleeping()) return true;
    const v = it.body.linvel();
    return Math.hypot(v.x, v.y, v.z) < SETTLE_SPEED_MPS;
  });
}

/** The wait before a scan: open from the first unsettled look until the tote is imaged. */
export class SettleWait {
  private fromStep: number | undefined;

  constructor(private readonly dt: number) {}

  /** Whether the tote may be imaged at `step`: it is still, or the wait has run out. */
  ready(items: readonly ItemRuntime[], step: number): boolean {
    if (sourceToteStill(items)) return true;
    this.fromStep ??= step;
    return (step - this.fromStep) * this.dt >= SETTLE_MAX_WAIT_S;
  }

  /** Closes the wait as the tote is imaged; the time it began (s), or undefined if none. */
  close(): number | undefined {
    const from = this.fromStep;
    this.fromStep = undefined;
    return from === undefined ? undefined : from * this.dt;
  }
}
