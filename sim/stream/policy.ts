// What a stream episode calls: a forecaster or an anomaly detector answering a whole batch of
// windows per call. Declared beside the stream loop that calls it; policies/ implements it.

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
