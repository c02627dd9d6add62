// Wires the Electron shell together: single instance, privileged app:// scheme, hardened sessions and
// webContents, typed IPC, the window, and the auto-lock triggers. DESIGN §3 invariant 7.

import type { App, BrowserWindow, IpcMain, Menu as MenuType, PowerMonitor, Protocol, Session } from 'electron';
import type { BreakglassApi, LockTrigger } from '../../src/app/index.js';
import { createDispatcher } from '../ipc/dispatch.js';
import { dbusLockTriggers, describeTriggers, type SessionLockOptions, type SessionLockWatch } from '../session-lock.js';
import { idleLockMinutes, installAutoLock, lockBeforeQuit, type LockReason } from './auto-lock.js';
import { guardAllWebContents, handleAppProtocol, hardenSession, registerAppScheme } from './hardening.js';
import { registerIpc, WINDOW_EVENTS } from './ipc.js';
import { createMainWindow, devToolsAllowed } from './window.js';

/** The parts of the `electron` module the shell uses (main.ts passes the real ones; tests pass mocks). */
export interface ElectronModules {
  readonly app: App;
  readonly BrowserWindow: typeof BrowserWindow;
  readonly ipcMain: IpcMain;
  readonly Menu: typeof MenuType;
  readonly powerMonitor: PowerMonitor;
  readonly protocol: Protocol;
  readonly session: { readonly defaultSession: Session; fromPartition(partition: string, options?: { cache: boolean }): Session };
}

export interface ShellOptions {
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  /** The compiled preload (dist/main/electron/preload.cjs). */
  readonly preload: string;
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  /**
   * Builds the application API; `onDrivesChanged` is called on USB hot-plug, `lockTriggers` says what the
   * shell locks on (for the host port, so the Settings screen can list it).
   */
  createApp(onDrivesChanged: () => void, lockTriggers: () => readonly LockTrigger[]): BreakglassApi;
  /** Where operator messages go (stderr in main.ts). */
  report(text: string): void;
  /**
   * Linux only: suspend and screen lock from D-Bus (main/session-lock.ts), because Electron's powerMonitor
   * has no 'lock-screen' there. main.ts passes watchSessionLock; tests pass a fake.
   */
  readonly sessionLock?: (options: Pick<SessionLockOptions, 'onEvent' | 'onChange'>) => SessionLockWatch;
}

export interface Shell {
  /** Resolves with the window once the app is ready and the window is created. */
  readonly ready: Promise<BrowserWindow>;
  /** The window, while it exists. */
  window(): BrowserWindow | undefined;
}

const LOCK_REASONS: Record<Exclude<LockReason, 'quit' | 'window-closed'>, string> = {
  suspend: 'the machine is going to sleep',
  'lock-screen': 'the screen was locked',
  idle: 'the system was idle',
};

/** An in-memory partition: no cache, cookies or storage of the UI ever reach the disk. */
export const WINDOW_PARTITION = 'breakglass';

/**
 * Starts the shell, or quits when another instance already runs (that instance's window is focused
 * instead). Must be called before the app's `ready` event.
 */
export function startShell(electron: ElectronModules, options: ShellOptions): Shell | undefined {
  const { app } = electron;
  registerAppScheme(electron.protocol);
  if (!app.requestSingleInstanceLock()) {
    options.report('Breakglass Vault is already running: focusing its window.');
    app.quit();
    return undefined;
  }
  app.enableSandbox();
  guardAllWebContents(app);

  let win: BrowserWindow | undefined;
  const live = (): BrowserWindow | undefined => (win && !win.isDestroyed() ? win : undefined);
  const send = (channel: string): void => live()?.webContents.send(channel);

  app.on('second-instance', () => {
    const current = live();
    if (!current) return;
    if (current.isMinimized()) current.restore();
    current.show();
    current.focus();
  });

  const idle = idleLockMinutes(options.env);
  if (idle.warning) options.report(idle.warning);
  const watchesDbus = options.platform === 'linux' && options.sessionLock !== undefined;
  const dbus: { watch?: SessionLockWatch } = {};
  // What locks every store besides the window's own idle lock, as the Settings screen lists it.
  const lockTriggers = (): LockTrigger[] => [
    { trigger: 'suspend (Electron powerMonitor)', active: true },
    ...(options.platform === 'linux'
      ? watchesDbus
        ? dbusLockTriggers(dbus.watch?.current())
        : [{ trigger: 'screen lock', active: false, reason: "Electron's powerMonitor has no screen-lock event on Linux" }]
      : [{ trigger: 'screen lock (Electron powerMonitor)', active: true }]),
    { trigger: `${idle.minutes} minutes of system idle time (BREAKGLASS_IDLE_LOCK_MINUTES)`, active: true },
  ];
  const breakglass = options.createApp(() => send(WINDOW_EVENTS.drivesChanged), lockTriggers);
  const lock = async (reason: LockReason): Promise<void> => {
    // Every store is locked (its key wiped) even when the lock's audit entry fails; that failure is said.
    await breakglass.lockAll().catch((error: unknown) => {
      options.report(`every store is locked, but the audit log could not record it: ${(error as Error | undefined)?.message ?? String(error)}`);
    });
    if (reason !== 'quit' && reason !== 'window-closed') options.report(`locked every store: ${LOCK_REASONS[reason]}.`);
    send(WINDOW_EVENTS.locked);
  };
  lockBeforeQuit(app, lock);
  app.on('window-all-closed', () => app.quit());

  const ready = app.whenReady().then(() => {
    const allowDevTools = devToolsAllowed(app.isPackaged, options.env);
    hardenSession(electron.session.defaultSession, { allowDevTools });
    const ses = electron.session.fromPartition(WINDOW_PARTITION, { cache: false });
    hardenSession(ses, { allowDevTools });
    handleAppProtocol(ses, options.rendererDir);
    registerIpc(electron.ipcMain, live, createDispatcher(breakglass));
    // No View menu: it would offer reload and devtools. macOS keeps its app and Edit menus (copy, paste).
    const { Menu } = electron;
    Menu.setApplicationMenu(options.platform === 'darwin' ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]) : null);
    const created = createMainWindow(electron.BrowserWindow, { preload: options.preload, session: ses, devTools: allowDevTools });
    win = created;
    created.on('close', () => void lock('window-closed'));
    created.on('closed', () => {
      win = undefined;
    });
    installAutoLock({ powerMonitor: electron.powerMonitor, idleMinutes: idle.minutes, lock });
    if (watchesDbus && options.sessionLock) {
      // The shell waits for the lock before it lets logind put the machine to sleep (the delay lock).
      const watch = options.sessionLock({ onEvent: (event) => lock(event), onChange: () => options.report(describeTriggers(lockTriggers())) });
      dbus.watch = watch;
      void watch.status.then(() => options.report(describeTriggers(lockTriggers())));
      app.on('will-quit', () => watch.stop());
    }
    return created;
  });
  return { ready, window: live };
}
