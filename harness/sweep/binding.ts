// Provenance binding: every result line says what produced it (model and card sha256, scenario
// sha256, gate config sha256, plan hash, component versions) and so does its directory's
// sweep.json. Resume, merge and report trust a line only when its hashes are the manifest's and
// its episode is one the manifest planned, and trust two manifests together only when they
// describe one plan; every refusal names the file (and line) and the differing hash.
import { plannedEpisodeIds, type SweepManifest } from './manifest.js';
import type { EpisodeResult, LineProvenance, ResultsRead } from './results.js';
import { fileProblemsError } from './results.js';

/** What the manifest says a line of one (role, scenario) must carry. */
export interface ExpectedBinding {
  readonly model_id: string;
  readonly model_sha256: string | null;
  readonly task: string;
  readonly provenance: LineProvenance;
}

/** The binding of every (role, scenario) the manifest plans; undefined for anything else. */
export function bindingOf(
  manifest: SweepManifest,
): (role: string, scenarioId: string) => ExpectedBinding | undefined {
  const models = new Map(manifest.models.map((m) => [m.role, m]));
  const scenarios = new Map(manifest.scenarios.map((s) => [s.id, s]));
  return (role, scenarioId) => {
    const m = models.get(role);
    const s = scenarios.get(scenarioId);
    if (!m || !s) return undefined;
    return {
      model_id: m.model_id,
      model_sha256: m.model_sha256,
      task: s.task,
      provenance: {
        card_sha256: m.card_sha256,
        config_sha256: manifest.config_sha256,
        plan_hash: manifest.plan_hash,
        scenario_sha256: s.sha256,
        versions: manifest.versions,
      },
    };
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const sameVersions = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Each field of `line` that differs from `expected`: `field <recorded> (expected <value>)`. */
export function bindingMismatches(line: EpisodeResult, expected: ExpectedBinding): string[] {
  const out: string[] = [];
  const differ = (field: string, got: unknown, want: unknown) => {
    if (got !== want) out.push(`${field} ${text(got)} differs from ${text(want)}`);
  };
  differ('model_sha256', line.model_sha256, expected.model_sha256);
  differ('model_id', line.model_id, expected.model_id);
  differ('task', line.task, expected.task);
  const p = line.provenance;
  const e = expected.provenance;
  differ('provenance.card_sha256', p.card_sha256, e.card_sha256);
  differ('provenance.scenario_sha256', p.scenario_sha256, e.scenario_sha256);
  differ('provenance.config_sha256', p.config_sha256, e.config_sha256);
  differ('provenance.plan_hash', p.plan_hash, e.plan_hash);
  if (!sameVersions(p.versions, e.versions)) differ('provenance.versions', p.versions, e.versions);
  return out;
}

/**
 * Refuses (one error listing every problem) any line of `read` whose episode the manifest did not
 * plan (or `isPlanned` rejects), or whose hashes differ from the manifest's.
 */
export function checkResultsBinding(
  file: string,
  read: ResultsRead,
  manifest: SweepManifest,
  manifestFile: string,
  isPlanned?: (episodeId: string) => boolean,
): void {
  const planned = new Set(isPlanned ? [] : plannedEpisodeIds(manifest, manifestFile));
  const inPlan = isPlanned ?? ((id: string) => planned.has(id));
  const expectedOf = bindingOf(manifest);
  const problems: string[] = [];
  read.results.forEach((r, i) => {
    const where = `${file}:${read.lines[i]}`;
    const expected = expectedOf(r.role, r.scenario_id);
    if (!expected || !inPlan(r.episode_id)) {
      problems.push(
        `${where}: episode ${r.episode_id} is not in the plan of ${manifestFile} (plan_hash ${manifest.plan_hash}; the line's plan_hash is ${r.provenance.plan_hash})`,
      );
      return;
    }
    for (const m of bindingMismatches(r, expected))
      problems.push(`${where}: ${m} recorded in ${manifestFile}`);
  });
  if (problems.length > 0)
    throw fileProblemsError(
      file,
      problems,
      'the results were produced by something else than this run: run it again',
    );
}

/** Top-level fields two manifests of one plan (any shard) must agree on, with what differs. */
export function manifestDifferences(a: SweepManifest, b: SweepManifest): string[] {
  const out: string[] = [];
  const differ = (field: string, x: unknown, y: unknown) => {
    if (text(x) !== text(y)) out.push(`${field} ${text(y)} differs from ${text(x)}`);
  };
  differ('plan_hash', a.plan_hash, b.plan_hash);
  differ('config_sha256', a.config_sha256, b.config_sha256);
  const roles = (m: SweepManifest) => m.models.map((x) => x.role);
  differ('models (roles)', roles(a), roles(b));
  for (const ma of a.models) {
    const mb = b.models.find((x) => x.role === ma.role);
    if (!mb) continue;
    differ(`models[${ma.role}].model_sha256`, ma.model_sha256, mb.model_sha256);
    differ(`models[${ma.role}].card_sha256`, ma.card_sha256, mb.card_sha256);
    differ(`models[${ma.role}].model_id`, ma.model_id, mb.model_id);
  }
  const ids = (m: SweepManifest) => m.scenarios.map((x) => x.id);
  differ('scenarios (ids)', ids(a), ids(b));
  for (const sa of a.scenarios) {
    const sb = b.scenarios.find((x) => x.id === sa.id);
    if (!sb) continue;
    differ(`scenarios[${sa.id}].sha256`, sa.sha256, sb.sha256);
    differ(`scenarios[${sa.id}]`, { ...sa, sha256: '' }, { ...sb, sha256: '' });
  }
  differ('suite_seed', a.suite_seed, b.suite_seed);
  differ('batch_size', a.batch_size, b.batch_size);
  differ('looks', a.looks, b.looks);
  differ('episodes_total', a.episodes_total, b.episodes_total);
  if (!sameVersions(a.versions, b.versions)) differ('versions', a.versions, b.versions);
  return out;
}
