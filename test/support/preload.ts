// Builds the sandboxed preload with the real build step (package.json's `build` runs the same vite config)
// into a directory of the caller's, so preload tests never read a stale dist/. DESIGN §4 ("the preload bridge").

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

/** The vite config package.json's `build` bundles main/electron/preload.cts with. */
export const PRELOAD_CONFIG = 'main/electron/vite.preload.config.mts';

/** Bundles the preload into `outDir` and returns the path of the one file it wrote, `outDir/preload.cjs`. */
export function buildPreload(outDir: string): string {
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, PRELOAD_CONFIG), '--outDir', outDir], {
    cwd: root,
    stdio: 'pipe',
  });
  return join(outDir, 'preload.cjs');
}
