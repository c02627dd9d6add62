// The Electron shell against fakes of electron (test/support/electron-fakes.ts; its binary cannot run
// here): the session and every webContents: no network, no permissions, no navigation, no new windows. DESIGN §3 invariants 4 and 7, §4.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, guardAllWebContents, hardenSession, hardenWebContents, isAllowedRequest } from '../../../main/electron/hardening.js';
import { WINDOW_PARTITION } from '../../../main/electron/shell.js';
import { asContents, asSession, navigation } from '../../support/electron-fakes.js';
import * as fakes from '../../support/electron-fakes.js';
import { electronSources, start } from '../../support/electron-shell-start.js';

describe('electron session hardening', () => {
  it('cancels every request that is not app://, in the window session and the default one', async () => {
    const { electron } = await start();
    for (const ses of [electron.session.partitions.get(WINDOW_PARTITION), electron.session.defaultSession]) {
      if (!ses) throw new Error('no window session');
      for (const url of [
        'https://example.com/',
        'http://127.0.0.1:8080/',
        'ws://localhost/',
        'wss://example.com/',
        'file:///etc/passwd',
        'ftp://example.com/',
        'app://evil/index.html',
        'devtools://devtools/bundled/inspector.html',
        'chrome-extension://abc/x.js',
      ]) {
        expect(ses.cancels(url), url).toBe(true);
      }
      expect(ses.cancels('app://breakglass/assets/app.js')).toBe(false);
    }
  });

  it('lets devtools:// through only when devtools are allowed', () => {
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', false)).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', true)).toBe(true);
    expect(isAllowedRequest('https://example.com/', true)).toBe(false);
  });

  it('denies every permission request and check, and device access', () => {
    const ses = new fakes.FakeSession('x');
    hardenSession(asSession(ses), { allowDevTools: false });
    for (const permission of ['media', 'notifications', 'openExternal', 'clipboard-read', 'clipboard-sanitized-write', 'geolocation', 'fullscreen', 'display-capture', 'unknown']) {
      const callback = vi.fn();
      ses.permissionRequest?.({}, permission, callback);
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
      expect(ses.permissionCheck?.({}, permission), permission).toBe(false);
    }
    expect(ses.devicePermission?.({ deviceType: 'usb' })).toBe(false);
  });

  it('turns the spellchecker off and refuses downloads', () => {
    const ses = new fakes.FakeSession('x');
    hardenSession(asSession(ses), { allowDevTools: false });
    expect(ses.spellChecker).toBe(false);
    const download = navigation('blob:app://breakglass/1');
    ses.emit('will-download', download);
    expect(download.preventDefault).toHaveBeenCalled();
  });
});

describe('electron webContents hardening', () => {
  it('prevents navigation and redirects away from app://breakglass, in the top frame and subframes', () => {
    const contents = new fakes.FakeWebContents();
    hardenWebContents(asContents(contents));
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://evil/', 'about:blank', 'javascript:alert(1)', 'data:text/html,hi']) {
        const details = navigation(url);
        contents.emit(event, details);
        expect(details.preventDefault, `${event} ${url}`).toHaveBeenCalled();
      }
      const inApp = navigation('app://breakglass/index.html#/accounts');
      contents.emit(event, inApp);
      expect(inApp.preventDefault, event).not.toHaveBeenCalled();
    }
  });

  it('denies every new window', () => {
    const contents = new fakes.FakeWebContents();
    hardenWebContents(asContents(contents));
    for (const url of ['https://example.com/', APP_ENTRY_URL, 'about:blank']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
  });

  it('never attaches a <webview>', () => {
    const contents = new fakes.FakeWebContents();
    hardenWebContents(asContents(contents));
    const attach = navigation('https://example.com/');
    contents.emit('will-attach-webview', attach, { nodeIntegration: true }, { src: 'https://example.com/' });
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('hardens every webContents the app creates, once', async () => {
    const { electron } = await start();
    const stranger = new fakes.FakeWebContents();
    electron.app.emit('web-contents-created', {}, stranger);
    electron.app.emit('web-contents-created', {}, stranger);
    expect(stranger.count('will-navigate')).toBe(1);
    expect(stranger.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const attach = navigation('https://example.com/');
    stranger.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('guardAllWebContents listens for web-contents-created', () => {
    const app = new fakes.Emitter();
    guardAllWebContents(app as unknown as Parameters<typeof guardAllWebContents>[0]);
    expect(app.count('web-contents-created')).toBe(1);
  });

  it('never opens anything outside the app: no shell.openExternal in the Electron sources', async () => {
    for (const name of await readdir(electronSources)) {
      if (!/\.c?ts$/.test(name)) continue;
      const text = await readFile(join(electronSources, name), 'utf8');
      expect(text, name).not.toMatch(/openExternal/);
      for (const [, names] of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'electron(?:\/main)?'/g)) {
        expect(names?.split(',').map((entry) => entry.trim()), name).not.toContain('shell');
      }
      expect(text, name).not.toMatch(/import\s+\*\s+as\s+\w+\s+from\s+'electron/);
    }
  });
});

// ---- single instance and app lifecycle -------------------------------------------------------------------
