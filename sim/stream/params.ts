// Every parameter of the sensor-stream simulator, with unit, physical range and default.
// Scenarios, `--set` and `simgate params` are checked against this list and nothing else.
// Only the parameters of the chosen `stream.sensor` matter for an episode; the others are ignored.
import { numberParam, type ParamSpec } from '../params.js';

const num = numberParam;

export const STREAM_SENSORS = ['temperature', 'vibration', 'vacuum', 'battery'] as const;
export type StreamSensor = (typeof STREAM_SENSORS)[number];

/** Physical unit of each sensor's readings (forecast errors are in the same unit). */
export const SENSOR_UNITS: Readonly<Record<StreamSensor, string>> = {
  temperature: '°C',
  vibration: 'mm/s',
  vacuum: 'kPa',
  battery: 'V',
};

export const STREAM_PARAMS: readonly ParamSpec[] = [
  {
    name: 'stream.sensor',
    kind: 'choice',
    values: STREAM_SENSORS,
    default: 'temperature',
    description: 'Which sensor the stream simulates',
  },
  num('stream.period_s', 's', 0.1, 3600, 60, 'Sampling period of the sensor'),
  num('stream.start_hour', 'h', 0, 24, 0, 'Local time of day at t = 0'),
  // Warehouse air temperature.
  num('temperature.mean_c', '°C', -30, 45, 18, 'Mean hall temperature'),
  num('temperature.daily_amplitude_c', '°C', 0, 15, 3, 'Half peak-to-peak of the daily cycle (peak ~15:00)'),
  num('temperature.weather_sd_c', '°C', 0, 10, 1, 'Stationary sd of the slow weather-like deviation'),
  num('temperature.weather_tau_h', 'h', 0.5, 240, 12, 'Correlation time of the weather-like deviation'),
  num('temperature.hvac', 'flag', 0, 1, 1, 'HVAC on/off cycling around the setpoint (1 = on)', true),
  num('temperature.hvac_setpoint_c', '°C', 5, 30, 19, 'HVAC setpoint (cooling above, heating below)'),
  num('temperature.hvac_band_c', '°C', 0.1, 5, 1, 'HVAC hysteresis band around the setpoint'),
  num('temperature.hvac_rate_c_per_h', '°C/h', 0, 20, 3, 'Rate at which the running HVAC moves the air'),
  num('temperature.noise_c', '°C', 0, 2, 0.05, 'Sensor noise (sd)'),
  // Conveyor motor vibration, velocity RMS (ISO 10816 zones: A < 1.4, B < 2.8, C < 7.1 mm/s).
  num('vibration.base_mm_s', 'mm/s', 0.1, 5, 0.7, 'Velocity RMS of the idle motor in new condition'),
  num('vibration.load_gain_mm_s', 'mm/s', 0, 5, 1.2, 'Extra velocity RMS at full conveyor load'),
  num('vibration.shift_start_h', 'h', 0, 24, 6, 'Start of the daily working shift (load on)'),
  num('vibration.shift_length_h', 'h', 0, 24, 16, 'Length of the daily working shift'),
  num('vibration.wear_rate_per_h', '1/h', 0, 0.05, 0.002, 'Growth rate of bearing wear (exponential)'),
  num('vibration.initial_wear', 'fraction', 0, 1, 0.02, 'Bearing wear at t = 0 (1 = failed)'),
  num('vibration.failure_mm_s', 'mm/s', 2, 30, 11, 'Velocity RMS at which the bearing fails (clamp)'),
  num('vibration.noise_mm_s', 'mm/s', 0, 2, 0.05, 'Sensor noise (sd)'),
  // Vacuum line pressure of a suction gripper (kPa below ambient).
  num('vacuum.supply_kpa', 'kPa', 10, 90, 60, 'Vacuum supply below ambient with the cup sealed'),
  num('vacuum.open_kpa', 'kPa', 0, 40, 8, 'Line vacuum with the cup open to air'),
  num('vacuum.picks_per_h', '1/h', 0, 2200, 900, 'Pick rhythm (0 = idle line)'),
  num('vacuum.hold_fraction', 'fraction', 0.05, 0.95, 0.4, 'Share of a pick cycle the cup holds an item'),
  num('vacuum.leak_kpa_per_h', 'kPa/h', 0, 1, 0.01, 'Slow loss of sealed vacuum from filter clogging'),
  num('vacuum.noise_kpa', 'kPa', 0, 5, 0.3, 'Sensor noise (sd)'),
  // Mobile-robot battery pack voltage (lithium NMC, series cells).
  num('battery.cells', 'cells', 4, 20, 13, 'Series cell count (13 ≈ 48 V nominal)', true),
  num('battery.capacity_ah', 'Ah', 5, 400, 100, 'Capacity when new'),
  num('battery.load_a', 'A', 0, 200, 20, 'Mean discharge current while working'),
  num('battery.charge_a', 'A', 1, 200, 40, 'Charge current at the dock'),
  num(
    'battery.charge_below_soc',
    'fraction',
    0.05,
    0.9,
    0.25,
    'State of charge that sends the robot to dock',
  ),
  num('battery.charge_to_soc', 'fraction', 0.3, 1, 0.95, 'State of charge at which charging stops'),
  num('battery.resistance_ohm', 'Ω', 0.001, 1, 0.05, 'Pack internal resistance when new'),
  num('battery.fade_per_1000h', 'fraction', 0, 0.5, 0.02, 'Capacity lost per 1000 h (resistance grows 2×)'),
  num('battery.noise_v', 'V', 0, 1, 0.02, 'Sensor noise (sd)'),
];
