// `npm start`: runs the desktop app in Electron when its binary is installed, and otherwise the same UI in
// the system Chromium (Debian's /usr/bin/chromium), saying which host runs. DESIGN §5.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBreakglassApp, systemPorts } from '../src/app/index.js';
import { CHROMIUM_PATH, startChromiumHost } from './chromium/host.js';
import { findElectronBinary } from './electron/detect.js';
import { dbusLockTriggers, describeWatch, watchSessionLock, type BusWatchStatus } from './session-lock.js';

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
  // USB hot-plug (where the system has it) tells the UI to re-scan its drive list, once the page exists.
  const running: { host?: Awaited<ReturnType<typeof startChromiumHost>> } = {};
  const onDrivesChanged = (): void => void running.host?.page.evaluate("window.dispatchEvent(new Event('breakglass:drives-changed'))").catch(() => undefined);
  // What locks the stores besides the window's idle lock, for the Settings screen (known once D-Bus answers).
  const watched: { statuses?: readonly BusWatchStatus[] } = {};
  const lockTriggers = () => dbusLockTriggers(watched.statuses);
  const app = createBreakglassApp(systemPorts({ hostName: 'system Chromium host', onDrivesChanged, kdfProfiles: ['strong'], lockTriggers }));
  const started = await startChromiumHost({ app, rendererDir, headless });
  running.host = started;
  // Suspend and screen lock lock every store (D-Bus; the renderer's own idle lock runs in any case).
  const watch = watchSessionLock({
    onEvent: (event) =>
      void app
        .lockAll()
        .then(() => say(`locked every store: ${event === 'suspend' ? 'the machine is going to sleep' : 'the screen was locked'}.`))
        .then(() => started.page.evaluate("window.dispatchEvent(new Event('breakglass:locked'))"))
        .catch(() => undefined),
  });
  void watch.status.then((statuses) => {
    watched.statuses = statuses;
    say(describeWatch(statuses));
  });
  if (headless) {
    const shot = join(root, 'test-output', 'start.png');
    await mkdir(dirname(shot), { recursive: true });
    await started.page.waitForSelector('[data-testid="app-ready"]', { timeout: 15_000 }).catch(() => undefined);
    await started.page.screenshot({ path: shot });
    say(`the app is running headless; a screenshot of its first screen is in ${shot}. Press Ctrl-C to quit.`);
  } else {
    say('the app window is open. Close it (or press Ctrl-C here) to quit; stores are locked on exit.');
  }
  return new Promise((resolve) => {
    const stop = (code: number) => () => {
      watch.stop();
      void started.close().then(() => resolve(code));
    };
    process.once('SIGINT', stop(0));
    process.once('SIGTERM', stop(0));
    started.context.on('close', () => {
      watch.stop();
      resolve(0);
    });
    started.page.on('close', stop(0));
  });
}

process.exitCode = await main();
