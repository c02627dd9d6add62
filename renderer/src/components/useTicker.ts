// A timer for screens that show live codes (TOTP session, enrollment): calls `tick` every `ms` while
// `active`, always the latest `tick`. docs/FORMAT.md §11.1.

import { useEffect, useRef } from 'react';

/** Calls `tick` every `ms` while `active`. */
export function useTicker(active: boolean, ms: number, tick: () => void): void {
  const saved = useRef(tick);
  useEffect(() => {
    saved.current = tick;
  }, [tick]);
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => saved.current(), ms);
    return () => window.clearInterval(timer);
  }, [active, ms]);
}
