// Component versions in provenance and cache keys come from the installed packages, including a
// package whose `exports` map hides its package.json (rapier).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { componentVersions, versionOf } from '../../../harness/common/version.js';
import { repoRoot } from '../../helpers/cli.js';

const installed = (pkg: string) =>
  (
    JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

describe('component versions', () => {
  it('reads rapier and onnxruntime from their package.json', () => {
    const v = componentVersions();
    expect(v.rapier).toBe(installed('@dimforge/rapier3d-deterministic-compat'));
    expect(v.onnxruntime).toBe(installed('onnxruntime-node'));
    expect(v.rapier).toMatch(/^\d+\.\d+\.\d+/);
  });
  it('says unknown for a package that is not installed', () => {
    expect(versionOf('simgate-no-such-package')).toBe('unknown');
  });
});
