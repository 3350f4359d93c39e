// Pure scoring of stream policies against ground truth: forecast error accumulators and
// event-based detector evaluation. KPI names are those of STREAM_KPIS.

/** Running forecast-error statistics; feed it batch by batch, read `kpis()` at the end. */
export class ForecastScore {
  private count = 0;
  private sumAbs = 0;
  private sumSq = 0;
  private sumErr = 0;
  private sumTruthAbs = 0;
  /** |error| and |truth| of every finite forecast value, for the guarded MAPE. */
  private absErr: number[] = [];
  private absTruth: number[] = [];
  private covered = 0;
  private intervals = 0;
  nan = 0;
  nonFinite = 0;
  firstNonFinite_s?: number;
  maxAbs = 0;
  maxAbs_s?: number;

  /** One forecast: `point` and targets of equal length; `lower`/`upper` when an interval is given. */
  add(
    t_s: number,
    point: ArrayLike<number>,
    truth: ArrayLike<number>,
    lower?: ArrayLike<number>,
    upper?: ArrayLike<number>,
  ): void {
    for (let k = 0; k < truth.length; k++) {
      const f = point[k];
      const y = truth[k];
      const bad = [f, lower?.[k] ?? 0, upper?.[k] ?? 0].filter((v) => !Number.isFinite(v));
      if (bad.length > 0) {
        this.nonFinite += bad.length;
        this.nan += bad.filter(Number.isNaN).length;
        this.firstNonFinite_s ??= t_s;
        continue;
      }
      const e = f - y;
      this.count++;
      this.sumAbs += Math.abs(e);
      this.sumSq += e * e;
      this.sumErr += e;
      this.sumTruthAbs += Math.abs(y);
      this.absErr.push(Math.abs(e));
      this.absTruth.push(Math.abs(y));
      if (Math.abs(e) > this.maxAbs) {
        this.maxAbs = Math.abs(e);
        this.maxAbs_s = t_s;
      }
      if (lower && upper) {
        this.intervals++;
        if (lower[k] <= y && y <= upper[k]) this.covered++;
      }
    }
  }

  /** MAPE skips truths below 1% of the mean |truth| (a reading near zero makes it explode). */
  kpis(): Record<string, number> {
    const n = this.count;
    const floor = 0.01 * (n > 0 ? this.sumTruthAbs / n : 0);
    let apeSum = 0;
    let apeCount = 0;
    for (let i = 0; i < this.absTruth.length; i++) {
      if (this.absTruth[i] >= floor && this.absTruth[i] > 0) {
        apeSum += this.absErr[i] / this.absTruth[i];
        apeCount++;
      }
    }
    const out: Record<string, number> = {
      mae: n > 0 ? this.sumAbs / n : Number.NaN,
      rmse: n > 0 ? Math.sqrt(this.sumSq / n) : Number.NaN,
      bias: n > 0 ? this.sumErr / n : Number.NaN,
      mape: apeCount > 0 ? apeSum / apeCount : Number.NaN,
    };
    if (this.intervals > 0) out.interval_coverage = this.covered / this.intervals;
    return out;
  }
}

export interface DetectorEvent {
  readonly start_s: number;
  readonly end_s: number;
  /** Time of the first alarm in [start_s, end_s + grace], when detected. */
  readonly detected_s?: number;
}

export interface DetectorScore {
  readonly kpis: Record<string, number>;
  readonly events: readonly DetectorEvent[];
  readonly falseAlarms: number;
  /** Delay of each event; an undetected one counts as censored at end + grace. */
  readonly delays: readonly number[];
}

/** Maximal runs of labelled samples, as [start_s, end_s] (end = last labelled sample time). */
export function labelledEvents(
  t: ArrayLike<number>,
  label: ArrayLike<number>,
): { start_s: number; end_s: number }[] {
  const out: { start_s: number; end_s: number }[] = [];
  for (let i = 0; i < label.length; i++) {
    if (label[i] !== 1) continue;
    const start = i;
    while (i + 1 < label.length && label[i + 1] === 1) i++;
    out.push({ start_s: t[start], end_s: t[i] });
  }
  return out;
}

/**
 * Event-based detector evaluation. An alarm at time a is true when some event has
 * start ≤ a ≤ end + grace (the window still holds faulty readings for `grace` seconds); an
 * event is detected by its first true alarm. Conventions: no alarms → precision 1; no events →
 * recall 1 and delay 0 (nothing to detect, nothing missed).
 */
export function scoreDetector(
  alarms_s: readonly number[],
  labelled: readonly { start_s: number; end_s: number }[],
  grace_s: number,
  duration_s: number,
): DetectorScore {
  const events: DetectorEvent[] = labelled.map((e) => ({ ...e }));
  let truePositives = 0;
  let e = 0;
  const detected: (number | undefined)[] = events.map(() => undefined);
  for (const a of alarms_s) {
    while (e < events.length && events[e].end_s + grace_s < a) e++;
    let hit = false;
    for (let k = e; k < events.length && events[k].start_s <= a; k++) {
      if (a <= events[k].end_s + grace_s) {
        hit = true;
        detected[k] ??= a;
      }
    }
    if (hit) truePositives++;
  }
  const falseAlarms = alarms_s.length - truePositives;
  const delays = events.map((ev, k) => {
    const at = detected[k];
    return at !== undefined ? at - ev.start_s : ev.end_s + grace_s - ev.start_s;
  });
  const found = detected.filter((d) => d !== undefined).length;
  return {
    kpis: {
      precision: alarms_s.length > 0 ? truePositives / alarms_s.length : 1,
      recall: events.length > 0 ? found / events.length : 1,
      detection_delay_s: delays.length > 0 ? delays.reduce((a, b) => a + b, 0) / delays.length : 0,
      false_alarms_per_day: duration_s > 0 ? falseAlarms / (duration_s / 86_400) : 0,
    },
    events: events.map((ev, k) => (detected[k] !== undefined ? { ...ev, detected_s: detected[k] } : ev)),
    falseAlarms,
    delays,
  };
}
