// What every screen shares: the open vault set's status, the workstation status (air gap, unlocked
// stores, host), the custodians present (named in every audit entry), and which screen is shown. DESIGN §2.

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { StoreKind, VaultSetStatus, WorkstationStatus } from '../../src/app/api.js';
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
  /**
   * Who is present for each store's steps (Unlock, TOTP login, Print): the holders of the shares that last
   * opened it plus anyone typed on the step's screen. Empty: the header's names are used.
   */
  readonly present: Readonly<Record<StoreKind, readonly string[]>>;
  setPresent(store: StoreKind, names: readonly string[]): void;
}

const NOBODY: Readonly<Record<StoreKind, readonly string[]>> = { 'password-vault': [], 'mfa-seeds': [] };

/**
 * The names to record when shares open `store`: their holders plus anyone typed for the store's step
 * (else the header's names). The same list becomes the store's "present" names after the step.
 */
export function stepActors(state: Pick<AppState, 'actors' | 'present'>, store: StoreKind, holders: readonly string[]): readonly string[] {
  const named = [...new Set([...holders, ...state.present[store]])];
  return named.length > 0 ? named : state.actors;
}

/** The names to record for a step on `store`: the people present for that store, else the header's. */
export function actorsFor(state: Pick<AppState, 'actors' | 'present'>, store: StoreKind): readonly string[] {
  return state.present[store].length > 0 ? state.present[store] : state.actors;
}

const Context = createContext<AppState | null>(null);

export function AppStateProvider({ children }: { readonly children: ReactNode }) {
  const [status, setStatus] = useState<VaultSetStatus | null>(null);
  const [workstation, setWorkstation] = useState<WorkstationStatus | null>(null);
  const [screen, setScreen] = useState<ScreenId>('welcome');
  const [params, setParams] = useState<Readonly<Record<string, string>>>({});
  const [actors, setActors] = useState<readonly string[]>([]);
  const [present, setPresentAll] = useState<Readonly<Record<StoreKind, readonly string[]>>>(NOBODY);
  const setPresent = useCallback((store: StoreKind, names: readonly string[]) => setPresentAll((all) => ({ ...all, [store]: names })), []);

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

  // The names belong to one sitting: forgotten when another vault set is opened or created, and when
  // nothing is open any more (every store locked, by hand or by the idle lock, and no TOTP session).
  const sitting = useRef<{ dir: string | null; open: boolean }>({ dir: null, open: false });
  useEffect(() => {
    if (!workstation) return;
    const open = workstation.unlocked.length > 0 || workstation.totpSession !== null;
    const before = sitting.current;
    sitting.current = { dir: workstation.dir, open };
    const otherSet = before.dir !== null && workstation.dir !== before.dir;
    if (otherSet || (before.open && !open)) {
      setActors([]);
      setPresentAll(NOBODY);
    }
  }, [workstation]);

  const go = useCallback((next: ScreenId, nextParams: Readonly<Record<string, string>> = {}) => {
    setScreen(next);
    setParams(nextParams);
  }, []);

  const value = useMemo<AppState>(
    () => ({ status, workstation, refresh, screen, params, go, actors, setActors, present, setPresent }),
    [status, workstation, refresh, screen, params, go, actors, present, setPresent],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useAppState(): AppState {
  const state = useContext(Context);
  if (!state) throw new Error('useAppState outside AppStateProvider');
  return state;
}
