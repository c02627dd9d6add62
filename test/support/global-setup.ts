// Builds dist/ (core, CLI, desktop hosts, preload and the renderer) before the tests when any source is
// newer than the build, so tests that spawn `breakglass` or load the UI never run a stale build.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const SOURCE = /\.(ts|tsx|cts|mts|css|html)$/;

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (SOURCE.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function oldest(paths: readonly string[]): number {
  return Math.min(...paths.map((path) => (existsSync(path) ? statSync(path).mtimeMs : 0)));
}

export default function setup(): void {
  // For iterating on unit tests that spawn nothing; tests of the built executable need the build.
  if (process.env.BREAKGLASS_SKIP_BUILD === '1') return;
  const built = oldest([join(root, 'dist/src/cli/main.js'), join(root, 'dist/main/start.js'), join(root, 'dist/renderer/index.html')]);
  const sources = Math.max(...['src', 'test', 'main', 'renderer'].map((dir) => newestMtime(join(root, dir))));
  if (built >= sources) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
