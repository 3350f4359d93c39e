// Turns what a picking cell recorded into the episode's KPIs (exactly the PICK_KPIS names,
// plus counts) and evaluates the invariants a spec lists into outcomes with margins.
import type { InvariantOutcome } from '../result.js';
import { PICK_INVARIANTS } from './catalog.js';
import type { CellLog } from './cell-log.js';

export interface InvariantRequest {
  readonly name: string;
  readonly limit?: number;
}

export function pickKpis(log: CellLog, simTimeS: number, itemCount: number): Record<string, number> {
  const c = log.counts;
  const hours = simTimeS / 3600;
  return {
    pick_success_rate: c.attempts > 0 ? c.picks / c.attempts : 0,
    picks_per_hour: hours > 0 ? c.picks / hours : 0,
    drops_per_100_picks: c.attempts > 0 ? (100 * c.drops) / c.attempts : 0,
    hazardous_drops: c.hazardousDrops,
    crushes: c.crushes,
    seal_failures: c.sealFailures,
    // With no completed pick the whole episode counts as one cycle: never better than a real one.
    mean_cycle_time_s: c.picks > 0 ? c.cycleTimeSum / c.picks : simTimeS,
    manual_handling_rate: itemCount > 0 ? c.manual / itemCount : 0,
    protective_stops_per_hour: hours > 0 ? c.protectiveStops / hours : 0,
    attempts: c.attempts,
    picks: c.picks,
    items: itemCount,
  };
}

/** A count that must stay zero: margin 1 − count (one more event and it is violated). */
function countOutcome(name: string, count: number, t: number | undefined, what: string): InvariantOutcome {
  const violated = count > 0;
  return {
    name,
    worst: count,
    margin: 1 - count,
    violated,
    ...(violated ? { t, message: `${count} ${what}` } : {}),
  };
}

function limitOutcome(
  name: string,
  limit: number,
  worst: number,
  t: number | undefined,
  unit: string,
): InvariantOutcome {
  const violated = worst > limit;
  return {
    name,
    limit,
    worst,
    margin: limit - worst,
    violated,
    ...(violated ? { t, message: `${worst.toFixed(3)} ${unit} exceeds the limit ${limit} ${unit}` } : {}),
  };
}

export function evaluatePickInvariants(
  log: CellLog,
  requests: readonly InvariantRequest[],
): InvariantOutcome[] {
  const firstEvent = (kind: string) => log.events.find((e) => e.kind === kind)?.t;
  return requests.map((req) => {
    const def = PICK_INVARIANTS.find((d) => d.name === req.name);
    if (!def) {
      throw new Error(
        `unknown pick invariant "${req.name}" (known: ${PICK_INVARIANTS.map((d) => d.name).join(', ')})`,
      );
    }
    const limit = req.limit ?? def.defaultLimit;
    if (def.limit === 'required' && limit === undefined)
      throw new Error(`invariant ${req.name} needs a limit`);
    switch (req.name) {
      case 'no_hazardous_drop':
        return countOutcome(
          req.name,
          log.counts.hazardousDrops,
          firstEvent('hazardous_drop'),
          'hazardous drops',
        );
      case 'no_crush':
        return countOutcome(req.name, log.counts.crushes, firstEvent('crush'), 'crushed items');
      case 'max_contact_force_n':
        return limitOutcome(req.name, limit!, log.peakContactN.value, log.peakContactN.t, 'N');
      case 'max_speed_near_person_mps':
        return limitOutcome(req.name, limit!, log.speedNearPersonMps.value, log.speedNearPersonMps.t, 'm/s');
      case 'max_drop_height_m':
        return limitOutcome(req.name, limit!, log.dropHeightM.value, log.dropHeightM.t, 'm');
      default: {
        const v = log.violations.get(req.name);
        return countOutcome(req.name, v?.count ?? 0, v?.t, 'policy outputs rejected');
      }
    }
  });
}
