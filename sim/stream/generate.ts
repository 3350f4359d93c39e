// Clean sensor streams in physical units: the ground truth and the noisy reading a healthy
// sensor reports, on a regular grid. Deterministic from (seed, params); faults come later
// (faults.ts) and act on the observed side only.
import type { ResolvedParams } from '../params.js';
import { type Rng, rngStream } from '../rng.js';
import { SENSOR_UNITS, STREAM_SENSORS, type StreamSensor } from './params.js';

export interface CleanStream {
  readonly sensor: StreamSensor;
  readonly unit: string;
  readonly period_s: number;
  /** Sample times in seconds from the start of the episode. */
  readonly t: Float64Array;
  /** The physical quantity. */
  readonly truth: Float64Array;
  /** What a healthy sensor reports: truth plus sensor noise. */
  readonly observed: Float64Array;
}

/** Physical bounds a generator never leaves (tests and the monitor's sanity checks use them). */
export function physicalBounds(sensor: StreamSensor, p: ResolvedParams): readonly [number, number] {
  switch (sensor) {
    case 'temperature':
      return [-60, 80];
    case 'vibration':
      return [0, num(p, 'vibration.failure_mm_s')];
    case 'vacuum':
      return [0, 100];
    case 'battery':
      return [num(p, 'battery.cells') * 2.5, num(p, 'battery.cells') * 4.4];
  }
}

const num = (p: ResolvedParams, name: string): number => {
  const v = p[name];
  if (typeof v !== 'number') throw new Error(`stream parameter ${name} must be a number (got ${String(v)})`);
  return v;
};

const hourOfDay = (p: ResolvedParams, t: number): number => (num(p, 'stream.start_hour') + t / 3600) % 24;

/** First-order autoregressive deviation with stationary sd and correlation time tau (seconds). */
function ar1(rng: Rng, sd: number, tau_s: number) {
  let x = rng.normal(0, sd);
  return (dt: number): number => {
    const phi = Math.exp(-dt / tau_s);
    x = phi * x + rng.normal(0, sd * Math.sqrt(1 - phi * phi));
    return x;
  };
}

/** Integrates `rate` with sub-steps of at most `maxDt` seconds between consecutive samples. */
function substeps(period: number, maxDt: number): { count: number; dt: number } {
  const count = Math.max(1, Math.ceil(period / maxDt));
  return { count, dt: period / count };
}

function temperature(p: ResolvedParams, seed: string, n: number, period: number, truth: Float64Array): void {
  const weather = ar1(
    rngStream(seed, 'stream.temperature.weather'),
    num(p, 'temperature.weather_sd_c'),
    num(p, 'temperature.weather_tau_h') * 3600,
  );
  const mean = num(p, 'temperature.mean_c');
  const amp = num(p, 'temperature.daily_amplitude_c');
  const hvacOn = num(p, 'temperature.hvac') === 1;
  const set = num(p, 'temperature.hvac_setpoint_c');
  const band = num(p, 'temperature.hvac_band_c');
  const hvacRate = num(p, 'temperature.hvac_rate_c_per_h') / 3600;
  const hallTau = 2 * 3600; // the hall air follows the free-running temperature with a 2 h lag
  const { count, dt } = substeps(period, 60);
  const free = (t: number, w: number) =>
    mean + amp * Math.cos((2 * Math.PI * (hourOfDay(p, t) - 15)) / 24) + w;
  let w = weather(0);
  let air = free(0, w);
  let mode = 0; // -1 cooling, 0 off, +1 heating
  for (let i = 0; i < n; i++) {
    truth[i] = air;
    for (let s = 0; s < count; s++) {
      const t = i * period + s * dt;
      w = weather(dt);
      if (hvacOn) {
        if (air > set + band) mode = -1;
        else if (air < set - band) mode = 1;
        else if ((mode === -1 && air < set) || (mode === 1 && air > set)) mode = 0;
      }
      air += dt * ((free(t, w) - air) / hallTau + mode * hvacRate);
    }
  }
}

function vibration(p: ResolvedParams, seed: string, n: number, period: number, truth: Float64Array): void {
  const loadNoise = ar1(rngStream(seed, 'stream.vibration.load'), 0.1, 1800);
  const base = num(p, 'vibration.base_mm_s');
  const gain = num(p, 'vibration.load_gain_mm_s');
  const shiftStart = num(p, 'vibration.shift_start_h');
  const shiftLength = num(p, 'vibration.shift_length_h');
  const rate = num(p, 'vibration.wear_rate_per_h');
  const wear0 = num(p, 'vibration.initial_wear');
  const failure = num(p, 'vibration.failure_mm_s');
  for (let i = 0; i < n; i++) {
    const t = i * period;
    const intoShift = (hourOfDay(p, t) - shiftStart + 24) % 24;
    const jitter = loadNoise(period);
    const load = intoShift < shiftLength ? Math.min(1, Math.max(0.3, 0.8 + jitter)) : 0.05;
    const healthy = base + gain * load;
    const wear = Math.min(1, wear0 * Math.exp((rate * t) / 3600));
    // Wear multiplies the healthy level until, fully worn, it reaches the failure level.
    truth[i] = Math.min(failure, healthy * (1 + wear * Math.max(0, failure / healthy - 1)));
  }
}

function vacuum(p: ResolvedParams, seed: string, n: number, period: number, truth: Float64Array): void {
  const sealRng = rngStream(seed, 'stream.vacuum.seal');
  const supply = num(p, 'vacuum.supply_kpa');
  const open = num(p, 'vacuum.open_kpa');
  const picksPerH = num(p, 'vacuum.picks_per_h');
  const hold = num(p, 'vacuum.hold_fraction');
  const leak = num(p, 'vacuum.leak_kpa_per_h') / 3600;
  const cycle = picksPerH > 0 ? 3600 / picksPerH : Number.POSITIVE_INFINITY;
  // The transducer averages over its sample period; sample the pick rhythm 16 times within it.
  const points = period > 0.2 ? 16 : 1;
  let cycleIndex = -1;
  let seal = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < points; k++) {
      const t = i * period - (period * (points - 1 - k)) / points;
      if (!Number.isFinite(cycle) || t < 0) {
        sum += open;
        continue;
      }
      const c = Math.floor(t / cycle);
      while (cycleIndex < c) {
        cycleIndex++;
        seal = Math.min(1, Math.max(0.6, sealRng.normal(0.97, 0.03))); // per-item seal quality
      }
      const holding = t / cycle - c < hold;
      const sealed = Math.max(open, supply * seal - leak * t);
      sum += holding ? sealed : open;
    }
    truth[i] = Math.min(100, Math.max(0, sum / points));
  }
}

function battery(p: ResolvedParams, seed: string, n: number, period: number, truth: Float64Array): void {
  const current = ar1(rngStream(seed, 'stream.battery.load'), 0.3, 300);
  const cells = num(p, 'battery.cells');
  const capacity0 = num(p, 'battery.capacity_ah');
  const load = num(p, 'battery.load_a');
  const charge = num(p, 'battery.charge_a');
  const low = num(p, 'battery.charge_below_soc');
  const full = Math.max(low + 0.05, num(p, 'battery.charge_to_soc'));
  const r0 = num(p, 'battery.resistance_ohm');
  const fade = num(p, 'battery.fade_per_1000h') / 1000;
  // NMC open-circuit voltage per cell: 3.05 V empty, about 4.2 V full.
  const ocv = (s: number) => 3.3 + 0.9 * s - 0.25 * Math.exp(-15 * s) + 0.05 * Math.exp(-20 * (1 - s));
  const { count, dt } = substeps(period, 10);
  let soc = full;
  let charging = false;
  let amps = load;
  for (let i = 0; i < n; i++) {
    const hours = (i * period) / 3600;
    const resistance = r0 * (1 + 2 * fade * hours);
    truth[i] = Math.min(cells * 4.4, Math.max(cells * 2.5, cells * ocv(soc) - amps * resistance));
    for (let s = 0; s < count; s++) {
      const capacity = capacity0 * Math.max(0.2, 1 - fade * hours);
      const jitter = current(dt);
      if (charging && soc >= full) charging = false;
      else if (!charging && soc <= low) charging = true;
      amps = charging ? -charge : Math.max(0, load * (1 + jitter));
      soc = Math.min(1, Math.max(0, soc - (amps * dt) / 3600 / capacity));
    }
  }
}

const GENERATORS: Readonly<
  Record<
    StreamSensor,
    (p: ResolvedParams, seed: string, n: number, period: number, out: Float64Array) => void
  >
> = { temperature, vibration, vacuum, battery };

const SENSOR_NOISE: Readonly<Record<StreamSensor, string>> = {
  temperature: 'temperature.noise_c',
  vibration: 'vibration.noise_mm_s',
  vacuum: 'vacuum.noise_kpa',
  battery: 'battery.noise_v',
};

/** The clean stream of `params['stream.sensor']` over `horizon_h` hours. */
export function generateStream(params: ResolvedParams, seed: string, horizon_h: number): CleanStream {
  const sensor = params['stream.sensor'] as StreamSensor;
  if (!STREAM_SENSORS.includes(sensor)) throw new Error(`unknown stream.sensor ${String(sensor)}`);
  const period = num(params, 'stream.period_s');
  if (!(horizon_h > 0) || !Number.isFinite(horizon_h))
    throw new Error(`horizon_h must be positive (got ${horizon_h})`);
  const n = Math.floor((horizon_h * 3600) / period);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = i * period;
  const truth = new Float64Array(n);
  GENERATORS[sensor](params, seed, n, period, truth);
  const [lo, hi] = physicalBounds(sensor, params);
  const noise = rngStream(seed, 'stream.sensor_noise');
  const sd = num(params, SENSOR_NOISE[sensor]);
  const observed = new Float64Array(n);
  for (let i = 0; i < n; i++) observed[i] = Math.min(hi, Math.max(lo, truth[i] + noise.normal(0, sd)));
  return { sensor, unit: SENSOR_UNITS[sensor], period_s: period, t, truth, observed };
}
