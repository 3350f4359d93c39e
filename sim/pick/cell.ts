// The picking cell as a resumable state machine: `advance()` steps physics until the cell
// needs a grasp decision (or the episode ends), `apply()` acts on the decision. Every step:
// the safety controller caps the gantry's speed from the scanner distance (safety.ts), the
// gantry moves, the world steps, then contacts, the hold and falling items are observed and
// the pick loop (pick-loop.ts) decides what comes next.
import type { ResolvedParams } from '../params.js';
import type { Rapier } from '../physics.js';
import { rngStream } from '../rng.js';
import { TelemetryWriter } from '../telemetry.js';
import { CellLog, type ItemRuntime, itemPose } from './cell-log.js';
import type { PickDecision, PickObservation } from './features.js';
import { contactPartners, pairImpulse, SuctionGantry } from './gantry.js';
import { sampleItems } from './items.js';
import { HOME, TOTE_RIM_Z } from './layout.js';
import type { Pose } from './motion.js';
import { nearestPersonM, type People, peoplePositions } from './people.js';
import { PickLoop } from './pick-loop.js';
import { appliedAction, CELL_GEOMETRY, type CellStart, TIME_BASE } from './recording.js';
import { requestOrder } from './scan.js';
import type { CellParts } from './pick-state.js';
import { SafetyController } from './safety.js';
import { buildScene, type CellScene, TIMESTEP_S } from './scene.js';
import { OverheadCamera } from './sensors.js';

const SENSOR_PERIOD_STEPS = 60;
/** Impulse (N·s) above which a held item is taken to have struck a tote wall. */
const WALL_HIT_IMPULSE_NS = 0.01;

export type CellStatus = 'awaiting' | 'done';

export class PickCell implements CellParts {
  readonly scene: CellScene;
  readonly log: CellLog;
  readonly dt = TIMESTEP_S;
  steps = 0;
  readonly param: (name: string) => number;
  readonly items: ItemRuntime[];
  readonly gantry: SuctionGantry;
  readonly camera: OverheadCamera;
  /** The safety scanner's distance to the nearest person at the start of the last step (m). */
  humanDistanceM = 10;
  readonly requested?: readonly number[];
  private readonly people: People;
  private readonly safety: SafetyController;
  private readonly loop: PickLoop;
  private readonly durationS: number;
  /** Reused by the held item's wall-contact query. */
  private readonly partners: number[] = [];
  /** Items by collider handle, for the contacts the cup reports every step. */
  private readonly itemByCollider: ReadonlyMap<number, ItemRuntime>;
  private readonly onCupContact = (handle: number, forceN: number): void => {
    const item = this.itemByCollider.get(handle);
    if (item) this.log.contact(this.t, item, forceN);
  };

  /**
   * A cell whose items are sampled from `seed`, or, given `start`, the recorded scene a replay
   * begins with (picking at once, at the recorded time). `traceMeta` adds to the trace's meta.
   */
  constructor(
    rapier: Rapier,
    readonly params: ResolvedParams,
    readonly seed: string,
    start?: CellStart,
    traceMeta: Readonly<Record<string, unknown>> = {},
  ) {
    const p = (name: string) => params[name] as number;
    this.param = p;
    const specs = start ? start.items.map((it) => it.spec) : sampleItems(params, seed);
    this.scene = buildScene(rapier, specs, p('gripper.cup_diameter_m'), start?.items);
    this.items = this.scene.items.map((it, i) => ({
      ...it,
      state: start?.items[i].state ?? 'source',
      attempts: 0,
      crushed: false,
    }));
    for (const it of this.items) if (it.state === 'manual') it.body.setEnabled(false);
    // A replay steps once before its first look: rays see a world only once it has stepped.
    if (start) this.steps = Math.max(0, Math.round(start.t / this.dt) - 1);
    this.itemByCollider = new Map(this.items.map((it) => [it.collider.handle, it]));
    this.durationS = p('cell.duration_s');
    const home: Pose = { x: HOME.x, y: HOME.y, z: SuctionGantry.carriageZForFace(TOTE_RIM_Z + 0.08), yaw: 0 };
    this.gantry = new SuctionGantry(
      rapier,
      this.scene,
      p('gripper.vacuum_kpa'),
      p('gripper.cup_diameter_m'),
      home,
    );
    this.gantry.moveTo(home);
    this.camera = new OverheadCamera(
      rapier,
      this.scene.world,
      params,
      rngStream(seed, 'camera'),
      this.scene.items,
    );
    if (params['cell.pick_order'] === 'requested')
      this.requested = start?.requested ?? requestOrder(specs.length, rngStream(seed, 'order'));
    // A replay's people walk their recorded paths; otherwise the walkway schedule.
    this.people = start?.people
      ? { tracks: start.people }
      : {
          ratePerH: p('people.rate_per_h'),
          firstS: p('people.first_s'),
          speedMps: p('people.speed_mps'),
        };
    const trace = new TelemetryWriter({
      task: 'pick',
      seed,
      dt: this.dt,
      time_base: TIME_BASE,
      params,
      cell: CELL_GEOMETRY,
      ...(this.requested ? { requested_order: this.requested } : {}),
      ...traceMeta,
    });
    this.log = new CellLog(trace, this.items);
    this.log.scene(this.t, 'start');
    this.safety = new SafetyController(
      {
        slowZoneM: p('safety.slow_zone_m'),
        stopZoneM: p('safety.stop_zone_m'),
        reducedSpeedMps: p('safety.reduced_speed_mps'),
        // ISO 13855 walking speed, or faster when the scenario's people walk faster.
        personSpeedMps: Math.max(1.6, p('people.speed_mps')),
        safetyDecelMps2: p('gripper.max_accel_mps2'),
      },
      this.log,
    );
    this.loop = new PickLoop(this, start !== undefined);
  }

  get t(): number {
    return this.steps * this.dt;
  }

  get done(): boolean {
    return this.loop.phase.kind === 'done';
  }

  /** Steps until a decision is needed or the episode ends (or `stepBudget` steps have run). */
  advance(stepBudget = Number.POSITIVE_INFINITY): CellStatus | 'budget' {
    const start = this.steps;
    for (;;) {
      const phase = this.loop.phase;
      if (phase.kind === 'done') return 'done';
      if (phase.kind === 'await') return 'awaiting';
      if (phase.kind === 'scan') {
        this.loop.scan();
        continue;
      }
      if (this.t >= this.durationS) {
        this.loop.finish();
        continue;
      }
      if (this.steps - start >= stepBudget) return 'budget';
      this.stepOnce();
    }
  }

  observation(): PickObservation {
    if (!this.loop.pending) throw new Error('the cell is not waiting for a decision');
    return this.loop.pending.observation;
  }

  apply(decision: PickDecision): void {
    const pending = this.loop.pending;
    if (!pending || this.loop.phase.kind !== 'await')
      throw new Error('the cell is not waiting for a decision');
    this.loop.pending = undefined;
    const item = this.items[pending.item];
    if (!decision.ok) {
      this.log.trace.write('action', this.t, {
        item: item.spec.index,
        ok: false,
        invariant: decision.invariant,
      });
      this.log.violation(this.t, decision.invariant, decision.message, item);
      this.loop.phase = { kind: 'scan' };
      return;
    }
    const requested = decision.action;
    const bad = Object.entries(requested).find(([, v]) => !Number.isFinite(v));
    const a = bad
      ? requested
      : appliedAction(requested, this.param('gripper.max_speed_mps'), this.param('gripper.max_accel_mps2'));
    this.log.trace.write('action', this.t, {
      item: item.spec.index,
      ok: true,
      action: requested,
      ...(bad ? {} : { applied: a }),
    });
    if (bad) {
      this.log.violation(this.t, 'finite_actions', `${bad[0]} is ${bad[1]}`, item);
      this.loop.phase = { kind: 'scan' };
      return;
    }
    if (a.confidence < this.param('cell.confidence_threshold')) {
      this.log.manual(this.t, item, 'low_confidence');
      this.loop.phase = { kind: 'scan' };
      return;
    }
    this.loop.beginAttempt(pending, a);
  }

  private stepOnce(): void {
    const g = this.gantry;
    const distanceBefore = nearestPersonM(this.people, this.t, g.pose.x, g.pose.y);
    this.humanDistanceM = distanceBefore;
    const phase = this.loop.phase;
    let speed = 0;
    let tcpSpeed = 0;
    if (phase.kind === 'move') {
      const move = phase.move;
      const startSpeed = move.speed;
      const cap = this.safety.command(this.t, distanceBefore, move, phase.purpose, this.dt);
      const contactStop = this.loop.contactBraking;
      const limit = contactStop ? 0 : cap.limitMps;
      const decel = contactStop
        ? Math.max(cap.decelMps2, this.param('gripper.max_accel_mps2'))
        : cap.decelMps2;
      g.moveTo(move.step(this.dt, limit, decel));
      speed = move.speed;
      tcpSpeed = move.tcpSpeed(Math.max(startSpeed, speed));
    }
    this.scene.step();
    this.steps++;
    const distanceAfter = nearestPersonM(this.people, this.t, g.pose.x, g.pose.y);
    this.safety.observeStep(this.t, distanceBefore, distanceAfter, tcpSpeed);
    this.observeContacts();
    this.observeHold();
    this.log.observeFalls(this.t, this.steps, this.dt, this.camera);
    if (this.steps % SENSOR_PERIOD_STEPS === 0) {
      const hold = g.hold;
      const moving = this.items.filter((it) => it.state === 'held' || it.fall !== undefined);
      this.log.trace.write('sensor', this.t, {
        channel: 'periodic',
        gantry: [g.pose.x, g.pose.y, g.pose.z, g.pose.yaw],
        speed_mps: speed,
        vacuum_kpa: hold ? this.param('gripper.vacuum_kpa') * hold.seal : 0,
        human_distance_m: distanceBefore,
        people: peoplePositions(this.people, this.t),
        ...(moving.length > 0
          ? { moving: moving.map((it) => ({ id: it.spec.index, pose: itemPose(it) })) }
          : {}),
      });
    }
    this.loop.progress();
  }

  private observeContacts(): void {
    this.gantry.forEachContactForce(this.dt, this.onCupContact);
    const hold = this.gantry.hold;
    const attempt = this.loop.attempt;
    if (hold && attempt && !attempt.wallHit) {
      const item = this.items[hold.item].collider.handle;
      const { world, walls } = this.scene;
      let impulse = 0;
      for (const other of contactPartners(world, item, this.partners))
        if (walls.has(other)) impulse = pairImpulse(world, item, other, impulse);
      if (impulse > WALL_HIT_IMPULSE_NS) {
        attempt.wallHit = true;
        this.log.event(this.t, 'wall_collision', { item: hold.item, impulse_ns: impulse });
      }
    }
  }

  /** A held item whose load exceeds the seal's holding force is lost: it falls, and is a drop. */
  private observeHold(): void {
    const load = this.gantry.checkHold(this.dt);
    if (load === undefined) return;
    const hold = this.gantry.release()!;
    const item = this.items[hold.item];
    this.log.startFall(this.t, this.steps, item, this.camera, false, {
      load_n: load,
      holding_n: hold.holdingN,
    });
    this.log.counts.drops++;
    this.loop.retract();
  }
}
