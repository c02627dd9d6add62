// The Electron shell against fakes of electron (test/support/electron-fakes.ts; its binary cannot run
// here): the main window: sandboxed, isolated, content-protected, no devtools when packaged. DESIGN §3 invariants 4 and 7, §4.

import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../../main/electron/hardening.js';
import { WINDOW_PARTITION } from '../../../main/electron/shell.js';
import { createMainWindow, devToolsAllowed } from '../../../main/electron/window.js';
import { asSession, FakeBrowserWindow } from '../../support/electron-fakes.js';
import * as fakes from '../../support/electron-fakes.js';
import { start } from '../../support/electron-shell-start.js';


// ---- the window ---------------------------------------------------------------------------------------

describe('electron window', () => {
  it('is sandboxed, context-isolated, without Node, web security on and spellchecker off', async () => {
    const { win } = await start();
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
      preload: '/app/dist/main/electron/preload.cjs',
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.preload).toMatch(/preload\.cjs$/);
  });

  it('uses an in-memory partition session, not the default one', async () => {
    const { win, electron } = await start();
    expect(electron.session.fromPartition).toHaveBeenCalledWith(WINDOW_PARTITION, { cache: false });
    expect(WINDOW_PARTITION.startsWith('persist:')).toBe(false);
    expect(win.options.webPreferences.session).toBe(electron.session.partitions.get(WINDOW_PARTITION));
  });

  it('turns content protection on and loads the app:// entry, never file://', async () => {
    const { win } = await start();
    expect(win.contentProtection).toBe(true);
    expect(win.loadedUrl).toBe(APP_ENTRY_URL);
    expect(APP_ENTRY_URL).toBe('app://breakglass/index.html');
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('has devtools off in production, and on only when unpackaged with BREAKGLASS_DEV=1', async () => {
    expect(devToolsAllowed(true, { BREAKGLASS_DEV: '1' })).toBe(false);
    expect(devToolsAllowed(false, {})).toBe(false);
    expect(devToolsAllowed(false, { BREAKGLASS_DEV: 'true' })).toBe(false);
    expect(devToolsAllowed(false, { BREAKGLASS_DEV: '1' })).toBe(true);
    expect((await start({ isPackaged: true, env: { BREAKGLASS_DEV: '1' } })).win.options.webPreferences.devTools).toBe(false);
    expect((await start({ isPackaged: false })).win.options.webPreferences.devTools).toBe(false);
    expect((await start({ isPackaged: false, env: { BREAKGLASS_DEV: '1' } })).win.options.webPreferences.devTools).toBe(true);
  });

  it('keeps every hardening flag whatever the devtools setting', () => {
    for (const devTools of [false, true]) {
      const win = createMainWindow(fakes.FakeBrowserWindow as unknown as typeof BrowserWindow, {
        preload: '/p.cjs',
        session: asSession(new fakes.FakeSession('x')),
        devTools,
      }) as unknown as FakeBrowserWindow;
      expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false, devTools });
    }
  });

  it('hardens its own webContents when it is created', () => {
    const win = createMainWindow(fakes.FakeBrowserWindow as unknown as typeof BrowserWindow, {
      preload: '/p.cjs',
      session: asSession(new fakes.FakeSession('x')),
      devTools: false,
    }) as unknown as FakeBrowserWindow;
    expect(win.webContents.windowOpenHandler?.({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
    expect(win.webContents.count('will-navigate')).toBe(1);
  });

  it('has no View menu (no reload, no devtools), and keeps Edit on macOS for copy and paste', async () => {
    const linux = await start({ platform: 'linux' });
    expect(linux.electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    const mac = await start({ platform: 'darwin' });
    const template = mac.electron.Menu.buildFromTemplate.mock.calls[0]?.[0] as { role: string }[];
    expect(template.map((item) => item.role)).toEqual(['appMenu', 'editMenu', 'windowMenu']);
  });
});

// ---- the app:// scheme ---------------------------------------------------------------------------------
