// The canary hand-off: an Argo Rollouts AnalysisTemplate on PROMOTE only, valid YAML, whose
// thresholds follow from the report's figures for the candidate.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CANARY_TEMPLATE_FILE,
  canaryReporter,
  poissonUpperBound,
  renderCanaryTemplate,
} from '../../reports/canary.js';
import type { ReportData } from '../../reports/types.js';
import { hostileReport } from './fixture.js';

interface Metric {
  name: string;
  successCondition: string;
  failureCondition: string;
  provider: { prometheus: { address: string; query: string } };
}

function template(report: ReportData) {
  const text = renderCanaryTemplate(report);
  expect(text).not.toBeNull();
  return parse(text!, { strict: true, uniqueKeys: true }) as {
    apiVersion: string;
    kind: string;
    metadata: { name: string; annotations: Record<string, string> };
    spec: { args: { name: string; value?: string }[]; metrics: Metric[] };
  };
}

const thresholdOf = (m: Metric) => Number(m.successCondition.split(/\s+/).at(-1));

describe('canary AnalysisTemplate', () => {
  const { report } = hostileReport();
  it('is an Argo Rollouts AnalysisTemplate with Prometheus metrics and a model argument', () => {
    expect(report.decision).toBe('PROMOTE');
    const t = template(report);
    expect(t.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(t.kind).toBe('AnalysisTemplate');
    expect(t.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(t.metadata.annotations['simgate.dev/candidate-sha256']).toBe(
      report.provenance.models.candidate.sha256,
    );
    expect(t.spec.args.map((a) => a.name)).toEqual(['model', 'prometheus-address']);
    expect(t.spec.metrics.map((m) => m.name)).toEqual(['pick-success-rate', 'hazardous-drops-per-hour']);
    for (const m of t.spec.metrics) {
      expect(m.provider.prometheus.query).toContain('model="{{args.model}}"');
      expect(m.provider.prometheus.address).toBe('{{args.prometheus-address}}');
    }
    expect(t.spec.metrics[0].provider.prometheus.query).toContain('simgate_pick_success_total');
    expect(t.spec.metrics[0].provider.prometheus.query).toContain('simgate_pick_attempts_total');
  });
  it('holds the pick success rate to the lower bound of the simulated interval minus the margin', () => {
    const metric = template(report).spec.metrics.find((m) => m.name === 'pick-success-rate')!;
    const check = report.checks.find(
      (c) => c.rule === 'non_inferiority' && c.slice === 'all' && c.kpi === 'pick_success_rate',
    )!;
    expect(check.figures.margin).toBe(0.02);
    const expected = report.kpis.overall.candidate.pick_success_rate.lower - 0.02;
    expect(thresholdOf(metric)).toBeCloseTo(expected, 6);
    expect(thresholdOf(metric)).toBeLessThan(report.kpis.overall.candidate.pick_success_rate.mean);
    expect(metric.successCondition).toBe(`result[0] >= ${thresholdOf(metric)}`);
    expect(metric.failureCondition).toBe(`result[0] < ${thresholdOf(metric)}`);
  });
  it('bounds hazardous drops per hour by the Poisson upper bound of the simulated exposure', () => {
    const metric = template(report).spec.metrics.find((m) => m.name === 'hazardous-drops-per-hour')!;
    const exposure = report.exposure!.candidate;
    expect(exposure.sim_hours).toBeCloseTo((exposure.episodes * 60) / 3600, 6);
    const k = exposure.kpi_sums.hazardous_drops;
    const rate = k / exposure.sim_hours;
    const bound = thresholdOf(metric);
    expect(bound).toBeGreaterThan(rate);
    expect(bound).toBeCloseTo(poissonUpperBound(k, 0.025) / exposure.sim_hours, 5);
    expect(metric.successCondition).toBe(`result[0] <= ${bound}`);
    expect(metric.failureCondition).toBe(`result[0] > ${bound}`);
  });
  it('computes exact Poisson upper bounds (table values at 97.5%)', () => {
    expect(poissonUpperBound(0, 0.025)).toBeCloseTo(-Math.log(0.025), 6);
    expect(poissonUpperBound(1, 0.025)).toBeCloseTo(5.5716, 3);
    expect(poissonUpperBound(5, 0.025)).toBeCloseTo(11.6683, 3);
    expect(poissonUpperBound(20, 0.025)).toBeCloseTo(30.8884, 3); // χ²(0.975; 42) / 2
  });
  it('adds a drops-per-100-picks metric when the report has that KPI', () => {
    const withDrops: ReportData = {
      ...report,
      kpis: {
        ...report.kpis,
        overall: {
          ...report.kpis.overall,
          candidate: {
            ...report.kpis.overall.candidate,
            drops_per_100_picks: { mean: 1, lower: 0.5, upper: 1.5, n: 60 },
          },
        },
      },
    };
    const metric = template(withDrops).spec.metrics.find((m) => m.name === 'drops-per-100-picks')!;
    expect(metric.successCondition).toBe('result[0] <= 1.5');
  });
  it('keeps hostile model paths as data in valid YAML', () => {
    const path = `evil"\n]]>: {x: |} # <script>alert(1)</script> & 'q'`;
    const hostile: ReportData = {
      ...report,
      provenance: {
        ...report.provenance,
        models: { ...report.provenance.models, candidate: { ...report.provenance.models.candidate, path } },
      },
    };
    expect(template(hostile).metadata.annotations['simgate.dev/candidate-model']).toBe(path);
  });
  it('writes nothing unless PROMOTE, and removes a template left by an earlier PROMOTE', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'simgate-canary-'));
    const file = join(outDir, CANARY_TEMPLATE_FILE);
    await canaryReporter({ outDir }).onEnd!(report);
    expect(parse(readFileSync(file, 'utf8')).kind).toBe('AnalysisTemplate');
    for (const options of [{ successShift: -0.1 }, { violateAboveKg: 4 }, { successShift: 0, noise: 0.2 }]) {
      const other = hostileReport(options).report;
      expect(other.decision).not.toBe('PROMOTE');
      expect(renderCanaryTemplate(other)).toBeNull();
      mkdirSync(join(outDir, 'canary'), { recursive: true });
      writeFileSync(file, 'stale');
      await canaryReporter({ outDir }).onEnd!(other);
      expect(existsSync(file)).toBe(false);
    }
  });
});
