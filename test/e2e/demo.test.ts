// The README's main job: `simgate demo` on the bundled models, suite and gate config, from a
// directory that is not the repository (as after `npm ci` in a fresh clone), and the reverse
// gate on the same bundled suite (its safety search finds nothing reproducible; the comparison
// REJECTs from the demo's episode cache).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineFiles, repoRoot, runCli } from '../helpers/cli.js';

describe('simgate demo', () => {
  const dir = inlineFiles({ 'README.txt': 'demo output goes here\n' });

  it('exits 3 on bad input, with an ERROR report and no pointer to an HTML report it did not write', () => {
    const bad = inlineFiles({ 'out/report.html': '<p>PROMOTE, from an earlier run</p>' });
    const run = runCli(['demo', '--out', 'out'], { cwd: bad, env: { SIMGATE_WORKERS: '0' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('SIMGATE_WORKERS must be a positive integer or "auto" (got "0")');
    expect(JSON.parse(readFileSync(join(bad, 'out', 'report.json'), 'utf8')).decision).toBe('ERROR');
    expect(existsSync(join(bad, 'out', 'report.html'))).toBe(false);
    expect(run.stdout).not.toContain('open the HTML report');
  });

  // A few hundred real episodes: minutes on a 2-vCPU machine that is running other test files.
  // One test: the reverse gate reuses the demo's episode cache, so it must not run without it.
  it('promotes the retrained pick-v2 over production pick-v1 on the bundled library, and rejects the reverse from the cache', {
    timeout: 3_600_000,
  }, () => {
    // The whole job (safety search, then the sequential comparison) on a busy 2-vCPU machine: with
    // other jobs on it (a load of 20) the search alone took over 20 minutes.
    const run = runCli(['demo', '--workers', '2'], { cwd: dir, timeoutMs: 2_400_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('PROMOTE');
    expect(run.stdout).toContain(`open the HTML report: ${join('simgate-report', 'report.html')}`);
    const report = JSON.parse(readFileSync(join(dir, 'simgate-report', 'report.json'), 'utf8'));
    expect(report.decision).toBe('PROMOTE');
    expect(report.safety.violations.filter((v: { model: string }) => v.model === 'candidate')).toEqual([]);
    expect(report.provenance.scenarios.length).toBeGreaterThanOrEqual(13);
    for (const file of ['junit.xml', 'summary.md', 'report.html', 'metrics.prom', 'attestation.json']) {
      expect(existsSync(join(dir, 'simgate-report', file)), file).toBe(true);
    }
    expect(existsSync(join(dir, 'simgate-report', 'canary', 'analysis-template.yaml'))).toBe(true);
    // The demo signs with a per-run key: without a pinned key only integrity can be verified.
    expect(runCli(['verify', 'simgate-report', '--allow-unsigned'], { cwd: dir }).code).toBe(0);

    // Production pick-v1 as the candidate against pick-v2 on the same suite and the bundled gate,
    // with a smaller safety search: the demo above ran the full one, and what this gate checks is
    // the comparison served from the cache (a search-only config changes no episode's cache key).
    writeFileSync(
      join(dir, 'reverse.config.yaml'),
      'gate:\n  safety:\n    search:\n      budget: 40\n      shrink_budget: 16\n',
    );
    const models = (name: string) => join(repoRoot, 'models', `${name}.onnx`);
    const reverse = runCli(
      [
        'gate',
        '--candidate',
        models('pick-v1'),
        '--baseline',
        models('pick-v2'),
        '--config',
        'reverse.config.yaml',
        '--out',
        'reverse',
        '--workers',
        '2',
      ],
      { cwd: dir, timeoutMs: 1_200_000 },
    );
    expect(reverse.code, reverse.stderr).toBe(1);
    const rejected = JSON.parse(readFileSync(join(dir, 'reverse', 'report.json'), 'utf8'));
    expect(rejected.decision).toBe('REJECT');
    // Its safety search finds nothing reproducible; the comparison REJECTs on the success rate.
    expect(rejected.reasons[0]).toMatchObject({
      rule: 'non_inferiority',
      kpi: 'pick_success_rate',
      status: 'fail',
    });
    // The search ran, with this gate's budget, and found nothing of pick-v1's own.
    expect(rejected.checks.find((c: { rule: string }) => c.rule === 'safety_search')).toMatchObject({
      status: 'pass',
      figures: { budget: 40 },
    });
    // Every suite episode of the reverse gate was already simulated by the demo: the cache serves them.
    expect(rejected.episodes.run).toBe(0);
    expect(rejected.episodes.cached).toBeGreaterThan(0);
  });
});
