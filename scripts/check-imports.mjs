#!/usr/bin/env node
// Enforces the layout table of DESIGN.md: which top-level folder may import which.
// Run by `npm run lint` (and so by `npm test` and CI). Exits 1 listing every violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** folder -> folders of ours it may import (itself always allowed). */
export const allowed = {
  sim: [],
  policies: ['sim'],
  scenarios: ['sim'],
  harness: ['sim', 'policies', 'scenarios', 'reports'],
  reports: [],
  bench: ['sim', 'policies', 'scenarios', 'harness', 'reports'],
  tools: ['sim', 'policies', 'scenarios'],
};

/** Files that run inside a pool thread: they may import sim/, policies/ and scenarios/ only. */
const workerSide = /^harness\/sweep\/worker\//;

const importRe =
  /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

export function checkImports(base = root) {
  const problems = [];
  for (const top of Object.keys(allowed)) {
    let files;
    try {
      files = [...walk(join(base, top))];
    } catch {
      continue;
    }
    for (const file of files) {
      const rel = relative(base, file).split(sep).join('/');
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(importRe)) {
        const spec = m[1] ?? m[2];
        if (!spec.startsWith('.')) continue;
        const target = relative(base, resolve(dirname(file), spec))
          .split(sep)
          .join('/');
        const targetTop = target.split('/')[0];
        const line = text.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
        if (targetTop === '..' || !(targetTop in allowed)) continue;
        if (workerSide.test(rel)) {
          const ok =
            ['sim', 'policies'].includes(targetTop) ||
            target.startsWith('scenarios/') ||
            /^harness\/sweep\/(worker\/|ipc)/.test(target);
          if (!ok) problems.push(`${rel}:${line}: worker code may not import ${target} (main-side module)`);
          continue;
        }
        if (targetTop !== top && !allowed[top].includes(targetTop)) {
          problems.push(
            `${rel}:${line}: ${top}/ may not import ${targetTop}/ (${spec}) — see DESIGN.md layout table`,
          );
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const base = process.argv[2] ? resolve(process.argv[2]) : root;
  const problems = checkImports(base);
  if (problems.length > 0) {
    console.error(`import rules: ${problems.length} violation(s)\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log('import rules: ok');
}
