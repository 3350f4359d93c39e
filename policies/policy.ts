// What acts in a world. A policy answers a whole lockstep batch per call: the pick cell asks
// once per pick attempt, a forecaster once per batch of windows. Implementations: scripted
// reference policies (policies/reference/) and ONNX-backed ones (policies/onnx/).
import type { DecideBatch } from '../sim/pick/features.js';

export interface PickPolicy {
  readonly task: 'pick';
  /** Stable identity: 'reference' or 'onnx:<sha256>'; part of cache keys and reports. */
  readonly id: string;
  readonly decide: DecideBatch;
  dispose?(): Promise<void>;
}

/** A forecaster maps windows of W readings to the next H readings, one call per batch. */
export interface ForecastPolicy {
  readonly task: 'stream';
  readonly kind: 'forecaster';
  readonly id: string;
  readonly window: number;
  readonly horizon: number;
  forecast(windows: readonly Float32Array[]): Promise<Float32Array[]>;
  dispose?(): Promise<void>;
}

/** An anomaly detector maps windows of W readings to one score each (higher = more anomalous). */
export interface DetectorPolicy {
  readonly task: 'stream';
  readonly kind: 'detector';
  readonly id: string;
  readonly window: number;
  readonly threshold: number;
  score(windows: readonly Float32Array[]): Promise<Float32Array>;
  dispose?(): Promise<void>;
}

export type StreamPolicy = ForecastPolicy | DetectorPolicy;
export type Policy = PickPolicy | StreamPolicy;
