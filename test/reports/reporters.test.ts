// Reporter output: JUnit parses with one testcase per check, Markdown/console/Prometheus carry
// the decision and figures, report.json is stable, and the multiplexer isolates a throwing reporter.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatConsoleSummary } from '../../reports/console.js';
import { renderReportJson } from '../../reports/json.js';
import { renderJunit } from '../../reports/junit.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { renderPrometheus } from '../../reports/prometheus.js';
import { createReporters } from '../../reports/registry.js';
import { createReporterMux, type Reporter } from '../../reports/reporter.js';
import { hostileReport } from './fixture.js';

describe('JUnit XML', () => {
  it('parses as XML with one testcase per check and failures for REJECT reasons', () => {
    const { report } = hostileReport({ successShift: -0.1 });
    expect(report.decision).toBe('REJECT');
    const xml = renderJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' }).parse(xml);
    const cases = doc.testsuites.testsuite.testcase as { failure?: unknown }[];
    expect(cases).toHaveLength(report.checks.length);
    const failures = cases.filter((c) => c.failure !== undefined).length;
    expect(failures).toBe(report.checks.filter((c) => c.status === 'fail').length);
    expect(failures).toBeGreaterThan(0);
    expect(doc.testsuites['@_failures']).toBe(String(failures));
  });
  it('escapes hostile text and characters XML cannot carry', () => {
    const { report } = hostileReport();
    const evil = {
      ...report,
      checks: [
        {
          rule: 'x',
          slice: 'tag:<a&b>',
          status: 'fail' as const,
          figures: { v: '"\u0001' },
          message: `]]></failure><script>`,
        },
      ],
    };
    const xml = renderJunit(evil);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('<script>');
  });
});

describe('text reporters', () => {
  const { report } = hostileReport();
  it('report.json is canonical and stable', () => {
    const a = renderReportJson(report);
    expect(renderReportJson(JSON.parse(a))).toBe(a);
    const parsed = JSON.parse(a);
    for (const key of ['decision', 'reasons', 'kpis', 'safety', 'episodes', 'provenance'])
      expect(parsed).toHaveProperty(key);
    expect(parsed.kpis.overall.candidate.pick_success_rate.lower).toBeLessThanOrEqual(
      parsed.kpis.overall.candidate.pick_success_rate.mean,
    );
  });
  it('Markdown and console name the decision, the reasons and the KPI table; Markdown escapes HTML', () => {
    const md = renderMarkdown(report);
    expect(md).toContain(`simgate: ${report.decision}`);
    expect(md).toContain('| pick_success_rate |');
    expect(md).not.toContain('<script>');
    const dir = mkdtempSync(join(tmpdir(), 'simgate-console-'));
    const written = join(dir, 'report.json');
    writeFileSync(written, '{}');
    const text = formatConsoleSummary(report, [written, join(dir, 'junit.xml')]);
    expect(text).toMatch(/^simgate gate: PROMOTE/);
    // Only files that are really there are listed.
    expect(text).toContain(`files: ${written}\n`);
    expect(text).not.toContain('junit.xml');
    expect(text).toContain('mean_cycle_time_s');
  });
  it('Prometheus text has HELP/TYPE lines and the decision gauge', () => {
    const prom = renderPrometheus(report);
    expect(prom).toContain('simgate_gate_decision{decision="PROMOTE"} 1');
    expect(prom).toContain('simgate_gate_decision{decision="REJECT"} 0');
    for (const line of prom.trim().split('\n'))
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+-]+|\w+(\{[^}]*\})? NaN)$/);
  });
});

describe('reporter multiplexer', () => {
  it('isolates a throwing reporter: the others still run, the failure is collected', async () => {
    const { report } = hostileReport();
    const seen: string[] = [];
    const bad: Reporter = {
      name: 'bad',
      onEnd() {
        throw new Error('disk full');
      },
    };
    const good: Reporter = {
      name: 'good',
      onBegin: () => void seen.push('begin'),
      onEnd: (r) => void seen.push(r.decision),
    };
    const mux = createReporterMux([bad, good]);
    await mux.onBegin({ task: 'pick', planned_episodes: 2, scenarios: 1, out_dir: 'x' });
    await mux.onEpisodeEnd({
      scenario_id: 's',
      sample: 0,
      model: 'candidate',
      seed: 1,
      status: 'ok',
      cached: false,
    });
    await mux.onEnd(report);
    expect(seen).toEqual(['begin', 'PROMOTE']);
    expect(mux.failures).toEqual([{ reporter: 'bad', hook: 'onEnd', message: 'disk full' }]);
  });
  it('createReporters writes every file, attestation last among the writers, the console after it', async () => {
    const { report, inputsDir } = hostileReport();
    const outDir = mkdtempSync(join(tmpdir(), 'simgate-out-'));
    let printed = '';
    const reporters = createReporters(
      ['attestation', 'html', 'json', 'junit', 'markdown', 'prometheus', 'canary', 'console'],
      {
        outDir,
        write: (t) => {
          printed += t;
        },
        inputsBase: inputsDir,
      },
    );
    expect(reporters.map((r) => r.name).slice(-2)).toEqual(['attestation', 'console']);
    const mux = createReporterMux(reporters);
    await mux.onEnd(report);
    expect(mux.failures).toEqual([]);
    const envelope = JSON.parse(readFileSync(join(outDir, 'attestation.json'), 'utf8'));
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    expect(statement.subject).toEqual([
      { name: 'candidate.onnx', digest: { sha256: report.provenance.models.candidate.sha256 } },
    ]);
    expect(statement.predicate.outputs.map((s: { name: string }) => s.name).sort()).toEqual([
      'canary/analysis-template.yaml',
      'junit.xml',
      'metrics.prom',
      'report.html',
      'report.json',
      'summary.md',
    ]);
    expect(printed).toContain('PROMOTE');
    expect(printed).toContain(`${outDir}/canary/analysis-template.yaml`);
    expect(() => createReporters(['jsn'], { outDir, write: () => {} })).toThrow(/unknown reporter "jsn"/);
  });
});
