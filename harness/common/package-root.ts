// Where the installed simgate package lives: bundled scenarios, models, gate defaults and
// schemas are read relative to it, wherever the user runs the CLI from.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'schemas'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('simgate package root not found');
    dir = up;
  }
  root = dir;
  return dir;
}
