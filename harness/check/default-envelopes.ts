// The bundled operating envelopes. Pick: the realistic range of the world a suction picking cell
// meets (items of 50 g to 5 kg, cups of 20–50 mm, vacuum supply 40–80 kPa, people on the walkway
// at any rate, degraded perception, requested items partly under others), searched on short
// trials of one to six items — every pick
// invariant is local to one pick, so a short trial finds what a long shift would. Stream: the
// temperature sensor's world around a forecaster, or around a detector; faults are searched as
// schedules.
import type { EnvelopeInput } from './envelope.js';

/** The bundled envelopes: one per task, and for stream detectors one of their own. */
export type EnvelopeName = 'pick' | 'stream' | 'stream-detector';

/** The temperature hall around a stream model: the same for forecasters and detectors. */
const TEMPERATURE_HALL = {
  'stream.sensor': 'temperature',
  'stream.period_s': 300,
  'temperature.mean_c': { min: -10, max: 35 },
  'temperature.daily_amplitude_c': { min: 0, max: 10 },
} as const;

export const DEFAULT_ENVELOPES: Readonly<Record<EnvelopeName, EnvelopeInput>> = {
  pick: {
    task: 'pick',
    params: {
      'items.count': { min: 1, max: 10 },
      // Order picking offers the requested item even when others lie over it: partly hidden items.
      'cell.pick_order': { values: ['topmost', 'requested'] },
      'items.shape': { values: ['box', 'cylinder'] },
      'items.mass_kg': { min: 0.05, max: 5 },
      'items.mass_spread': { min: 0, max: 0.3 },
      // Items fit the 20 cm tote (each side varies ±30% around this): larger ones are struck over the wall.
      'items.size_m': { min: 0.05, max: 0.15 },
      'items.friction': { min: 0.2, max: 1.2 },
      'items.restitution': { min: 0, max: 0.5 },
      'items.porosity': { min: 0, max: 0.8 },
      'items.fragile_fraction': { min: 0, max: 1 },
      'items.fragile_force_limit_n': { min: 10, max: 100 },
      'items.mass_error': { min: 0, max: 0.2 },
      'gripper.vacuum_kpa': { min: 40, max: 80 },
      'gripper.cup_diameter_m': { min: 0.02, max: 0.05 },
      'camera.noise_m': { min: 0, max: 0.01 },
      'camera.size_noise': { min: 0, max: 0.1 },
      'camera.miss_rate': { min: 0, max: 0.2 },
      'camera.min_visible': { min: 0.05, max: 0.5 },
      'people.rate_per_h': { min: 0, max: 240 },
      'people.speed_mps': { min: 0.5, max: 2 },
      'people.first_s': { min: 0, max: 20 },
      // Held constant: trial length and the cell's own configuration.
      'cell.duration_s': 25,
      'camera.heightmap': 0,
    },
  },
  stream: {
    task: 'stream',
    params: {
      ...TEMPERATURE_HALL,
      'temperature.weather_sd_c': { min: 0, max: 5 },
      'temperature.noise_c': { min: 0, max: 1 },
      // The fault schedule, one window per kind inside the 24 h trial (probability 0: no such fault).
      // Readings that never arrive or arrive as NaN for up to two hours: a forecaster must stay
      // finite and accurate through them (a longer outage is a monitoring matter: no model knows
      // the temperature after hours without a reading). Value faults (spikes, a stuck sensor) corrupt what the model is told the
      // truth is; an error against the true temperature then measures the sensor, not the model.
      'fault.dropout.start_h': { min: 0, max: 20 },
      'fault.dropout.length_h': { min: 0.1, max: 2 },
      'fault.dropout.probability': { min: 0, max: 1 },
      'fault.nan.start_h': { min: 0, max: 20 },
      'fault.nan.length_h': { min: 0.1, max: 2 },
      'fault.nan.probability': { min: 0, max: 0.5 },
    },
  },
  // A detector must alarm on the faults that corrupt what the model is told the truth is: a
  // sensor stuck at its last reading and isolated spikes, each within max_detection_delay_s of
  // onset, and stay quiet otherwise (max_false_alarms_per_day). The world is the forecaster's,
  // bounded so that the faults are detectable at all:
  'stream-detector': {
    task: 'stream',
    params: {
      ...TEMPERATURE_HALL,
      'temperature.weather_sd_c': { min: 0, max: 3 },
      // - a live sensor's readings differ from one to the next (noise of at least 0.1 °C); one
      //   that never varied could not be told from a stuck one;
      'temperature.noise_c': { min: 0.1, max: 0.5 },
      // - a stuck window lasts an hour or more (12 readings): a shorter one may end before any
      //   detector has seen enough equal readings to tell;
      'fault.stuck.active': { min: 0, max: 1 },
      'fault.stuck.start_h': { min: 0, max: 20 },
      'fault.stuck.length_h': { min: 1, max: 4 },
      // - a spike stands out of the noise: at least 10 °C, twenty times the largest noise sd.
      'fault.spike.start_h': { min: 0, max: 20 },
      'fault.spike.length_h': { min: 0.5, max: 4 },
      'fault.spike.magnitude': { min: 10, max: 30 },
      'fault.spike.probability': { min: 0, max: 0.2 },
    },
  },
};
