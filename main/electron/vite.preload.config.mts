// Bundles the sandboxed preload (preload.cts) into dist/main/electron/preload.cjs: one CommonJS file that
// requires only 'electron', with API_METHODS inlined from src/app. DESIGN §2 (main/: "the bundled preload").
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** Bare and built-in imports stay imports (tree-shaking drops every one the preload does not use). */
const external = (id: string): boolean => builtins.has(id) || !/^(\.{1,2}\/|\/|[A-Za-z]:[\\/]|\0)/.test(id);

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/main/electron', import.meta.url)),
    // tsc has already written the rest of dist/main/electron.
    emptyOutDir: false,
    copyPublicDir: false,
    sourcemap: false,
    minify: false,
    target: 'chrome120',
    lib: {
      entry: fileURLToPath(new URL('./preload.cts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rolldownOptions: {
      external,
      // src/app/index.ts re-exports the whole application layer; only what the preload uses may survive.
      treeshake: { moduleSideEffects: false },
    },
  },
});
