// Versions recorded in provenance and cache keys, read from the installed packages.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

const require = createRequire(import.meta.url);

function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export const SIMGATE_VERSION: string = (require(join(packageRoot(), 'package.json')) as { version: string })
  .version;

export function componentVersions(): Record<string, string> {
  return {
    simgate: SIMGATE_VERSION,
    node: process.versions.node,
    rapier: versionOf('@dimforge/rapier3d-deterministic-compat'),
    onnxruntime: versionOf('onnxruntime-node'),
  };
}
