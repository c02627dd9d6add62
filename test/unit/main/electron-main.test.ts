// The Electron shell's hardening, against a mocked `electron` (its binary cannot run here): every
// window, session, navigation, permission, IPC and auto-lock rule. DESIGN §3 invariants 4 and 7, §4.

import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow, IpcMain, PowerMonitor, Session, WebContents } from 'electron';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, createBreakglassApp, systemPorts, type BreakglassApi } from '../../../src/app/index.js';
import { CONTENT_SECURITY_POLICY as CHROMIUM_CSP } from '../../../main/chromium/host.js';
import { DEFAULT_IDLE_LOCK_MINUTES, idleLockMinutes, installAutoLock, lockBeforeQuit, type LockReason } from '../../../main/electron/auto-lock.js';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  guardAllWebContents,
  hardenSession,
  hardenWebContents,
  isAllowedRequest,
  isAppUrl,
  serveRendererFile,
} from '../../../main/electron/hardening.js';
import { channelFor, FOREIGN_FRAME_RESULT, isTrustedSender, registerIpc, WINDOW_EVENTS } from '../../../main/electron/ipc.js';
import { watchSessionLock, type BusWatchStatus, type SessionLockEvent } from '../../../main/session-lock.js';
import type { LockTrigger } from '../../../src/app/index.js';
import { startShell, WINDOW_PARTITION, type ElectronModules, type ShellOptions } from '../../../main/electron/shell.js';
import { createMainWindow, devToolsAllowed } from '../../../main/electron/window.js';

// ---- fakes of the electron main-process objects the shell touches --------------------------------------

const fakes = vi.hoisted(() => {
  type Listener = (...args: never[]) => unknown;
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(name: string, fn: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
      return this;
    }
    once(name: string, fn: Listener): this {
      const wrapped = (...args: never[]): unknown => {
        this.removeListener(name, wrapped);
        return fn(...args);
      };
      return this.on(name, wrapped);
    }
    removeListener(name: string, fn: Listener): this {
      this.listeners.set(
        name,
        (this.listeners.get(name) ?? []).filter((entry) => entry !== fn),
      );
      return this;
    }
    emit(name: string, ...args: unknown[]): boolean {
      const list = [...(this.listeners.get(name) ?? [])];
      for (const fn of list) (fn as (...a: unknown[]) => unknown)(...args);
      return list.length > 0;
    }
    count(name: string): number {
      return this.listeners.get(name)?.length ?? 0;
    }
  }
  class FakeFrame {
    constructor(public url: string) {}
  }
  class FakeWebContents extends Emitter {
    mainFrame = new FakeFrame('app://breakglass/index.html');
    windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
    readonly sent: string[] = [];
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler;
    }
    send(channel: string): void {
      this.sent.push(channel);
    }
  }
  class FakeBrowserWindow extends Emitter {
    static readonly instances: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    contentProtection = false;
    loadedUrl: string | undefined;
    destroyed = false;
    visible = false;
    focused = false;
    minimized = false;
    constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
      super();
      FakeBrowserWindow.instances.push(this);
    }
    setContentProtection(enable: boolean): void {
      this.contentProtection = enable;
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    restore(): void {
      this.minimized = false;
    }
    show(): void {
      this.visible = true;
    }
    focus(): void {
      this.focused = true;
    }
  }
  type BeforeRequest = (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void;
  class FakeSession extends Emitter {
    beforeRequest: BeforeRequest | undefined;
    permissionRequest: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    permissionCheck: ((contents: unknown, permission: string) => boolean) | undefined;
    devicePermission: ((details: unknown) => boolean) | undefined;
    spellChecker = true;
    readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
    readonly webRequest = {
      onBeforeRequest: (listener: BeforeRequest): void => {
        this.beforeRequest = listener;
      },
    };
    readonly protocol = {
      handle: (scheme: string, handler: (request: Request) => Promise<Response>): void => {
        this.protocolHandlers.set(scheme, handler);
      },
    };
    constructor(readonly partition: string) {
      super();
    }
    setPermissionRequestHandler(handler: FakeSession['permissionRequest']): void {
      this.permissionRequest = handler;
    }
    setPermissionCheckHandler(handler: FakeSession['permissionCheck']): void {
      this.permissionCheck = handler;
    }
    setDevicePermissionHandler(handler: FakeSession['devicePermission']): void {
      this.devicePermission = handler;
    }
    setSpellCheckerEnabled(enable: boolean): void {
      this.spellChecker = enable;
    }
    /** What the session answers for a request leaving the renderer. */
    cancels(url: string): boolean {
      let answer: boolean | undefined;
      this.beforeRequest?.({ url }, (response) => {
        answer = response.cancel;
      });
      if (answer === undefined) throw new Error('no onBeforeRequest listener answered');
      return answer;
    }
  }
  class FakeIpcMain {
    readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
    handle(channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>): void {
      if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      this.handlers.set(channel, handler);
    }
    removeHandler(channel: string): void {
      this.handlers.delete(channel);
    }
  }
  const calls: string[] = [];
  function makeElectron() {
    const app = Object.assign(new Emitter(), {
      isPackaged: true,
      singleInstance: true,
      readyNow: Promise.resolve(),
      quit: vi.fn(() => calls.push('app.quit')),
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: vi.fn((): boolean => app.singleInstance),
      whenReady: vi.fn(() => {
        calls.push('app.whenReady');
        return app.readyNow;
      }),
    });
    const partitions = new Map<string, FakeSession>();
    const session = {
      defaultSession: new FakeSession('default'),
      fromPartition: vi.fn((partition: string, options?: { cache: boolean }) => {
        const ses = partitions.get(partition) ?? new FakeSession(partition);
        Object.assign(ses, { cacheOption: options?.cache });
        partitions.set(partition, ses);
        return ses;
      }),
      partitions,
    };
    let idleSeconds = 0;
    const powerMonitor = Object.assign(new Emitter(), {
      getSystemIdleTime: vi.fn(() => idleSeconds),
      setIdle(seconds: number) {
        idleSeconds = seconds;
      },
    });
    const protocol = { registerSchemesAsPrivileged: vi.fn(() => calls.push('protocol.registerSchemesAsPrivileged')) };
    const Menu = {
      setApplicationMenu: vi.fn(),
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
    };
    return { app, BrowserWindow: FakeBrowserWindow, ipcMain: new FakeIpcMain(), Menu, powerMonitor, protocol, session };
  }
  // electron's main-process clipboard (synchronous), for main.ts's clipboard port
  const clipboard = {
    text: '',
    writeText: vi.fn((text: string, _type?: string) => {
      clipboard.text = text;
    }),
    readText: vi.fn((_type?: string) => clipboard.text),
  };
  const electron = { ...makeElectron(), clipboard };
  const api = { lockAll: vi.fn(async () => undefined) };
  return { Emitter, FakeFrame, FakeWebContents, FakeBrowserWindow, FakeSession, FakeIpcMain, makeElectron, electron, api, calls };
});

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

type FakeElectron = ReturnType<typeof fakes.makeElectron>;
type FakeWindow = InstanceType<typeof fakes.FakeBrowserWindow>;
type FakeWebContents = InstanceType<typeof fakes.FakeWebContents>;
type FakeSession = InstanceType<typeof fakes.FakeSession>;

const asSession = (ses: FakeSession): Session => ses as unknown as Session;
const asContents = (contents: FakeWebContents): WebContents => contents as unknown as WebContents;
const asWindow = (win: FakeWindow): BrowserWindow => win as unknown as BrowserWindow;

function navigation(url: string) {
  return { url, preventDefault: vi.fn() };
}

function fakeApi(): BreakglassApi & { lockAll: ReturnType<typeof vi.fn> } {
  return { lockAll: vi.fn(async () => undefined) } as unknown as BreakglassApi & { lockAll: ReturnType<typeof vi.fn> };
}

interface Started {
  electron: FakeElectron;
  api: ReturnType<typeof fakeApi>;
  onDrivesChanged: () => void;
  lockTriggers: () => readonly LockTrigger[];
  reports: string[];
  shell: NonNullable<ReturnType<typeof startShell>>;
  win: FakeWindow;
}

async function start(
  overrides: { isPackaged?: boolean; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; sessionLock?: ShellOptions['sessionLock'] } = {},
): Promise<Started> {
  const electron = fakes.makeElectron();
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
  const win = (await shell.ready) as unknown as FakeWindow;
  return { electron, api, onDrivesChanged, lockTriggers, reports, shell, win };
}

const here = dirname(fileURLToPath(import.meta.url));
const electronSources = join(here, '..', '..', '..', 'main', 'electron');

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
      }) as unknown as FakeWindow;
      expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false, devTools });
    }
  });

  it('hardens its own webContents when it is created', () => {
    const win = createMainWindow(fakes.FakeBrowserWindow as unknown as typeof BrowserWindow, {
      preload: '/p.cjs',
      session: asSession(new fakes.FakeSession('x')),
      devTools: false,
    }) as unknown as FakeWindow;
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

describe('electron app:// scheme', () => {
  let rendererDir: string;
  let outside: string;
  beforeAll(async () => {
    outside = await mkdtemp(join(tmpdir(), 'bg-electron-outside-'));
    await writeFile(join(outside, 'secret.txt'), 'outside the renderer');
    rendererDir = await mkdtemp(join(tmpdir(), 'bg-electron-renderer-'));
    await mkdir(join(rendererDir, 'assets'));
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Breakglass</title>');
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'export {};');
    await writeFile(join(rendererDir, 'assets', 'style.css'), 'body{}');
    await symlink(join(outside, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
  });
  afterAll(async () => {
    await rm(rendererDir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  const get = (url: string, method = 'GET') => serveRendererFile(rendererDir, { url, method });

  it('is registered as privileged before the app is ready: standard, secure, fetch, and nothing more', async () => {
    fakes.calls.length = 0;
    await start();
    expect(fakes.calls.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(fakes.calls.indexOf('app.whenReady'));
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, allowServiceWorkers: false, corsEnabled: false, stream: false, codeCache: false },
    });
  });

  it('is served in the window session from the renderer directory', async () => {
    const { electron } = await start();
    const ses = electron.session.partitions.get(WINDOW_PARTITION);
    expect([...(ses?.protocolHandlers.keys() ?? [])]).toEqual(['app']);
    const response = await ses?.protocolHandlers.get('app')?.(new Request('app://breakglass/index.html'));
    expect(response?.status).toBe(404); // the started shell serves /nonexistent/renderer
    expect(response?.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves index.html for / and each file with its type and the strict CSP header', async () => {
    for (const [url, type] of [
      ['app://breakglass/', 'text/html; charset=utf-8'],
      ['app://breakglass/index.html', 'text/html; charset=utf-8'],
      ['app://breakglass/assets/app.js', 'text/javascript; charset=utf-8'],
      ['app://breakglass/assets/style.css', 'text/css; charset=utf-8'],
    ] as const) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await get('app://breakglass/index.html')).text()).toContain('<title>Breakglass</title>');
  });

  it('uses the same CSP as the system-Chromium host', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(CHROMIUM_CSP);
  });

  it('refuses path traversal however it is spelled, and symbolic links out of the renderer', async () => {
    for (const url of [
      'app://breakglass/../secret.txt',
      'app://breakglass/%2e%2e/%2e%2e/etc/passwd',
      'app://breakglass/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      'app://breakglass/assets/..%5C..%5Cetc%5Cpasswd',
      `app://breakglass/${encodeURIComponent(join(outside, 'secret.txt'))}`,
      'app://breakglass//etc/passwd',
      'app://breakglass/index.html%00.js',
      'app://breakglass/assets/link.txt',
      'app://breakglass/assets/',
      'app://breakglass/%E0%A4%A',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('outside the renderer');
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers only GET on its own host', async () => {
    expect((await get('app://breakglass/index.html', 'POST')).status).toBe(405);
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('app://breakglass:8080/index.html')).status).toBe(404);
    expect((await get('app://user:pw@breakglass/index.html')).status).toBe(404);
  });

  it('recognises only app://breakglass as the app origin', () => {
    expect(isAppUrl('app://breakglass/index.html')).toBe(true);
    expect(isAppUrl('app://breakglass/#/accounts')).toBe(true);
    for (const url of ['app://breakglass.evil/', 'app://evil/', 'https://breakglass/', 'file:///index.html', 'about:blank', 'not a url', 'javascript:alert(1)']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

// ---- sessions and webContents ---------------------------------------------------------------------------

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

describe('electron single instance', () => {
  it('quits a second instance before it creates anything', () => {
    const electron = fakes.makeElectron();
    electron.app.singleInstance = false;
    const createApp = vi.fn();
    const reports: string[] = [];
    const shell = startShell(electron as unknown as ElectronModules, {
      rendererDir: '/r',
      preload: '/p.cjs',
      env: {},
      platform: 'linux',
      createApp,
      report: (text) => reports.push(text),
    });
    expect(shell).toBeUndefined();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(createApp).not.toHaveBeenCalled();
    expect(reports.join('\n')).toMatch(/already running/);
  });

  it('focuses (and restores) the first instance window when a second one starts', async () => {
    const { electron, win } = await start();
    win.minimized = true;
    electron.app.emit('second-instance', {}, [], '/');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
    expect(win.visible).toBe(true);
  });

  it('forces the sandbox on for every renderer', async () => {
    const { electron } = await start();
    expect(electron.app.enableSandbox).toHaveBeenCalled();
  });
});

// ---- auto-lock ------------------------------------------------------------------------------------------

describe('electron auto-lock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('locks every store on suspend and on screen lock, and tells the window', async () => {
    const { electron, api, win } = await start();
    electron.powerMonitor.emit('suspend');
    await vi.waitFor(() => expect(api.lockAll).toHaveBeenCalledTimes(1));
    electron.powerMonitor.emit('lock-screen');
    await vi.waitFor(() => expect(api.lockAll).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(win.webContents.sent.filter((c) => c === WINDOW_EVENTS.locked)).toHaveLength(2));
  });

  it('says so when the lock could not be recorded in the audit log, and still tells the window', async () => {
    const { electron, api, win, reports } = await start();
    api.lockAll.mockImplementationOnce(async () => {
      throw new Error('Cannot append to the audit log: the disk holding /v/audit-log.jsonl is full. Free space and retry.');
    });
    electron.powerMonitor.emit('suspend');
    await vi.waitFor(() => expect(win.webContents.sent).toContain(WINDOW_EVENTS.locked));
    expect(reports).toContain('every store is locked, but the audit log could not record it: Cannot append to the audit log: the disk holding /v/audit-log.jsonl is full. Free space and retry.');
  });

  it('on Linux also locks on the D-Bus suspend and screen-lock signals, waits for the lock before sleep, says what it watches, and stops on quit', async () => {
    let statuses: BusWatchStatus[] = [
      { bus: 'system', active: true, sleepDelay: { active: true } },
      { bus: 'session', active: false, reason: 'no desktop session bus' },
    ];
    const watchers: { onEvent: (event: SessionLockEvent) => void | Promise<void>; onChange?: (s: readonly BusWatchStatus[]) => void; stopped: boolean }[] = [];
    const sessionLock: ShellOptions['sessionLock'] = ({ onEvent, onChange }) => {
      const watcher = { onEvent, ...(onChange ? { onChange } : {}), stopped: false };
      watchers.push(watcher);
      return { status: Promise.resolve(statuses), current: () => statuses, stop: () => (watcher.stopped = true) };
    };
    const { api, reports, win, electron, lockTriggers } = await start({ sessionLock });
    expect(watchers).toHaveLength(1);
    // The watcher lets logind's sleep go once this promise settles: it must settle after the lock, not before.
    let finishLock: () => void = () => undefined;
    api.lockAll.mockImplementationOnce(() => new Promise<void>((resolve) => (finishLock = resolve)));
    let settled = false;
    const locking = Promise.resolve(watchers[0]!.onEvent('suspend')).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(settled).toBe(false);
    finishLock();
    await locking;
    await vi.waitFor(() => expect(win.webContents.sent).toContain(WINDOW_EVENTS.locked));
    expect(reports).toContain('locked every store: the machine is going to sleep.');
    await vi.waitFor(() => expect(reports.join('\n')).toMatch(/stores lock on: suspend \(Electron powerMonitor\); suspend \(logind, D-Bus\); sleep waits until the stores are locked \(logind delay lock\); screen lock \(logind: lock-session, LockedHint\); 5 minutes of system idle time \(BREAKGLASS_IDLE_LOCK_MINUTES\)\. Not here: the desktop's screen saver \(D-Bus\) \(no desktop session bus\)\./));
    expect(lockTriggers().map((t) => [t.trigger, t.active])).toEqual([
      ['suspend (Electron powerMonitor)', true],
      ['suspend (logind, D-Bus)', true],
      ['sleep waits until the stores are locked (logind delay lock)', true],
      ['screen lock (logind: lock-session, LockedHint)', true],
      ["the desktop's screen saver (D-Bus)", false],
      ['5 minutes of system idle time (BREAKGLASS_IDLE_LOCK_MINUTES)', true],
    ]);
    // A monitor that dies later is said at once, as it is now.
    const before = reports.length;
    statuses = [{ bus: 'system', active: false, reason: 'dbus-monitor stopped (exit 1); restarting', sleepDelay: { active: false, reason: 'the system-bus monitor stopped' } }, statuses[1]!];
    watchers[0]!.onChange?.(statuses);
    expect(reports.slice(before)).toEqual([expect.stringMatching(/Not here: suspend \(logind, D-Bus\) \(dbus-monitor stopped \(exit 1\); restarting\);/)]);
    electron.app.emit('will-quit');
    expect(watchers[0]!.stopped).toBe(true);
    const mac = await start({ platform: 'darwin', sessionLock });
    expect(watchers).toHaveLength(1); // macOS and Windows have powerMonitor's own 'lock-screen'
    expect(mac.api.lockAll).not.toHaveBeenCalled();
    expect(mac.lockTriggers().find((t) => t.trigger.startsWith('screen lock'))).toEqual({ trigger: 'screen lock (Electron powerMonitor)', active: true });
    const bare = await start({ platform: 'linux' });
    expect(bare.lockTriggers().find((t) => t.trigger.startsWith('screen lock'))).toMatchObject({ active: false, reason: "Electron's powerMonitor has no screen-lock event on Linux" });
  });

  it('locks once per idle stretch after the idle setting (default 5 minutes)', async () => {
    const { electron, api } = await start();
    electron.powerMonitor.setIdle(DEFAULT_IDLE_LOCK_MINUTES * 60 - 1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.lockAll).not.toHaveBeenCalled();
    electron.powerMonitor.setIdle(DEFAULT_IDLE_LOCK_MINUTES * 60);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(api.lockAll).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(120_000); // still idle: no repeated locks
    expect(api.lockAll).toHaveBeenCalledTimes(1);
    electron.powerMonitor.setIdle(3); // the custodian is back…
    await vi.advanceTimersByTimeAsync(15_000);
    electron.powerMonitor.setIdle(DEFAULT_IDLE_LOCK_MINUTES * 60 + 10); // …and walks away again
    await vi.advanceTimersByTimeAsync(15_000);
    expect(api.lockAll).toHaveBeenCalledTimes(2);
  });

  it('takes the idle minutes from BREAKGLASS_IDLE_LOCK_MINUTES', async () => {
    const { electron, api } = await start({ env: { BREAKGLASS_IDLE_LOCK_MINUTES: '2' } });
    electron.powerMonitor.setIdle(120);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(api.lockAll).toHaveBeenCalledTimes(1);
  });

  it('keeps the default idle minutes, and says why, for a bad setting', async () => {
    expect(idleLockMinutes({})).toEqual({ minutes: 5 });
    expect(idleLockMinutes({ BREAKGLASS_IDLE_LOCK_MINUTES: '15' })).toEqual({ minutes: 15 });
    for (const bad of ['0', '-3', '2.5', 'soon', '241', '1e2']) {
      const setting = idleLockMinutes({ BREAKGLASS_IDLE_LOCK_MINUTES: bad });
      expect(setting.minutes, bad).toBe(5);
      expect(setting.warning, bad).toMatch(/BREAKGLASS_IDLE_LOCK_MINUTES must be a whole number/);
    }
    const { reports } = await start({ env: { BREAKGLASS_IDLE_LOCK_MINUTES: 'never' } });
    expect(reports.join('\n')).toMatch(/BREAKGLASS_IDLE_LOCK_MINUTES/);
  });

  it('stops its triggers when asked', async () => {
    const powerMonitor = Object.assign(new fakes.Emitter(), { getSystemIdleTime: vi.fn(() => 10_000) });
    const lock = vi.fn(async (_reason: LockReason) => undefined);
    const stop = installAutoLock({ powerMonitor: powerMonitor as unknown as PowerMonitor, idleMinutes: 1, lock });
    stop();
    powerMonitor.emit('suspend');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lock).not.toHaveBeenCalled();
    expect(() => installAutoLock({ powerMonitor: powerMonitor as unknown as PowerMonitor, idleMinutes: 0, lock })).toThrow(RangeError);
  });

  it('locks when the window closes', async () => {
    const { api, win } = await start();
    win.emit('close', navigation(''));
    await vi.waitFor(() => expect(api.lockAll).toHaveBeenCalledTimes(1));
  });

  it('holds the quit until every store is locked, then quits', async () => {
    const { electron, api } = await start();
    let release: () => void = () => undefined;
    api.lockAll.mockImplementationOnce(() => new Promise<void>((resolve) => (release = resolve)));
    const quit = navigation('');
    electron.app.emit('before-quit', quit);
    expect(quit.preventDefault).toHaveBeenCalled();
    expect(electron.app.quit).not.toHaveBeenCalled();
    electron.app.emit('before-quit', navigation('')); // a second quit request while locking: still held
    release();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1));
    expect(api.lockAll).toHaveBeenCalledTimes(1);
    const final = navigation('');
    electron.app.emit('before-quit', final);
    expect(final.preventDefault).not.toHaveBeenCalled();
  });

  it('quits even when locking fails', async () => {
    const app = Object.assign(new fakes.Emitter(), { quit: vi.fn() });
    lockBeforeQuit(app as unknown as Parameters<typeof lockBeforeQuit>[0], () => Promise.reject(new Error('disk gone')));
    app.emit('before-quit', navigation(''));
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  });

  it('quits when the window is closed', async () => {
    const { electron } = await start();
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).toHaveBeenCalled();
  });
});

// ---- IPC ------------------------------------------------------------------------------------------------

describe('electron IPC', () => {
  function trustedEvent(win: FakeWindow) {
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
    let current: FakeWindow | undefined = win;
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

describe('electron main.ts', () => {
  it('starts the shell with the real electron modules, the preload beside it and the app on system ports', async () => {
    const electron = fakes.electron;
    Object.defineProperty(process.versions, 'electron', { value: '41.7.1', configurable: true });
    try {
      const main = await import('../../../main/electron/main.js');
      const win = (await main.shell?.ready) as unknown as FakeWindow;
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
