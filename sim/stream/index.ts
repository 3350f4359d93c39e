// The sensor-stream simulator's entry: a clean stream from the generators, then the fault
// schedule applied to what the consumer receives.
import type { ResolvedParams } from '../params.js';
import type { StreamFault } from './catalog.js';
import { applyFaults, type FaultedStream } from './faults.js';
import { generateStream } from './generate.js';

export { FAULT_KINDS, type FaultKind, faultProblems, STREAM_FAULTS, type StreamFault } from './catalog.js';
export { type DeliveryPlan, planDelivery, windowsOf } from './delivery.js';
export { applyFaults, type FaultedStream, type FaultOccurrence } from './faults.js';
export { type CleanStream, generateStream, physicalBounds } from './generate.js';

/** The stream of one episode: ground truth, observed readings with faults, labels. */
export function simulateStream(
  params: ResolvedParams,
  seed: string,
  faults: readonly StreamFault[],
  horizon_h: number,
): FaultedStream {
  return applyFaults(generateStream(params, seed, horizon_h), faults, seed);
}
