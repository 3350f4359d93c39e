// Every user-supplied string (scenario ids and titles, model and card paths, rule names,
// reasons, replay commands) stays data in every format: HTML, Markdown, JUnit XML, YAML, the
// console and the Prometheus text. Also: the step summary is appended, never overwritten.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderCanaryTemplate } from '../../reports/canary.js';
import { formatConsoleSummary } from '../../reports/console.js';
import { markdownCode } from '../../reports/escape.js';
import { renderHtml } from '../../reports/html.js';
import { renderJunit } from '../../reports/junit.js';
import { markdownReporter, renderMarkdown } from '../../reports/markdown.js';
import { renderPrometheus } from '../../reports/prometheus.js';
import type { ReportData } from '../../reports/types.js';
import { hostileReport } from './fixture.js';

/** Each hostile piece the brief names: markup, CDATA end, pipes, line breaks, quotes, ampersands. */
const EVIL = `<script>alert(1)</script> ]]> a|b "q" 'q' & &amp; \`t\` [x](javascript:alert(1)) line1\nline2\r\nline3`;
const evil = (tag: string) => `${tag}:${EVIL}`;

/** The report with a hostile string in every field a user controls. */
function hostilize(report: ReportData): ReportData {
  const id = (s: string) => (s === 'tote-mixed' ? evil('id') : s);
  const slice = (s: string) => s.replace('tote-mixed', evil('id'));
  const reason = <T extends { slice: string; message: string; rule: string }>(r: T): T => ({
    ...r,
    rule: evil('rule'),
    slice: slice(r.slice),
    message: evil('message'),
  });
  const p = report.provenance;
  return {
    ...report,
    task: evil('task'),
    reasons: report.reasons.map(reason),
    checks: report.checks.map(reason),
    kpis: {
      ...report.kpis,
      scenarios: report.kpis.scenarios.map((s) => ({
        ...s,
        id: id(s.id),
        title: evil('title'),
        tags: [evil('tag')],
        requirements: [evil('req')],
      })),
    },
    safety: {
      ...report.safety,
      violations: report.safety.violations.map((v) => ({
        ...v,
        scenario_id: id(v.scenario_id),
        message: evil('violation'),
        replay: `simgate replay --scenario '${evil('replay')}'`,
      })),
    },
    episodes_detail: report.episodes_detail?.map((d) => ({ ...d, scenario_id: id(d.scenario_id) })),
    provenance: {
      ...p,
      models: {
        candidate: { ...p.models.candidate, path: evil('model'), card: { path: evil('card'), sha256: 'c' } },
        baseline: { ...p.models.baseline, path: evil('baseline') },
      },
      scenarios: p.scenarios.map((s) => ({ ...s, id: id(s.id), path: evil('path') })),
    },
  };
}

describe('hostile strings stay data', () => {
  const promoted = hostilize(hostileReport().report);
  const rejected = hostilize(hostileReport({ violateAboveKg: 4 }).report);

  it('HTML: no markup, no attribute break-out, and the text is still there', async () => {
    for (const report of [promoted, rejected]) {
      const html = await renderHtml(report);
      expect(html).not.toMatch(/<script|<img|javascript:alert[^<]*<\/a>/i);
      expect(html).not.toContain('<a ');
      const text = html.replace(/<[^>]*>/g, '');
      expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(text).toContain('&amp;amp;');
      expect(text).toContain('&quot;q&quot; &#39;q&#39;');
      for (const tag of ['title', 'model', 'card', 'rule', 'message'])
        expect(text).toContain(`${tag}:&lt;script`);
    }
    expect(await renderHtml(rejected)).toContain('violation:&lt;script');
  });

  it('Markdown: each table row stays one row with its columns, no HTML, no links', () => {
    for (const report of [promoted, rejected]) {
      const md = renderMarkdown(report);
      // Code spans show text verbatim (GitHub never renders markup inside them).
      const outsideCode = report.safety.violations.reduce(
        (text, v) => text.split(markdownCode(v.replay)).join(''),
        md.replace(/`[0-9a-f]{12}`/, ''),
      );
      expect(outsideCode).not.toMatch(/<script|<\/?[a-z][^>]*>/i);
      expect(outsideCode).not.toMatch(/(?<!\\)\[x\]\(javascript/);
      const lines = md.split('\n');
      let columns = 0;
      for (const line of lines) {
        const pipes = (line.match(/(?<!\\)\|/g) ?? []).length;
        if (line.startsWith('|---')) continue;
        if (line.startsWith('|') && columns === 0) columns = pipes;
        else if (line.startsWith('|')) expect(pipes, line).toBe(columns);
        else columns = 0;
        // A continuation of a broken row would start with the rest of a hostile string.
        expect(line.startsWith('line2') || line.startsWith('line3')).toBe(false);
      }
      expect(md).toContain('message:&lt;script&gt;alert(1)&lt;/script&gt; \\]\\]&gt; a\\|b');
    }
    // Replay commands are code spans (verbatim, copyable): a backtick inside lengthens the fence.
    const replay = rejected.safety.violations[0].replay;
    expect(renderMarkdown(rejected)).toContain(markdownCode(replay));
    expect(markdownCode('a `b` c')).toBe('``a `b` c``');
    expect(markdownCode('x\ny')).toBe('`x y`');
  });

  it('JUnit: well-formed XML whose attributes and text round-trip exactly', () => {
    for (const report of [promoted, rejected]) {
      const xml = renderJunit(report);
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml).not.toContain('<script');
      const doc = new XMLParser({
        ignoreAttributes: false,
        isArray: (name) => name === 'testcase',
        htmlEntities: true,
      }).parse(xml);
      const cases = doc.testsuites.testsuite.testcase as Record<string, unknown>[];
      expect(cases).toHaveLength(report.checks.length);
      expect(doc.testsuites.testsuite['@_name']).toContain(evil('task'));
      const failing = cases.find((c) => c.failure) as { failure: Record<string, string> } | undefined;
      if (report.decision === 'REJECT') expect(failing!.failure['@_message']).toBe(evil('message'));
    }
  });

  it('YAML canary template, console and Prometheus keep hostile text inert', () => {
    const yaml = renderCanaryTemplate(promoted)!;
    expect(parse(yaml, { strict: true }).metadata.annotations['simgate.dev/candidate-model']).toBe(
      evil('model'),
    );
    const text = formatConsoleSummary(rejected, [evil('file')]);
    const control = [...text].filter((ch) => {
      const code = ch.charCodeAt(0);
      return (code < 0x20 && ch !== '\n') || code === 0x7f;
    });
    expect(control).toEqual([]);
    expect(text).not.toContain('line1\nline2');
    const prom = renderPrometheus(promoted);
    for (const line of prom.trim().split('\n')) expect(line).not.toContain('<script');
  });
});

describe('$GITHUB_STEP_SUMMARY', () => {
  it('appends the Markdown summary and keeps what earlier steps wrote', async () => {
    const { report } = hostileReport();
    const dir = mkdtempSync(join(tmpdir(), 'simgate-summary-'));
    const summary = join(dir, 'step_summary.md');
    writeFileSync(summary, '### earlier step\n');
    const reporter = markdownReporter({ outDir: join(dir, 'out'), stepSummaryPath: summary });
    await reporter.onEnd!(report);
    await reporter.onEnd!(report);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('### earlier step\n')).toBe(true);
    expect(text.split('## simgate: PROMOTE')).toHaveLength(3);
    expect(readFileSync(join(dir, 'out', 'summary.md'), 'utf8')).toBe(renderMarkdown(report));
  });
});
