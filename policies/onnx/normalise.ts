// Feature scaling from the card's `normalisation`: inputs are scaled into the model's space,
// outputs are scaled back into the simulator's units. A feature without an entry passes as is.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NormEntry } from './card.js';
import { ModelError } from './errors.js';
import { displayPath, type LoadedModel } from './load.js';
import { sessionFor } from './session.js';

export { DEFAULT_TIME_BUDGET_MS, withinBudget } from './budget.js';

export type Scale = (x: number) => number;

const identity: Scale = (x) => x;

export function inputScale(entry: NormEntry | undefined): Scale {
  if (!entry) return identity;
  if ('mean' in entry) return (x) => (x - entry.mean) / entry.std;
  const span = entry.max - entry.min;
  return (x) => (x - entry.min) / span;
}

/**
 * inputScale as numbers, x ↦ (x − offset) / divisor, for loops over many rows: the same
 * arithmetic bit for bit (without an entry, x − 0 and x / 1 give x back exactly).
 */
export function inputAffine(entry: NormEntry | undefined): { offset: number; divisor: number } {
  if (!entry) return { offset: 0, divisor: 1 };
  if ('mean' in entry) return { offset: entry.mean, divisor: entry.std };
  return { offset: entry.min, divisor: entry.max - entry.min };
}

/**
 * outputScale as numbers, y ↦ y · factor + offset, bit for bit (addition commutes exactly; the
 * identity adds −0, which gives every y back, −0 included).
 */
export function outputAffine(entry: NormEntry | undefined): { factor: number; offset: number } {
  if (!entry) return { factor: 1, offset: -0 };
  if ('mean' in entry) return { factor: entry.std, offset: entry.mean };
  return { factor: entry.max - entry.min, offset: entry.min };
}

export function outputScale(entry: NormEntry | undefined): Scale {
  if (!entry) return identity;
  if ('mean' in entry) return (y) => y * entry.std + entry.mean;
  const span = entry.max - entry.min;
  return (y) => entry.min + y * span;
}

/** The model's cached session; re-reads the file (checking its hash) only on a cache miss. */
export function modelSession(model: LoadedModel) {
  return sessionFor(
    model.sha256,
    () => {
      const bytes = readFileSync(model.onnxPath);
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (digest !== model.sha256) {
        throw new ModelError(
          `${displayPath(model.onnxPath)}: file changed since it was loaded (sha256 ${digest} ≠ ${model.sha256})`,
        );
      }
      return bytes;
    },
    displayPath(model.onnxPath),
  );
}
