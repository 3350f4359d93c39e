// Lockstep episodes of the picking cell: every cell of a batch steps until it needs a grasp
// decision, then ONE decide() call answers all pending observations (in spec order), and so on.
// Each cell owns its world, so results never depend on how specs are batched.
import type { ResolvedParams } from '../params.js';
import type { Rapier } from '../physics.js';
import type { EpisodeOutcome } from '../result.js';
import { PickCell } from './cell.js';
import type { DecideBatch } from './features.js';
import { evaluatePickInvariants, pickKpis } from './outcome.js';
import { type CellStart, incidentOf } from './recording.js';

export interface PickEpisodeSpec {
  params: ResolvedParams;
  seed: string;
  invariants?: readonly { name: string; limit?: number }[];
  trace?: boolean;
  maxSteps?: number;
  /** A replay: the recorded scene the cell starts from instead of items sampled from `seed`. */
  start?: CellStart;
  /** Fields added to the trace's meta (the model that ran, versions). */
  traceMeta?: Readonly<Record<string, unknown>>;
}

export interface PickEpisodeRun extends EpisodeOutcome {
  /** Telemetry JSONL text, when the spec asked for it. */
  trace?: string;
}

interface Slot {
  readonly spec: PickEpisodeSpec;
  /** Index of the spec in the batch. */
  readonly lane: number;
  cell?: PickCell;
  result?: PickEpisodeRun;
}

export async function runPickEpisodes(
  rapier: Rapier,
  specs: readonly PickEpisodeSpec[],
  decide: DecideBatch,
): Promise<PickEpisodeRun[]> {
  const slots: Slot[] = specs.map((spec, lane) => ({ spec, lane }));
  for (const slot of slots) {
    try {
      slot.cell = new PickCell(
        rapier,
        slot.spec.params,
        slot.spec.seed,
        slot.spec.start,
        slot.spec.traceMeta,
      );
    } catch (error) {
      slot.result = errorRun(error, undefined);
    }
  }
  try {
    for (;;) {
      const waiting: Slot[] = [];
      for (const slot of slots) {
        if (slot.result || !slot.cell) continue;
        const state = advanceSlot(slot);
        if (state === 'awaiting') waiting.push(slot);
      }
      if (waiting.length === 0) break;
      let decisions: readonly unknown[];
      try {
        decisions = await decide(
          waiting.map((s) => s.cell!.observation()),
          waiting.map((s) => s.lane),
        );
        if (decisions.length !== waiting.length) {
          throw new Error(
            `decide() returned ${decisions.length} decisions for ${waiting.length} observations`,
          );
        }
      } catch (error) {
        for (const slot of waiting) finishSlot(slot, errorRun(error, slot.cell));
        continue;
      }
      waiting.forEach((slot, i) => {
        try {
          slot.cell!.apply(decisions[i] as Parameters<PickCell['apply']>[0]);
        } catch (error) {
          finishSlot(slot, errorRun(error, slot.cell));
        }
      });
    }
  } finally {
    for (const slot of slots)
      if (slot.cell && !slot.result) finishSlot(slot, errorRun(new Error('episode abandoned'), slot.cell));
  }
  return slots.map((s) => s.result!);
}

function advanceSlot(slot: Slot): 'awaiting' | 'finished' {
  const cell = slot.cell!;
  const max = slot.spec.maxSteps ?? Number.POSITIVE_INFINITY;
  try {
    const state = cell.advance(Math.max(0, max - cell.steps));
    if (state === 'awaiting') return 'awaiting';
    finishSlot(slot, state === 'budget' ? outcomeOf(slot.spec, cell, 'timeout') : outcomeOf(slot.spec, cell));
  } catch (error) {
    finishSlot(slot, errorRun(error, cell));
  }
  return 'finished';
}

function finishSlot(slot: Slot, result: PickEpisodeRun): void {
  slot.result = result;
  slot.cell?.scene.world.free();
  slot.cell = undefined;
}

function outcomeOf(spec: PickEpisodeSpec, cell: PickCell, forced?: 'timeout'): PickEpisodeRun {
  const log = cell.log;
  const kpis = pickKpis(log, cell.t, cell.items.length);
  const invariants = evaluatePickInvariants(log, spec.invariants ?? []);
  const status = forced ?? (invariants.some((i) => i.violated) ? 'violation' : 'ok');
  const incident = incidentOf(log.events);
  log.trace.amendMeta({
    invariants: invariants.map((i) => ({ name: i.name, limit: i.limit })),
    ...(incident ? { incident } : {}),
  });
  const text = log.trace.text();
  return {
    status,
    kpis,
    events: log.events,
    invariants,
    trace_digest: log.trace.digest(),
    steps: cell.steps,
    sim_time_s: cell.t,
    ...(log.observed.size > 0 ? { observed: observedRanges(log.observed) } : {}),
    ...(forced
      ? {
          error: { message: `episode exceeded maxSteps (${spec.maxSteps})`, code: 'SIMGATE_EPISODE_TIMEOUT' },
        }
      : {}),
    ...(spec.trace ? { trace: text } : {}),
  };
}

/** Observed ranges in sorted feature order, rounded like the trace (results stay byte-stable). */
function observedRanges(m: ReadonlyMap<string, [number, number]>): Record<string, [number, number]> {
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  return Object.fromEntries(
    [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, [lo, hi]]) => [k, [r6(lo), r6(hi)]]),
  );
}

function errorRun(error: unknown, cell: PickCell | undefined): PickEpisodeRun {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    status: 'error',
    kpis: {},
    events: cell?.log.events ?? [],
    invariants: [],
    trace_digest: cell ? cell.log.trace.digest() : '',
    steps: cell?.steps ?? 0,
    sim_time_s: cell?.t ?? 0,
    error: { message: e.message, code: (e as { code?: string }).code, stack: e.stack },
  };
}
