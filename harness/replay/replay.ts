// `simgate replay`: a recorded pick incident replayed against a candidate (docs/incidents.md).
// Open loop: the recorded observations fed to the models, each answer set beside the recorded
// action, and the candidate's action at the incident checked against closed-form safety
// envelopes. Closed loop: the cell rebuilt from the recording's scene (never from a seed), the
// model in the loop from the recorded time on, people walking as recorded; does the incident
// recur? The recorded model's own replay must reproduce the incident before a candidate's
// replay may be called AVOIDED.
import type { ResolvedParams } from '../../sim/params.js';
import type { Rapier } from '../../sim/physics.js';
import { type PickEpisodeRun, runPickEpisodes } from '../../sim/pick/episode.js';
import type { PickAction, PickDecision } from '../../sim/pick/features.js';
import { appliedAction, INCIDENT_KINDS, type IncidentKind } from '../../sim/pick/recording.js';
import { holdingForceN, suctionLoadN } from '../../sim/pick/suction.js';
import { readTelemetry, roundNumber } from '../../sim/telemetry.js';
import type { PickPolicy } from '../../policies/policy.js';
import { pickTraceMeta } from '../common/version.js';
import {
  cellStartOf,
  type Incident,
  missingFeatures,
  type PickRecording,
  paramRange,
  type RecordedPose,
  RecordingError,
} from './recording.js';

export type ReplayOutcome = 'AVOIDED' | 'REPRODUCED' | 'DIVERGED' | 'INSUFFICIENT';

/** Seconds before the incident's cause over which fidelity is measured. */
export const FIDELITY_WINDOW_S = 10;
/** A protective stop recurs when one happens this close in time to the recorded one (s). */
export const STOP_WINDOW_S = 5;
/** How long a closed-loop replay runs past the incident, when the recording ends sooner (s). */
export const AFTER_INCIDENT_S = 5;
/** The longest a closed-loop replay runs past the incident, however long the recording (s). */
export const MAX_AFTER_INCIDENT_S = 120;

export interface DivergencePoint {
  readonly t: number;
  /** Gantry (carriage) position divergence from the recording (mm). */
  readonly gripper_mm: number;
  /** The incident item's divergence, where both record it on the move (mm). */
  readonly item_mm?: number;
}

export interface ClosedLoopRun {
  readonly role: 'candidate' | 'baseline';
  readonly policy: string;
  readonly status: string;
  readonly recurred: boolean;
  /** The replay's event matching the incident, when it recurred. */
  readonly match?: { t: number; kind: string; item?: number; offset_s: number };
  /** Incidents of the replay other than the recorded one. */
  readonly other_incidents: readonly { t: number; kind: string; item?: number }[];
  readonly divergence: readonly DivergencePoint[];
  readonly gripper_mm: { max: number; mean: number } | null;
  readonly item_mm: { max: number; mean: number } | null;
  readonly kpis: Readonly<Record<string, number>>;
  readonly trace_digest: string;
  readonly error?: string;
}

export interface OpenLoopRow {
  readonly t: number;
  readonly item: number;
  readonly recorded: PickAction | null;
  readonly candidate: PickAction | null;
  readonly baseline?: PickAction | null;
  /** Largest |candidate − recorded| over the action fields, each in its unit. */
  readonly candidate_divergence: Readonly<Record<string, number>> | null;
  readonly refused?: string;
}

export interface EnvelopeCheck {
  readonly name: string;
  readonly margin: number;
  readonly unit: string;
  readonly detail: string;
}

export interface OpenLoopResult {
  readonly rows: readonly OpenLoopRow[];
  readonly mean_abs_divergence: Readonly<Record<string, number>>;
  readonly incident_decision?: {
    t: number;
    item: number;
    envelope: readonly EnvelopeCheck[];
    inside: boolean;
  };
  readonly insufficient?: string;
}

export interface ReplayResult {
  readonly schema: 'simgate.replay/v1';
  readonly recording: string;
  readonly recording_sha256: string;
  readonly recording_schema: string;
  readonly mode: 'open' | 'closed';
  readonly outcome: ReplayOutcome;
  readonly reason: string;
  readonly incident: Incident | null;
  readonly candidate: string;
  readonly baseline: string | null;
  readonly recorded_policy: string | null;
  readonly seed: string;
  readonly start_t: number | null;
  readonly end_t: number | null;
  readonly reconstructed: readonly string[];
  readonly notes: readonly string[];
  readonly fidelity: {
    readonly measured: boolean;
    readonly reproduced: boolean;
    readonly window_s: number;
    readonly gripper_mm: { max: number; mean: number } | null;
    readonly item_mm: { max: number; mean: number } | null;
    readonly incident_offset_s: number | null;
  } | null;
  readonly closed_loop: readonly ClosedLoopRun[];
  readonly open_loop: OpenLoopResult;
}

export interface ReplayOptions {
  readonly mode: 'open' | 'closed';
  readonly seed: string;
}

export interface ReplayTraces {
  candidate?: string;
  baseline?: string;
}

/** Runs the replay; `traces` receives the closed-loop traces (JSON Lines text). */
export async function replayIncident(
  rapier: Rapier,
  rec: PickRecording,
  candidate: PickPolicy,
  baseline: PickPolicy | undefined,
  options: ReplayOptions,
  traces: ReplayTraces = {},
): Promise<ReplayResult> {
  const incident = rec.incident ?? null;
  const open = await openLoop(rec, candidate, baseline, incident);
  const base = {
    schema: 'simgate.replay/v1' as const,
    recording: rec.file,
    recording_sha256: rec.sha256,
    recording_schema: rec.schema,
    mode: options.mode,
    incident,
    candidate: candidate.id,
    baseline: baseline?.id ?? null,
    recorded_policy: rec.policy ?? null,
    seed: options.seed,
    notes: rec.notes,
    open_loop: open,
  };
  if (options.mode === 'open') {
    const { outcome, reason } = openVerdict(open, incident);
    return {
      ...base,
      outcome,
      reason,
      start_t: null,
      end_t: null,
      reconstructed: [],
      fidelity: null,
      closed_loop: [],
    };
  }
  if (!incident) {
    return {
      ...base,
      outcome: 'INSUFFICIENT',
      reason:
        'the recording holds no incident (no meta.incident and no drop, crush or protective stop event)',
      start_t: null,
      end_t: null,
      reconstructed: [],
      fidelity: null,
      closed_loop: [],
    };
  }
  const { start, scene } = cellStartOf(rec);
  const endT = replayEnd(rec, incident, start.t);
  const params: ResolvedParams = { ...rec.params, 'cell.duration_s': endT };
  const reconstructed = [
    `${start.items.length} items (pose, velocity, size, mass, catalogue mass, friction, restitution, porosity, fragility, crush limit) from the scene at t = ${scene.t} s (${scene.where})`,
    start.people
      ? `people: ${start.people.length} recorded path(s) from the periodic people readings`
      : `people: the walkway schedule of meta.params (${rec.where(0)}); no people readings`,
    `vacuum, gantry limits, safety zones and camera model from meta.params (${rec.where(0)})`,
    ...(start.requested ? ['the requested pick order from meta.requested_order'] : []),
    `camera noise simulated with seed "${options.seed}" (a recording cannot carry the sensor's own noise)`,
    `replayed from t = ${scene.t} s to t = ${round(endT)} s`,
  ];
  const run = async (policy: PickPolicy, role: 'candidate' | 'baseline'): Promise<ClosedLoopRun> => {
    const [r] = await runPickEpisodes(
      rapier,
      [
        {
          params,
          seed: options.seed,
          start,
          invariants: rec.invariants,
          trace: true,
          traceMeta: { ...pickTraceMeta(policy.id), replay_of: { sha256: rec.sha256 } },
        },
      ],
      policy.decide,
    );
    traces[role] = r.trace;
    return closedLoopRun(role, policy.id, r, rec, incident);
  };
  const cand = await run(candidate, 'candidate');
  const baseRun = baseline ? await run(baseline, 'baseline') : undefined;
  const fidelity = baseRun
    ? {
        measured: true,
        reproduced: baseRun.recurred,
        window_s: FIDELITY_WINDOW_S,
        gripper_mm: baseRun.gripper_mm,
        item_mm: baseRun.item_mm,
        incident_offset_s: baseRun.match?.offset_s ?? null,
      }
    : null;
  const { outcome, reason } = closedVerdict(cand, baseRun, rec, incident);
  return {
    ...base,
    outcome,
    reason,
    start_t: start.t,
    end_t: round(endT),
    reconstructed,
    fidelity,
    closed_loop: baseRun ? [cand, baseRun] : [cand],
  };
}

function closedVerdict(
  cand: ClosedLoopRun,
  base: ClosedLoopRun | undefined,
  rec: PickRecording,
  incident: Incident,
): { outcome: ReplayOutcome; reason: string } {
  const what = describeIncident(incident);
  if (cand.error)
    return { outcome: 'INSUFFICIENT', reason: `the candidate's replay ended in error: ${cand.error}` };
  if (cand.recurred)
    return {
      outcome: 'REPRODUCED',
      reason: `the candidate repeats ${what}: at t = ${cand.match!.t} s in its replay (${signed(cand.match!.offset_s)} s from the recording)`,
    };
  if (!base)
    return {
      outcome: 'INSUFFICIENT',
      reason: `the candidate avoids ${what}, but without --baseline (the recorded model) the replay's fidelity is unknown, so it is not called AVOIDED`,
    };
  if (rec.policy !== undefined && base.policy !== rec.policy)
    return {
      outcome: 'INSUFFICIENT',
      reason: `--baseline is ${base.policy}, but the recording was made with ${rec.policy}: fidelity cannot be measured against another model`,
    };
  if (base.error)
    return { outcome: 'INSUFFICIENT', reason: `the baseline's replay ended in error: ${base.error}` };
  if (!base.recurred)
    return {
      outcome: 'INSUFFICIENT',
      reason: `the recorded model's replay does not reproduce ${what}: the reconstruction is not faithful enough to judge the candidate`,
    };
  if (cand.other_incidents.length > 0) {
    const o = cand.other_incidents[0];
    return {
      outcome: 'DIVERGED',
      reason: `the candidate avoids ${what}, but causes another incident: ${o.kind}${o.item !== undefined ? ` of item ${o.item}` : ''} at t = ${o.t} s`,
    };
  }
  return {
    outcome: 'AVOIDED',
    reason: `the recorded model's replay reproduces ${what} (${signed(base.match!.offset_s)} s); the candidate's does not, and causes no other incident`,
  };
}

function openVerdict(
  open: OpenLoopResult,
  incident: Incident | null,
): { outcome: ReplayOutcome; reason: string } {
  if (open.insufficient) return { outcome: 'INSUFFICIENT', reason: open.insufficient };
  const d = open.incident_decision;
  if (!incident || !d)
    return {
      outcome: 'INSUFFICIENT',
      reason: 'no recorded decision precedes the incident: nothing to compare open-loop',
    };
  if (d.envelope.length === 0)
    return {
      outcome: 'INSUFFICIENT',
      reason: `no closed-form envelope covers ${describeIncident(incident)} at its decision (t = ${d.t} s): replay it closed-loop`,
    };
  // A margin of zero is on the limit: the incident's own action (margin > 0 holds, as for invariants).
  const out = d.envelope.filter((e) => e.margin <= 0);
  if (out.length > 0)
    return {
      outcome: 'REPRODUCED',
      reason: `at the incident's decision (t = ${d.t} s) the candidate's action is outside ${out.map((e) => `${e.name} (margin ${round(e.margin)} ${e.unit})`).join(', ')}`,
    };
  return {
    outcome: 'AVOIDED',
    reason: `at the incident's decision (t = ${d.t} s) the candidate's action lies inside every envelope (${d.envelope.map((e) => `${e.name} +${round(e.margin)} ${e.unit}`).join(', ')})`,
  };
}

/**
 * Where a closed-loop replay ends: the end of the recording, at least AFTER_INCIDENT_S past the
 * incident, at most MAX_AFTER_INCIDENT_S past it; a replay longer than the cell's longest episode
 * is refused rather than left to run for hours.
 */
export function replayEnd(rec: PickRecording, incident: Incident, startT: number): number {
  const end = Math.min(Math.max(rec.endT, incident.t + AFTER_INCIDENT_S), incident.t + MAX_AFTER_INCIDENT_S);
  const longest = paramRange('cell.duration_s').max;
  if (incident.t < startT)
    throw new RecordingError(
      rec.where(0),
      `the incident (t = ${incident.t} s) comes before picking began (t = ${startT} s): nothing to replay`,
    );
  if (end - startT > longest)
    throw new RecordingError(
      rec.where(0),
      `the incident is ${round(incident.t - startT)} s after picking began; a replay covers at most ${longest} s (cell.duration_s)`,
    );
  return end;
}

export function describeIncident(incident: Incident): string {
  return `the ${incident.kind.replace('_', ' ')}${incident.item !== undefined ? ` of item ${incident.item}` : ''} at t = ${incident.t} s`;
}

function closedLoopRun(
  role: 'candidate' | 'baseline',
  policy: string,
  run: PickEpisodeRun,
  rec: PickRecording,
  incident: Incident,
): ClosedLoopRun {
  const incidents = run.events.filter(
    (e) =>
      INCIDENT_KINDS.includes(e.kind as IncidentKind) &&
      !(e.kind === 'drop' && (e as { released?: unknown }).released === true),
  );
  const matches = (e: (typeof incidents)[number]) => {
    if (e.kind !== incident.kind) return false;
    if (incident.kind === 'protective_stop') return Math.abs(e.t - incident.t) <= STOP_WINDOW_S;
    return (e as { item?: unknown }).item === incident.item;
  };
  const match = incidents.find(matches);
  // A drop and its hazardous_drop are one incident: the same item at the same step.
  const other = incidents.filter(
    (e) => !matches(e) && !(match && (e as { item?: unknown }).item === incident.item && e.t === match.t),
  );
  const trace = run.trace ? readTelemetry(run.trace, `${role} replay`) : undefined;
  const divergence = trace ? divergenceOf(rec.poses, replayPoses(trace.records), incident) : [];
  return {
    role,
    policy,
    status: run.status,
    recurred: match !== undefined,
    ...(match
      ? {
          match: {
            t: match.t,
            kind: match.kind,
            ...itemOf(match),
            offset_s: round(match.t - incident.t),
          },
        }
      : {}),
    other_incidents: other.map((e) => ({
      t: e.t,
      kind: e.kind,
      ...itemOf(e),
    })),
    divergence,
    gripper_mm: summary(divergence.map((d) => d.gripper_mm)),
    item_mm: summary(divergence.flatMap((d) => (d.item_mm === undefined ? [] : [d.item_mm]))),
    kpis: run.kpis,
    trace_digest: run.trace_digest,
    ...(run.error ? { error: run.error.message } : {}),
  };
}

function itemOf(e: { readonly [k: string]: unknown }): { item?: number } {
  return typeof e.item === 'number' ? { item: e.item } : {};
}

function replayPoses(records: readonly { type: string; t: number; [k: string]: unknown }[]): RecordedPose[] {
  return records
    .filter((r) => r.type === 'sensor' && r.channel === 'periodic')
    .map((r) => {
      const g = r.gantry as number[];
      const moving = (r.moving as { id: number; pose: number[] }[] | undefined) ?? [];
      return {
        t: r.t,
        gantry: [g[0], g[1], g[2]] as const,
        items: new Map(moving.map((m) => [m.id, [m.pose[0], m.pose[1], m.pose[2]] as const])),
      };
    });
}

/** Divergence at each recorded periodic reading in the window before the incident's cause. */
function divergenceOf(
  recorded: readonly RecordedPose[],
  replay: readonly RecordedPose[],
  incident: Incident,
): DivergencePoint[] {
  const from = incident.cause_t - FIDELITY_WINDOW_S;
  const out: DivergencePoint[] = [];
  let j = 0;
  for (const r of recorded) {
    if (r.t < from || r.t > incident.cause_t) continue;
    while (j + 1 < replay.length && Math.abs(replay[j + 1].t - r.t) <= Math.abs(replay[j].t - r.t)) j++;
    const p = replay[j];
    // Nearest reading within half a period (0.125 s); a gap in the replay is no comparison.
    if (!p || Math.abs(p.t - r.t) > 0.13) continue;
    const mm = (a: readonly number[], b: readonly number[]) =>
      round(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) * 1000);
    const ri = incident.item !== undefined ? r.items.get(incident.item) : undefined;
    const pi = incident.item !== undefined ? p.items.get(incident.item) : undefined;
    out.push({ t: r.t, gripper_mm: mm(r.gantry, p.gantry), ...(ri && pi ? { item_mm: mm(ri, pi) } : {}) });
  }
  return out;
}

async function openLoop(
  rec: PickRecording,
  candidate: PickPolicy,
  baseline: PickPolicy | undefined,
  incident: Incident | null,
): Promise<OpenLoopResult> {
  const obs = rec.observations;
  if (obs.length === 0)
    return {
      rows: [],
      mean_abs_divergence: {},
      insufficient: 'the recording holds no observation: nothing to feed the models',
    };
  for (const o of obs) {
    const missing = missingFeatures(o.features);
    if (missing.length > 0)
      return {
        rows: [],
        mean_abs_divergence: {},
        insufficient: `${o.where}: the observation lacks ${missing.join(', ')}: the models cannot be fed open-loop`,
      };
  }
  const observations = obs.map((o) => ({ features: o.features as never }));
  let cand: readonly PickDecision[];
  let base: readonly PickDecision[] | undefined;
  try {
    cand = await candidate.decide(observations);
    base = baseline ? await baseline.decide(observations) : undefined;
  } catch (error) {
    return {
      rows: [],
      mean_abs_divergence: {},
      insufficient: `the models cannot answer the recorded observations: ${(error as Error).message}`,
    };
  }
  const actionAt = (t: number, item: number) => rec.actions.find((a) => a.t >= t - 1e-9 && a.item === item);
  const rows: OpenLoopRow[] = obs.map((o, i) => {
    const recorded = actionAt(o.t, o.item);
    const c = cand[i];
    const b = base?.[i];
    const cAction = c.ok ? c.action : null;
    return {
      t: o.t,
      item: o.item,
      recorded: recorded?.requested ?? null,
      candidate: cAction,
      ...(base ? { baseline: b?.ok ? b.action : null } : {}),
      candidate_divergence: cAction && recorded?.requested ? absDiff(cAction, recorded.requested) : null,
      ...(c.ok ? {} : { refused: `${c.invariant}: ${c.message}` }),
    };
  });
  const fields = Object.keys(rows.find((r) => r.candidate_divergence)?.candidate_divergence ?? {});
  const mean_abs_divergence = Object.fromEntries(
    fields.map((f) => {
      const xs = rows.flatMap((r) => (r.candidate_divergence ? [r.candidate_divergence[f]] : []));
      return [f, round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length))];
    }),
  );
  const result: OpenLoopResult = { rows, mean_abs_divergence };
  if (!incident) return result;
  // The decision behind the incident: the last one on its item before the cause (a stop: any item).
  let k = -1;
  obs.forEach((o, i) => {
    if (o.t <= incident.cause_t && (incident.item === undefined || o.item === incident.item)) k = i;
  });
  if (k < 0) return result;
  return {
    ...result,
    incident_decision: (() => {
      // Margins at the recording's precision: a model's float32 0.9 is the recorded 0.9.
      const envelope = envelopeChecks(rec, obs[k].features, obs[k].item, cand[k], incident).map((e) => ({
        ...e,
        margin: roundNumber(e.margin) ?? Number.NaN,
      }));
      return { t: obs[k].t, item: obs[k].item, envelope, inside: envelope.every((e) => e.margin > 0) };
    })(),
  };
}

/**
 * Closed-form envelopes of one action (docs/incidents.md): the guard's verdict; the seal's hold
 * against the item's true mass at the applied lift acceleration; the approach speed of the
 * crushing attempt; the transfer speed against the reduced speed when a person is in the slow zone.
 */
function envelopeChecks(
  rec: PickRecording,
  features: Readonly<Record<string, number>>,
  item: number,
  decision: PickDecision,
  incident: Incident,
): EnvelopeCheck[] {
  if (!decision.ok)
    return [
      {
        name: decision.invariant,
        margin: -1,
        unit: '',
        detail: `the model's output is refused: ${decision.message}`,
      },
    ];
  const p = rec.params;
  const a = appliedAction(
    decision.action,
    p['gripper.max_speed_mps'] as number,
    p['gripper.max_accel_mps2'] as number,
  );
  const checks: EnvelopeCheck[] = [];
  const sceneItem = trueItem(rec, item);
  if ((incident.kind === 'drop' || incident.kind === 'hazardous_drop') && sceneItem) {
    // The seal the recorded attempt got (its reading), or a perfect one when none was logged.
    const reading = rec.seals.filter((x) => x.item === item && x.t <= incident.cause_t).at(-1);
    const seal = reading?.seal ?? 1;
    const cupM = p['gripper.cup_diameter_m'] as number;
    const holdN = holdingForceN(p['gripper.vacuum_kpa'] as number, cupM, seal);
    const accel = a['transfer.accel_mps2'];
    const load = (az: number, lateral: number) =>
      suctionLoadN({
        massKg: sceneItem.mass,
        ax: lateral,
        ay: 0,
        az,
        offsetM: reading?.offsetM ?? 0,
        comDepthM: sceneItem.halfHeight,
        cupRadiusM: cupM / 2,
      });
    // The lift (upwards at the transfer acceleration) and the transfer (sideways) load the seal.
    const loadN = Math.max(load(accel, 0), load(0, accel));
    checks.push({
      name: 'hold',
      margin: holdN - loadN,
      unit: 'N',
      detail: `holding ${round(holdN)} N (vacuum × cup area × ${reading ? `recorded seal ${round(seal)}` : 'a perfect seal, none recorded'}) against ${round(loadN)} N for ${round(sceneItem.mass)} kg at ${round(accel)} m/s²`,
    });
  }
  if (incident.kind === 'crush') {
    const recorded = rec.actions.filter((x) => x.item === item && x.t <= incident.cause_t && x.ok).at(-1);
    const crushing = recorded?.applied?.['approach.speed_mps'] ?? recorded?.requested?.['approach.speed_mps'];
    if (crushing !== undefined)
      checks.push({
        name: 'approach_speed',
        margin: crushing - a['approach.speed_mps'],
        unit: 'm/s',
        detail: `approach at ${round(a['approach.speed_mps'])} m/s against the ${round(crushing)} m/s that crushed the item (a slower approach presses less)`,
      });
  }
  const distance = features['human.distance_m'];
  const slow = p['safety.slow_zone_m'] as number;
  if (Number.isFinite(distance) && distance < slow) {
    const reduced = p['safety.reduced_speed_mps'] as number;
    checks.push({
      name: 'speed_near_person',
      margin: reduced - a['transfer.speed_mps'],
      unit: 'm/s',
      detail: `a person ${round(distance)} m away, inside the ${slow} m slow zone: transfer at ${round(a['transfer.speed_mps'])} m/s against ${reduced} m/s`,
    });
  }
  return checks;
}

/** The item's true mass and half height, from the first scene that has them. */
function trueItem(rec: PickRecording, item: number): { mass: number; halfHeight: number } | undefined {
  for (const s of rec.scenes) {
    const it = (s.raw.items as { id?: unknown; mass_kg?: unknown; half?: unknown }[]).find(
      (x) => x?.id === item,
    );
    const half = it?.half;
    if (it && typeof it.mass_kg === 'number' && Array.isArray(half) && typeof half[2] === 'number')
      return { mass: it.mass_kg, halfHeight: half[2] };
  }
  return undefined;
}

function absDiff(a: PickAction, b: PickAction): Record<string, number> {
  return Object.fromEntries(
    Object.keys(b).map((k) => [
      k,
      round(Math.abs((a as Record<string, number>)[k] - (b as Record<string, number>)[k])),
    ]),
  );
}

function summary(xs: readonly number[]): { max: number; mean: number } | null {
  if (xs.length === 0) return null;
  return { max: round(Math.max(...xs)), mean: round(xs.reduce((a, b) => a + b, 0) / xs.length) };
}

function signed(x: number): string {
  return x >= 0 ? `+${x}` : `${x}`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
