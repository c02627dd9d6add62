// The Electron main process entry (`electron dist/main/electron/main.js`): hands the real electron
// modules and the application API to the shell. Keep it thin; the shell and its parts are unit tested.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, ipcMain, Menu, powerMonitor, protocol, session } from 'electron';
import { createBreakglassApp, systemPorts } from '../../src/app/index.js';
import { electronClipboardPort } from './clipboard.js';
import { watchSessionLock } from '../session-lock.js';
import { startShell } from './shell.js';

const here = dirname(fileURLToPath(import.meta.url));

export const shell = startShell(
  { app, BrowserWindow, ipcMain, Menu, powerMonitor, protocol, session },
  {
    rendererDir: join(here, '..', '..', 'renderer'),
    preload: join(here, 'preload.cjs'),
    env: process.env,
    platform: process.platform,
    // The clipboard is the main process's own (electron's module), whatever xclip & co. systemPorts found.
    createApp: (onDrivesChanged, lockTriggers) =>
      createBreakglassApp({
        ...systemPorts({ hostName: `Electron ${process.versions.electron ?? ''}`.trim(), onDrivesChanged, kdfProfiles: ['strong'], lockTriggers }),
        clipboard: electronClipboardPort(clipboard),
      }),
    report: (text) => void process.stderr.write(`breakglass: ${text}\n`),
    sessionLock: watchSessionLock,
  },
);
