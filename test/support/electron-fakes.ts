// Fakes of the Electron main-process objects the shell touches (its binary cannot run here): windows,
// web contents, sessions, IPC, the app, power monitor, protocol and menu. Loaded by the electron-*.test.ts
// files; the entry-module test loads it inside vi.hoisted to build its mocked 'electron' module.

import type { BrowserWindow, Session, WebContents } from 'electron';
import { vi } from 'vitest';
import type { BreakglassApi } from '../../src/app/index.js';

type Listener = (...args: never[]) => unknown;
export class Emitter {
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
export class FakeFrame {
  constructor(public url: string) {}
}
export class FakeWebContents extends Emitter {
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
export class FakeBrowserWindow extends Emitter {
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
export class FakeSession extends Emitter {
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
export class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}
export const calls: string[] = [];
export function makeElectron() {
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
/** The mocked `electron` module and app for main.ts: the fakes plus electron's synchronous clipboard. */
export function makeEntryModules() {
  const clipboard = {
    text: '',
    writeText: vi.fn((text: string, _type?: string) => {
      clipboard.text = text;
    }),
    readText: vi.fn((_type?: string) => clipboard.text),
  };
  return { electron: { ...makeElectron(), clipboard }, api: { lockAll: vi.fn(async () => undefined) } };
}

export type FakeElectron = ReturnType<typeof makeElectron>;

export const asSession = (ses: FakeSession): Session => ses as unknown as Session;
export const asContents = (contents: FakeWebContents): WebContents => contents as unknown as WebContents;
export const asWindow = (win: FakeBrowserWindow): BrowserWindow => win as unknown as BrowserWindow;

export function navigation(url: string) {
  return { url, preventDefault: vi.fn() };
}

export function fakeApi(): BreakglassApi & { lockAll: ReturnType<typeof vi.fn> } {
  return { lockAll: vi.fn(async () => undefined) } as unknown as BreakglassApi & { lockAll: ReturnType<typeof vi.fn> };
}
