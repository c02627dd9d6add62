// The entry module main/electron/main.ts against a mocked `electron` module (its binary cannot run here):
// it starts the shell with the real modules, the preload beside it and the app on system ports. DESIGN §4.

import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, createBreakglassApp, systemPorts } from '../../../src/app/index.js';
import { APP_SCHEME_PRIVILEGES } from '../../../main/electron/hardening.js';
import { watchSessionLock } from '../../../main/session-lock.js';
import { WINDOW_PARTITION } from '../../../main/electron/shell.js';
import type { FakeBrowserWindow } from '../../support/electron-fakes.js';
import { electronSources } from '../../support/electron-shell-start.js';

// Loaded inside vi.hoisted: the mocked module must exist before main.ts imports 'electron'.
const fakes = await vi.hoisted(async () => (await import('../../support/electron-fakes.js')).makeEntryModules());

vi.mock('electron', () => fakes.electron);
vi.mock('../../../src/app/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/app/index.js')>();
  return {
    ...actual,
    createBreakglassApp: vi.fn(() => fakes.api),
    systemPorts: vi.fn((options: unknown) => ({ fakePorts: options })),
  };
});
// main.ts hands the real D-Bus watcher to the shell on Linux; here it is a fake that spawns nothing.
vi.mock('../../../main/session-lock.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../main/session-lock.js')>();
  return { ...actual, watchSessionLock: vi.fn(() => ({ status: Promise.resolve([]), current: () => [], stop: vi.fn() })) };
});

describe('electron main.ts', () => {
  it('starts the shell with the real electron modules, the preload beside it and the app on system ports', async () => {
    const electron = fakes.electron;
    Object.defineProperty(process.versions, 'electron', { value: '41.7.1', configurable: true });
    try {
      const main = await import('../../../main/electron/main.js');
      const win = (await main.shell?.ready) as unknown as FakeBrowserWindow;
      expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_PRIVILEGES]);
      expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
      expect(win.options.webPreferences.preload).toBe(join(electronSources, 'preload.cjs'));
      expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
      expect(systemPorts).toHaveBeenCalledWith({ hostName: 'Electron 41.7.1', onDrivesChanged: expect.any(Function), kdfProfiles: ['strong'], lockTriggers: expect.any(Function) });
      // On Linux the shell watches D-Bus for suspend and screen lock (powerMonitor has no lock-screen there).
      if (process.platform === 'linux') expect(vi.mocked(watchSessionLock)).toHaveBeenCalledTimes(1);
      expect(createBreakglassApp).toHaveBeenCalledTimes(1);
      // the app's ports are the system ports plus the main process's own clipboard (not the renderer's)
      const ports = vi.mocked(createBreakglassApp).mock.calls[0]![0];
      expect(ports).toMatchObject({ fakePorts: { hostName: 'Electron 41.7.1' } });
      await ports.clipboard!.writeText('root password');
      expect(electron.clipboard.writeText).toHaveBeenCalledWith('root password', 'clipboard');
      expect(await ports.clipboard!.readText()).toBe('root password');
      expect(electron.clipboard.readText).toHaveBeenCalledWith('clipboard');
      await ports.clipboard!.writeText('');
      expect(electron.clipboard.text).toBe('');
      expect([...electron.ipcMain.handlers.keys()]).toHaveLength(API_METHODS.length);
      const served = await electron.session.partitions.get(WINDOW_PARTITION)?.protocolHandlers.get('app')?.(new Request('app://breakglass/../../package.json'));
      expect(served?.status).toBe(404);
    } finally {
      Reflect.deleteProperty(process.versions, 'electron');
    }
  });
});
