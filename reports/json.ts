// report.json: the ReportData with keys in a stable order, so equal reports are equal bytes.
import { join } from 'node:path';
import type { Reporter } from './reporter.js';
import type { ReportData } from './types.js';
import { writeFileAtomic } from './write-file.js';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  // JSON has no NaN or Infinity: write them as null rather than lose the key.
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

export function renderReportJson(report: ReportData): string {
  return `${JSON.stringify(canonical(report), null, 2)}\n`;
}

export function jsonReporter(options: { outDir: string; file?: string }): Reporter {
  return {
    name: 'json',
    onEnd(report) {
      writeFileAtomic(join(options.outDir, options.file ?? 'report.json'), renderReportJson(report));
    },
  };
}
