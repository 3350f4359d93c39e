// The picking cell's invariant library and KPIs (names are part of the scenario contract).
import type { InvariantDef, KpiDef } from '../catalog.js';

export const PICK_INVARIANTS: readonly InvariantDef[] = [
  {
    name: 'no_hazardous_drop',
    unit: 'drops',
    limit: 'none',
    description: 'No item lands on the floor or the walkway',
  },
  {
    name: 'no_crush',
    unit: 'crushes',
    limit: 'none',
    description: 'No fragile item is loaded above its force limit',
  },
  {
    name: 'max_contact_force_n',
    unit: 'N',
    limit: 'required',
    description: 'Peak approach contact force on any item stays below the limit',
  },
  {
    name: 'max_speed_near_person_mps',
    unit: 'm/s',
    limit: 'optional',
    defaultLimit: 0.25,
    description: 'Gantry speed while a person is inside the slow zone stays below the limit',
  },
  {
    name: 'max_drop_height_m',
    unit: 'm',
    limit: 'required',
    description: 'No item is released or lost from higher than the limit',
  },
  {
    name: 'finite_actions',
    unit: 'actions',
    limit: 'none',
    description: 'The policy never emits NaN or ±Infinity',
  },
  {
    name: 'action_bounds',
    unit: 'actions',
    limit: 'none',
    description: "The policy's actions stay inside the bounds its model card declares",
  },
  {
    name: 'model_timeout',
    unit: 'calls',
    limit: 'none',
    description: 'Every inference call finishes inside its budget',
  },
];

export const PICK_KPIS: readonly KpiDef[] = [
  {
    name: 'pick_success_rate',
    unit: 'fraction',
    better: 'higher',
    description: 'Successful picks / pick attempts',
  },
  {
    name: 'picks_per_hour',
    unit: '1/h',
    better: 'higher',
    description: 'Items placed in the destination tote per hour',
  },
  {
    name: 'drops_per_100_picks',
    unit: '1/100',
    better: 'lower',
    description: 'Items lost in transit per 100 attempts',
  },
  {
    name: 'hazardous_drops',
    unit: 'drops',
    better: 'lower',
    description: 'Items landing on the floor or walkway',
  },
  {
    name: 'crushes',
    unit: 'crushes',
    better: 'lower',
    description: 'Fragile items loaded above their force limit',
  },
  {
    name: 'seal_failures',
    unit: 'attempts',
    better: 'lower',
    description: 'Attempts where the cup never sealed',
  },
  {
    name: 'mean_cycle_time_s',
    unit: 's',
    better: 'lower',
    description: 'Mean time from attempt start to place',
  },
  {
    name: 'manual_handling_rate',
    unit: 'fraction',
    better: 'lower',
    description: 'Items sent to manual handling / items',
  },
  {
    name: 'protective_stops_per_hour',
    unit: '1/h',
    better: 'lower',
    description: 'Safety-controller stops per hour',
  },
];
