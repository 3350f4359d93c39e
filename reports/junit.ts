// junit.xml: one testcase per rule × slice and per invariant; REJECT reasons are failures,
// fail-closed problems are errors, undecided rules are skipped with their reason.
import { join } from 'node:path';
import { escapeXml, escapeXmlAttribute as attr } from './escape.js';
import type { Reporter } from './reporter.js';
import type { ReportCheck, ReportData } from './types.js';
import { writeFileAtomic } from './write-file.js';

function caseName(c: ReportCheck): string {
  return `${c.rule} [${c.slice}]${c.kpi ? ` ${c.kpi}` : ''}`;
}

function figures(c: ReportCheck): string {
  return Object.entries(c.figures)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

export function renderJunit(report: ReportData): string {
  const checks = report.checks;
  const count = (s: ReportCheck['status']) => checks.filter((c) => c.status === s).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="simgate" tests="${checks.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('undecided')}">`,
    `  <testsuite name="simgate gate (${attr(report.task)}): ${attr(report.decision)}" tests="${checks.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('undecided')}">`,
    '    <properties>',
    `      <property name="decision" value="${report.decision}"/>`,
    `      <property name="candidate.sha256" value="${attr(report.provenance.models.candidate.sha256)}"/>`,
    `      <property name="baseline.sha256" value="${attr(report.provenance.models.baseline.sha256)}"/>`,
    '    </properties>',
  ];
  for (const c of checks) {
    const open = `    <testcase classname="simgate.${attr(c.rule)}" name="${attr(caseName(c))}">`;
    const body = `${escapeXml(c.message)}\n${escapeXml(figures(c))}`;
    if (c.status === 'pass') lines.push(`${open}</testcase>`);
    else if (c.status === 'fail')
      lines.push(
        open,
        `      <failure message="${attr(c.message)}" type="${attr(c.rule)}">${body}</failure>`,
        '    </testcase>',
      );
    else if (c.status === 'error')
      lines.push(
        open,
        `      <error message="${attr(c.message)}" type="${attr(c.rule)}">${body}</error>`,
        '    </testcase>',
      );
    else lines.push(open, `      <skipped message="${attr(c.message)}"/>`, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

export function junitReporter(options: { outDir: string; file?: string }): Reporter {
  return {
    name: 'junit',
    onEnd(report) {
      writeFileAtomic(join(options.outDir, options.file ?? 'junit.xml'), renderJunit(report));
    },
  };
}
