// The HTML report: self-contained, strict CSP, hostile titles stay text. When Debian's
// chromium is installed, the page is also opened headless: no script runs, no console error.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HTML_CSP, renderHtml } from '../../reports/html.js';
import { HOSTILE_TITLES, hostileReport } from './fixture.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describe('HTML report', () => {
  const { report } = hostileReport();
  const html = renderHtml(report);
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
    expect(html).toContain('<svg');
  });
  it.skipIf(!CHROMIUM)(
    `renders in headless chromium without running script or console errors${CHROMIUM ? '' : ' (skipped: chromium not installed)'}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'simgate-html-'));
      const file = join(dir, 'report.html');
      writeFileSync(file, html);
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
      expect(dom).toContain('<title>simgate PROMOTE</title>');
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
