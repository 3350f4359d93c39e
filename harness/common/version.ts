// Versions recorded in provenance and cache keys, read from the installed packages.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from './package-root.js';

const require = createRequire(import.meta.url);

/**
 * A package's version from its package.json. Packages whose `exports` hide package.json (rapier)
 * are found from their entry point, walking up to the package.json that names them.
 */
export function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    // Not exported: search upwards from the resolved entry point.
  }
  try {
    let dir = dirname(require.resolve(pkg));
    for (;;) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (manifest.name === pkg && typeof manifest.version === 'string') return manifest.version;
      } catch {
        // No readable package.json here: keep walking up.
      }
      const up = dirname(dir);
      if (up === dir) return 'unknown';
      dir = up;
    }
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

/**
 * What a pick trace's meta says about the run: the policy (an ONNX model as onnx:<sha256>) and
 * the versions that decide its physics. The same in a sweep's worker and in `simgate episode`,
 * so a replayed episode's trace digest equals the sweep's.
 */
export function pickTraceMeta(policyId: string): Record<string, unknown> {
  return {
    policy: policyId,
    versions: { simgate: SIMGATE_VERSION, rapier: versionOf('@dimforge/rapier3d-deterministic-compat') },
  };
}
