// The idle-lock setting (minutes, never a secret, kept in localStorage) and a hook that locks every
// store after that long without keyboard or mouse input. DESIGN §3.4 (secrets live only while needed).

import { useEffect } from 'react';
import { call } from '../api.js';

const KEY = 'breakglass.idleLockMinutes';
export const IDLE_LOCK_DEFAULT_MINUTES = 5;
export const IDLE_LOCK_MAX_MINUTES = 240;
/** Fired on window when the setting changes, so a running watcher picks it up at once. */
export const IDLE_LOCK_EVENT = 'breakglass:idle-lock-changed';

/** Minutes of inactivity before everything is locked; 0 turns the renderer's watcher off. */
export function readIdleLockMinutes(): number {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (raw === null) return IDLE_LOCK_DEFAULT_MINUTES;
    const value = Number(raw);
    return Number.isInteger(value) && value >= 0 && value <= IDLE_LOCK_MAX_MINUTES ? value : IDLE_LOCK_DEFAULT_MINUTES;
  } catch {
    return IDLE_LOCK_DEFAULT_MINUTES;
  }
}

export function writeIdleLockMinutes(minutes: number): void {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > IDLE_LOCK_MAX_MINUTES) {
    throw new RangeError(`The idle lock is a whole number of minutes from 0 to ${IDLE_LOCK_MAX_MINUTES}.`);
  }
  window.localStorage.setItem(KEY, String(minutes));
  window.dispatchEvent(new Event(IDLE_LOCK_EVENT));
}

const ACTIVITY = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

/**
 * Locks every store (and ends a TOTP session) after the configured idle time. Mount it once, high in
 * the tree (App); `onLocked` gets the idle minutes, so the app can refresh and say why it locked.
 */
export function useIdleLock(onLocked?: (minutes: number, wasOpen: boolean) => void, isOpen?: () => boolean): void {
  useEffect(() => {
    let minutes = readIdleLockMinutes();
    let last = Date.now();
    let locked = false;
    const active = () => {
      last = Date.now();
      locked = false;
    };
    const changed = () => {
      minutes = readIdleLockMinutes();
      last = Date.now();
    };
    for (const type of ACTIVITY) window.addEventListener(type, active, { passive: true });
    window.addEventListener(IDLE_LOCK_EVENT, changed);
    const timer = window.setInterval(() => {
      if (minutes === 0 || locked) return;
      if (Date.now() - last >= minutes * 60_000) {
        locked = true;
        const after = minutes;
        // Asked before locking: whether anything was open is what the notice is about.
        const wasOpen = isOpen?.() ?? true;
        void call('lockAll')
          .then(() => onLocked?.(after, wasOpen))
          .catch(() => undefined);
      }
    }, 5_000);
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, active);
      window.removeEventListener(IDLE_LOCK_EVENT, changed);
      window.clearInterval(timer);
    };
  }, [onLocked, isOpen]);
}
