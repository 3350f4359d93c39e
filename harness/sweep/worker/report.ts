// Turns what a simulator returned into the plain report that crosses back to the main side:
// events become counts per kind (the full trace stays replayable from the seed).
import type { EpisodeOutcome, SimEvent } from '../../../sim/result.js';
import type { EpisodeReport, EventCounts } from '../ipc.js';

export function countEvents(events: readonly SimEvent[]): EventCounts {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}

/** `divergence`: how far apart the policy and a shadow acted (a differential search only). */
export function reportOf(id: string, outcome: EpisodeOutcome, divergence?: number): EpisodeReport {
  return {
    id,
    status: outcome.status,
    kpis: outcome.kpis,
    invariants: outcome.invariants,
    events: countEvents(outcome.events),
    trace_digest: outcome.trace_digest,
    steps: outcome.steps,
    sim_time_s: outcome.sim_time_s,
    ...(outcome.observed ? { observed: outcome.observed } : {}),
    ...(divergence !== undefined ? { divergence } : {}),
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}
