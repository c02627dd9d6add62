// Starts the Electron shell on fresh fakes (test/support/electron-fakes.ts) with a fake app API, and
// hands back what the tests look at: the window, the lock triggers, the drive callback, the reports.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LockTrigger } from '../../src/app/index.js';
import { startShell, type ElectronModules, type ShellOptions } from '../../main/electron/shell.js';
import { fakeApi, makeElectron, type FakeBrowserWindow, type FakeElectron } from './electron-fakes.js';

/** main/electron, where the built preload sits beside main.ts. */
export const electronSources = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'main', 'electron');

export interface Started {
  electron: FakeElectron;
  api: ReturnType<typeof fakeApi>;
  onDrivesChanged: () => void;
  lockTriggers: () => readonly LockTrigger[];
  reports: string[];
  shell: NonNullable<ReturnType<typeof startShell>>;
  win: FakeBrowserWindow;
}

export async function start(
  overrides: { isPackaged?: boolean; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; sessionLock?: ShellOptions['sessionLock'] } = {},
): Promise<Started> {
  const electron = makeElectron();
  electron.app.isPackaged = overrides.isPackaged ?? true;
  const api = fakeApi();
  let onDrivesChanged: (() => void) | undefined;
  let lockTriggers: (() => readonly LockTrigger[]) | undefined;
  const reports: string[] = [];
  const options: ShellOptions = {
    rendererDir: '/nonexistent/renderer',
    preload: '/app/dist/main/electron/preload.cjs',
    env: overrides.env ?? {},
    platform: overrides.platform ?? 'linux',
    createApp: (callback, triggers) => {
      onDrivesChanged = callback;
      lockTriggers = triggers;
      return api;
    },
    report: (text) => reports.push(text),
    ...(overrides.sessionLock ? { sessionLock: overrides.sessionLock } : {}),
  };
  const shell = startShell(electron as unknown as ElectronModules, options);
  if (!shell || !onDrivesChanged || !lockTriggers) throw new Error('the shell did not start');
  const win = (await shell.ready) as unknown as FakeBrowserWindow;
  return { electron, api, onDrivesChanged, lockTriggers, reports, shell, win };
}
