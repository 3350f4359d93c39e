// `npm run calibrate`: the operating characteristics of every test the gate runs, measured by
// seeded Monte Carlo on realistic KPI shapes (normal, skewed, discrete counts, 0/1). Per test kind
// and sample size: the false-REJECT rate at the null boundary a REJECT tests (A/A at margin 0; a
// true mean exactly on a floor) with its Monte-Carlo standard error, and the power to PROMOTE an
// equally good candidate next to what a fixed-N z design with the true spread would promise.
// Deterministic: every row draws from its own rngStream key.
import { pathToFileURL } from 'node:url';
import { floorTest } from '../harness/gate/stats/floor.js';
import { obrienFlemingBoundaries } from '../harness/gate/stats/groupSequential.js';
import { binaryNonInferiority, continuousNonInferiority } from '../harness/gate/stats/nonInferiority.js';
import { normalCdf, normalQuantile } from '../harness/gate/stats/normal.js';
import { type RateObservation, rateNonInferiority } from '../harness/gate/stats/rate.js';
import { zeroFailureUpperBound } from '../harness/gate/stats/zeroFailure.js';
import { type Rng, rngStream } from '../sim/rng.js';

export const NOMINAL_ALPHA = 0.025;
export const CALIBRATION_SIZES: readonly number[] = [3, 5, 8, 20, 50, 200];

export interface CalibrationRow {
  readonly kind: string;
  readonly data: string;
  readonly n: number;
  readonly reps: number;
  /** Share of replicates rejected (or, for the safety bound, promoted) at the null boundary. */
  readonly falseRate: number;
  readonly power: number;
  /** What a fixed-N one-look z design with the true spread promises (exact for the safety bound). */
  readonly designPower: number;
  /** Sequential kind only: mean pairs used / N under the power scenario. */
  readonly expectedFraction: number | null;
  /** Whether the level guarantee covers this row (false rows document a known limitation). */
  readonly guaranteed: boolean;
}

export interface CalibrationOptions {
  readonly reps: number;
  readonly sizes: readonly number[];
  readonly seed: string | number;
}

/** A paired KPI shape: one episode pair drawn with a shared scenario effect (the shared seeds). */
interface PairShape {
  readonly name: string;
  draw(rng: Rng): [candidate: number, baseline: number];
}

const poisson = (rng: Rng, mean: number) => {
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  const u = rng.next();
  while (u > cdf && k < 1000) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
};
const gamma2 = (rng: Rng, mean: number) => (mean / 2) * -Math.log((1 - rng.next()) * (1 - rng.next()));
const lognormal = (rng: Rng, mu: number, sd: number) => Math.exp(rng.normal(mu, sd));

const SHAPES: Record<string, PairShape> = {
  normal: {
    name: 'normal (picks/h)',
    draw(rng) {
      const u = rng.normal(600, 60);
      return [u + rng.normal(0, 30), u + rng.normal(0, 30)];
    },
  },
  skewed: {
    name: 'lognormal (cycle s)',
    draw(rng) {
      const u = lognormal(rng, 1.5, 0.4);
      return [u * lognormal(rng, 0, 0.5), u * lognormal(rng, 0, 0.5)];
    },
  },
  counts: {
    name: 'counts (drops/episode)',
    draw(rng) {
      const lambda = gamma2(rng, 0.4);
      return [poisson(rng, lambda), poisson(rng, lambda)];
    },
  },
  binary: {
    name: '0/1 (episode ok)',
    draw(rng) {
      const p = rng.uniform(0.6, 0.98);
      return [rng.next() < p ? 1 : 0, rng.next() < p ? 1 : 0];
    },
  },
};

const ratePair = (rng: Rng): [RateObservation, RateObservation] => {
  const rate = gamma2(rng, 1) / 100; // drops per pick, scenario-level
  const picks = () => rng.int(80, 120);
  const [ec, eb] = [picks(), picks()];
  return [
    { count: poisson(rng, rate * ec), exposure: ec },
    { count: poisson(rng, rate * eb), exposure: eb },
  ];
};

/** Spread of a statistic's per-pair contribution from one large seeded sample. */
function sdOf(values: readonly number[]): number {
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

const zDesignPower = (effectInSd: number, n: number) =>
  normalCdf(effectInSd * Math.sqrt(n) - normalQuantile(1 - NOMINAL_ALPHA));

interface Outcome {
  readonly falseDecision: boolean;
  readonly promoted: boolean;
  readonly used?: number;
}

function row(
  kind: string,
  data: string,
  n: number,
  options: CalibrationOptions,
  designPower: number,
  guaranteed: boolean,
  replicate: (rng: Rng) => Outcome,
): CalibrationRow {
  const rng = rngStream('calibration', options.seed, kind, data, n);
  let falseCount = 0;
  let promoted = 0;
  let used = 0;
  for (let r = 0; r < options.reps; r++) {
    const o = replicate(rng);
    if (o.falseDecision) falseCount++;
    if (o.promoted) promoted++;
    used += o.used ?? n;
  }
  const reps = options.reps;
  const sequential = kind.startsWith('sequential');
  return {
    kind,
    data,
    n,
    reps,
    falseRate: falseCount / reps,
    power: promoted / reps,
    designPower,
    expectedFraction: sequential ? used / reps / n : null,
    guaranteed,
  };
}

/** Binary tables repeat: their p-values depend on (b, c, n) only, so cache them per row. */
function cachedBinary(): (c: number[], b: number[], margin: number) => { pNI: number; pWorse: number } {
  const cache = new Map<string, { pNI: number; pWorse: number }>();
  return (c, b, margin) => {
    let only1 = 0;
    let only2 = 0;
    c.forEach((x, i) => {
      if (x > b[i]) only1++;
      else if (x < b[i]) only2++;
    });
    const key = `${only1},${only2},${c.length},${margin}`;
    let hit = cache.get(key);
    if (!hit) {
      const r = binaryNonInferiority(c, b, margin, 'higher');
      hit = { pNI: r.pNonInferior, pWorse: r.pWorse };
      cache.set(key, hit);
    }
    return hit;
  };
}

function pairedKinds(options: CalibrationOptions, kind: 'continuous NI' | 'binary NI'): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  for (const key of kind === 'binary NI' ? ['binary'] : ['normal', 'skewed', 'counts', 'binary']) {
    const shape = SHAPES[key];
    const big = rngStream('calibration-spread', key);
    const sd = sdOf(Array.from({ length: 20000 }, () => shape.draw(big)).map(([c, b]) => c - b));
    const margin = 0.5 * sd;
    const binary = cachedBinary();
    for (const n of options.sizes) {
      const draw = (rng: Rng) => Array.from({ length: n }, () => shape.draw(rng));
      const decide = (rng: Rng): Outcome => {
        const pairs = draw(rng);
        if (kind === 'binary NI') {
          const [c, b] = [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
          return {
            falseDecision: binary(c, b, 0).pWorse <= NOMINAL_ALPHA,
            promoted: binary(c, b, margin).pNI <= NOMINAL_ALPHA,
          };
        }
        const d = pairs.map(([c, b]) => c - b);
        return {
          falseDecision: continuousNonInferiority(d, 0).pWorse <= NOMINAL_ALPHA,
          promoted: continuousNonInferiority(d, margin).pNonInferior <= NOMINAL_ALPHA,
        };
      };
      rows.push(row(kind, shape.name, n, options, zDesignPower(0.5, n), true, decide));
    }
  }
  return rows;
}

interface FloorCase {
  readonly data: string;
  readonly side: 'min' | 'max';
  readonly binary: boolean;
  readonly guaranteed: boolean;
  /** The true mean and standard deviation: the floor sits exactly on the mean. */
  readonly mean: number;
  readonly sd: number;
  draw(rng: Rng): number;
}

const LOGNORMAL_MEAN = Math.exp(1.5 + 0.6 ** 2 / 2);
const LOGNORMAL_SD = LOGNORMAL_MEAN * Math.sqrt(Math.expm1(0.6 ** 2));
const floorCase = (
  data: string,
  side: 'min' | 'max',
  [mean, sd]: [number, number],
  draw: (r: Rng) => number,
  extra: { binary?: boolean; guaranteed?: boolean } = {},
): FloorCase => ({ data, side, mean, sd, draw, binary: false, guaranteed: true, ...extra });

const FLOORS: readonly FloorCase[] = [
  floorCase('normal (picks/h), min', 'min', [600, 67], (r) => r.normal(600, 67)),
  floorCase('lognormal (cycle s), max', 'max', [LOGNORMAL_MEAN, LOGNORMAL_SD], (r) => lognormal(r, 1.5, 0.6)),
  // Poisson counts with a gamma(2) scenario rate of mean 0.4: variance 0.4 + 0.4²/2.
  floorCase('counts (drops/episode), max', 'max', [0.4, Math.sqrt(0.48)], (r) => poisson(r, gamma2(r, 0.4))),
  floorCase('0/1 (episode ok), min, exact', 'min', [0.9, 0.3], (r) => (r.next() < 0.9 ? 1 : 0), {
    binary: true,
  }),
  floorCase(
    'lognormal, min (long tail away)',
    'min',
    [LOGNORMAL_MEAN, LOGNORMAL_SD],
    (r) => lognormal(r, 1.5, 0.6),
    {
      guaranteed: false,
    },
  ),
];

function floorKinds(options: CalibrationOptions): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  for (const f of FLOORS) {
    const shift = 0.5 * f.sd * (f.side === 'min' ? -1 : 1);
    for (const n of options.sizes) {
      rows.push(
        row('floor', f.data, n, options, zDesignPower(0.5, n), f.guaranteed, (rng) => {
          const x = Array.from({ length: n }, () => f.draw(rng));
          const onFloor = floorTest(x, { [f.side]: f.mean }, { binary: f.binary });
          const passable = floorTest(x, { [f.side]: f.mean + shift }, { binary: f.binary });
          return {
            falseDecision: onFloor.pBroken <= NOMINAL_ALPHA,
            promoted: passable.pMeets <= NOMINAL_ALPHA,
          };
        }),
      );
    }
  }
  return rows;
}

function rateKind(options: CalibrationOptions): CalibrationRow[] {
  const big = rngStream('calibration-spread', 'rate');
  const pairs = Array.from({ length: 20000 }, () => ratePair(big));
  const se = rateNonInferiority(
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1]),
    0,
    'lower',
    { per: 100 },
  ).standardError;
  const margin = 0.5 * se * Math.sqrt(pairs.length);
  return options.sizes.map((n) =>
    row('rate NI', 'drops per 100 picks', n, options, zDesignPower(0.5, n), true, (rng) => {
      const ps = Array.from({ length: n }, () => ratePair(rng));
      const [c, b] = [ps.map((p) => p[0]), ps.map((p) => p[1])];
      const atZero = rateNonInferiority(c, b, 0, 'lower', { per: 100 });
      const atMargin = rateNonInferiority(c, b, margin, 'lower', { per: 100 });
      return {
        falseDecision: atZero.pWorse <= NOMINAL_ALPHA,
        promoted: atMargin.pNonInferior <= NOMINAL_ALPHA,
      };
    }),
  );
}

function safetyKind(options: CalibrationOptions): CalibrationRow[] {
  return options.sizes.map((n) => {
    // The tightest limit n clean episodes can prove; the true rate sits exactly on it.
    const limit = zeroFailureUpperBound(n, NOMINAL_ALPHA);
    const clean = (rng: Rng, rate: number) =>
      Array.from({ length: n }, () => rng.next() < rate).every((v) => !v);
    return row(
      'safety bound',
      `violation rate = limit ${limit.toPrecision(3)}`,
      n,
      options,
      (1 - limit / 10) ** n,
      true,
      (rng) => ({
        falseDecision: clean(rng, limit),
        promoted: clean(rng, limit / 10),
      }),
    );
  });
}

function sequentialKind(options: CalibrationOptions): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  for (const key of ['normal', 'counts']) {
    const shape = SHAPES[key];
    const big = rngStream('calibration-spread', key);
    const margin = 0.5 * sdOf(Array.from({ length: 20000 }, () => shape.draw(big)).map(([c, b]) => c - b));
    for (const n of options.sizes) {
      const sizes = [...new Set([0.25, 0.5, 0.75, 1].map((f) => Math.max(1, Math.ceil(f * n))))];
      const looks = obrienFlemingBoundaries(
        sizes.map((s) => s / n),
        NOMINAL_ALPHA,
      );
      let fixedPromoted = 0;
      const r = row('sequential NI (4 looks)', shape.name, n, options, 0, true, (rng) => {
        const d = Array.from({ length: n }, () => shape.draw(rng)).map(([c, b]) => c - b);
        let falseDecision = false;
        let promoted = false;
        let used = n;
        sizes.forEach((s, k) => {
          const head = d.slice(0, s);
          if (!falseDecision)
            falseDecision = continuousNonInferiority(head, 0).pWorse <= looks[k].nominalAlpha;
          if (
            used === n &&
            !promoted &&
            continuousNonInferiority(head, margin).pNonInferior <= looks[k].nominalAlpha
          ) {
            promoted = true;
            used = s;
          }
        });
        if (continuousNonInferiority(d, margin).pNonInferior <= NOMINAL_ALPHA) fixedPromoted++;
        return { falseDecision, promoted, used };
      });
      // For the sequential kind the comparison is the same data's fixed-N test, not a z design.
      rows.push({ ...r, designPower: fixedPromoted / options.reps });
    }
  }
  return rows;
}

/** Every row of the calibration table. */
export function calibrate(options: CalibrationOptions): CalibrationRow[] {
  return [
    ...pairedKinds(options, 'continuous NI'),
    ...pairedKinds(options, 'binary NI'),
    ...floorKinds(options),
    ...rateKind(options),
    ...safetyKind(options),
    ...sequentialKind(options),
  ];
}

/** Monte-Carlo standard error of a rate at the nominal α over `reps` replicates. */
export const nominalSe = (reps: number) => Math.sqrt((NOMINAL_ALPHA * (1 - NOMINAL_ALPHA)) / reps);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The table as Markdown, as pasted into docs/gate.md. */
export function calibrationTable(rows: readonly CalibrationRow[]): string {
  const head = [
    '| kind | data | n | false REJECT (± MC se) | power to PROMOTE Δ = 0 | fixed-N design | E[N]/N |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  const lines = rows.map((r) => {
    const se = Math.sqrt((r.falseRate * (1 - r.falseRate)) / r.reps);
    const flag = r.guaranteed ? '' : ' †';
    const seq = r.expectedFraction === null ? '' : r.expectedFraction.toFixed(2);
    return `| ${r.kind} | ${r.data}${flag} | ${r.n} | ${pct(r.falseRate)} ± ${pct(se)} | ${pct(r.power)} | ${pct(r.designPower)} | ${seq} |`;
  });
  return [...head, ...lines].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const reps = Number(process.env.CALIBRATION_REPS ?? 10000);
  const rows = calibrate({ reps, sizes: CALIBRATION_SIZES, seed: 'calibration-v1' });
  process.stdout.write(
    `nominal one-sided α = ${NOMINAL_ALPHA}; ${reps} replicates per row (MC se at α: ${pct(nominalSe(reps))})\n\n`,
  );
  process.stdout.write(`${calibrationTable(rows)}\n`);
}
