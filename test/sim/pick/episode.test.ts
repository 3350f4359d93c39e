// The picking cell end to end in the real engine: outcomes that the physics must produce
// (drops, crushes, safety limits), the lockstep contract and the failure statuses.
import { beforeAll, describe, expect, it } from 'vitest';
import { type ParamValue, resolveParams } from '../../../sim/params.js';
import { PickCell } from '../../../sim/pick/cell.js';
import { type PickEpisodeSpec, runPickEpisodes } from '../../../sim/pick/episode.js';
import type { DecideBatch, PickAction, PickObservation } from '../../../sim/pick/features.js';
import { evaluatePickInvariants } from '../../../sim/pick/outcome.js';
import { PICK_PARAMS } from '../../../sim/pick/params.js';
import { loadRapier, type Rapier } from '../../../sim/physics.js';
import { readTelemetry } from '../../../sim/telemetry.js';
import { referencePickAction, referencePickPolicy } from '../../../policies/reference/pick.js';

let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier();
});

const spec = (
  seed: string,
  overrides: Record<string, ParamValue>,
  extra: Partial<PickEpisodeSpec> = {},
): PickEpisodeSpec => ({
  params: resolveParams(PICK_PARAMS, { 'items.count': 4, 'cell.duration_s': 20, ...overrides }),
  seed,
  ...extra,
});

/** The reference policy with some action fields forced. */
const forcing =
  (fields: Partial<PickAction>): DecideBatch =>
  async (obs: readonly PickObservation[]) =>
    obs.map((o) => ({ ok: true as const, action: { ...referencePickAction(o), ...fields } }));

const count = (runs: { events: readonly { kind: string }[] }[], kind: string) =>
  runs.reduce((n, r) => n + r.events.filter((e) => e.kind === kind).length, 0);

describe('picking cell physics outcomes', () => {
  it('heavy items at low vacuum are lost in transit when moved hard', async () => {
    const runs = await runPickEpisodes(
      rapier,
      ['1', '2'].map((s) => spec(s, { 'items.mass_kg': 2.5, 'gripper.vacuum_kpa': 30 })),
      forcing({ 'transfer.accel_mps2': 12, confidence: 1 }),
    );
    expect(count(runs, 'drop')).toBeGreaterThan(0);
    expect(runs.every((r) => r.kpis.drops_per_100_picks > 0)).toBe(true);
    expect(runs.every((r) => r.kpis.pick_success_rate < 0.5)).toBe(true);
  });

  it('the reference policy sends items it cannot hold to manual handling instead', async () => {
    const [run] = await runPickEpisodes(
      rapier,
      [spec('1', { 'items.mass_kg': 2.5, 'gripper.vacuum_kpa': 30 })],
      referencePickPolicy.decide,
    );
    expect(run.kpis.manual_handling_rate).toBe(1);
    expect(count([run], 'drop')).toBe(0);
  });

  it('a fast approach onto fragile items crushes them; a gentle one does not', async () => {
    const params = { 'items.fragile_fraction': 1, 'items.count': 3 };
    const invariants = [{ name: 'no_crush' }, { name: 'max_contact_force_n', limit: 30 }];
    const [fast] = await runPickEpisodes(
      rapier,
      [spec('3', params, { invariants })],
      forcing({ 'approach.speed_mps': 1.2 }),
    );
    const [gentle] = await runPickEpisodes(
      rapier,
      [spec('3', params, { invariants })],
      referencePickPolicy.decide,
    );
    expect(fast.kpis.crushes).toBeGreaterThan(0);
    expect(fast.status).toBe('violation');
    expect(fast.invariants.find((i) => i.name === 'no_crush')!.violated).toBe(true);
    const crush = fast.events.find((e) => e.kind === 'crush')!;
    expect(crush.force_n as number).toBeGreaterThan(crush.limit_n as number);
    expect(gentle.kpis.crushes).toBe(0);
    expect(gentle.status).toBe('ok');
    expect(gentle.invariants.find((i) => i.name === 'max_contact_force_n')!.margin).toBeGreaterThan(0);
  });

  it('a person on the walkway makes the safety controller limit or stop the gantry', async () => {
    const people = { 'people.rate_per_h': 200, 'people.first_s': 1 };
    const invariants = [{ name: 'max_speed_near_person_mps' }];
    const [run] = await runPickEpisodes(
      rapier,
      [spec('5', people, { invariants })],
      referencePickPolicy.decide,
    );
    const limited = count([run], 'speed_limited') + count([run], 'protective_stop');
    expect(limited).toBeGreaterThan(0);
    const speed = run.invariants[0];
    expect(speed.limit).toBe(0.25);
    expect(speed.worst).toBeGreaterThan(0);
    expect(speed.violated).toBe(false);
    const [alone] = await runPickEpisodes(rapier, [spec('5', {})], referencePickPolicy.decide);
    expect(count([alone], 'speed_limited') + count([alone], 'protective_stop')).toBe(0);
  });
});

describe('lockstep contract', () => {
  it('results do not depend on batching, and decide() is called once per round for the batch', async () => {
    const specs = ['10', '11', '12'].map((s, i) => spec(s, { 'items.count': 2 + i }, { trace: true }));
    const sizes: number[] = [];
    const decide: DecideBatch = async (obs) => {
      sizes.push(obs.length);
      return referencePickPolicy.decide(obs);
    };
    const together = await runPickEpisodes(rapier, specs, decide);
    expect(sizes[0]).toBe(3);
    // Every cell that awaits a decision is in the round: rounds = the most decisions any cell
    // needed, and the batch sizes add up to all decisions (one action record each).
    const decisions = together.map(
      (r) => readTelemetry(r.trace!).records.filter((x) => x.type === 'action').length,
    );
    expect(sizes).toHaveLength(Math.max(...decisions));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(decisions.reduce((a, b) => a + b, 0));
    const alone = [];
    for (const s of specs) alone.push(...(await runPickEpisodes(rapier, [s], referencePickPolicy.decide)));
    expect(together.map((r) => r.trace_digest)).toEqual(alone.map((r) => r.trace_digest));
    expect(together.map((r) => r.kpis)).toEqual(alone.map((r) => r.kpis));
    expect(new Set(together.map((r) => r.trace_digest)).size).toBe(3);
    const trace = readTelemetry(together[0].trace!);
    expect(trace.meta.seed).toBe('10');
    // Complete scenes at the start, once settled and after every change (attach, rest, manual).
    const scenes = trace.records.filter((r) => r.type === 'scene');
    expect(scenes.slice(0, 2).map((r) => r.reason)).toEqual(['start', 'settled']);
    expect(new Set(scenes.slice(2).map((r) => r.reason))).toEqual(
      new Set(
        scenes
          .slice(2)
          .map((r) => r.reason)
          .filter((r) => ['attach', 'rest', 'manual_handling'].includes(r as string)),
      ),
    );
    expect(trace.meta.time_base).toEqual({ epoch: 'episode start', unit: 's', steps_per_s: 240 });
    expect(trace.records.some((r) => r.type === 'observation')).toBe(true);
    expect(trace.records.some((r) => r.type === 'action')).toBe(true);
  });

  it('a rejected decision is that invariant violation and the item goes to manual handling', async () => {
    const decide: DecideBatch = async (obs) =>
      obs.map(() => ({
        ok: false as const,
        invariant: 'action_bounds' as const,
        message: 'grasp.dx out of bounds',
      }));
    const [run] = await runPickEpisodes(
      rapier,
      [
        spec(
          '4',
          { 'items.count': 2 },
          { invariants: [{ name: 'action_bounds' }, { name: 'finite_actions' }] },
        ),
      ],
      decide,
    );
    expect(run.status).toBe('violation');
    expect(run.invariants.map((i) => [i.name, i.violated])).toEqual([
      ['action_bounds', true],
      ['finite_actions', false],
    ]);
    expect(run.kpis.attempts).toBe(0);
    expect(run.kpis.manual_handling_rate).toBe(1);
  });

  it('a non-finite action counts as a finite_actions violation, never a move', async () => {
    const [run] = await runPickEpisodes(
      rapier,
      [spec('4', { 'items.count': 1 }, { invariants: [{ name: 'finite_actions' }] })],
      forcing({ 'grasp.dx': Number.NaN }),
    );
    expect(run.invariants[0].violated).toBe(true);
    expect(run.kpis.attempts).toBe(0);
  });

  it('an exception in one cell is that episode error; maxSteps gives timeout; others finish', async () => {
    let round = 0;
    const decide: DecideBatch = async (obs) => {
      round++;
      return referencePickPolicy.decide(obs);
    };
    const runs = await runPickEpisodes(
      rapier,
      [
        spec('7', { 'items.count': 2 }),
        spec('7', { 'items.count': 2 }, { invariants: [{ name: 'no_such_invariant' }] }),
        spec('7', { 'items.count': 2 }, { maxSteps: 500 }),
      ],
      decide,
    );
    expect(round).toBeGreaterThan(0);
    expect(runs.map((r) => r.status)).toEqual(['ok', 'error', 'timeout']);
    expect(runs[1].error?.message).toMatch(/unknown pick invariant "no_such_invariant"/);
    expect(runs[2].steps).toBe(500);
  });
});

describe('items knocked out of the source tote', () => {
  it('are hazardous drops when they land, and are never picked off the floor', () => {
    const cell = new PickCell(
      rapier,
      resolveParams(PICK_PARAMS, { 'items.count': 4, 'cell.duration_s': 15 }),
      '3',
    );
    expect(cell.advance()).toBe('awaiting');
    // A knock: the item lying farthest from the one offered flies over the wall towards the walkway.
    const f = cell.observation().features;
    const away = (it: (typeof cell.items)[number]) => {
      const p = it.body.translation();
      return Math.hypot(p.x - f['item.est_x'], p.y - f['item.est_y']);
    };
    const knocked = [...cell.items].sort((a, b) => away(b) - away(a))[0];
    knocked.body.setLinvel({ x: 0, y: -1.8, z: 2.5 }, true);
    let status = 'awaiting';
    while (status === 'awaiting') {
      cell.apply({ ok: true, action: referencePickAction(cell.observation()) });
      status = cell.advance();
    }
    const trace = readTelemetry(cell.log.trace.text()).records;
    const [hazard] = evaluatePickInvariants(cell.log, [{ name: 'no_hazardous_drop' }]);
    const events = cell.log.events;
    cell.scene.world.free();
    const index = knocked.spec.index;
    expect(trace.filter((r) => r.kind === 'knocked_out').map((r) => r.item)).toEqual([index]);
    expect(events.filter((e) => e.kind === 'hazardous_drop').map((e) => e.item)).toEqual([index]);
    expect(hazard.violated).toBe(true);
    expect(knocked.state).toBe('lost');
    // Never offered again, and the others are all picked.
    expect(trace.filter((r) => r.type === 'observation' && r.item === index)).toHaveLength(0);
    expect(events.filter((e) => e.kind === 'pick_success')).toHaveLength(3);
  });
});
