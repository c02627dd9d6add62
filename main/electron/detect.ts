// Finds the Electron binary the way the `electron` package's index.js does (path.txt + dist/), without
// requiring that package, so `npm start` can fall back to the system-Chromium host when it is absent. DESIGN §5.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest directory above this module that holds a package.json (works from main/ and dist/main/). */
function defaultRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/**
 * The absolute path of the installed Electron executable, or undefined when the package or its binary is
 * missing (ELECTRON_SKIP_BINARY_DOWNLOAD, or no network at install time).
 *
 * `root` is the directory holding node_modules/ (the project root by default); `env` is consulted for
 * ELECTRON_OVERRIDE_DIST_PATH exactly as electron/index.js does.
 */
export function findElectronBinary(root: string = defaultRoot(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  const packageDir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(packageDir, 'package.json'))) return undefined;
  const pathFile = join(packageDir, 'path.txt');
  // path.txt names the executable inside dist/ ("electron", "electron.exe", "Electron.app/Contents/MacOS/Electron").
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, executable || 'electron') : executable ? join(packageDir, 'dist', executable) : undefined;
  if (!candidate) return undefined;
  try {
    return statSync(candidate).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}
