// The fair physics baseline (bench/fair-bare.ts) replays a recorded cell episode's world calls in a
// bare loop; the pick-cell bench's ratio means something only if that replay reproduces the cell's
// world exactly. Checked on default episodes: every item ends bit for bit where the cell left it.
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareReplay, type RecordedEpisode, recordEpisode, replaySteps } from '../../bench/fair-bare.js';
import { resolveParams } from '../../sim/params.js';
import { loadRapier, type Rapier } from '../../sim/physics.js';
import { PickCell } from '../../sim/pick/cell.js';
import { PICK_PARAMS } from '../../sim/pick/params.js';

let rapier: Rapier;
let episode: RecordedEpisode;
beforeAll(async () => {
  rapier = await loadRapier();
  episode = await recordEpisode(rapier, resolveParams(PICK_PARAMS, {}), 'fair-bare');
});

describe('the fair bare replay', () => {
  it('records every kind of world call a default episode makes', () => {
    const kinds = new Set(episode.calls.map((c) => c.kind));
    for (const kind of ['translate', 'rotate', 'motor', 'join', 'unjoin']) expect(kinds).toContain(kind);
    expect(episode.steps).toBeGreaterThan(1000);
  });

  it('ends with every item exactly where the cell left it', () => {
    expect(prepareReplay(rapier, episode)()).toBe(true);
  });

  it('steps as many times as the cell did, calling back after each step', () => {
    const scene = new PickCell(rapier, episode.params, episode.seed).scene;
    let steps = 0;
    try {
      replaySteps(scene, episode, () => steps++);
    } finally {
      scene.world.free();
    }
    expect(steps).toBe(episode.steps);
  });

  it('is not exact when a recorded call is left out', () => {
    const firstMotor = episode.calls.findIndex((c) => c.kind === 'motor' && c.step > 0);
    expect(firstMotor).toBeGreaterThan(-1);
    const altered = { ...episode, calls: episode.calls.filter((_, i) => i !== firstMotor) };
    expect(prepareReplay(rapier, altered)()).toBe(false);
  });
});
