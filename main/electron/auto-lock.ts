// Locks every store when the custodian walks away: on suspend, on screen lock, after a setting's worth of
// system idle time (default 5 minutes), and before the app quits. DESIGN §3 invariant 4.

import type { App, PowerMonitor } from 'electron';

export const DEFAULT_IDLE_LOCK_MINUTES = 5;
export const MAX_IDLE_LOCK_MINUTES = 240;
/** How often the system idle time is read. */
export const IDLE_POLL_MS = 15_000;

export type LockReason = 'suspend' | 'lock-screen' | 'idle' | 'window-closed' | 'quit';

/**
 * The idle-lock setting, from BREAKGLASS_IDLE_LOCK_MINUTES (a whole number of minutes, 1 to 240); anything
 * else keeps the default and says why.
 */
export function idleLockMinutes(env: NodeJS.ProcessEnv): { readonly minutes: number; readonly warning?: string } {
  const raw = env.BREAKGLASS_IDLE_LOCK_MINUTES;
  if (raw === undefined || raw.trim() === '') return { minutes: DEFAULT_IDLE_LOCK_MINUTES };
  const minutes = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || minutes < 1 || minutes > MAX_IDLE_LOCK_MINUTES) {
    return {
      minutes: DEFAULT_IDLE_LOCK_MINUTES,
      warning: `BREAKGLASS_IDLE_LOCK_MINUTES must be a whole number of minutes from 1 to ${MAX_IDLE_LOCK_MINUTES} (got ${JSON.stringify(raw)}); locking after ${DEFAULT_IDLE_LOCK_MINUTES} idle minutes.`,
    };
  }
  return { minutes };
}

export interface AutoLockOptions {
  readonly powerMonitor: Pick<PowerMonitor, 'on' | 'removeListener' | 'getSystemIdleTime'>;
  readonly idleMinutes: number;
  /** Locks every store (BreakglassApi.lockAll); must not throw. */
  readonly lock: (reason: LockReason) => Promise<void>;
  readonly pollMs?: number;
}

/** Starts the suspend, screen-lock and idle triggers; returns a function that stops them. */
export function installAutoLock(options: AutoLockOptions): () => void {
  const { powerMonitor, idleMinutes, lock } = options;
  if (!Number.isInteger(idleMinutes) || idleMinutes < 1) throw new RangeError(`idleMinutes must be a positive integer, got ${idleMinutes}`);
  const run = (reason: LockReason): void => void lock(reason).catch(() => undefined);
  const onSuspend = (): void => run('suspend');
  const onLockScreen = (): void => run('lock-screen');
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('lock-screen', onLockScreen);
  // Lock once per idle stretch: the custodian's next input (idle time drops) re-arms the trigger.
  let lockedThisStretch = false;
  const timer = setInterval(() => {
    const idleSeconds = powerMonitor.getSystemIdleTime();
    if (idleSeconds < idleMinutes * 60) {
      lockedThisStretch = false;
    } else if (!lockedThisStretch) {
      lockedThisStretch = true;
      run('idle');
    }
  }, options.pollMs ?? IDLE_POLL_MS);
  timer.unref?.();
  return () => {
    clearInterval(timer);
    powerMonitor.removeListener('suspend', onSuspend);
    powerMonitor.removeListener('lock-screen', onLockScreen);
  };
}

/**
 * Holds the quit until every store is locked (the audit log is flushed by lockAll), then lets it go on.
 */
export function lockBeforeQuit(app: Pick<App, 'on' | 'quit'>, lock: (reason: LockReason) => Promise<void>): void {
  let locked = false;
  let locking = false;
  app.on('before-quit', (event) => {
    if (locked) return;
    event.preventDefault();
    if (locking) return;
    locking = true;
    void lock('quit')
      .catch(() => undefined)
      .then(() => {
        locked = true;
        app.quit();
      });
  });
}
