// Lock on suspend and on screen lock, read from D-Bus on Linux: logind's PrepareForSleep(true), Session.Lock
// and a session's LockedHint turning true on the system bus, the desktop's ScreenSaver.ActiveChanged(true) on
// the session bus. The system-Chromium host has no powerMonitor at all, and Electron's 'lock-screen' event
// does not exist on Linux, so both hosts use this there. `dbus-monitor` (Debian package dbus-bin) runs with
// fixed argv, one process per bus, restarted if it dies; nothing is sent on the bus. While the system bus is
// watched, a logind delay lock (`systemd-inhibit --mode=delay`) makes the machine wait for the stores to be
// locked before it sleeps, then is let go, and taken again on resume. DESIGN §3 invariant 4.

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
  /** Per bus: watching, or why not; settles once each monitor (and the delay lock) has started or failed. */
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
  /**
   * The delay-lock holder: a process that holds the lock until it is killed or its stdin closes (so a crash
   * of this process lets go of it too). Default systemd-inhibit holding `cat`. Tests pass their own.
   */
  readonly inhibit?: readonly string[];
  readonly buses?: readonly Bus[];
  /** How long a process that has neither printed nor exited counts as still starting. */
  readonly settleMs?: number;
  /** First wait before restarting a monitor that died (doubles up to a minute, back to this after a calm minute). */
  readonly restartMs?: number;
  /** How long an ended process's stderr may still take to arrive, for the reason it printed (default 1 s). */
  readonly stderrWaitMs?: number;
}

export const DEFAULT_INHIBIT = [
  'systemd-inhibit',
  '--what=sleep',
  '--mode=delay',
  '--who=Breakglass Vault',
  '--why=Lock the vault stores before the machine sleeps',
  'cat',
] as const;
/** How long the sleep delay waits for the lock before it is let go anyway (logind's own limit is 5 s). */
const LOCK_WAIT_MS = 4_000;
/** A monitor up this long has earned a fresh, short restart delay. */
const CALM_MS = 60_000;
const MAX_RESTART_MS = 60_000;

type Started = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Spawns `argv`; resolves "running" once it has printed or outlived `settleMs`, else why it ended. */
function startProcess(
  argv: readonly string[],
  options: { env: NodeJS.ProcessEnv; settleMs: number; stderrWaitMs: number; stdin: 'ignore' | 'pipe'; missingPackage: string },
  onLine: (line: string) => void,
  onExitLater: (reason: string) => void,
): { child: ChildProcess; started: Promise<Started> } {
  const [command, ...args] = argv as [string, ...string[]];
  const child = spawn(command, args, { stdio: [options.stdin, 'pipe', 'pipe'], env: options.env });
  let stderr = '';
  let settled = false;
  let resolveStarted: (value: Started) => void = () => undefined;
  const started = new Promise<Started>((resolve) => (resolveStarted = resolve));
  const settle = (value: Started): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    resolveStarted(value);
  };
  const timer = setTimeout(() => settle({ ok: true }), options.settleMs);
  timer.unref?.();
  child.stdin?.on('error', () => undefined); // the holder may be gone when its pipe closes
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
    settle({ ok: false, reason: error.code === 'ENOENT' ? `${command} is not installed (Debian package ${options.missingPackage})` : `${command} could not start: ${error.message}` });
  });
  // 'exit' can come before the last of stderr is read, and stderr holds the reason; a grandchild that
  // keeps the pipe open must not hold the news back either, so wait for its end only briefly.
  const stderrDone = new Promise<void>((resolve) => {
    if (!child.stderr) return resolve();
    child.stderr.on('end', resolve).on('close', resolve).on('error', () => resolve());
  });
  child.on('exit', (code, signal) => {
    clearTimeout(timer); // ended is ended: the wait for its stderr must not let it count as started
    void Promise.race([stderrDone, new Promise<void>((resolve) => setTimeout(resolve, options.stderrWaitMs).unref?.())]).then(() => {
      if (settled) onExitLater(reasonOf(code, signal));
      else settle({ ok: false, reason: reasonOf(code, signal) });
    });
  });
  return { child, started };
}

/** Starts one dbus-monitor per bus (and the sleep delay with the system bus); every lock event calls `onEvent`. */
export function watchSessionLock(options: SessionLockOptions): SessionLockWatch {
  const env = options.env ?? process.env;
  const command = options.command ?? 'dbus-monitor';
  const settleMs = options.settleMs ?? 2_000;
  const stderrWaitMs = options.stderrWaitMs ?? 1_000;
  const firstRestartMs = options.restartMs ?? 5_000;
  const buses = options.buses ?? (['system', 'session'] as const);
  const state = new Map<Bus, BusWatchStatus>();
  const children = new Set<ChildProcess>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;
  let settledAll = false;
  /** The delay lock held now (or starting); a suspend takes it away to let go of it after the lock. */
  let inhibitor: ChildProcess | undefined;

  const snapshot = (): BusWatchStatus[] => buses.map((bus) => state.get(bus) ?? { bus, active: false, reason: 'not watched' });
  /** A quiet update is the normal sleep cycle (let go on suspend, taken again on resume): not reported. */
  const update = (bus: Bus, patch: Partial<BusWatchStatus>, quiet = false): void => {
    const before = state.get(bus) ?? { bus, active: false };
    const next: BusWatchStatus = { ...before, ...patch, bus };
    if (next.active) delete (next as { reason?: string }).reason;
    if (JSON.stringify(next) === JSON.stringify(state.get(bus))) return;
    state.set(bus, next);
    if (settledAll && !stopped && !quiet) options.onChange?.(snapshot());
  };
  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) run();
    }, ms);
    timer.unref?.();
    timers.add(timer);
  };
  const track = (child: ChildProcess): void => {
    children.add(child);
    child.once('exit', () => children.delete(child));
  };

  const holdSleep = async (quiet = false): Promise<void> => {
    if (stopped || inhibitor || state.get('system')?.active !== true) return;
    const run = startProcess(options.inhibit ?? DEFAULT_INHIBIT, { env, settleMs: Math.min(settleMs, 1_000), stderrWaitMs, stdin: 'pipe', missingPackage: 'systemd' }, () => undefined, (reason) => {
      if (inhibitor !== run.child) return; // let go of on purpose
      inhibitor = undefined;
      update('system', { sleepDelay: { active: false, reason: `the delay lock ended (${reason})` } });
    });
    track(run.child);
    inhibitor = run.child;
    const started = await run.started;
    if (inhibitor !== run.child) return; // a suspend or a dead monitor took it meanwhile
    if (started.ok) update('system', { sleepDelay: { active: true } }, quiet);
    else {
      inhibitor = undefined;
      update('system', { sleepDelay: { active: false, reason: started.reason } });
    }
  };
  /** Lets go of the delay lock held now (if any), saying why. */
  const releaseSleep = (reason: string, quiet = false): ChildProcess | undefined => {
    const held = inhibitor;
    inhibitor = undefined;
    update('system', { sleepDelay: { active: false, reason } }, quiet);
    return held;
  };

  const onSignal = (signal: DbusSignal): void => {
    if (stopped) return;
    if (signal === 'resume') {
      void holdSleep(true);
      return;
    }
    // The delay lock held when this suspend began is let go once the stores are locked (or after
    // LOCK_WAIT_MS) — that one only: a resume meanwhile takes a new one, which stays.
    const held = signal === 'suspend' ? releaseSleep('let go for this sleep; taken again on resume', true) : undefined;
    const locking = Promise.resolve()
      .then(() => options.onEvent(signal))
      .catch(() => undefined);
    if (held) {
      const waited = new Promise<void>((resolve) => later(LOCK_WAIT_MS, resolve));
      void Promise.race([locking, waited]).then(() => held.kill());
    }
  };

  const watchBus = async (bus: Bus, restartMs: number, restarting: boolean): Promise<void> => {
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
    const startedAt = Date.now();
    const retry = (): void => later(restartMs, () => void watchBus(bus, Math.min(restartMs * 2, MAX_RESTART_MS), true));
    const run = startProcess(
      [command, `--${bus}`, ...MATCH_RULES[bus]],
      { env: busEnv, settleMs, stderrWaitMs, stdin: 'ignore', missingPackage: 'dbus-bin' },
      (line) => {
        const signal = parser.line(line);
        if (signal) onSignal(signal);
      },
      (reason) => {
        if (stopped) return;
        // A monitor that dies later (bus restart, crash) is said at once and restarted, waiting longer each
        // time — or the first wait again after a calm minute.
        if (Date.now() - startedAt >= CALM_MS) restartMs = firstRestartMs;
        if (bus === 'system') {
          // No monitor, no PrepareForSleep to lock on: holding up sleep would only delay it.
          const held = inhibitor;
          inhibitor = undefined;
          held?.kill();
        }
        update(bus, {
          active: false,
          reason: `${command} stopped (${reason}); restarting`,
          ...(bus === 'system' ? { sleepDelay: { active: false, reason: 'the system-bus monitor stopped' } } : {}),
        });
        retry();
      },
    );
    track(run.child);
    const started = await run.started;
    if (started.ok) {
      update(bus, { active: true });
      if (bus === 'system') await holdSleep();
    } else {
      update(bus, { active: false, reason: restarting ? `${started.reason}; retrying` : started.reason });
      // A restart that fails (the bus still coming back) is tried again; a first start that fails is final.
      if (restarting) retry();
    }
  };

  const status = Promise.all(buses.map((bus) => watchBus(bus, firstRestartMs, false))).then(() => {
    settledAll = true;
    return snapshot();
  });
  return {
    status,
    current: () => (settledAll ? snapshot() : undefined),
    stop() {
      stopped = true;
      inhibitor = undefined;
      for (const timer of timers) clearTimeout(timer);
      for (const child of children) child.kill();
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
    : system?.active && system.sleepDelay?.active
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
