#!/usr/bin/env node
// Build step (`npm run build`, after tsc): writes dist/vendor/, a copy of the physics engine's
// module that loads its WebAssembly from a file instead of from a base64 string.
//
// rapier's compat package inlines its 3 MB of WebAssembly as 4 MB of base64 in its JavaScript and
// decodes it with a JavaScript decoder in every init(): every process and every worker thread
// that simulates parses the 4 MB string and decodes it, about 150 ms of CPU, before the engine
// can start (docs/engine.md, "Engine start"). The copy is the package's own module with exactly one
// change, the decoder call replaced by a read of the decoded bytes: the same glue, the same
// WebAssembly bytes, hence the same numbers (test/sim/vendored-engine.test.ts checks all three).
//
// Nothing here is required: when the package's module is not of the expected shape (another
// rapier release), this step writes no copy, says why, and the engine loads from the package as
// before. sim/physics.ts uses the copy only while its manifest matches the installed package.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ENGINE_PACKAGE = '@dimforge/rapier3d-deterministic-compat';

/** The one base64 decoder call in rapier's module: `<name>.toByteArray("<base64>")`. */
const INLINED_WASM = /\b[A-Za-z_$][\w$]*\.toByteArray\("([A-Za-z0-9+/]+={0,2})"\)/g;
/** The read of the decoded bytes that replaces it, and the import that read needs. */
const READ_WASM = '__simgateReadFile(new URL("./rapier.wasm", import.meta.url))';
const READ_IMPORT = 'import { readFileSync as __simgateReadFile } from "node:fs";\n';
const SOURCE_MAP = /\n\/\/# sourceMappingURL=\S+\s*$/;

/** The installed engine package: its version and the text of its ES module. */
export function enginePackage(fromDir) {
  const require = createRequire(join(fromDir, 'package.json'));
  const dir = dirname(require.resolve(ENGINE_PACKAGE));
  const moduleFile = join(dir, 'rapier.mjs');
  const manifest = JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8'));
  return { version: manifest.version, moduleFile, source: readFileSync(moduleFile, 'utf8') };
}

/**
 * The copy of `source` that reads its WebAssembly from ./rapier.wasm, and those bytes; or the
 * reason no copy can be made.
 */
export function vendorEngine(source) {
  const calls = [...source.matchAll(INLINED_WASM)];
  if (calls.length !== 1) {
    return {
      reason: `expected one inlined WebAssembly decoder call in the engine's module, found ${calls.length}`,
    };
  }
  const [call, base64] = calls[0];
  const wasm = Buffer.from(base64, 'base64');
  if (wasm.toString('base64') !== base64 || !wasm.subarray(0, 4).equals(Buffer.from('\0asm', 'latin1'))) {
    return { reason: 'the inlined string is not base64 of a WebAssembly module' };
  }
  const at = calls[0].index;
  const module =
    READ_IMPORT +
    (source.slice(0, at) + READ_WASM + source.slice(at + call.length)).replace(SOURCE_MAP, '\n');
  return { module, wasm };
}

/**
 * Writes the copy, its bytes and (last, so that a manifest means a complete copy) the manifest
 * sim/physics.ts checks against the installed package. Returns a line for the build log.
 */
export function writeVendoredEngine(root, outDir = join(root, 'dist', 'vendor')) {
  const engine = enginePackage(root);
  rmSync(outDir, { recursive: true, force: true });
  const copy = vendorEngine(engine.source);
  if (!copy.module) return `engine not vendored (${copy.reason}); it loads from ${ENGINE_PACKAGE} itself`;
  mkdirSync(outDir, { recursive: true });
  const write = (name, data) => {
    writeFileSync(join(outDir, `${name}.tmp`), data);
    renameSync(join(outDir, `${name}.tmp`), join(outDir, name));
  };
  write('rapier.wasm', copy.wasm);
  write('rapier.mjs', copy.module);
  write(
    'rapier.json',
    `${JSON.stringify(
      {
        package: ENGINE_PACKAGE,
        version: engine.version,
        module_bytes: statSync(engine.moduleFile).size,
        wasm_bytes: copy.wasm.length,
        wasm_sha256: createHash('sha256').update(copy.wasm).digest('hex'),
      },
      null,
      2,
    )}\n`,
  );
  return `engine vendored: ${ENGINE_PACKAGE} ${engine.version}, ${copy.wasm.length} bytes of WebAssembly in ${relative(root, outDir)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(writeVendoredEngine(resolve(dirname(fileURLToPath(import.meta.url)), '..')));
}
