// The physics engine for every world of this thread: rapier's cross-platform-deterministic
// build, initialised once per thread (init decodes and compiles the WASM on every call).
import RAPIER from '@dimforge/rapier3d-deterministic-compat';

export type Rapier = typeof RAPIER;

let ready: Promise<Rapier> | undefined;

/** The initialised engine; the first call in a thread compiles the WASM, later calls reuse it. */
export function loadRapier(): Promise<Rapier> {
  ready ??= RAPIER.init().then(() => RAPIER);
  return ready;
}

/** Engine version, for provenance records. */
export function rapierVersion(rapier: Rapier): string {
  return rapier.version();
}
