// The replay's reports, the same four as a gate's: replay.json (the whole result), replay.md,
// replay.html (with the divergence from the recording over time) and junit.xml for CI. Every
// recorded string is escaped for its format: a field recording is untrusted input.
import { join } from 'node:path';
import { escapeHtml, escapeMarkdownCell, escapeXml, escapeXmlAttribute } from '../../reports/escape.js';
import { writeFileAtomic } from '../../reports/write-file.js';
import { describeIncident, type ClosedLoopRun, type ReplayResult } from './replay.js';

export const REPLAY_REPORT_FILES = ['replay.json', 'replay.md', 'replay.html', 'junit.xml'] as const;

export function writeReplayReports(dir: string, r: ReplayResult): void {
  writeFileAtomic(join(dir, 'replay.json'), `${JSON.stringify(r, null, 2)}\n`);
  writeFileAtomic(join(dir, 'replay.md'), replayMarkdown(r));
  writeFileAtomic(join(dir, 'replay.html'), replayHtml(r));
  writeFileAtomic(join(dir, 'junit.xml'), replayJunit(r));
}

const fmt = (x: number | null | undefined, unit = ''): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : `${Math.round(x * 1000) / 1000}${unit}`;

function fidelityLines(r: ReplayResult): string[] {
  const f = r.fidelity;
  if (!f) return [r.mode === 'open' ? 'open loop: no fidelity to measure' : 'not measured (no --baseline)'];
  return [
    `recorded model's replay ${f.reproduced ? 'REPRODUCES' : 'does NOT reproduce'} the incident${f.incident_offset_s !== null ? ` (${fmt(f.incident_offset_s, ' s')} from the recording)` : ''}`,
    `gripper divergence over the ${f.window_s} s before the cause: max ${fmt(f.gripper_mm?.max, ' mm')}, mean ${fmt(f.gripper_mm?.mean, ' mm')}`,
    `incident item divergence: ${f.item_mm ? `max ${fmt(f.item_mm.max, ' mm')}, mean ${fmt(f.item_mm.mean, ' mm')}` : 'not recorded on the move in that window'}`,
  ];
}

function runRow(run: ClosedLoopRun): string[] {
  return [
    run.role,
    run.policy,
    run.recurred ? `yes, t = ${run.match!.t} s` : 'no',
    run.other_incidents
      .map((o) => `${o.kind}${o.item !== undefined ? ` #${o.item}` : ''} @ ${o.t} s`)
      .join('; ') || 'none',
    fmt(run.gripper_mm?.max, ' mm'),
    fmt(run.kpis.picks),
  ];
}

export function replayMarkdown(r: ReplayResult): string {
  const md = escapeMarkdownCell;
  const out: string[] = [
    `# simgate replay: ${md(r.outcome)}`,
    '',
    `**${md(r.reason)}**`,
    '',
    `- recording: \`${md(r.recording)}\` (${md(r.recording_schema)})`,
    `- incident: ${r.incident ? md(`${describeIncident(r.incident)} (caused at t = ${r.incident.cause_t} s; from ${r.incident.from})`) : 'none'}`,
    `- mode: ${r.mode}; candidate \`${md(r.candidate)}\`; baseline ${r.baseline ? `\`${md(r.baseline)}\`` : '—'}; recorded model ${r.recorded_policy ? `\`${md(r.recorded_policy)}\`` : 'not named'}`,
    '',
    '## Fidelity',
    '',
    ...fidelityLines(r).map((l) => `- ${md(l)}`),
  ];
  if (r.closed_loop.length > 0) {
    out.push(
      '',
      '## Closed loop',
      '',
      '| run | model | incident recurs | other incidents | gripper divergence (max) | picks |',
      '|---|---|---|---|---|---|',
    );
    for (const run of r.closed_loop) out.push(`| ${runRow(run).map(md).join(' | ')} |`);
  }
  const d = r.open_loop.incident_decision;
  out.push('', '## Open loop', '');
  if (r.open_loop.insufficient) out.push(md(r.open_loop.insufficient));
  if (d) {
    out.push(
      `Candidate's action at the incident's decision (t = ${d.t} s, item ${d.item}): ${d.inside ? 'inside' : 'OUTSIDE'} the envelope.`,
      '',
      '| envelope | margin | detail |',
      '|---|---|---|',
    );
    for (const e of d.envelope)
      out.push(`| ${md(e.name)} | ${md(`${fmt(e.margin)} ${e.unit}`)} | ${md(e.detail)} |`);
  }
  const rows = r.open_loop.rows;
  if (rows.length > 0) {
    const fields = Object.keys(r.open_loop.mean_abs_divergence);
    out.push(
      '',
      `Mean |candidate − recorded| per action field over ${rows.length} decisions:`,
      '',
      `| ${fields.map(md).join(' | ')} |`,
      `|${fields.map(() => '---').join('|')}|`,
      `| ${fields.map((f) => fmt(r.open_loop.mean_abs_divergence[f])).join(' | ')} |`,
    );
    out.push(
      '',
      '| t (s) | item | recorded transfer accel | candidate transfer accel | recorded approach speed | candidate approach speed |',
      '|---|---|---|---|---|---|',
    );
    for (const row of rows.slice(0, 50))
      out.push(
        `| ${row.t} | ${row.item} | ${fmt(row.recorded?.['transfer.accel_mps2'])} | ${row.candidate ? fmt(row.candidate['transfer.accel_mps2']) : md(row.refused ?? '—')} | ${fmt(row.recorded?.['approach.speed_mps'])} | ${fmt(row.candidate?.['approach.speed_mps'])} |`,
      );
    if (rows.length > 50) out.push('', `(${rows.length - 50} more decisions in replay.json)`);
  }
  if (r.reconstructed.length > 0)
    out.push('', '## Reconstructed from the recording', '', ...r.reconstructed.map((l) => `- ${md(l)}`));
  if (r.notes.length > 0)
    out.push('', '## Tolerated in the recording', '', ...r.notes.map((l) => `- ${md(l)}`));
  return `${out.join('\n')}\n`;
}

/** Divergence from the recording over time, one line per closed-loop run. */
function divergenceSvg(r: ReplayResult): string {
  const runs = r.closed_loop.filter((run) => run.divergence.length > 0);
  if (runs.length === 0) return '<p>No periodic readings to compare in the window before the incident.</p>';
  const W = 640;
  const H = 240;
  const pad = 40;
  const ts = runs.flatMap((run) => run.divergence.map((d) => d.t));
  const ys = runs.flatMap((run) => run.divergence.map((d) => d.gripper_mm));
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts, t0 + 1e-3);
  const y1 = Math.max(...ys, 1);
  const x = (t: number) => pad + ((t - t0) / (t1 - t0)) * (W - 2 * pad);
  const y = (v: number) => H - pad - (v / y1) * (H - 2 * pad);
  const colours: Record<string, string> = { candidate: '#c0392b', baseline: '#2c7fb8' };
  const lines = runs.map(
    (run) =>
      `<polyline fill="none" stroke="${colours[run.role]}" stroke-width="2" points="${run.divergence.map((d) => `${x(d.t).toFixed(1)},${y(d.gripper_mm).toFixed(1)}`).join(' ')}"><title>${escapeHtml(run.role)}</title></polyline>`,
  );
  const legend = runs.map(
    (run, i) =>
      `<text x="${W - 150}" y="${20 + i * 16}" fill="${colours[run.role]}" font-size="12">${escapeHtml(run.role)} gripper</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="gripper divergence from the recording (mm) over time (s)" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#555"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${H - pad}" stroke="#555"/>
<text x="${pad}" y="${H - 10}" font-size="11">${fmt(t0)} s</text><text x="${W - pad - 40}" y="${H - 10}" font-size="11">${fmt(t1)} s</text>
<text x="4" y="${pad}" font-size="11">${fmt(y1)} mm</text><text x="4" y="${H - pad}" font-size="11">0</text>
${lines.join('\n')}
${legend.join('\n')}
</svg>`;
}

export function replayHtml(r: ReplayResult): string {
  const h = escapeHtml;
  const rows = r.closed_loop
    .map(
      (run) =>
        `<tr>${runRow(run)
          .map((c) => `<td>${h(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const d = r.open_loop.incident_decision;
  const envelope = d
    ? `<p>Candidate's action at the incident's decision (t = ${h(d.t)} s, item ${h(d.item)}): <b>${d.inside ? 'inside' : 'OUTSIDE'}</b> the envelope.</p><table><tr><th>envelope</th><th>margin</th><th>detail</th></tr>${d.envelope.map((e) => `<tr><td>${h(e.name)}</td><td>${h(`${fmt(e.margin)} ${e.unit}`)}</td><td>${h(e.detail)}</td></tr>`).join('')}</table>`
    : `<p>${h(r.open_loop.insufficient ?? 'No recorded decision precedes the incident.')}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>simgate replay: ${h(r.outcome)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.o{font-size:1.6em;font-weight:bold}</style></head>
<body>
<h1>simgate replay</h1>
<p class="o">${h(r.outcome)}</p><p>${h(r.reason)}</p>
<ul><li>recording: <code>${h(r.recording)}</code> (${h(r.recording_schema)})</li>
<li>incident: ${r.incident ? h(`${describeIncident(r.incident)} (caused at t = ${r.incident.cause_t} s; from ${r.incident.from})`) : 'none'}</li>
<li>candidate <code>${h(r.candidate)}</code>; baseline ${r.baseline ? `<code>${h(r.baseline)}</code>` : '—'}</li></ul>
<h2>Fidelity</h2><ul>${fidelityLines(r)
    .map((l) => `<li>${h(l)}</li>`)
    .join('')}</ul>
<h2>Divergence from the recording</h2>
${divergenceSvg(r)}
<h2>Closed loop</h2>
<table><tr><th>run</th><th>model</th><th>incident recurs</th><th>other incidents</th><th>gripper divergence (max)</th><th>picks</th></tr>
${rows}
</table>
<h2>Open loop</h2>
${envelope}
<h2>Reconstructed from the recording</h2><ul>${r.reconstructed.map((l) => `<li>${h(l)}</li>`).join('')}</ul>
<h2>Tolerated in the recording</h2><ul>${r.notes.map((l) => `<li>${h(l)}</li>`).join('')}</ul>
</body></html>
`;
}

export function replayJunit(r: ReplayResult): string {
  const x = escapeXml;
  const a = escapeXmlAttribute;
  const cases: string[] = [];
  const fail = (name: string, message: string) =>
    `  <testcase classname="simgate.replay" name="${a(name)}"><failure message="${a(message)}">${x(message)}</failure></testcase>`;
  const pass = (name: string) => `  <testcase classname="simgate.replay" name="${a(name)}"/>`;
  const what = r.incident ? describeIncident(r.incident) : 'the incident';
  if (r.mode === 'closed') {
    const f = r.fidelity;
    cases.push(
      f?.reproduced
        ? pass(`fidelity: the recorded model's replay reproduces ${what}`)
        : fail(
            `fidelity: the recorded model's replay reproduces ${what}`,
            f
              ? 'the baseline replay does not reproduce the incident'
              : 'no --baseline: fidelity not measured',
          ),
    );
  }
  const name = `${r.mode}-loop: the candidate avoids ${what}`;
  cases.push(r.outcome === 'AVOIDED' ? pass(name) : fail(name, `${r.outcome}: ${r.reason}`));
  const failures = cases.filter((c) => c.includes('<failure')).length;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="simgate replay" tests="${cases.length}" failures="${failures}">
<testsuite name="${a(`replay ${r.recording}`)}" tests="${cases.length}" failures="${failures}">
${cases.join('\n')}
</testsuite>
</testsuites>
`;
}
