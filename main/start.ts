// `npm start`: runs the desktop app in Electron when its binary is installed, and otherwise the same UI in
// the system Chromium (Debian's /usr/bin/chromium), saying which host runs. DESIGN §5.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemPorts } from '../src/app/index.js';
import { startChromiumDesktop } from './chromium/desktop.js';
import { CHROMIUM_PATH } from './chromium/host.js';
import { findElectronBinary } from './electron/detect.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rendererDir = join(root, 'dist', 'renderer');

function say(text: string): void {
  process.stderr.write(`breakglass: ${text}\n`);
}

async function main(): Promise<number> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    say(`the UI is not built (${rendererDir} is missing): run "npm run build" first.`);
    return 1;
  }
  const electron = process.env.BREAKGLASS_HOST === 'chromium' ? undefined : findElectronBinary();
  if (electron) {
    say(`starting the Electron shell (${electron}).`);
    const child = spawn(electron, [join(root, 'dist', 'main', 'electron', 'main.js')], { stdio: 'inherit' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  }
  if (!existsSync(CHROMIUM_PATH)) {
    say(`neither Electron nor the system Chromium is installed. Install Debian's chromium package (apt-get install chromium), or Electron with network access.`);
    return 1;
  }
  const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  say(
    'Electron is not installed on this machine (its binary cannot be downloaded here): starting the same UI in the ' +
      `system Chromium host (${CHROMIUM_PATH}), offline, with a temporary profile.`,
  );
  if (headless) say('there is no display ($DISPLAY is unset): Chromium runs headless. Use a desktop session (or xvfb-run) to see the window.');
  const desktop = await startChromiumDesktop({
    rendererDir,
    headless,
    say,
    ports: ({ onDrivesChanged, lockTriggers }) => systemPorts({ hostName: 'system Chromium host', onDrivesChanged, kdfProfiles: ['strong'], lockTriggers }),
  });
  const started = desktop.host;
  if (headless) {
    const shot = join(root, 'test-output', 'start.png');
    try {
      await mkdir(dirname(shot), { recursive: true });
      await started.page.waitForSelector('[data-testid="app-ready"]', { timeout: 15_000 }).catch(() => undefined);
      await started.page.screenshot({ path: shot });
    } catch (error) {
      await desktop.close();
      throw error;
    }
    say(`the app is running headless; a screenshot of its first screen is in ${shot}. Press Ctrl-C to quit.`);
  } else {
    say('the app window is open. Close it (or press Ctrl-C here) to quit; stores are locked on exit.');
  }
  return new Promise((resolve) => {
    const stop = (code: number) => () => {
      void desktop.close().then(() => resolve(code));
    };
    process.once('SIGINT', stop(0));
    process.once('SIGTERM', stop(0));
    started.context.on('close', () => {
      desktop.watch?.stop();
      resolve(0);
    });
    started.page.on('close', stop(0));
  });
}

process.exitCode = await main();
