// Online trapezoidal motion profile for one straight gantry move (x, y, z and yaw together):
// accelerate at the commanded limit, cruise at min(commanded, safety) speed, brake so the
// move ends at rest on its target. Re-evaluated every step, so the safety controller can
// lower the speed limit (or stop) mid-move; the profile brakes down to that limit with the
// deceleration the controller gives (never gentler than the move's own).

export interface Pose {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
}

/** Metres of path charged per radian of yaw, so pure rotations take time too. */
const YAW_PATH_M_PER_RAD = 0.05;

export class TrapezoidMove {
  readonly length: number;
  /** Straight-line distance the tool centre point travels (yaw turns it about itself). */
  readonly linearLength: number;
  private s = 0;
  private v = 0;

  constructor(
    readonly from: Pose,
    readonly to: Pose,
    readonly maxSpeed: number,
    readonly maxAccel: number,
  ) {
    const lin = Math.hypot(to.x - from.x, to.y - from.y, to.z - from.z);
    this.linearLength = lin;
    this.length = Math.max(lin, Math.abs(to.yaw - from.yaw) * YAW_PATH_M_PER_RAD);
  }

  /** Path speed (m/s), the yaw share included. */
  get speed(): number {
    return this.v;
  }

  /** Linear speed of the tool centre point at path speed `pathSpeed` (m/s). */
  tcpSpeed(pathSpeed: number): number {
    return this.length > 0 ? (pathSpeed * this.linearLength) / this.length : 0;
  }

  get done(): boolean {
    return this.s >= this.length;
  }

  get remaining(): number {
    return this.length - this.s;
  }

  /**
   * Advances by dt under an extra speed limit (the safety controller's or a contact stop's;
   * 0 = stop) and returns the new pose. Braking down to that limit uses `limitDecel` when it
   * is harder than the move's own deceleration.
   */
  step(dt: number, speedLimit: number, limitDecel: number): Pose {
    if (this.done) return this.to;
    const a = this.v > speedLimit ? Math.max(this.maxAccel, limitDecel) : this.maxAccel;
    // Look one step ahead so braking starts on the curve, not a step past it.
    const brake = Math.sqrt(2 * this.maxAccel * Math.max(0, this.remaining - this.v * dt));
    const target = Math.min(this.maxSpeed, speedLimit, brake);
    const next = this.v < target ? Math.min(target, this.v + a * dt) : Math.max(target, this.v - a * dt);
    let ds = 0.5 * (this.v + next) * dt;
    // Creeping in on the last micrometres: finish rather than crawl forever.
    if (speedLimit > 0 && this.remaining - ds < 1e-5) ds = this.remaining;
    this.s = Math.min(this.length, this.s + ds);
    this.v = this.done ? 0 : next;
    return this.pose();
  }

  pose(): Pose {
    const f = this.length > 0 ? this.s / this.length : 1;
    return {
      x: this.from.x + (this.to.x - this.from.x) * f,
      y: this.from.y + (this.to.y - this.from.y) * f,
      z: this.from.z + (this.to.z - this.from.z) * f,
      yaw: this.from.yaw + (this.to.yaw - this.from.yaw) * f,
    };
  }
}
