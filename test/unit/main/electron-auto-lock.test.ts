// The Electron shell against fakes of electron (test/support/electron-fakes.ts; its binary cannot run
// here): single instance, and the auto-lock on suspend, screen lock, system idle and quit. DESIGN §3 invariants 4 and 7, §4.


import type { PowerMonitor } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_IDLE_LOCK_MINUTES, idleLockMinutes, installAutoLock, lockBeforeQuit, type LockReason } from '../../../main/electron/auto-lock.js';
import { WINDOW_EVENTS } from '../../../main/electron/ipc.js';
import { type BusWatchStatus, type SessionLockEvent } from '../../../main/session-lock.js';
import { startShell, type ElectronModules, type ShellOptions } from '../../../main/electron/shell.js';
import { navigation } from '../../support/electron-fakes.js';
import * as fakes from '../../support/electron-fakes.js';
import { start } from '../../support/electron-shell-start.js';

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
