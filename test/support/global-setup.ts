// Builds dist/ before the tests when any TypeScript source is newer than the build, so tests that spawn
// the real `breakglass` executable (dist/src/cli/main.js) never run a stale build.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  // For iterating on unit tests that spawn nothing; tests of the built executable need the build.
  if (process.env.BREAKGLASS_SKIP_BUILD === '1') return;
  const marker = join(root, 'dist/src/cli/main.js');
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'test')));
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
    stdio: 'inherit',
  });
}
