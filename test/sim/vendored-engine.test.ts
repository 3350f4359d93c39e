// The build's copy of the physics engine module (dist/vendor/, scripts/vendor-engine.mjs): the
// package's own module but for one call, with the package's own WebAssembly bytes, giving the same
// numbers; used only while it matches the installed package, else the package loads as before.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkedEngineBytes,
  engineSource,
  loadRapier,
  type Rapier,
  vendoredEngine,
} from '../../sim/physics.js';
// @ts-expect-error — plain ESM script without type declarations
import { vendorEngine, writeVendoredEngine } from '../../scripts/vendor-engine.mjs';
import { repoRoot } from '../helpers/cli.js';

const packageDir = dirname(
  createRequire(join(repoRoot, 'package.json')).resolve('@dimforge/rapier3d-deterministic-compat'),
);
const packageModule = readFileSync(join(packageDir, 'rapier.mjs'), 'utf8');
const packageVersion: string = JSON.parse(
  readFileSync(join(packageDir, '..', 'package.json'), 'utf8'),
).version;
const vendorDir = join(repoRoot, 'dist', 'vendor');

describe('the build copy of the engine module', () => {
  it('is the package module with its one base64 decoder call replaced by a read of those same bytes', () => {
    const copy = readFileSync(join(vendorDir, 'rapier.mjs'), 'utf8');
    const wasm = readFileSync(join(vendorDir, 'rapier.wasm'));
    const read = '__simgateReadFile(new URL("./rapier.wasm", import.meta.url))';
    expect(copy.split(read)).toHaveLength(2);
    // Put the bytes back as the package has them: the whole text must be the package's again.
    const prefix = 'import { readFileSync as __simgateReadFile } from "node:fs";\n';
    expect(copy.startsWith(prefix)).toBe(true);
    const call = packageModule.match(/\b([A-Za-z_$][\w$]*)\.toByteArray\("/);
    expect(call).not.toBeNull();
    const restored = copy
      .slice(prefix.length)
      .replace(read, () => `${call![1]}.toByteArray("${wasm.toString('base64')}")`);
    expect(restored).toBe(packageModule.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    // The bytes are a WebAssembly module (magic and version 1).
    expect([...wasm.subarray(0, 8)]).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  });

  it('records the package it was made from', () => {
    const manifest = JSON.parse(readFileSync(join(vendorDir, 'rapier.json'), 'utf8'));
    expect(manifest).toMatchObject({
      package: '@dimforge/rapier3d-deterministic-compat',
      version: packageVersion,
      module_bytes: Buffer.byteLength(packageModule),
      wasm_bytes: readFileSync(join(vendorDir, 'rapier.wasm')).length,
    });
  });

  it('steps a world to the same bits as the package module, side by side', async () => {
    // Module instances of their own (the query): the instance a thread's loadRapier() imports must
    // take its first step under loadRapier's still clock, not here (test/sim/physics.test.ts).
    const load = async (url: string) => {
      const { default: r } = (await import(`${url}?side-by-side`)) as { default: Rapier };
      await r.init();
      return r;
    };
    const fromPackage = await load(pathToFileURL(join(packageDir, 'rapier.mjs')).href);
    const fromCopy = await load(pathToFileURL(join(vendorDir, 'rapier.mjs')).href);
    expect(fromCopy).not.toBe(fromPackage);
    // A pile of boxes dropped on a floor and pushed by a kinematic paddle, with ray casts.
    const simulate = (rapier: Rapier): number[] => {
      const world = new rapier.World({ x: 0, y: 0, z: -9.81 });
      world.createCollider(rapier.ColliderDesc.cuboid(2, 2, 0.1));
      const boxes = Array.from({ length: 12 }, (_, i) => {
        const body = world.createRigidBody(
          rapier.RigidBodyDesc.dynamic()
            .setTranslation((i % 3) * 0.07, Math.floor(i / 3) * 0.05, 0.3 + i * 0.06)
            .setCcdEnabled(true),
        );
        world.createCollider(rapier.ColliderDesc.cuboid(0.03, 0.02, 0.025).setFriction(0.6), body);
        return body;
      });
      const paddle = world.createRigidBody(
        rapier.RigidBodyDesc.kinematicPositionBased().setTranslation(-0.5, 0, 0.15),
      );
      world.createCollider(rapier.ColliderDesc.cuboid(0.02, 0.3, 0.05), paddle);
      const out: number[] = [];
      for (let step = 0; step < 600; step++) {
        paddle.setNextKinematicTranslation({ x: -0.5 + step * 0.0015, y: 0, z: 0.15 });
        world.step();
        if (step % 50 === 49) {
          const hit = world.castRay(
            new rapier.Ray({ x: 0.05, y: 0.05, z: 2 }, { x: 0, y: 0, z: -1 }),
            5,
            true,
          );
          out.push(hit ? hit.timeOfImpact : -1);
        }
      }
      for (const body of boxes) {
        const p = body.translation();
        const q = body.rotation();
        out.push(p.x, p.y, p.z, q.w, q.x, q.y, q.z);
      }
      world.free();
      return out;
    };
    const a = simulate(fromPackage);
    const b = simulate(fromCopy);
    // The paddle moved the pile: the world really did something.
    expect(Math.max(...a.slice(12).filter((_, i) => i % 7 === 0))).toBeGreaterThan(0.2);
    // Numbers compare with Object.is here: -0 is not 0.
    expect(b).toStrictEqual(a);
  });

  it('is what a thread loads when the build wrote it', async () => {
    await loadRapier();
    expect(engineSource()).toBe('vendored');
  });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('vendoredEngine (whether the copy may be used)', () => {
  const installed = { version: packageVersion, moduleBytes: Buffer.byteLength(packageModule) };
  const copyWith = (manifest: Record<string, unknown> | string, wasmBytes = 16) => {
    const dir = mkdtempSync(join(tmpdir(), 'simgate-vendor-'));
    writeFileSync(join(dir, 'rapier.mjs'), 'export default {};\n');
    writeFileSync(join(dir, 'rapier.wasm'), Buffer.alloc(wasmBytes));
    writeFileSync(
      join(dir, 'rapier.json'),
      typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
    );
    return dir;
  };
  const good = {
    package: '@dimforge/rapier3d-deterministic-compat',
    version: packageVersion,
    module_bytes: installed.moduleBytes,
    wasm_bytes: 16,
    wasm_sha256: sha256(Buffer.alloc(16)),
  };

  it('takes a complete copy made from the installed package', () => {
    const dir = copyWith(good);
    expect(vendoredEngine(dir, installed)).toEqual({
      module: join(dir, 'rapier.mjs'),
      wasm: join(dir, 'rapier.wasm'),
      sha256: good.wasm_sha256,
    });
  });

  it('refuses a copy of another release, another module, a cut WebAssembly file or a bad manifest', () => {
    expect(vendoredEngine(copyWith({ ...good, version: '0.0.1' }), installed)).toBeUndefined();
    expect(
      vendoredEngine(copyWith({ ...good, module_bytes: installed.moduleBytes - 1 }), installed),
    ).toBeUndefined();
    expect(vendoredEngine(copyWith(good, 15), installed)).toBeUndefined();
    expect(
      vendoredEngine(copyWith({ ...good, package: '@dimforge/rapier3d-compat' }), installed),
    ).toBeUndefined();
    expect(vendoredEngine(copyWith('{"version": '), installed)).toBeUndefined();
    const { wasm_sha256: _, ...withoutDigest } = good;
    expect(vendoredEngine(copyWith(withoutDigest), installed)).toBeUndefined();
    expect(vendoredEngine(copyWith({ ...good, wasm_sha256: 'abc' }), installed)).toBeUndefined();
    expect(vendoredEngine(copyWith(good), undefined)).toBeUndefined();
  });

  it('refuses a folder without a manifest (a build stopped before writing it)', () => {
    const dir = copyWith(good);
    const empty = join(dir, 'none');
    mkdirSync(empty);
    expect(vendoredEngine(empty, installed)).toBeUndefined();
  });
});

describe('vendorEngine (the build step)', () => {
  it('makes no copy of a module of another shape, and says why', () => {
    expect(vendorEngine('export default {};').reason).toMatch(/found 0/);
    const wasm = Buffer.from('\0asm\x01\0\0\0', 'latin1').toString('base64');
    expect(vendorEngine(`a.toByteArray("${wasm}");b.toByteArray("${wasm}")`).reason).toMatch(/found 2/);
    expect(vendorEngine(`a.toByteArray("${Buffer.from('not wasm').toString('base64')}")`).reason).toMatch(
      /not base64 of a WebAssembly module/,
    );
  });

  it('writes the copy, its bytes and its manifest', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'simgate-vendor-')), 'vendor');
    expect(writeVendoredEngine(repoRoot, out)).toMatch(
      /^engine vendored: @dimforge\/rapier3d-deterministic-compat /,
    );
    expect(
      vendoredEngine(out, { version: packageVersion, moduleBytes: Buffer.byteLength(packageModule) }),
    ).toMatchObject({ module: join(out, 'rapier.mjs') });
    expect(readFileSync(join(out, 'rapier.wasm')).equals(readFileSync(join(vendorDir, 'rapier.wasm')))).toBe(
      true,
    );
  });
});

describe('the copy changed after the build', () => {
  const installed = { version: packageVersion, moduleBytes: Buffer.byteLength(packageModule) };

  it('checkedEngineBytes passes the recorded bytes and refuses one changed byte, naming the file', () => {
    const copy = vendoredEngine(vendorDir, installed)!;
    const bytes = readFileSync(copy.wasm);
    expect(checkedEngineBytes(bytes, copy)).toBe(bytes);
    bytes[bytes.length - 10] ^= 1;
    expect(() => checkedEngineBytes(bytes, copy)).toThrow(
      new RegExp(
        `^${copy.wasm}: sha256 [0-9a-f]{64} is not the ${copy.sha256} its manifest records; .*npm run build`,
      ),
    );
  });

  it('a launch on a swapped WebAssembly file of the same size exits 3 naming it, and simulates nothing', () => {
    // A build of its own beside the repository's node_modules (so the package resolves as it does
    // for dist/), its copy's bytes changed after the build.
    const root = mkdtempSync(join(repoRoot, 'node_modules', '.simgate-swapped-'));
    try {
      for (const part of ['bin', 'dist'])
        cpSync(join(repoRoot, part), join(root, part), {
          recursive: true,
          filter: (f) => !f.endsWith('.map'),
        });
      const episode = ['episode', '--task', 'pick', '--policy', 'reference', '--seed', '7', '--json'];
      const launch = () =>
        spawnSync(process.execPath, [join(root, 'bin', 'simgate.js'), ...episode], {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, CI: 'true', FORCE_COLOR: '0' },
        });
      const intact = launch();
      expect(intact.status, intact.stderr).toBe(0);
      const wasm = join(root, 'dist', 'vendor', 'rapier.wasm');
      const bytes = readFileSync(wasm);
      bytes[bytes.length - 10] ^= 1;
      writeFileSync(wasm, bytes);
      const swapped = launch();
      expect(swapped.status).toBe(3);
      expect(swapped.stderr).toContain(`${wasm}: sha256 `);
      expect(swapped.stderr).toContain('its manifest records; the engine copy changed after the build');
      expect(swapped.stdout).toBe('');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
