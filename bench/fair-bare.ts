// The fair physics baseline for the pick cell: one real cell episode is run once with its
// world's mutating calls recorded (the carriage's kinematic targets, the bellows motor, the
// suction joint made and removed, items taken out for manual handling), then the same world
// (same bodies, same creation order) is rebuilt and stepped in a bare loop that replays exactly
// those calls at the same steps. Timing that loop against the cell measures only what the cell
// adds: controller, sensors, ray casts, contact queries, telemetry and policy calls. The replay
// ends with every body where the cell left it, or the baseline says so.
import type RAPIER from '@dimforge/rapier3d-deterministic-compat';
import { referencePickPolicy } from '../policies/reference/pick.js';
import type { ResolvedParams } from '../sim/params.js';
import type { Rapier } from '../sim/physics.js';
import { PickCell } from '../sim/pick/cell.js';
import type { PickDecision } from '../sim/pick/features.js';
import type { CellScene } from '../sim/pick/scene.js';

type Vec = { x: number; y: number; z: number };
type Rot = Vec & { w: number };

/** One recorded world call, applied before the physics step numbered `step`. */
type WorldCall =
  | { readonly step: number; readonly kind: 'translate'; readonly to: Vec }
  | { readonly step: number; readonly kind: 'rotate'; readonly to: Rot }
  | { readonly step: number; readonly kind: 'motor'; readonly args: readonly [number, number, number] }
  | {
      readonly step: number;
      readonly kind: 'join';
      readonly data: RAPIER.JointData;
      readonly bodies: readonly [number, number];
    }
  | { readonly step: number; readonly kind: 'unjoin'; readonly joint: number }
  | { readonly step: number; readonly kind: 'enable'; readonly body: number; readonly on: boolean };

export interface RecordedEpisode {
  readonly params: ResolvedParams;
  readonly seed: string;
  readonly steps: number;
  readonly calls: readonly WorldCall[];
  /** Every item body's final translation and rotation, in item order. */
  readonly finalPoses: readonly number[];
}

/** Runs one episode with the reference policy, recording every call that changes the world. */
export async function recordEpisode(
  rapier: Rapier,
  params: ResolvedParams,
  seed: string,
): Promise<RecordedEpisode> {
  const cell = new PickCell(rapier, params, seed);
  const { world, carriage, bellows } = cell.scene;
  const calls: WorldCall[] = [];
  let step = 0;
  // Counted at the engine's pipeline call, which World.step() and the scene's stepper both make.
  const pipeline = world.physicsPipeline.raw;
  const pipelineStep = pipeline.step.bind(pipeline);
  pipeline.step = (...args) => {
    pipelineStep(...args);
    step++;
  };
  const translate = carriage.setNextKinematicTranslation.bind(carriage);
  carriage.setNextKinematicTranslation = (to) => {
    calls.push({ step, kind: 'translate', to: { x: to.x, y: to.y, z: to.z } });
    translate(to);
  };
  const rotate = carriage.setNextKinematicRotation.bind(carriage);
  carriage.setNextKinematicRotation = (to) => {
    calls.push({ step, kind: 'rotate', to: { x: to.x, y: to.y, z: to.z, w: to.w } });
    rotate(to);
  };
  const motor = bellows.configureMotorPosition.bind(bellows);
  bellows.configureMotorPosition = (target, stiffness, damping) => {
    calls.push({ step, kind: 'motor', args: [target, stiffness, damping] });
    motor(target, stiffness, damping);
  };
  const join = world.createImpulseJoint.bind(world);
  world.createImpulseJoint = (data, b1, b2, wake) => {
    calls.push({ step, kind: 'join', data, bodies: [b1.handle, b2.handle] });
    return join(data, b1, b2, wake);
  };
  const unjoin = world.removeImpulseJoint.bind(world);
  world.removeImpulseJoint = (joint, wake) => {
    calls.push({ step, kind: 'unjoin', joint: joint.handle });
    unjoin(joint, wake);
  };
  for (const item of cell.items) {
    const enable = item.body.setEnabled.bind(item.body);
    item.body.setEnabled = (on) => {
      calls.push({ step, kind: 'enable', body: item.body.handle, on });
      enable(on);
    };
  }
  try {
    while (cell.advance() === 'awaiting') {
      const [decision] = await referencePickPolicy.decide([cell.observation()]);
      cell.apply(decision as PickDecision);
    }
    if (step !== cell.steps) throw new Error(`recorded ${step} world steps, the cell ran ${cell.steps}`);
    return { params, seed, steps: step, calls, finalPoses: itemPoses(cell.scene) };
  } finally {
    world.free();
  }
}

/**
 * Rebuilds the episode's world (untimed) and returns a loop that steps it with the recorded
 * calls; the loop returns whether every item ended where it did in the cell.
 */
export function prepareReplay(rapier: Rapier, episode: RecordedEpisode): () => boolean {
  const scene = new PickCell(rapier, episode.params, episode.seed).scene;
  return () => {
    try {
      replaySteps(scene, episode);
      const poses = itemPoses(scene);
      return poses.every((v, i) => Object.is(v, episode.finalPoses[i]));
    } finally {
      scene.world.free();
    }
  };
}

/**
 * Steps `scene` (a fresh build of the episode's world) through the episode, applying each recorded
 * call before the step it was made at; `afterStep`, when given, runs after every step.
 */
export function replaySteps(scene: CellScene, episode: RecordedEpisode, afterStep?: () => void): void {
  const { world, carriage, bellows, step } = scene;
  const calls = episode.calls;
  let next = 0;
  for (let s = 0; s < episode.steps; s++) {
    while (next < calls.length && calls[next].step === s) {
      const call = calls[next++];
      if (call.kind === 'translate') carriage.setNextKinematicTranslation(call.to);
      else if (call.kind === 'rotate') carriage.setNextKinematicRotation(call.to);
      else if (call.kind === 'motor') bellows.configureMotorPosition(...call.args);
      else if (call.kind === 'join') {
        const [b1, b2] = call.bodies.map((h) => world.getRigidBody(h));
        world.createImpulseJoint(call.data, b1, b2, true).setContactsEnabled(false);
      } else if (call.kind === 'unjoin') world.removeImpulseJoint(world.getImpulseJoint(call.joint), true);
      else world.getRigidBody(call.body).setEnabled(call.on);
    }
    step();
    afterStep?.();
  }
}

function itemPoses(scene: CellScene): number[] {
  return scene.items.flatMap(({ body }) => {
    const p = body.translation();
    const q = body.rotation();
    return [p.x, p.y, p.z, q.x, q.y, q.z, q.w];
  });
}
