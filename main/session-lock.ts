// Lock on suspend and on screen lock, read from D-Bus on Linux: logind's PrepareForSleep(true), Session.Lock
// and a session's LockedHint turning true on the system bus, the desktop's ScreenSaver.ActiveChanged(true) on
// the session bus. The system-Chromium host has no powerMonitor at all, and Electron's 'lock-screen' event
// does not exist on Linux, so both hosts use this there. `dbus-monitor` (Debian package dbus-bin) runs with
// fixed argv, one process per bus, restarted if it dies; nothing is sent on the bus. While the system bus is
// watched, a logind delay lock (`systemd-inhibit --mode=delay`) makes the machine wait for the stores to be
// locked before it sleeps, then is let go, and taken again on resume. Desktop issue "Hosts".

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LockTrigger } from '../src/app/index.js';

export type SessionLockEvent = 'suspend' | 'lock-screen';
/** What the parser reads: the lock events, and the machine waking up (the sleep delay is taken again). */
export type DbusSignal = SessionLockEvent | 'resume';
export type Bus = 'system' | 'session';

const SCREENSAVERS = ['org.freedesktop.ScreenSaver', 'org.gnome.ScreenSaver', 'org.mate.ScreenSaver', 'org.cinnamon.ScreenSaver', 'org.xfce.ScreenSaver'];
const LOGIN1_SESSION = 'org.freedesktop.login1.Session';

/** dbus-monitor match rules per bus: only the signals that mean "the custodian has left the screen". */
export const MATCH_RULES: Readonly<Record<Bus, readonly string[]>> = {
  system: [
    "type='signal',interface='org.freedesktop.login1.Manager',member='PrepareForSleep'",
    `type='signal',interface='${LOGIN1_SESSION}',member='Lock'`,
    // GNOME and others lock the screen themselves and tell logind through the session's LockedHint.
    `type='signal',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',path_namespace='/org/freedesktop/login1/session',arg0='${LOGIN1_SESSION}'`,
  ],
  session: SCREENSAVERS.map((iface) => `type='signal',interface='${iface}',member='ActiveChanged'`),
};

const HEADER = /^signal .*; interface=([\w.]+); member=(\w+)\s*$/;

/**
 * Reads dbus-monitor's default output line by line and reports the signals that matter. A signal's header
 * line names interface and member; its arguments follow on indented lines ("   boolean true"); a
 * PropertiesChanged lists `string "LockedHint"` and then `variant boolean true` inside a dict entry.
 */
export class DbusMonitorParser {
  private pending: 'sleep' | 'screensaver' | 'properties' | 'locked-hint' | undefined;
  private firstArgument = false;

  /** The signal this line completes, if any. */
  line(text: string): DbusSignal | undefined {
    const header = HEADER.exec(text);
    if (header) {
      const [, iface, member] = header as unknown as [string, string, string];
      this.pending = undefined;
      this.firstArgument = true;
      if (iface === 'org.freedesktop.login1.Manager' && member === 'PrepareForSleep') this.pending = 'sleep';
      else if (SCREENSAVERS.includes(iface) && member === 'ActiveChanged') this.pending = 'screensaver';
      else if (iface === 'org.freedesktop.DBus.Properties' && member === 'PropertiesChanged') this.pending = 'properties';
      else if (iface === LOGIN1_SESSION && member === 'Lock') return 'lock-screen';
      return undefined;
    }
    const first = this.firstArgument;
    this.firstArgument = false;
    switch (this.pending) {
      case 'sleep':
      case 'screensaver': {
        const pending = this.pending;
        this.pending = undefined;
        const value = /^\s+boolean (true|false)\s*$/.exec(text)?.[1];
        // Going to sleep and the screen saver starting lock; waking up re-arms the sleep delay.
        if (value === 'true') return pending === 'sleep' ? 'suspend' : 'lock-screen';
        if (value === 'false' && pending === 'sleep') return 'resume';
        return undefined;
      }
      case 'properties':
        // Only a login1 session's properties (arg0), and only LockedHint going true.
        if (first && text.trim() !== `string "${LOGIN1_SESSION}"`) this.pending = undefined;
        else if (text.trim() === 'string "LockedHint"') this.pending = 'locked-hint';
        return undefined;
      case 'locked-hint':
        this.pending = 'properties';
        return /^\s+variant\s+boolean true\s*$/.test(text) ? 'lock-screen' : undefined;
      default:
        return undefined;
    }
  }
}

export interface BusWatchStatus {
  readonly bus: Bus;
  readonly active: boolean;
  /** Why the bus is not watched (no bus, no dbus-monitor, the monitor died). */
  readonly reason?: string;
  /** System bus only: whether logind holds off sleep until the stores are locked, or why not. */
  readonly sleepDelay?: { readonly active: boolean; readonly reason?: string };
}

export interface SessionLockWatch {
  /** Per bus: watching, or why not; settles within `settleMs` of the start. */
  readonly status: Promise<readonly BusWatchStatus[]>;
  /** The state now (a monitor may die and be restarted later); undefined until `status` settles. */
  current(): readonly BusWatchStatus[] | undefined;
  stop(): void;
}

export interface SessionLockOptions {
  /** Locks every store; the sleep delay is let go once the returned promise settles (at most 4 s). */
  readonly onEvent: (event: SessionLockEvent) => void | Promise<void>;
  /** A bus changed state after the start: a monitor died (and is being restarted) or came back. */
  readonly onChange?: (statuses: readonly BusWatchStatus[]) => void;
  /** The environment dbus-monitor sees (DBUS_SYSTEM_BUS_ADDRESS, DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR). */
  readonly env?: NodeJS.ProcessEnv;
  readonly command?: string;
  /** The delay-lock holder; default systemd-inhibit holding `sleep infinity`. Tests pass their own. */
  readonly inhibit?: readonly string[];
  readonly buses?: readonly Bus[];
  /** How long a process that has neither printed nor exited counts as still starting. */
  readonly settleMs?: number;
  /** First wait before restarting a monitor that died (doubles up to a minute). */
  readonly restartMs?: number;
}

export const DEFAULT_INHIBIT = [
  'systemd-inhibit',
  '--what=sleep',
  '--mode=delay',
  '--who=Breakglass Vault',
  '--why=Lock the vault stores before the machine sleeps',
  'sleep',
  'infinity',
] as const;
/** How long the sleep delay waits for the lock before it is let go anyway (logind's own limit is 5 s). */
const LOCK_WAIT_MS = 4_000;

/** Spawns `argv`; resolves "running" once it has printed or outlived `settleMs`, else why it ended. */
function startProcess(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  settleMs: number,
  onLine: (line: string) => void,
  onExitLater: (reason: string) => void,
  missingPackage: string,
): { child: ChildProcess; started: Promise<{ ok: true } | { ok: false; reason: string }> } {
  const [command, ...args] = argv as [string, ...string[]];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  let settled = false;
  let resolveStarted: (value: { ok: true } | { ok: false; reason: string }) => void = () => undefined;
  const started = new Promise<{ ok: true } | { ok: false; reason: string }>((resolve) => (resolveStarted = resolve));
  const settle = (value: { ok: true } | { ok: false; reason: string }): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    resolveStarted(value);
  };
  const timer = setTimeout(() => settle({ ok: true }), settleMs);
  timer.unref?.();
  child.stdout?.setEncoding('utf8');
  createInterface({ input: child.stdout! }).on('line', (line) => {
    settle({ ok: true });
    onLine(line);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 2_000) stderr += chunk.toString('utf8');
  });
  const reasonOf = (code: number | null, signal: NodeJS.Signals | null): string =>
    stderr.trim().split('\n')[0] || `${command} ended (${signal ?? `exit ${code}`})`;
  child.on('error', (error: NodeJS.ErrnoException) => {
    settle({ ok: false, reason: error.code === 'ENOENT' ? `${command} is not installed (Debian package ${missingPackage})` : `${command} could not start: ${error.message}` });
  });
  child.on('exit', (code, signal) => {
    if (settled) onExitLater(reasonOf(code, signal));
    else settle({ ok: false, reason: reasonOf(code, signal) });
  });
  return { child, started };
}

/** Starts one dbus-monitor per bus (and the sleep delay with the system bus); every lock event calls `onEvent`. */
export function watchSessionLock(options: SessionLockOptions): SessionLockWatch {
  const env = options.env ?? process.env;
  const command = options.command ?? 'dbus-monitor';
  const settleMs = options.settleMs ?? 2_000;
  const buses = options.buses ?? (['system', 'session'] as const);
  const state = new Map<Bus, BusWatchStatus>();
  const children = new Set<ChildProcess>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;
  let settledAll = false;
  let inhibitor: ChildProcess | undefined;

  const snapshot = (): BusWatchStatus[] => buses.map((bus) => state.get(bus) ?? { bus, active: false, reason: 'not watched' });
  const update = (bus: Bus, patch: Partial<BusWatchStatus>): void => {
    const before = state.get(bus) ?? { bus, active: false };
    const next: BusWatchStatus = { ...before, ...patch, bus };
    if (next.active) delete (next as { reason?: string }).reason;
    state.set(bus, next);
    if (settledAll && !stopped) options.onChange?.(snapshot());
  };
  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) run();
    }, ms);
    timer.unref?.();
    timers.add(timer);
  };

  const holdSleep = async (): Promise<void> => {
    if (stopped || inhibitor) return;
    const argv = options.inhibit ?? DEFAULT_INHIBIT;
    const run = startProcess(argv, env, Math.min(settleMs, 1_000), () => undefined, (reason) => {
      if (inhibitor === run.child) {
        inhibitor = undefined;
        update('system', { sleepDelay: { active: false, reason: `the delay lock ended (${reason})` } });
      }
    }, 'systemd');
    children.add(run.child);
    inhibitor = run.child;
    const started = await run.started;
    if (!started.ok) {
      if (inhibitor === run.child) inhibitor = undefined;
      update('system', { sleepDelay: { active: false, reason: started.reason } });
    } else if (inhibitor === run.child) update('system', { sleepDelay: { active: true } });
  };
  const releaseSleep = (): void => {
    const child = inhibitor;
    inhibitor = undefined;
    child?.kill();
  };

  const onSignal = (signal: DbusSignal): void => {
    if (stopped) return;
    if (signal === 'resume') {
      void holdSleep();
      return;
    }
    const locking = Promise.resolve()
      .then(() => options.onEvent(signal))
      .catch(() => undefined);
    if (signal === 'suspend') {
      // logind waits for our delay lock: let it go once the stores are locked (or after LOCK_WAIT_MS).
      void Promise.race([locking, new Promise((resolve) => setTimeout(resolve, LOCK_WAIT_MS).unref?.())]).then(releaseSleep);
    }
  };

  const watchBus = async (bus: Bus, restartMs: number): Promise<void> => {
    // Without an address the session bus is $XDG_RUNTIME_DIR/bus (systemd's user bus); with neither,
    // dbus-monitor would try to autolaunch a session bus of its own: nothing to watch.
    const runtimeBus = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'bus') : undefined;
    if (bus === 'session' && !env.DBUS_SESSION_BUS_ADDRESS && !(runtimeBus && existsSync(runtimeBus))) {
      update(bus, { active: false, reason: 'no desktop session bus ($DBUS_SESSION_BUS_ADDRESS is unset, no $XDG_RUNTIME_DIR/bus)' });
      return;
    }
    const parser = new DbusMonitorParser();
    // The systemd user bus is the desktop session bus where no address is exported: name it explicitly.
    const busEnv = bus === 'session' && !env.DBUS_SESSION_BUS_ADDRESS && runtimeBus ? { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${runtimeBus}` } : env;
    const run = startProcess(
      [command, `--${bus}`, ...MATCH_RULES[bus]],
      busEnv,
      settleMs,
      (line) => {
        const signal = parser.line(line);
        if (signal) onSignal(signal);
      },
      (reason) => {
        children.delete(run.child);
        if (stopped) return;
        // A monitor that dies later (bus restart, crash) is said at once and restarted, waiting longer each time.
        update(bus, { active: false, reason: `${command} stopped (${reason}); restarting` });
        if (bus === 'system') releaseSleep();
        later(restartMs, () => void watchBus(bus, Math.min(restartMs * 2, 60_000)));
      },
      'dbus-bin',
    );
    children.add(run.child);
    const started = await run.started;
    if (started.ok) {
      update(bus, { active: true });
      if (bus === 'system') await holdSleep();
    } else {
      children.delete(run.child);
      update(bus, { active: false, reason: started.reason });
    }
  };

  const status = Promise.all(buses.map((bus) => watchBus(bus, options.restartMs ?? 5_000))).then(() => {
    settledAll = true;
    return snapshot();
  });
  return {
    status,
    current: () => (settledAll ? snapshot() : undefined),
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      for (const child of children) child.kill();
      inhibitor = undefined;
    },
  };
}

/**
 * The D-Bus triggers as the Settings screen lists them; `undefined` while dbus-monitor is still starting.
 * Electron lists its powerMonitor suspend as well: both lock, whichever comes first.
 */
export function dbusLockTriggers(statuses: readonly BusWatchStatus[] | undefined): LockTrigger[] {
  const on = (bus: Bus): Pick<LockTrigger, 'active' | 'reason'> => {
    if (!statuses) return { active: false, reason: 'still connecting to D-Bus' };
    const status = statuses.find((s) => s.bus === bus);
    return status?.active ? { active: true } : { active: false, reason: status?.reason ?? 'not watched' };
  };
  const system = statuses?.find((s) => s.bus === 'system');
  const delay: Pick<LockTrigger, 'active' | 'reason'> = !statuses
    ? { active: false, reason: 'still connecting to D-Bus' }
    : system?.sleepDelay?.active
      ? { active: true }
      : { active: false, reason: system?.active ? (system.sleepDelay?.reason ?? 'no delay lock') : (system?.reason ?? 'not watched') };
  return [
    { trigger: 'suspend (logind, D-Bus)', ...on('system') },
    { trigger: 'sleep waits until the stores are locked (logind delay lock)', ...delay },
    { trigger: 'screen lock (logind: lock-session, LockedHint)', ...on('system') },
    { trigger: "the desktop's screen saver (D-Bus)", ...on('session') },
  ];
}

/** One line for the operator: what locks every store here, and what does not (with why). */
export function describeTriggers(triggers: readonly LockTrigger[]): string {
  const on = triggers.filter((t) => t.active).map((t) => t.trigger);
  const off = triggers.filter((t) => !t.active).map((t) => `${t.trigger} (${t.reason ?? 'unavailable'})`);
  return `stores lock on: ${on.length > 0 ? on.join('; ') : 'nothing the host watches'}` + (off.length > 0 ? `. Not here: ${off.join('; ')}` : '') + '. The idle lock in Settings applies in any case.';
}
