// The physics engine for every world of this thread: rapier's cross-platform-deterministic
// build, initialised once per thread. The compiled WASM module can be shared between threads
// (rapierModule → loadRapier(module)): its machine code, including the optimised code V8
// compiles for hot functions while episodes run, is then compiled once for all of them.
// rapier's module is imported by the first loadRapier only: a command that simulates nothing
// (verify, report, validate, a refused input) never reads it. The build's copy of that module
// (dist/vendor/, scripts/vendor-engine.mjs) is imported when it matches the installed package: it
// reads the WebAssembly bytes from a file where the package decodes 4 MB of inlined base64 in
// JavaScript, in every thread (about 150 ms of CPU each).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type RAPIER from '@dimforge/rapier3d-deterministic-compat';

export type Rapier = typeof RAPIER;

/** A compiled WebAssembly module (opaque here: the project's lib settings carry no WebAssembly types). */
export type WasmModule = object;

interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(source: unknown, imports?: object): Promise<unknown>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let ready: Promise<Rapier> | undefined;
let compiled: WasmModule | undefined;
let loadedFrom: 'vendored' | 'package' | undefined;

const ENGINE_PACKAGE = '@dimforge/rapier3d-deterministic-compat';

/** Where this thread's engine module came from: the build's copy, the package, or not loaded yet. */
export function engineSource(): 'vendored' | 'package' | undefined {
  return loadedFrom;
}

/** The build's dist/vendor/, from dist/sim/physics.js or from the TypeScript source (tests). */
function vendorDir(): string {
  const here = fileURLToPath(import.meta.url);
  return join(dirname(here), '..', ...(here.endsWith('.ts') ? ['dist'] : []), 'vendor');
}

/** The installed engine package: its version and the size of its ES module; undefined if unreadable. */
function installedEngine(): { version: string; moduleBytes: number } | undefined {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve(ENGINE_PACKAGE));
    const { version } = JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    return { version, moduleBytes: statSync(join(dir, 'rapier.mjs')).size };
  } catch {
    return undefined;
  }
}

/** The build's copy of the engine: its module, its WebAssembly file and that file's recorded SHA-256. */
export interface EngineCopy {
  readonly module: string;
  readonly wasm: string;
  readonly sha256: string;
}

/**
 * The build's copy of the engine module in `dir`, when its manifest (written last, so a manifest
 * means a complete copy) says it was made from `installed` (same version, same module size) and its
 * WebAssembly file has the recorded size; else undefined, and the engine loads from the package.
 * The bytes themselves are checked against the recorded SHA-256 where they are compiled
 * (`checkedEngineBytes`).
 */
export function vendoredEngine(
  dir: string,
  installed: { version: string; moduleBytes: number } | undefined,
): EngineCopy | undefined {
  if (!installed) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'rapier.json'), 'utf8')) as Record<string, unknown>;
    const wasm = join(dir, 'rapier.wasm');
    const fresh =
      manifest.package === ENGINE_PACKAGE &&
      manifest.version === installed.version &&
      manifest.module_bytes === installed.moduleBytes &&
      typeof manifest.wasm_sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(manifest.wasm_sha256) &&
      manifest.wasm_bytes === statSync(wasm).size;
    return fresh
      ? { module: join(dir, 'rapier.mjs'), wasm, sha256: manifest.wasm_sha256 as string }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `bytes` when they are the copy's WebAssembly as its manifest records it. Bytes changed after the
 * build (a swapped or damaged file of the same size) would be another engine computing other
 * numbers under the same version: that is an error naming the file, never a quiet fallback.
 */
export function checkedEngineBytes<T extends Uint8Array>(bytes: T, copy: EngineCopy): T {
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== copy.sha256) {
    throw Object.assign(
      new Error(
        `${copy.wasm}: sha256 ${digest} is not the ${copy.sha256} its manifest records; the engine copy changed after the build (run npm run build)`,
      ),
      { code: 'SIMGATE_ENGINE_COPY' },
    );
  }
  return bytes;
}

/** This thread's answer of vendoredEngine for the build's copy and the installed package, looked up once. */
let copyLookup: { copy: EngineCopy | undefined } | undefined;
function engineCopy(): EngineCopy | undefined {
  copyLookup ??= { copy: vendoredEngine(vendorDir(), installedEngine()) };
  return copyLookup.copy;
}

/** The import namespace of rapier's WASM: how its instantiation is told from any other. */
const RAPIER_IMPORTS = './rapier_wasm3d_bg.js';

/**
 * The initialised engine. The first call in a thread instantiates the WASM: from `shared` when
 * given (a module another thread compiled), else from the bytes inlined in rapier; later calls
 * reuse it. The engine's numbers are the same either way (the same WASM code).
 */
export function loadRapier(shared?: WasmModule): Promise<Rapier> {
  ready ??= initRapier(shared);
  return ready;
}

/** The engine's WebAssembly compiled from the build's copy, when this thread compiled it alone. */
let compiling: Promise<WasmModule> | undefined;

/**
 * The compiled module for other threads. From the build's copy it is compiled from the copy's
 * bytes, and this thread starts no engine (a pool's main thread only hands the module on); else it
 * is the module this thread's engine runs, initialising it first.
 */
export async function rapierModule(): Promise<WasmModule> {
  if (!ready) {
    const vendored = engineCopy();
    if (vendored) {
      compiling ??= wasm.compile(checkedEngineBytes(readFileSync(vendored.wasm), vendored));
      return compiling;
    }
  }
  await loadRapier();
  if (!compiled) throw new Error('rapier initialised without a WASM module');
  return compiled;
}

async function initRapier(shared: WasmModule | undefined): Promise<Rapier> {
  shared ??= await compiling;
  // rapier's init() takes no module: it instantiates its inlined bytes. For the length of that
  // call, its instantiation (recognised by its import namespace) is given `shared`, or has its
  // compiled module kept; every other instantiation passes through untouched.
  const vendored = engineCopy();
  loadedFrom = vendored ? 'vendored' : 'package';
  const { default: rapier } = (await (vendored
    ? import(pathToFileURL(vendored.module).href)
    : import('@dimforge/rapier3d-deterministic-compat'))) as { default: Rapier };
  const instantiate = wasm.instantiate;
  // The engine instance's exports, for the direct contact reads (contactExportsOf).
  let engineExports: object | undefined;
  wasm.instantiate = async (source, imports) => {
    if (!imports || !(RAPIER_IMPORTS in imports)) return instantiate.call(wasm, source, imports);
    if (shared) {
      compiled = shared;
      const instance = (await instantiate.call(wasm, shared, imports)) as { exports: object };
      engineExports = instance.exports;
      return instance;
    }
    // The copy's bytes, as its glue read them from the file (an ArrayBuffer of exactly the file's
    // size); a shared module was checked where it was compiled.
    if (vendored) checkedEngineBytes(new Uint8Array(source as ArrayBuffer), vendored);
    const result = (await instantiate.call(wasm, source, imports)) as {
      module: WasmModule;
      instance: { exports: object };
    };
    compiled = result.module;
    engineExports = result.instance.exports;
    return result;
  };
  try {
    await rapier.init();
  } finally {
    wasm.instantiate = instantiate;
  }
  // The direct contact reads are checked against rapier's own calls for this release only
  // (test/sim/pick/contacts.test.ts); another release reads contacts through its JavaScript.
  contactExports =
    engineExports && rapier.version() === CONTACT_EXPORTS_CHECKED_FOR
      ? contactExportsOf(engineExports)
      : undefined;
  contactWorld = rapier.World;
  stillClock(rapier);
  return rapier;
}

/**
 * The functions of rapier's WebAssembly that read a contact pair's impulses, called directly by
 * the cell's per-step contact queries (`pairImpulse` in sim/pick/gantry.ts). They are the functions
 * rapier's own JavaScript calls for `NarrowPhase.contactPair`, with the same arguments; what its
 * JavaScript adds around them is a wrapper object and a finaliser registration for the pair and for
 * every manifold, which cost about 14 times the engine's own work (about 1 µs against 70 ns per
 * pair, docs/engine.md). Pointers are the engine's own: a pair and its manifolds are freed as
 * rapier's JavaScript frees them.
 */
export interface ContactExports {
  rawnarrowphase_contact_pair(narrowPhase: number, collider1: number, collider2: number): number;
  rawcontactpair_numContactManifolds(pair: number): number;
  rawcontactpair_contactManifold(pair: number, index: number): number;
  rawcontactmanifold_num_contacts(manifold: number): number;
  rawcontactmanifold_contact_impulse(manifold: number, index: number): number;
  __wbg_rawcontactpair_free(pair: number, flags: number): void;
  __wbg_rawcontactmanifold_free(manifold: number, flags: number): void;
}

/** Each function's name and the number of parameters it takes in the engine's WebAssembly. */
const CONTACT_EXPORTS: Readonly<Record<keyof ContactExports, number>> = {
  rawnarrowphase_contact_pair: 3,
  rawcontactpair_numContactManifolds: 1,
  rawcontactpair_contactManifold: 2,
  rawcontactmanifold_num_contacts: 1,
  rawcontactmanifold_contact_impulse: 2,
  __wbg_rawcontactpair_free: 2,
  __wbg_rawcontactmanifold_free: 2,
};

/** The rapier release whose contact functions `pairImpulse` was checked against (its tests). */
export const CONTACT_EXPORTS_CHECKED_FOR = '0.21.0';

/** This thread's engine's contact functions, when its WebAssembly has them all as expected. */
let contactExports: ContactExports | undefined;
/** The World class of the engine those functions belong to. */
let contactWorld: Rapier['World'] | undefined;

/**
 * The contact functions among a WebAssembly instance's exports, or undefined when any is missing
 * or takes another number of parameters (another rapier build): the cell then reads contacts
 * through rapier's JavaScript, more slowly, with the same numbers. They are used only with the
 * rapier release they were checked against (CONTACT_EXPORTS_CHECKED_FOR).
 */
export function contactExportsOf(exports: object): ContactExports | undefined {
  const found = exports as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const [name, params] of Object.entries(CONTACT_EXPORTS)) {
    const fn = found[name];
    if (typeof fn !== 'function' || fn.length !== params) return undefined;
    picked[name] = fn;
  }
  return picked as unknown as ContactExports;
}

/**
 * The contact functions for `world`: this thread's engine's (after loadRapier), if it has them and
 * `world` is one of its worlds. A world of another instance of rapier's module (a script or test
 * that initialised the package itself) lives in another WebAssembly memory, where these functions'
 * pointers mean nothing: it gets undefined, and is read through its own JavaScript.
 */
export function contactExportsFor(world: RAPIER.World): ContactExports | undefined {
  return contactWorld !== undefined && world instanceof contactWorld ? contactExports : undefined;
}

/**
 * The engine-side address of `world`'s narrow phase, which the contact functions take; undefined
 * when rapier's object does not carry it as expected or the world was freed.
 */
export function narrowPhaseAddress(world: RAPIER.World): number | undefined {
  const narrowPhase = world.narrowPhase as RAPIER.NarrowPhase | undefined;
  const address = (narrowPhase?.raw as unknown as { __wbg_ptr?: unknown } | undefined)?.__wbg_ptr;
  return typeof address === 'number' && Number.isInteger(address) && address > 0 ? address : undefined;
}

/**
 * rapier reads the clock about 36 times a step for its internal profiling timers, which nothing
 * here reads and nothing it computes depends on (the deterministic build's results cannot depend
 * on time). It fetches `globalThis.performance` once per instance, at its first step, and keeps
 * it. So this thread's first step is taken in a small world while that global is a clock that
 * always reads 0: every later step of the instance calls it instead of the real clock (a default
 * episode about 8% faster, docs/engine.md). The global is restored at once. Were `performance` not replaceable here, or
 * fetched earlier by another rapier version, nothing changes but the speed.
 */
function stillClock(rapier: Rapier): void {
  const real = Object.getOwnPropertyDescriptor(globalThis, 'performance');
  if (!real?.configurable) return;
  Object.defineProperty(globalThis, 'performance', {
    value: Object.freeze({ now: () => 0 }),
    configurable: true,
    writable: true,
  });
  try {
    const world = new rapier.World({ x: 0, y: 0, z: 0 });
    world.step();
    world.free();
  } finally {
    Object.defineProperty(globalThis, 'performance', real);
  }
}

/**
 * The step of `world`: rapier's physics pipeline, called the way `World.step()` calls it, without
 * two costs that buy these worlds nothing (both measured on default pick episodes, docs/engine.md):
 *
 * - the bookkeeping `World.step()` does after the pipeline (`mapNewSoftBodies`), which brings the
 *   world's JavaScript maps of bodies, colliders and joints up to date with ones the engine itself
 *   may have made or removed during the step (a soft body's fracture): it visits every body and
 *   collider handle through a WebAssembly-to-JavaScript callback and asks the engine about every
 *   mapped one, about 14% of an episode. The simulator's worlds have no soft bodies, and their
 *   bodies, colliders and joints are created and removed only through the API, which keeps the maps
 *   itself;
 * - the engine-side copy of the gravity vector that `PhysicsPipeline.step()` makes and frees on
 *   every call (two calls into WebAssembly and a finaliser registration, about 3% of a step): the
 *   stepper makes it once. The worlds' gravity never changes after they are built.
 *
 * The pipeline call and its arguments are the same, so the numbers are the same
 * (test/sim/physics.test.ts, the golden episodes). The stepper belongs to `world` and must not be
 * called after `world.free()`.
 */
export function worldStepper(rapier: Rapier, world: RAPIER.World): () => void {
  const gravity = rapier.VectorOps.intoRaw(world.gravity);
  const pipeline = world.physicsPipeline;
  const parameters = world.integrationParameters.raw;
  const islands = world.islands.raw;
  const broadPhase = world.broadPhase.raw;
  const narrowPhase = world.narrowPhase.raw;
  const bodies = world.bodies.raw;
  const colliders = world.colliders.raw;
  const softBodies = world.softBodies.raw;
  const impulseJoints = world.impulseJoints.raw;
  const multibodyJoints = world.multibodyJoints.raw;
  const ccdSolver = world.ccdSolver.raw;
  return () =>
    pipeline.raw.step(
      gravity,
      parameters,
      islands,
      broadPhase,
      narrowPhase,
      bodies,
      colliders,
      softBodies,
      impulseJoints,
      multibodyJoints,
      ccdSolver,
    );
}

/**
 * For a process that simulates only a few episodes (`simgate episode`, a replay, a small run): the
 * engine's WASM runs on V8's baseline compiler only. By default V8 recompiles the engine's hot
 * functions with its optimising compiler in background threads: about 1.5 s of CPU per process,
 * which the process also waits for at exit, and which pays back only after four or five default
 * episodes (the optimised engine steps about a third faster). WebAssembly's semantics do not depend
 * on the compiler, so every result and trace digest is the same (test/golden/compilers.test.ts).
 *
 * Call before the engine first loads; V8 reads the flag when it compiles, and it holds for the
 * whole process. A WASM compiler flag given to node itself (`node --no-liftoff …`) wins.
 */
export function baselineCompilerOnly(): void {
  if (process.execArgv.some((flag) => /^--(no-)?(liftoff|wasm-)/.test(flag))) return;
  setFlagsFromString('--liftoff-only');
}

/** Engine version, for provenance records. */
export function rapierVersion(rapier: Rapier): string {
  return rapier.version();
}
