// `simgate replay INCIDENT --to-scenario FILE`: the incident as a regression scenario. Sample 0
// replays the recorded scene exactly; the other samples vary it around the recording
// (scenarios/incident.ts). The scenario names the incident as its requirement, guards the
// incident's kind with a zero-tolerance invariant where the library has one, and is checked by
// the scenario loader before it is written, so what is written always loads.
import { basename } from 'node:path';
import { Document, isScalar, visit } from 'yaml';
import { writeFileAtomic } from '../../reports/write-file.js';
import { DEFAULT_VARIATIONS } from '../../scenarios/incident.js';
import { loadScenarioFile } from '../../scenarios/load.js';
import { recordOfSpec } from '../../sim/pick/recording.js';
import { SIMGATE_VERSION } from '../common/version.js';
import { cellStartOf, type PickRecording, RecordingError } from './recording.js';
import { describeIncident, replayEnd } from './replay.js';

/** The library invariant that guards an incident of each kind, when there is one. */
const GUARD: Readonly<
  Record<string, { invariants?: string[]; kpi_criteria?: Record<string, { max: number }> }>
> = {
  crush: { invariants: ['no_crush'] },
  hazardous_drop: { invariants: ['no_hazardous_drop'] },
  drop: { kpi_criteria: { drops_per_100_picks: { max: 0 } } },
  protective_stop: {},
};

export interface ScenarioWritten {
  readonly id: string;
  readonly samples: number;
  readonly guard: string;
}

export function writeIncidentScenario(rec: PickRecording, file: string, samples: number): ScenarioWritten {
  const incident = rec.incident;
  if (!incident)
    throw new RecordingError(
      rec.where(0),
      'no incident to turn into a scenario (no meta.incident, no drop, crush or protective stop)',
    );
  const { start } = cellStartOf(rec);
  const short = rec.sha256.slice(0, 8);
  const incidentId = `INC-${short}`;
  const id = `incident-${incident.kind.replace('_', '-')}-${short}`;
  const guard = GUARD[incident.kind];
  const invariants: (string | { name: string; limit: number })[] = [...(guard.invariants ?? [])];
  for (const inv of rec.invariants)
    if (!invariants.some((i) => (typeof i === 'string' ? i : i.name) === inv.name))
      invariants.push(inv.limit === undefined ? inv.name : { name: inv.name, limit: inv.limit });
  const { 'cell.duration_s': _duration, ...params } = rec.params;
  const endT = replayEnd(rec, incident, start.t);
  const doc = {
    id,
    title: `Incident ${incidentId}: ${describeIncident(incident)} (${basename(rec.file)})`,
    description:
      'Sample 0 replays the recorded scene; the other samples vary item positions, yaw, mass and the start time around it.',
    task: 'pick',
    requirements: [incidentId],
    tags: ['odd:incident', `incident:${incident.kind}`],
    samples,
    seed: 1,
    duration_s: Math.ceil(endT * 1000) / 1000,
    params,
    invariants,
    ...(guard.kpi_criteria ? { kpi_criteria: guard.kpi_criteria } : {}),
    provenance: {
      recording: basename(rec.file),
      recording_sha256: rec.sha256,
      ...(rec.policy ? { model: rec.policy } : {}),
      incident: describeIncident(incident),
      ...(rec.people
        ? {
            people:
              'the walkway schedule of the recording parameters (recorded paths are replayed by simgate replay only)',
          }
        : {}),
      simgate_version: SIMGATE_VERSION,
    },
    incident: {
      id: incidentId,
      recording_sha256: rec.sha256,
      kind: incident.kind,
      ...(incident.item !== undefined ? { item: incident.item } : {}),
      t: incident.t,
      cause_t: incident.cause_t,
      start_t: start.t,
      items: start.items.map((it) => recordOfSpec(it.spec, [...it.pose], [...it.velocity], it.state)),
      ...(start.requested ? { requested_order: [...start.requested] } : {}),
      variations: { ...DEFAULT_VARIATIONS },
    },
  };
  const header = [
    `# Regression scenario of a recorded incident, written by simgate replay --to-scenario.`,
    `# Recording: ${basename(rec.file)} (sha256 ${rec.sha256}).`,
    `# Replay one sample: simgate episode --scenario ${basename(file)} --sample 0 --model MODEL.onnx`,
    '',
  ].join('\n');
  const yaml = new Document(doc);
  // Lists of numbers (poses, sizes) on one line each.
  visit(yaml, {
    Seq(_, node) {
      if (node.items.every((x) => isScalar(x) && typeof x.value === 'number')) node.flow = true;
    },
  });
  const text = `${header}${yaml.toString({ lineWidth: 0 })}`;
  writeFileAtomic(file, text);
  // What was written must load: a scenario the gate cannot read would drop the incident silently.
  loadScenarioFile(file);
  return {
    id,
    samples,
    guard:
      guard.invariants?.join(', ') ??
      (guard.kpi_criteria ? Object.keys(guard.kpi_criteria).join(', ') : 'none'),
  };
}
