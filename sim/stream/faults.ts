// Fault models of a sensor stream. Faults act on what the consumer receives — readings,
// reported timestamps, arrival times, presence — never on the ground truth, and label the
// samples whose reading they changed, for detector evaluation. Value faults apply in schedule
// order, then delivery faults; random occurrences are drawn from streams keyed by entry index.
import { type Rng, rngStream } from '../rng.js';
import { FAULT_KINDS, type FaultKind, faultDef, faultProblems, type StreamFault } from './catalog.js';
import type { CleanStream } from './generate.js';

export interface FaultOccurrence {
  readonly kind: FaultKind;
  /** Index of the entry in the fault schedule. */
  readonly entry: number;
  readonly start_s: number;
  readonly end_s: number;
}

export interface FaultedStream extends CleanStream {
  /** Reported reading (NaN when the sensor reported NaN). */
  readonly observed: Float64Array;
  /** Timestamp the sensor attached (differs from `t` under clock skew). */
  readonly t_reported: Float64Array;
  /** When the sample reaches the consumer (≥ t). */
  readonly arrival_s: Float64Array;
  /** 0 when the sample never arrives (dropout). */
  readonly present: Uint8Array;
  /** 1 when a value fault changed this sample's reading: the anomaly label. */
  readonly label: Uint8Array;
  /** Bit k set when fault kind FAULT_KINDS[k] touched this sample. */
  readonly fault_mask: Uint16Array;
  readonly occurrences: readonly FaultOccurrence[];
}

const numberKey = (fault: StreamFault, name: string, fallback: number): number => {
  const v = fault[name];
  return typeof v === 'number' ? v : fallback;
};

/** The intervals in which one schedule entry is active, in seconds. */
export function faultOccurrences(
  fault: StreamFault,
  entry: number,
  seed: string,
  horizon_s: number,
): FaultOccurrence[] {
  const start = numberKey(fault, 'start_h', 0) * 3600;
  const end = Math.min(horizon_s, numberKey(fault, 'end_h', Number.POSITIVE_INFINITY) * 3600);
  const rate = numberKey(fault, 'rate_per_h', 0);
  if (start >= end) return [];
  if (rate <= 0) return [{ kind: fault.kind, entry, start_s: start, end_s: end }];
  const rng = rngStream(seed, 'stream.fault.occurrences', entry, fault.kind);
  const length = numberKey(fault, 'duration_h', 0.25) * 3600;
  const out: FaultOccurrence[] = [];
  let t = start;
  for (;;) {
    t += -Math.log(1 - rng.next()) * (3600 / rate);
    if (t >= end) break;
    out.push({ kind: fault.kind, entry, start_s: t, end_s: Math.min(end, t + length) });
  }
  return out;
}

/** Sample indices [from, to) inside [start_s, end_s); a zero-length occurrence covers one sample. */
function sampleRange(period: number, n: number, o: FaultOccurrence): [number, number] {
  const from = Math.min(n, Math.ceil(o.start_s / period - 1e-9));
  const to = Math.min(n, Math.max(from + 1, Math.ceil(o.end_s / period - 1e-9)));
  return [from, to];
}

type Apply = (s: Mutable, f: StreamFault, o: FaultOccurrence, from: number, to: number, rng: Rng) => void;

interface Mutable {
  observed: Float64Array;
  t_reported: Float64Array;
  arrival_s: Float64Array;
  present: Uint8Array;
  mark: (i: number, kind: FaultKind) => void;
  period_s: number;
  t: Float64Array;
}

const APPLY: Readonly<Record<FaultKind, Apply>> = {
  drift(s, f, o, from, to) {
    const exponential = f.shape === 'exponential';
    const slope = numberKey(f, 'slope_per_h', 0.1);
    const magnitude = numberKey(f, 'magnitude', 1);
    const tau = numberKey(f, 'tau_h', 6);
    for (let i = from; i < to; i++) {
      const h = (s.t[i] - o.start_s) / 3600;
      s.observed[i] += exponential ? magnitude * (1 - Math.exp(-h / tau)) : slope * h;
      s.mark(i, 'drift');
    }
  },
  step(s, f, _o, from, to) {
    const magnitude = numberKey(f, 'magnitude', 1);
    for (let i = from; i < to; i++) {
      s.observed[i] += magnitude;
      s.mark(i, 'step');
    }
  },
  stuck(s, f, _o, from, to) {
    let value = numberKey(f, 'value', Number.NaN);
    if (!('value' in f)) {
      value = s.observed[from];
      for (let i = from - 1; i >= 0; i--) {
        if (Number.isFinite(s.observed[i])) {
          value = s.observed[i];
          break;
        }
      }
    }
    for (let i = from; i < to; i++) {
      s.observed[i] = value;
      s.mark(i, 'stuck');
    }
  },
  spike(s, f, _o, from, to, rng) {
    const magnitude = numberKey(f, 'magnitude', 5);
    const p = numberKey(f, 'probability', 0.05);
    for (let i = from; i < to; i++) {
      const hit = rng.next() < p;
      const sign = rng.next() < 0.5 ? -1 : 1;
      if (!hit) continue;
      s.observed[i] += sign * magnitude;
      s.mark(i, 'spike');
    }
  },
  nan(s, f, _o, from, to, rng) {
    const p = numberKey(f, 'probability', 1);
    for (let i = from; i < to; i++) {
      if (rng.next() >= p) continue;
      s.observed[i] = Number.NaN;
      s.mark(i, 'nan');
    }
  },
  quantize(s, f, _o, from, to) {
    const step = numberKey(f, 'step', 0);
    const lo = numberKey(f, 'min', Number.NEGATIVE_INFINITY);
    const hi = numberKey(f, 'max', Number.POSITIVE_INFINITY);
    for (let i = from; i < to; i++) {
      const x = s.observed[i];
      const q = step > 0 ? Math.round(x / step) * step : x;
      s.observed[i] = Math.min(hi, Math.max(lo, q));
      s.mark(i, 'quantize');
    }
  },
  dropout(s, f, _o, from, to, rng) {
    const p = numberKey(f, 'probability', 1);
    for (let i = from; i < to; i++) {
      if (rng.next() >= p) continue;
      s.present[i] = 0;
      s.mark(i, 'dropout');
    }
  },
  latency(s, f, _o, from, to, rng) {
    const delay = numberKey(f, 'delay_s', 60);
    const jitter = numberKey(f, 'jitter_s', 0);
    for (let i = from; i < to; i++) {
      s.arrival_s[i] += delay + (jitter > 0 ? -Math.log(1 - rng.next()) * jitter : 0);
      s.mark(i, 'latency');
    }
  },
  reorder(s, f, _o, from, to, rng) {
    const p = numberKey(f, 'probability', 0.2);
    for (let i = from; i < Math.min(to, s.arrival_s.length - 1); i++) {
      if (rng.next() >= p) continue;
      // Held back until just after its successor: the consumer receives i+1 before i.
      s.arrival_s[i] = Math.max(s.arrival_s[i], s.arrival_s[i + 1] + s.period_s * 1e-3);
      s.mark(i, 'reorder');
      i++; // swaps are pairwise: the successor is not held back in turn
    }
  },
  skew(s, f, o, from, to) {
    const offset = numberKey(f, 'offset_s', 30);
    const ppm = numberKey(f, 'ppm', 0);
    for (let i = from; i < to; i++) {
      s.t_reported[i] += offset + ppm * 1e-6 * (s.t[i] - o.start_s);
      s.mark(i, 'skew');
    }
  },
};

/** Applies a fault schedule to a clean stream. Throws on an invalid entry (naming its index). */
export function applyFaults(clean: CleanStream, faults: readonly StreamFault[], seed: string): FaultedStream {
  const n = clean.t.length;
  const horizon = n * clean.period_s;
  const label = new Uint8Array(n);
  const faultMask = new Uint16Array(n);
  const s: Mutable = {
    observed: Float64Array.from(clean.observed),
    t_reported: Float64Array.from(clean.t),
    arrival_s: Float64Array.from(clean.t),
    present: new Uint8Array(n).fill(1),
    period_s: clean.period_s,
    t: clean.t,
    mark(i, kind) {
      faultMask[i] |= 1 << FAULT_KINDS.indexOf(kind);
      if (faultDef(kind)?.acts_on === 'value') label[i] = 1;
    },
  };
  faults.forEach((f, entry) => {
    const problems = faultProblems(f);
    if (problems.length > 0) throw new Error(`faults[${entry}].${problems.join(`; faults[${entry}].`)}`);
  });
  const occurrences = faults.flatMap((f, entry) => faultOccurrences(f, entry, seed, horizon));
  const ordered = [
    ...occurrences.filter((o) => faultDef(o.kind)?.acts_on === 'value'),
    ...occurrences.filter((o) => faultDef(o.kind)?.acts_on === 'delivery'),
  ];
  for (const o of ordered) {
    const [from, to] = sampleRange(clean.period_s, n, o);
    if (from >= to) continue;
    const rng = rngStream(seed, 'stream.fault.samples', o.entry, o.kind, o.start_s);
    APPLY[o.kind](s, faults[o.entry], o, from, to, rng);
  }
  return {
    ...clean,
    observed: s.observed,
    t_reported: s.t_reported,
    arrival_s: s.arrival_s,
    present: s.present,
    label,
    fault_mask: faultMask,
    occurrences,
  };
}
