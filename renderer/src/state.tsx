// What every screen shares: the open vault set's status, the workstation status (air gap, unlocked
// stores, host), the custodians present (named in every audit entry), and which screen is shown. DESIGN §2.

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { VaultSetStatus, WorkstationStatus } from '../../src/app/api.js';
import { call } from './api.js';

export type ScreenId =
  | 'welcome'
  | 'create'
  | 'accounts'
  | 'account'
  | 'unlock'
  | 'totp'
  | 'enroll'
  | 'custody'
  | 'drives'
  | 'print'
  | 'audit'
  | 'settings'
  | 'runs'
  | 'migrate'
  | 'drill'
  | 'inventory';

export interface AppState {
  readonly status: VaultSetStatus | null;
  readonly workstation: WorkstationStatus | null;
  /** Re-reads the vault set and workstation status (after any change). */
  refresh(): Promise<void>;
  readonly screen: ScreenId;
  readonly params: Readonly<Record<string, string>>;
  go(screen: ScreenId, params?: Readonly<Record<string, string>>): void;
  /** Names of the custodians at the workstation, passed as `actors` to every call that changes or reveals. */
  readonly actors: readonly string[];
  setActors(names: readonly string[]): void;
}

const Context = createContext<AppState | null>(null);

export function AppStateProvider({ children }: { readonly children: ReactNode }) {
  const [status, setStatus] = useState<VaultSetStatus | null>(null);
  const [workstation, setWorkstation] = useState<WorkstationStatus | null>(null);
  const [screen, setScreen] = useState<ScreenId>('welcome');
  const [params, setParams] = useState<Readonly<Record<string, string>>>({});
  const [actors, setActors] = useState<readonly string[]>([]);

  // Polls, the host's lock events and screens all refresh, and their answers can arrive out of order: an
  // answer older than one already shown is dropped, so a stale "unlocked" never replaces a newer "locked".
  const asked = useRef(0);
  const shown = useRef({ workstation: 0, status: 0 });
  const refresh = useCallback(async () => {
    const ticket = ++asked.current;
    const ws = await call('getWorkstationStatus');
    if (ticket < shown.current.workstation) return;
    shown.current.workstation = ticket;
    setWorkstation(ws);
    const next = ws.dir ? await call('getStatus') : null;
    if (ticket < shown.current.status) return;
    shown.current.status = ticket;
    setStatus(next);
  }, []);

  useEffect(() => {
    void refresh().catch(() => undefined);
    const timer = window.setInterval(() => void refresh().catch(() => undefined), 5_000);
    // The host locked every store (suspend, screen lock, system idle): show it at once, not at the next poll.
    const locked = () => void refresh().catch(() => undefined);
    window.addEventListener('breakglass:locked', locked);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('breakglass:locked', locked);
    };
  }, [refresh]);

  const go = useCallback((next: ScreenId, nextParams: Readonly<Record<string, string>> = {}) => {
    setScreen(next);
    setParams(nextParams);
  }, []);

  const value = useMemo<AppState>(
    () => ({ status, workstation, refresh, screen, params, go, actors, setActors }),
    [status, workstation, refresh, screen, params, go, actors],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useAppState(): AppState {
  const state = useContext(Context);
  if (!state) throw new Error('useAppState outside AppStateProvider');
  return state;
}
