// What acts in a world. A policy answers a whole lockstep batch per call: the pick cell asks
// once per pick attempt, a forecaster once per batch of windows. Implementations: scripted
// reference policies (policies/reference/) and ONNX-backed ones (policies/onnx/).
import type { DecideBatch } from '../sim/pick/features.js';
import type { DetectorPolicy, ForecastPolicy, StreamPolicy } from '../sim/stream/policy.js';

export type { DetectorPolicy, ForecastPolicy, StreamPolicy };

export interface PickPolicy {
  readonly task: 'pick';
  /** Stable identity: 'reference' or 'onnx:<sha256>'; part of cache keys and reports. */
  readonly id: string;
  readonly decide: DecideBatch;
  dispose?(): Promise<void>;
}

export type Policy = PickPolicy | StreamPolicy;
