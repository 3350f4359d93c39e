// Preloaded (`node --import`) into Stryker's processes. StrykerJS 9, the last line that runs on
// Node 20, drives TypeScript through its compiler API (tsconfig rewriting, the type checker);
// typescript@7, the native compiler the build uses, has no such API. Stryker's own imports of
// `typescript` therefore resolve to typescript@5 (the `typescript5` devDependency alias); the
// project itself still builds and type-checks with 7.
import { register } from 'node:module';

register('./typescript5-hooks.mjs', import.meta.url);
