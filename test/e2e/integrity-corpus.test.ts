// Runs every case of the integrity corpus (integrity-corpus.ts) through the real CLI: each must
// exit with its code, name its file (and line, for JSON Lines), and never read as a success —
// no PROMOTE, no OK, no "verified", no stack trace. Cache cases must equal the run without the
// cache, with one warning naming the refused entry.
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { buildFixtures, CORPUS, type CaseKind, dir } from './integrity-corpus.js';

let coldCode = -1;
beforeAll(() => {
  coldCode = buildFixtures();
}, 300_000);

const slug = (kind: CaseKind, name: string) => `${kind}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;

describe('integrity corpus', () => {
  it('holds at least 30 cases, of every kind', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set(CORPUS.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['attestation', 'cache', 'key', 'results', 'shard']);
  });

  it.each(CORPUS.map((c) => [`${c.kind}: ${c.name}`, c] as const))('%s', (_, c) => {
    const { args, names, line, env } = c.build(slug(c.kind, c.name));
    const run = runCli(args, { cwd: dir, env });
    const text = `${run.stdout}\n${run.stderr}`;
    expect(run.code, text).toBe(c.code === 'cold' ? coldCode : c.code);
    expect(text).toContain(line === undefined ? names : `${names}:${line}`);
    expect(text).not.toMatch(/PROMOTE|\bOK\b|verified/);
    expect(text).not.toMatch(/internal error|\n\s+at /);
    if (c.kind === 'cache') {
      expect(run.stderr.split('\n').filter((l) => l.includes('cache entry'))).toHaveLength(1);
      expect(run.stderr).toMatch(/not used, the episode is simulated again/);
    }
  });
});
