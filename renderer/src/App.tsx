// The window's layout: a header (vault set, custodians present), the left navigation, the current
// screen, and the status bar (air gap, unlocked stores, TOTP session, host). DESIGN §2 (renderer).

import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { hostInfo } from './api.js';
import { ErrorNote } from './components/ErrorNote.js';
import { ActorsField } from './components/ActorsField.js';
import { StatusBar } from './components/StatusBar.js';
import { StoreBadge } from './components/StoreBadge.js';
import { STORE_KINDS } from './components/stores.js';
import { useIdleLock } from './components/idle-lock.js';
import { useAppState, type ScreenId } from './state.js';
import { AccountDetailScreen } from './screens/account/AccountDetailScreen.js';
import { AccountsScreen } from './screens/AccountsScreen.js';
import { AuditScreen } from './screens/AuditScreen.js';
import { CreateVaultSetScreen } from './screens/CreateVaultSetScreen.js';
import { CustodyScreen } from './screens/custody/CustodyScreen.js';
import { DrivesScreen } from './screens/drives/DrivesScreen.js';
import { EnrollScreen } from './screens/enroll/EnrollScreen.js';
import { PrintScreen } from './screens/print/PrintScreen.js';
import { SettingsScreen } from './screens/SettingsScreen.js';
import { TotpScreen } from './screens/totp/TotpScreen.js';
import { UnlockScreen } from './screens/UnlockScreen.js';
import { MigrationScreen } from './screens/migration/MigrationScreen.js';
import { WelcomeScreen } from './screens/WelcomeScreen.js';
import { StoreProblems } from './components/StoreProblems.js';
import { RunsScreen } from './screens/runs/RunsScreen.js';
import { DrillScreen } from './screens/drill/DrillScreen.js';
import { InventoryScreen } from './screens/inventory/InventoryScreen.js';

interface NavItem {
  readonly screen: ScreenId;
  readonly label: string;
  /** Other screens that count as this item (account detail belongs to Accounts). */
  readonly also?: readonly ScreenId[];
  /** Shown only with an open vault set. */
  readonly needsVaultSet: boolean;
}

const NAV: readonly NavItem[] = [
  { screen: 'welcome', label: 'Vault set', also: ['create'], needsVaultSet: false },
  { screen: 'accounts', label: 'Accounts', also: ['account'], needsVaultSet: true },
  { screen: 'unlock', label: 'Unlock', needsVaultSet: true },
  { screen: 'totp', label: 'TOTP login', needsVaultSet: true },
  { screen: 'enroll', label: 'Enroll MFA', needsVaultSet: true },
  { screen: 'custody', label: 'Custodians & shares', needsVaultSet: true },
  { screen: 'drives', label: 'Drives', needsVaultSet: false },
  { screen: 'print', label: 'Print', needsVaultSet: false },
  { screen: 'audit', label: 'Audit log', needsVaultSet: true },
  { screen: 'migrate', label: 'Migrate', needsVaultSet: true },
  { screen: 'settings', label: 'Settings', needsVaultSet: false },
  { screen: 'runs', label: 'Break-glass runs', needsVaultSet: true },
  { screen: 'drill', label: 'Drill', needsVaultSet: true },
  { screen: 'inventory', label: 'Inventory', needsVaultSet: true },
];

const NEEDS_VAULT_SET = new Set<ScreenId>(['accounts', 'account', 'unlock', 'totp', 'enroll', 'custody', 'audit', 'runs', 'migrate', 'drill', 'inventory']);

function renderScreen(screen: ScreenId, hasVaultSet: boolean): ReactNode {
  if (!hasVaultSet && NEEDS_VAULT_SET.has(screen)) return <WelcomeScreen />;
  switch (screen) {
    case 'welcome':
      return <WelcomeScreen />;
    case 'create':
      return <CreateVaultSetScreen />;
    case 'accounts':
      return <AccountsScreen />;
    case 'account':
      return <AccountDetailScreen />;
    case 'unlock':
      return <UnlockScreen />;
    case 'totp':
      return <TotpScreen />;
    case 'enroll':
      return <EnrollScreen />;
    case 'custody':
      return <CustodyScreen />;
    case 'drives':
      return <DrivesScreen />;
    case 'print':
      return <PrintScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'runs':
      return <RunsScreen />;
    case 'migrate':
      return <MigrationScreen />;
    case 'drill':
      return <DrillScreen />;
    case 'inventory':
      return <InventoryScreen />;
  }
}

export function App() {
  const { status, workstation, screen, params, go, refresh } = useAppState();
  // Locks every store after the idle time set in Settings (the Electron main also locks on system idle).
  // Said on screen, not done silently: which stores were locked, when, and why (until dismissed).
  const [idleNotice, setIdleNotice] = useState<string | null>(null);
  // Read through a ref: a new status every poll must not restart the idle watcher's count. "Open" is what
  // the status bar shows (the workstation status: unlocked stores, a running login session), so the notice
  // appears exactly when the custodian could see something open.
  const workstationRef = useRef(workstation);
  workstationRef.current = workstation;
  const onIdleLocked = useCallback(
    (minutes: number, wasOpen: boolean) => {
      const at = new Date().toISOString().slice(11, 16);
      if (wasOpen) {
        setIdleNotice(
          `Every store was locked at ${at} UTC after ${minutes} minute${minutes === 1 ? '' : 's'} without keyboard or mouse input (the idle lock set in Settings). Unlock again to go on.`,
        );
      }
      void refresh().catch(() => undefined);
    },
    [refresh],
  );
  const anyOpen = useCallback(() => (workstationRef.current?.unlocked.length ?? 0) > 0 || Boolean(workstationRef.current?.totpSession), []);
  useIdleLock(onIdleLocked, anyOpen);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const ready = workstation !== null;
  const hasVaultSet = status !== null;

  // A new screen: move keyboard focus to the top of the main area (not on first load).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (main.current) {
      main.current.scrollTop = 0;
      main.current.focus({ preventScroll: true });
    }
  }, [screen, params]);

  if (!ready && !hostInfo()) {
    return (
      <div className="app app-error">
        <main className="main" id="main">
          <h1>Breakglass Vault</h1>
          <ErrorNote error={new Error('This window is not running inside Breakglass Vault (no window.breakglass). Start it with "npm start".')} />
        </main>
      </div>
    );
  }

  return (
    <div className="app" data-testid={ready ? 'app-ready' : 'app-loading'}>
      <a className="skip-link" href="#main">
        Skip to the screen
      </a>
      <header className="app-header">
        <div className="brand">
          <svg className="brand-mark" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
            <path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3Z" fill="currentColor" />
            <path d="M12 7v6M12 16v1.5" stroke="#111827" strokeWidth="2.2" strokeLinecap="round" />
          </svg>
          <span className="brand-name">Breakglass Vault</span>
        </div>
        <div className="header-set" data-testid="header-vault-set">
          {status ? (
            <>
              <span className="muted">Vault set</span> <code className="path">{status.dir}</code>
              {STORE_KINDS.map((kind) =>
                status.stores[kind].unlockedAt ? (
                  <span key={kind} className="header-unlocked">
                    <StoreBadge store={kind} /> open
                  </span>
                ) : null,
              )}
            </>
          ) : (
            <span className="muted">No vault set open</span>
          )}
        </div>
        <ActorsField />
      </header>

      <nav className="app-nav" aria-label="Screens">
        <ul>
          {NAV.map((item) => {
            const current = item.screen === screen || (item.also?.includes(screen) ?? false);
            const disabled = item.needsVaultSet && !hasVaultSet;
            return (
              <li key={item.screen}>
                <button
                  type="button"
                  className={`nav-item${current ? ' nav-current' : ''}`}
                  data-testid={`nav-${item.screen}`}
                  aria-current={current ? 'page' : undefined}
                  disabled={disabled}
                  title={disabled ? 'Open or create a vault set first' : undefined}
                  onClick={() => go(item.screen)}
                >
                  {item.label}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>

      <main className="main" id="main" ref={main} tabIndex={-1} data-screen={screen}>
        {idleNotice ? (
          <div className="note note-warning" role="status" data-testid="idle-lock-notice">
            {idleNotice}{' '}
            <button type="button" className="button-quiet" onClick={() => setIdleNotice(null)} data-testid="idle-lock-notice-dismiss">
              Dismiss
            </button>
          </div>
        ) : null}
        {ready && <StoreProblems />}
        {ready ? renderScreen(screen, hasVaultSet) : <p className="muted">Starting…</p>}
      </main>

      <StatusBar />
    </div>
  );
}
