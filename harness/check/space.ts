// The envelope as a search space: every trial is a point of the unit cube (one coordinate per
// searched dimension), decoded into the scenario parameters of one trial. Numbers map linearly
// (integers rounded), choices by equal-width bins. Pure and total: any point decodes.
import type { ParamValue } from '../../sim/params.js';
import type { Envelope, EnvelopeDim } from './envelope.js';

export type TrialParams = Readonly<Record<string, ParamValue>>;

const clamp01 = (u: number) => Math.min(1, Math.max(0, u));

/** The scale a value is reported in: enough digits to replay, few enough to read. */
function tidy(x: number): number {
  return Number(x.toPrecision(6));
}

export function decodeDim(dim: EnvelopeDim, u: number): ParamValue {
  const v = clamp01(u);
  if (dim.kind === 'choice')
    return dim.values[Math.min(dim.values.length - 1, Math.floor(v * dim.values.length))];
  const x = dim.min + v * (dim.max - dim.min);
  return dim.integer ? Math.round(x) : tidy(x);
}

export function encodeDim(dim: EnvelopeDim, value: ParamValue): number {
  if (dim.kind === 'choice') {
    const i = Math.max(0, dim.values.indexOf(String(value)));
    return (i + 0.5) / dim.values.length;
  }
  return clamp01((Number(value) - dim.min) / (dim.max - dim.min));
}

/** The parameters of a trial: the envelope's constants plus every searched dimension. */
export function decodePoint(envelope: Envelope, point: readonly number[]): TrialParams {
  const out: Record<string, ParamValue> = { ...envelope.fixed };
  envelope.dims.forEach((d, i) => {
    out[d.name] = decodeDim(d, point[i]);
  });
  return out;
}

export function encodeParams(envelope: Envelope, params: TrialParams): number[] {
  return envelope.dims.map((d) =>
    encodeDim(d, params[d.name] ?? (d.kind === 'choice' ? d.values[0] : d.min)),
  );
}

/** Distance of a value from a range, as a fraction of the dimension's span (0 inside). */
export function spanFraction(dim: EnvelopeDim & { kind: 'number' }, a: number, b: number): number {
  return Math.abs(a - b) / (dim.max - dim.min);
}
