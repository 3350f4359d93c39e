// The HTML report: self-contained, strict CSP, hostile titles stay text, charts rendered by
// Vega-Lite to inline SVG (same bytes on every render). When Debian's chromium is installed,
// the page is also opened headless: no script runs, no console error.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HTML_CSP, renderHtml } from '../../reports/html.js';
import { HOSTILE_TITLES, hostileReport } from './fixture.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe('HTML report', async () => {
  const { report } = hostileReport({ successShift: 0, noise: 0.06 });
  const html = await renderHtml(report);
  const rejected = await renderHtml(hostileReport({ violateAboveKg: 4 }).report);
  /** The inline SVG of one chart. */
  const chart = (page: string, id: string) =>
    page.match(new RegExp(`<svg id="${id}"[\\s\\S]*?</svg>`))?.[0] ?? '';
  it('escapes hostile scenario titles everywhere', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<[^>]*\sonerror=/i); // as text it is harmless; as an attribute it would run
    expect(html).toContain('&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=&quot;');
  });
  it('is self-contained with a strict Content-Security-Policy', () => {
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP.replace(/'/g, '&#39;')}">`,
    );
    expect(HTML_CSP).toContain("default-src 'none'");
    expect(HTML_CSP).toContain("script-src 'none'");
    expect(HTML_CSP).not.toContain('unsafe-inline');
    expect(html).not.toMatch(/(?:src|href)=["']?(?:https?:)?\/\//);
    expect(html).not.toMatch(/<script|<iframe|<object|<embed|<link|<foreignObject|\sstyle=/i);
  });
  it('draws the four charts as inline SVG from Vega-Lite', () => {
    expect(report.sequential.looks.length).toBeGreaterThan(1);
    for (const id of ['chart-kpis', 'chart-sequential', 'chart-outcomes', 'chart-failures'])
      expect(chart(html, id), id).toMatch(/^<svg id="[\w-]+" role="img"/);
    // KPI comparison: every KPI axis; sequential path: one point per look and series.
    for (const kpi of report.kpis.order) expect(chart(html, 'chart-kpis')).toContain(kpi);
    expect(chart(html, 'chart-sequential')).toContain('boundary z');
    expect(chart(html, 'chart-sequential')).toContain('cumulative α spent');
    // Outcome grid: one cell per episode of both models.
    const cells = chart(html, 'chart-outcomes').match(/aria-roledescription="rect mark container"/g);
    expect(cells).not.toBeNull();
  });
  it('marks every failing candidate episode in the parameter scatter and lists its replay command', () => {
    const failures = chart(rejected, 'chart-failures');
    expect(failures).toContain('item.mass_kg');
    const violations = hostileReport({ violateAboveKg: 4 }).report.safety.violations.filter(
      (v) => v.model === 'candidate',
    );
    expect(violations.length).toBeGreaterThan(3);
    // Each failing episode is one red mark; the legend adds one more.
    const red = failures.match(/fill="#cf222e"/g) ?? [];
    expect(red.length).toBe(violations.length + 1);
    const asHtml = (text: string) =>
      text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
    for (const v of violations) expect(rejected).toContain(asHtml(v.replay));
  });
  it('renders the same bytes every time (chart ids do not depend on the process)', async () => {
    expect(await renderHtml(report)).toBe(html);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it.skipIf(!CHROMIUM)(
    `renders in headless chromium without running script or console errors${CHROMIUM ? '' : ' (skipped: chromium not installed)'}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'simgate-html-'));
      const file = join(dir, 'report.html');
      writeFileSync(file, rejected);
      const run = spawnSync(
        CHROMIUM!,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--enable-logging=stderr',
          '--v=0',
          `--user-data-dir=${join(dir, 'profile')}`,
          '--dump-dom',
          `file://${file}`,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(run.status).toBe(0);
      const dom = run.stdout;
      expect(dom).toContain('<title>simgate REJECT</title>');
      expect(dom).toContain('<svg id="chart-failures"');
      expect(dom).not.toContain('PWNED</title>');
      expect(dom).not.toMatch(/<body[^>]*data-pwned/);
      expect(dom).not.toMatch(/<img/i);
      expect(dom).toContain(
        HOSTILE_TITLES[0].replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      );
      const consoleErrors = run.stderr.split('\n').filter((l) => /CONSOLE|Uncaught|Refused to/.test(l));
      expect(consoleErrors).toEqual([]);
    },
  );
});
if (!CHROMIUM)
  console.warn(
    'HTML report: headless chromium check skipped — chromium is not installed (apt-get install -y chromium)',
  );
