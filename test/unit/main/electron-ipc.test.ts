// The Electron shell against fakes of electron (test/support/electron-fakes.ts; its binary cannot run
// here): the IPC bridge: one channel per API method, only the app's own top frame may call. DESIGN §3 invariants 4 and 7, §4.

import type { IpcMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../../src/app/index.js';
import { APP_ENTRY_URL } from '../../../main/electron/hardening.js';
import { channelFor, FOREIGN_FRAME_RESULT, isTrustedSender, registerIpc, WINDOW_EVENTS } from '../../../main/electron/ipc.js';
import { asWindow, FakeBrowserWindow } from '../../support/electron-fakes.js';
import * as fakes from '../../support/electron-fakes.js';
import { start } from '../../support/electron-shell-start.js';

describe('electron IPC', () => {
  function trustedEvent(win: FakeBrowserWindow) {
    return { sender: win.webContents, senderFrame: win.webContents.mainFrame };
  }

  it('has exactly one channel per API method, breakglass:<method>', async () => {
    const { electron } = await start();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((method) => `breakglass:${method}`).sort());
    expect(channelFor('getStatus')).toBe('breakglass:getStatus');
  });

  it('answers the app window top frame through the dispatcher', async () => {
    const ipcMain = new fakes.FakeIpcMain();
    const win = new fakes.FakeBrowserWindow({ webPreferences: {} });
    const dispatch = vi.fn(async (method: string, args: readonly unknown[]) => ({ ok: true as const, value: { method, args } }));
    registerIpc(ipcMain as unknown as IpcMain, () => asWindow(win), dispatch);
    const result = await ipcMain.handlers.get('breakglass:getAccount')?.(trustedEvent(win), { accountId: '123456789012' });
    expect(result).toEqual({ ok: true, value: { method: 'getAccount', args: [{ accountId: '123456789012' }] } });
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('getAccount', [{ accountId: '123456789012' }]);
  });

  it('refuses a foreign frame, another webContents, another origin, a closed window, and no frame', async () => {
    const ipcMain = new fakes.FakeIpcMain();
    const win = new fakes.FakeBrowserWindow({ webPreferences: {} });
    const dispatch = vi.fn();
    let current: FakeBrowserWindow | undefined = win;
    registerIpc(ipcMain as unknown as IpcMain, () => (current ? asWindow(current) : undefined), dispatch);
    const handler = ipcMain.handlers.get('breakglass:lockAll');
    const other = new fakes.FakeWebContents();
    const iframe = new fakes.FakeFrame('app://breakglass/index.html');
    const cases = [
      { sender: win.webContents, senderFrame: iframe },
      { sender: other, senderFrame: other.mainFrame },
      { sender: win.webContents, senderFrame: null },
    ];
    for (const event of cases) expect(await handler?.(event)).toEqual(FOREIGN_FRAME_RESULT);
    win.webContents.mainFrame.url = 'https://evil.example/';
    expect(await handler?.(trustedEvent(win))).toEqual(FOREIGN_FRAME_RESULT);
    win.webContents.mainFrame.url = APP_ENTRY_URL;
    win.destroyed = true;
    expect(await handler?.(trustedEvent(win))).toEqual(FOREIGN_FRAME_RESULT);
    current = undefined;
    expect(await handler?.(trustedEvent(win))).toEqual(FOREIGN_FRAME_RESULT);
    expect(dispatch).not.toHaveBeenCalled();
    expect(FOREIGN_FRAME_RESULT).toMatchObject({ ok: false, error: { code: 'FOREIGN_FRAME' } });
  });

  it('isTrustedSender needs the very top frame object of the window', () => {
    const win = new fakes.FakeBrowserWindow({ webPreferences: {} });
    const lookalike = new fakes.FakeFrame(win.webContents.mainFrame.url);
    type SenderEvent = Parameters<typeof isTrustedSender>[0];
    expect(isTrustedSender({ sender: win.webContents, senderFrame: win.webContents.mainFrame } as unknown as SenderEvent, asWindow(win))).toBe(true);
    expect(isTrustedSender({ sender: win.webContents, senderFrame: lookalike } as unknown as SenderEvent, asWindow(win))).toBe(false);
  });

  it('turns a throwing dispatcher into an INTERNAL result, never a rejection', async () => {
    const ipcMain = new fakes.FakeIpcMain();
    const win = new fakes.FakeBrowserWindow({ webPreferences: {} });
    registerIpc(ipcMain as unknown as IpcMain, () => asWindow(win), () => Promise.reject(new Error('/secret/path stack')));
    const result = await ipcMain.handlers.get('breakglass:getStatus')?.(trustedEvent(win));
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('/secret/path');
  });

  it('removes every handler when unregistered', () => {
    const ipcMain = new fakes.FakeIpcMain();
    const unregister = registerIpc(ipcMain as unknown as IpcMain, () => undefined, vi.fn());
    expect(ipcMain.handlers.size).toBe(API_METHODS.length);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('reaches the app through the shared dispatcher, which validates the payload', async () => {
    const { electron, api, win } = await start();
    const lockAll = electron.ipcMain.handlers.get('breakglass:lockAll');
    expect(await lockAll?.(trustedEvent(win))).toEqual({ ok: true, value: undefined });
    expect(api.lockAll).toHaveBeenCalledTimes(1);
    const bad = await electron.ipcMain.handlers.get('breakglass:getAccount')?.(trustedEvent(win), { accountId: 42, extra: true });
    expect(bad).toMatchObject({ ok: false });
  });

  it('tells the window when drives change (USB hot-plug)', async () => {
    const { onDrivesChanged, win } = await start();
    onDrivesChanged();
    expect(win.webContents.sent).toEqual([WINDOW_EVENTS.drivesChanged]);
    win.destroyed = true;
    expect(() => onDrivesChanged()).not.toThrow();
  });
});

// ---- the entry module, with the mocked electron module --------------------------------------------------
