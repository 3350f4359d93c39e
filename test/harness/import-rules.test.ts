import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — plain ESM script without type declarations
import { checkImports } from '../../scripts/check-imports.mjs';
import { repoRoot } from '../helpers/cli.js';

describe('layout import rules', () => {
  it('hold for the repository', () => {
    expect(checkImports(repoRoot)).toEqual([]);
  });

  it('catch sim/ importing harness/ and reports/ importing sim/', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simgate-imports-'));
    for (const folder of ['sim', 'reports', 'harness/sweep/worker'])
      mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, 'sim/a.ts'), "import { x } from '../harness/cli/main.js';\n");
    writeFileSync(join(dir, 'reports/b.ts'), "import type { Y } from '../sim/result.js';\n");
    writeFileSync(join(dir, 'harness/sweep/worker/c.ts'), "import { z } from '../../gate/decide.js';\n");
    const problems: string[] = checkImports(dir);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^sim\/a\.ts:1: sim\/ may not import harness\//);
    expect(problems.join('\n')).toMatch(/reports\/b\.ts:1: reports\/ may not import sim\//);
    expect(problems.join('\n')).toMatch(/harness\/sweep\/worker\/c\.ts:1: worker code may not import/);
  });
});
