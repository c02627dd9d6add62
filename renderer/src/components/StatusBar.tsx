// The status bar at the bottom of every screen: the air gap (any live non-loopback interface is a red
// warning until acknowledged, then amber until another interface comes up), which stores are unlocked and for how long, the running TOTP session, share sheets still to
// print, the host, and "Lock all". DESIGN §3.7 (the UI shows whether a network interface is live).

import { useEffect, useState } from 'react';
import { call, hostInfo } from '../api.js';
import { ErrorNote } from './ErrorNote.js';
import { useAction } from './useAction.js';
import { useAppState } from '../state.js';
import { clearClipboardNow } from './clipboard.js';
import { formatDuration } from './format.js';
import { StoreBadge } from './StoreBadge.js';
import { STORE_LABEL, STORE_SHORT } from './stores.js';
import { airGapState, keptAcknowledgement } from './network-ack.js';

/** The interfaces acknowledged in this app run (never stored): the banner stays amber while only they are up. */
function useNetworkAcknowledgement(upNames: readonly string[] | undefined): { acknowledged: ReadonlySet<string>; acknowledge: () => void } {
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(() => new Set());
  const key = upNames?.join('\n');
  useEffect(() => {
    if (upNames) setAcknowledged((before) => keptAcknowledgement(upNames, before));
  }, [key]);
  return { acknowledged, acknowledge: () => setAcknowledged(new Set([...acknowledged, ...(upNames ?? [])])) };
}

/** Seconds since the workstation status was last read, ticking every second. */
function useSecondsSince(marker: unknown): number {
  const [start, setStart] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setStart(Date.now());
    setNow(Date.now());
  }, [marker]);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return Math.max(0, Math.floor((now - start) / 1000));
}

/** The open break-glass runs of the open vault set (re-read with the workstation status and on every new screen). */
function useOpenRuns(marker: unknown, screen: unknown, hasVaultSet: boolean): { runs: readonly number[]; due: boolean } {
  const [open, setOpen] = useState<{ runs: readonly number[]; due: boolean }>({ runs: [], due: false });
  useEffect(() => {
    if (!hasVaultSet) return setOpen({ runs: [], due: false });
    let live = true;
    call('getRuns').then(
      (o) => live && setOpen({ runs: o.runs.filter((r) => r.state === 'open').map((r) => r.number), due: o.due }),
      () => live && setOpen({ runs: [], due: false }),
    );
    return () => {
      live = false;
    };
  }, [marker, screen, hasVaultSet]);
  return open;
}

/** The open vault set's drill status ("next drill due …", "drill overdue …"), re-read with the workstation status. */
function useDrillStatus(dir: string | null | undefined, marker: unknown): { summary: string; overdue: boolean } | null {
  const [status, setStatus] = useState<{ summary: string; overdue: boolean } | null>(null);
  useEffect(() => {
    let live = true;
    if (!dir) {
      setStatus(null);
      return;
    }
    call('getDrillStatus')
      .then((s) => live && setStatus({ summary: s.summary, overdue: s.overdue }))
      .catch(() => live && setStatus(null));
    return () => {
      live = false;
    };
  }, [dir, marker]);
  return status;
}

export function StatusBar() {
  const { workstation, refresh, go, status, screen } = useAppState();
  const openRuns = useOpenRuns(workstation, screen, status !== null);
  const { busy, error, run } = useAction();
  const elapsed = useSecondsSince(workstation);
  const drill = useDrillStatus(workstation?.dir, workstation);
  const host = hostInfo();
  const ack = useNetworkAcknowledgement(workstation?.network.interfaces.map((i) => i.name));

  if (!workstation) {
    return (
      <footer className="status-bar" data-testid="status-bar">
        <span className="status-item">Reading the workstation status…</span>
      </footer>
    );
  }

  const { network, unlocked, totpSession, issuedSharesPending } = workstation;
  const interfaces = network.interfaces.map((i) => `${i.name} (${i.addresses.join(', ')})`).join('; ');
  const airgap = airGapState(
    network.interfaces.map((i) => i.name),
    ack.acknowledged,
  );
  const lockAll = () =>
    void run('Locking', async () => {
      await call('lockAll');
      await clearClipboardNow().catch(() => undefined);
      await refresh();
    });

  return (
    <footer className="status-bar" data-testid="status-bar">
      {airgap === 'offline' ? (
        <span className="status-item airgap airgap-ok" data-testid="airgap" data-state="offline">
          <span className="dot" aria-hidden="true" /> Offline — no network interface up
        </span>
      ) : airgap === 'acknowledged' ? (
        <span className="status-item airgap airgap-acknowledged" data-testid="airgap" data-state="acknowledged" role="status">
          <span className="dot" aria-hidden="true" /> Network interface up (acknowledged): {interfaces}. This workstation should be offline: disconnect it before opening a store.
        </span>
      ) : (
        <span className="status-item airgap airgap-broken" data-testid="airgap" data-state="online" role="alert">
          <span className="dot" aria-hidden="true" /> Network interface up: {interfaces}. Disconnect it: this workstation must be offline.
          <button type="button" className="airgap-ack" data-testid="airgap-acknowledge" onClick={ack.acknowledge}>
            Acknowledge
          </button>
        </span>
      )}

      <span className="status-item" data-testid="status-unlocked">
        {unlocked.length === 0 ? (
          <span className="muted">All stores locked</span>
        ) : (
          unlocked.map((u) => (
            <span key={u.store} className="status-unlocked" data-testid={`status-unlocked-${u.store}`}>
              <StoreBadge store={u.store} /> unlocked {formatDuration(u.seconds + elapsed)}
              <span className="sr-only"> ({STORE_LABEL[u.store]})</span>
            </span>
          ))
        )}
      </span>

      {totpSession ? (
        <button type="button" className="status-item status-link" data-testid="status-totp" onClick={() => go('totp', { accountId: totpSession.accountId })}>
          <StoreBadge store="mfa-seeds" /> TOTP session {totpSession.accountId} · {totpSession.device} · ends in{' '}
          {formatDuration(Math.max(0, totpSession.expiresInSeconds - elapsed))}
        </button>
      ) : null}

      {openRuns.runs.length > 0 || openRuns.due ? (
        <button type="button" className={`status-item status-link${openRuns.due ? ' status-warning' : ''}`} data-testid="status-runs" onClick={() => go('runs', openRuns.runs.length === 1 ? { run: String(openRuns.runs[0]) } : {})}>
          {openRuns.runs.length > 0 ? `Break-glass run ${openRuns.runs.join(', ')} open` : 'Break-glass reminders due'}
        </button>
      ) : null}

      {issuedSharesPending.length > 0 ? (
        <button type="button" className="status-item status-link status-warning" data-testid="status-pending-shares" onClick={() => go('print', { document: 'shares' })}>
          Share sheets to print: {issuedSharesPending.map((s) => STORE_SHORT[s]).join(', ')}
        </button>
      ) : null}

      {drill ? (
        <span className={`status-item${drill.overdue ? ' status-warning' : ' muted'}`} data-testid="status-drill" data-overdue={drill.overdue ? 'yes' : 'no'}>
          {drill.summary}
        </span>
      ) : null}

      <span className="status-spacer" />
      <span className="status-item muted" data-testid="host">
        {host?.label ?? 'unknown host'}
        {workstation.host && workstation.host !== host?.label ? ` · ${workstation.host}` : ''}
      </span>
      <button type="button" className="button-danger button-small" data-testid="lock-all" disabled={busy !== null} onClick={lockAll}>
        Lock all
      </button>
      {error ? (
        <span className="status-item">
          <ErrorNote error={error} testId="lock-all-error" />
        </span>
      ) : null}
    </footer>
  );
}
