// Lock on suspend and on screen lock, read from D-Bus on Linux: logind's PrepareForSleep(true) and
// Session.Lock on the system bus, the desktop's ScreenSaver.ActiveChanged(true) on the session bus.
// The system-Chromium host has no powerMonitor at all, and Electron's 'lock-screen' event does not exist
// on Linux, so both hosts use this there. `dbus-monitor` (Debian package dbus-bin) is run with fixed argv,
// one process per bus; nothing is sent on the bus. Desktop issue "Hosts": lock on suspend and screen lock.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LockTrigger } from '../src/app/index.js';

export type SessionLockEvent = 'suspend' | 'lock-screen';
export type Bus = 'system' | 'session';

const SCREENSAVERS = ['org.freedesktop.ScreenSaver', 'org.gnome.ScreenSaver', 'org.mate.ScreenSaver', 'org.cinnamon.ScreenSaver', 'org.xfce.ScreenSaver'];

/** dbus-monitor match rules per bus: only the signals that mean "the custodian has left the screen". */
export const MATCH_RULES: Readonly<Record<Bus, readonly string[]>> = {
  system: [
    "type='signal',interface='org.freedesktop.login1.Manager',member='PrepareForSleep'",
    "type='signal',interface='org.freedesktop.login1.Session',member='Lock'",
  ],
  session: SCREENSAVERS.map((iface) => `type='signal',interface='${iface}',member='ActiveChanged'`),
};

const HEADER = /^signal .*; interface=([\w.]+); member=(\w+)\s*$/;

/**
 * Reads dbus-monitor's default output line by line and reports the lock events in it. A signal's header
 * line names interface and member; its arguments follow on indented lines ("   boolean true").
 */
export class DbusMonitorParser {
  private pending: 'suspend' | 'screensaver' | undefined;

  /** The event this line completes, if any. */
  line(text: string): SessionLockEvent | undefined {
    const header = HEADER.exec(text);
    if (header) {
      const [, iface, member] = header as unknown as [string, string, string];
      this.pending = undefined;
      if (iface === 'org.freedesktop.login1.Manager' && member === 'PrepareForSleep') this.pending = 'suspend';
      else if (SCREENSAVERS.includes(iface) && member === 'ActiveChanged') this.pending = 'screensaver';
      else if (iface === 'org.freedesktop.login1.Session' && member === 'Lock') return 'lock-screen';
      return undefined;
    }
    const pending = this.pending;
    this.pending = undefined;
    // Only "going to sleep" and "screen saver on" count; waking up and unlocking change nothing.
    if (pending && /^\s+boolean true\s*$/.test(text)) return pending === 'suspend' ? 'suspend' : 'lock-screen';
    return undefined;
  }
}

export interface BusWatchStatus {
  readonly bus: Bus;
  readonly active: boolean;
  /** Why the bus is not watched (no bus, no dbus-monitor). */
  readonly reason?: string;
}

export interface SessionLockWatch {
  /** Per bus: watching, or why not; settles within `settleMs` of the start. */
  readonly status: Promise<readonly BusWatchStatus[]>;
  stop(): void;
}

export interface SessionLockOptions {
  readonly onEvent: (event: SessionLockEvent) => void;
  /** The environment dbus-monitor sees (DBUS_SYSTEM_BUS_ADDRESS, DBUS_SESSION_BUS_ADDRESS). */
  readonly env?: NodeJS.ProcessEnv;
  readonly command?: string;
  readonly buses?: readonly Bus[];
  /** How long a dbus-monitor that has neither printed nor exited counts as still connecting. */
  readonly settleMs?: number;
}

/** Starts one dbus-monitor per bus; every lock event calls `onEvent`. */
export function watchSessionLock(options: SessionLockOptions): SessionLockWatch {
  const command = options.command ?? 'dbus-monitor';
  const children: { kill(): boolean }[] = [];
  let stopped = false;
  const statuses = (options.buses ?? (['system', 'session'] as const)).map(
    (bus) =>
      new Promise<BusWatchStatus>((resolve) => {
        const env = options.env ?? process.env;
        // Without an address dbus-monitor would try to autolaunch a session bus of its own: nothing to watch.
        if (bus === 'session' && !env.DBUS_SESSION_BUS_ADDRESS) {
          resolve({ bus, active: false, reason: 'no desktop session bus ($DBUS_SESSION_BUS_ADDRESS is unset)' });
          return;
        }
        const child = spawn(command, [`--${bus}`, ...MATCH_RULES[bus]], { stdio: ['ignore', 'pipe', 'pipe'], env });
        children.push(child);
        let stderr = '';
        let settled = false;
        const settle = (status: BusWatchStatus): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(status);
        };
        const timer = setTimeout(() => settle({ bus, active: true }), options.settleMs ?? 2_000);
        timer.unref?.();
        const parser = new DbusMonitorParser();
        createInterface({ input: child.stdout }).on('line', (line) => {
          // dbus-monitor's first output is its own NameAcquired: it is connected and listening.
          settle({ bus, active: true });
          const event = parser.line(line);
          if (event && !stopped) options.onEvent(event);
        });
        child.stderr.on('data', (chunk: Buffer) => {
          if (stderr.length < 2_000) stderr += chunk.toString('utf8');
        });
        child.on('error', (error: NodeJS.ErrnoException) => {
          const reason =
            error.code === 'ENOENT' ? `${command} is not installed (Debian package dbus-bin)` : `${command} could not start: ${error.message}`;
          settle({ bus, active: false, reason });
        });
        child.on('exit', (code, signal) => {
          const said = stderr.trim().split('\n')[0];
          settle({ bus, active: false, reason: said || `${command} ended (${signal ?? `exit ${code}`})` });
        });
      }),
  );
  return {
    status: Promise.all(statuses),
    stop() {
      stopped = true;
      for (const child of children) child.kill();
    },
  };
}

/**
 * The D-Bus triggers as the Settings screen lists them; `undefined` while dbus-monitor is still starting.
 * `suspend` is left out where the host has its own suspend event (Electron's powerMonitor).
 */
export function dbusLockTriggers(statuses: readonly BusWatchStatus[] | undefined, options: { readonly suspend: boolean } = { suspend: true }): LockTrigger[] {
  const on = (bus: Bus): Pick<LockTrigger, 'active' | 'reason'> => {
    if (!statuses) return { active: false, reason: 'still connecting to D-Bus' };
    const status = statuses.find((s) => s.bus === bus);
    return status?.active ? { active: true } : { active: false, reason: status?.reason ?? 'not watched' };
  };
  return [
    ...(options.suspend ? [{ trigger: 'suspend (logind, D-Bus)', ...on('system') }] : []),
    { trigger: 'screen lock (logind, D-Bus)', ...on('system') },
    { trigger: "the desktop's screen saver (D-Bus)", ...on('session') },
  ];
}

/** One line for the operator: what locks the stores on this machine besides the idle lock. */
export function describeWatch(statuses: readonly BusWatchStatus[]): string {
  const [suspend, , saver] = dbusLockTriggers(statuses) as [LockTrigger, LockTrigger, LockTrigger];
  const parts = [
    suspend.active ? 'on suspend and on logind screen lock' : `not on suspend (${suspend.reason})`,
    saver.active ? "when the desktop's screen saver starts" : `not on the desktop's screen saver (${saver.reason})`,
  ];
  return `stores lock ${parts.join('; ')}; the idle lock in Settings applies in any case.`;
}
