// Each ODD scenario the bundled gate slices on produces the condition it is named after, checked
// where it matters: in the items the cell spawns and in the observations the policy actually
// gets (an occlusion scenario once never offered a partly hidden item).
import { beforeAll, describe, expect, it } from 'vitest';
import { episodeFromScenario } from '../../../harness/episode/spec.js';
import { referencePickPolicy } from '../../../policies/reference/pick.js';
import { loadRapier, type Rapier } from '../../../sim/physics.js';
import { runPickEpisodes } from '../../../sim/pick/episode.js';
import type { PickObservation } from '../../../sim/pick/features.js';
import { sampleItems } from '../../../sim/pick/items.js';
import { PICK_PARAMS } from '../../../sim/pick/params.js';
import { readTelemetry } from '../../../sim/telemetry.js';

const LIBRARY = 'scenarios/library/pick';

let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier();
});

const episodes = (name: string, samples: readonly number[]) =>
  samples.map((s) => episodeFromScenario(`${LIBRARY}/${name}.yaml`, s));

const share = (xs: readonly number[], test: (x: number) => boolean) => xs.filter(test).length / xs.length;

describe('ODD scenarios of the bundled pick library', () => {
  it('occlusion offers partly hidden items: a real share of observations shows < 60% of the top face', async () => {
    const eps = episodes('occlusion', [0, 1, 2, 3, 4, 5]);
    const perEpisode = await observedPerEpisode(eps);
    const all = perEpisode.flat();
    const visible = all.map((o) => o.features['item.visible_fraction']);
    expect(all.length).toBeGreaterThan(40);
    // Measured: about a fifth of the offered items are mostly hidden, down to a quarter visible.
    expect(share(visible, (v) => v < 0.6)).toBeGreaterThan(0.1);
    expect(Math.min(...visible)).toBeLessThan(0.4);
    const episodesWithHidden = perEpisode.filter((obs) =>
      obs.some((o) => o.features['item.visible_fraction'] < 0.6),
    ).length;
    expect(episodesWithHidden).toBeGreaterThanOrEqual(4);
    // Nothing below the camera's detection threshold is ever offered.
    perEpisode.forEach((obs, i) => {
      for (const o of obs)
        expect(o.features['item.visible_fraction']).toBeGreaterThanOrEqual(
          eps[i].params['camera.min_visible'] as number,
        );
    });
  });

  it('the same tote emptied topmost-first offers fully visible items: order picking is what hides them', async () => {
    const eps = episodes('occlusion', [0, 1, 2]);
    const visible = (await observedPerEpisode(eps, { 'cell.pick_order': 'topmost' }))
      .flat()
      .map((o) => o.features['item.visible_fraction']);
    expect(share(visible, (v) => v < 0.6)).toBeLessThan(0.03);
  });

  it('people present: someone comes within the slow zone of the working cell in every episode', async () => {
    const eps = episodes('person-on-walkway', [0, 1, 2, 3]);
    const slowZone = PICK_PARAMS.find((p) => p.name === 'safety.slow_zone_m')!.default as number;
    let offeredNearPerson = 0;
    for (const ep of eps) {
      const offered: PickObservation[] = [];
      const [run] = await runPickEpisodes(
        rapier,
        [{ params: ep.params, seed: ep.seed, trace: true }],
        async (b) => {
          offered.push(...b);
          return referencePickPolicy.decide(b);
        },
      );
      const records = readTelemetry(run.trace!).records;
      const scanner = records
        .filter((r) => r.type === 'sensor' && typeof r.human_distance_m === 'number')
        .map((r) => r.human_distance_m as number);
      const events = records.filter((r) => r.type === 'event').map((r) => r.kind);
      // Measured: nearest approach 0.75-0.95 m, someone on the walkway 14-26% of the time.
      expect(Math.min(...scanner)).toBeLessThan(slowZone / 2);
      expect(share(scanner, (d) => d < 10)).toBeGreaterThan(0.1);
      expect(events).toContain('protective_stop');
      // Still working when the episode ends: stops per hour compare stops, not tote run-out times.
      expect(events).toContain('time_limit');
      offeredNearPerson += offered.filter((o) => o.features['human.distance_m'] < 10).length;
    }
    expect(offeredNearPerson).toBeGreaterThan(0);
  });

  it('heavy items weigh 2.3-5.5 kg (top of the 5 kg realistic range) and the master data says so', () => {
    const items = episodes('heavy-items', [0, 1, 2, 3, 4, 5, 6, 7]).flatMap((ep) =>
      sampleItems(ep.params, ep.seed),
    );
    for (const it of items) {
      expect(it.massKg).toBeGreaterThan(2.2);
      expect(it.massKg).toBeLessThan(5.6);
    }
    expect(
      share(
        items.map((it) => it.catalogMassKg),
        (m) => m > 3.5,
      ),
    ).toBeGreaterThan(0.4);
  });

  it('fragile items: most items are fragile, every tote has some, rated 8-25 N', () => {
    const totes = episodes('fragile-items', [0, 1, 2, 3, 4, 5, 6, 7]).map((ep) => ({
      fragile: sampleItems(ep.params, ep.seed).map((it) => it.fragile),
      limit: ep.params['items.fragile_force_limit_n'] as number,
    }));
    for (const tote of totes) {
      expect(tote.fragile.some((f) => f)).toBe(true);
      expect(tote.limit).toBeGreaterThanOrEqual(8);
      expect(tote.limit).toBeLessThanOrEqual(25);
    }
    expect(
      share(
        totes.flatMap((t) => t.fragile.map(Number)),
        (f) => f === 1,
      ),
    ).toBeGreaterThan(0.6);
  });

  it('porous surfaces: most items leak enough to halve the seal, some too much to seal at all', () => {
    const porosity = episodes('porous-surfaces', [0, 1, 2, 3, 4, 5, 6, 7])
      .flatMap((ep) => sampleItems(ep.params, ep.seed))
      .map((it) => it.porosity);
    expect(share(porosity, (p) => p > 0.3)).toBeGreaterThan(0.5);
    expect(share(porosity, (p) => p > 0.75)).toBeGreaterThan(0.02);
  });
});

/** Observations of each episode, run one episode per batch so each call belongs to one episode. */
async function observedPerEpisode(
  eps: readonly ReturnType<typeof episodeFromScenario>[],
  override: Record<string, string | number> = {},
): Promise<PickObservation[][]> {
  return Promise.all(
    eps.map(async (ep) => {
      const obs: PickObservation[] = [];
      const [run] = await runPickEpisodes(
        rapier,
        [{ params: { ...ep.params, ...override }, seed: ep.seed }],
        async (batch) => {
          obs.push(...batch);
          return referencePickPolicy.decide(batch);
        },
      );
      expect(run.status).not.toBe('error');
      return obs;
    }),
  );
}
