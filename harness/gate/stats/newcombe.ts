// Newcombe's hybrid score intervals for a difference of two rates (method 10 of Newcombe
// 1998, for independent and for paired samples), built from the two Wilson intervals.
import { type Interval, wilsonInterval } from './wilson.js';

export interface DifferenceInterval extends Interval {
  /** The point estimate p1 − p2. */
  readonly difference: number;
}

/** p1 − p2 for x1/n1 and x2/n2 from independent samples. */
export function newcombeIndependent(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence: number,
): DifferenceInterval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const w1 = wilsonInterval(x1, n1, confidence);
  const w2 = wilsonInterval(x2, n2, confidence);
  const d = p1 - p2;
  return {
    difference: d,
    lower: d - Math.hypot(p1 - w1.lower, w2.upper - p2),
    upper: d + Math.hypot(w1.upper - p1, p2 - w2.lower),
  };
}

/** A 2×2 table of paired binary outcomes (1 = success) for models 1 and 2. */
export interface PairedTable {
  readonly bothSuccess: number;
  readonly onlyFirst: number;
  readonly onlySecond: number;
  readonly bothFail: number;
}

/** p1 − p2 for paired outcomes (Newcombe's square-and-add method 10, corrected φ). */
export function newcombePaired(table: PairedTable, confidence: number): DifferenceInterval {
  const { bothSuccess: a, onlyFirst: b, onlySecond: c, bothFail: d } = table;
  const n = a + b + c + d;
  if (n <= 0) throw new RangeError('a paired table needs at least one pair');
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const w1 = wilsonInterval(a + b, n, confidence);
  const w2 = wilsonInterval(a + c, n, confidence);
  const margins = (a + b) * (c + d) * (a + c) * (b + d);
  // Newcombe's continuity-corrected correlation: a positive a·d − b·c shrinks by n/2.
  const cross = a * d - b * c;
  const corrected = cross > n / 2 ? cross - n / 2 : Math.min(cross, 0);
  const phi = margins === 0 ? 0 : corrected / Math.sqrt(margins);
  const diff = p1 - p2;
  const dl1 = p1 - w1.lower;
  const du1 = w1.upper - p1;
  const dl2 = p2 - w2.lower;
  const du2 = w2.upper - p2;
  const lowerHalf = Math.sqrt(Math.max(0, dl1 * dl1 - 2 * phi * dl1 * du2 + du2 * du2));
  const upperHalf = Math.sqrt(Math.max(0, du1 * du1 - 2 * phi * du1 * dl2 + dl2 * dl2));
  return {
    difference: diff,
    lower: Math.max(-1, diff - lowerHalf),
    upper: Math.min(1, diff + upperHalf),
  };
}
