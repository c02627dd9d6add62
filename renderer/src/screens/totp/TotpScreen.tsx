// TOTP login: opens exactly one MFA seed for one sign-in and shows only its codes (the seed stays in the
// app process and is wiped when the session ends). docs/FORMAT.md §11.4 (login sessions), DESIGN §3.4.

import { useCallback, useEffect, useState } from 'react';
import type { AccountSummary, MfaDeviceSummary, TotpSessionEnd, TotpSessionView } from '../../../../src/app/api.js';
import { ApiFailure, call } from '../../api.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { useFocusWhenShown } from '../../components/focus.js';
import { SESSION_MINUTES } from '../../components/session-length.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { useAction } from '../../components/useAction.js';
import { useTicker } from '../../components/useTicker.js';
import { useAppState } from '../../state.js';
import { TotpRunningPanel } from './TotpRunningPanel.js';
import { TotpStartPanel, type TotpChoice } from './TotpStartPanel.js';

const REASONS: Readonly<Record<TotpSessionEnd['reason'], string>> = {
  ended: 'it was ended here',
  expired: 'its time ran out',
  locked: 'the stores were locked',
  replaced: 'another session or an enrollment started',
};

interface Ended {
  readonly reason: string | null;
  readonly accountId: string;
  readonly device: string;
}

/** The reason of the last session end, from the audit log (the session itself is gone). */
async function lastEndReason(): Promise<string | null> {
  try {
    const { entries } = await call('listAuditLog');
    const last = [...entries].reverse().find((e) => e.event === 'totp.session-end');
    const reason = last?.details.reason;
    return typeof reason === 'string' ? (REASONS[reason as TotpSessionEnd['reason']] ?? reason) : null;
  } catch {
    return null;
  }
}

export function TotpScreen() {
  const { workstation, params, refresh } = useAppState();
  const [choice, setChoice] = useState<TotpChoice>(() => ({ accountId: params.accountId ?? '', device: params.device ?? '', minutes: String(SESSION_MINUTES.standard), offset: '' }));
  const [devices, setDevices] = useState<readonly MfaDeviceSummary[]>([]);
  const [accounts, setAccounts] = useState<readonly AccountSummary[]>([]);
  const [session, setSession] = useState<TotpSessionView | null>(null);
  const [ended, setEnded] = useState<Ended | null>(null);
  // Opening the MFA seed store for this login found a change saved without its audit entry, and recorded it.
  const [unaudited, setUnaudited] = useState<string | null>(null);
  const action = useAction();
  const [loadError, setLoadError] = useState<unknown>(null);
  const endedRef = useFocusWhenShown<HTMLDivElement>(ended !== null && session === null);

  // Devices come from the MFA store's public metadata (no key); names from the vault when it is open.
  useEffect(() => {
    let live = true;
    call('listMfaDevices', {})
      .then((list) => {
        if (!live) return;
        setDevices(list.filter((d) => d.type === 'virtual'));
      })
      .catch((error: unknown) => live && setLoadError(error));
    call('listAccounts')
      .then((list) => live && setAccounts(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  // A session already running (e.g. after switching screens) is picked up again.
  useEffect(() => {
    if (workstation?.totpSession && !session && !ended) {
      call('getTotpCodes')
        .then((view) => setSession(view))
        .catch(() => undefined);
    }
  }, [workstation?.totpSession, session, ended]);

  const sessionEnded = useCallback(
    async (view: TotpSessionView, reason: string | null) => {
      setSession(null);
      setEnded({ reason: reason ?? (await lastEndReason()), accountId: view.accountId, device: view.device });
      void refresh().catch(() => undefined);
    },
    [refresh],
  );

  useTicker(session !== null, 1_000, () => {
    const current = session;
    if (!current) return;
    call('getTotpCodes')
      .then((view) => setSession(view))
      .catch((error: unknown) => {
        if (error instanceof ApiFailure && error.code === 'SESSION') void sessionEnded(current, null);
        else action.setError(error);
      });
  });

  const end = async () => {
    const current = session;
    const summary = await action.run('Ending the session and wiping the seed…', () => call('endTotpSession'));
    if (current) await sessionEnded(current, summary ? REASONS[summary.reason] : REASONS.ended);
  };

  const started = (view: TotpSessionView) => {
    setEnded(null);
    setUnaudited(view.unaudited?.message ?? null);
    setSession(view);
    void refresh().catch(() => undefined);
  };

  return (
    <div className="screen" data-testid="totp-screen">
      <h1>
        <StoreBadge store="mfa-seeds" /> TOTP login
      </h1>
      {unaudited ? (
        <div className="note note-warning" role="alert" data-testid="totp-unaudited">
          <strong>A change had no audit entry.</strong> {unaudited}
        </div>
      ) : null}
      {session ? (
        <TotpRunningPanel
          session={session}
          accountName={accounts.find((a) => a.accountId === session.accountId)?.name}
          action={action}
          onSession={setSession}
          onEnd={() => void end()}
        />
      ) : (
        <>
          {ended && (
            <div ref={endedRef} tabIndex={-1} className="note" role="status" data-testid="totp-ended">
              Session ended for {ended.accountId} ({ended.device}){ended.reason ? `: ${ended.reason}` : ''}. The seed was wiped.
            </div>
          )}
          <ErrorNote error={loadError} testId="totp-load-error" />
          <TotpStartPanel choice={choice} onChoice={setChoice} devices={devices} accounts={accounts} action={action} onStarted={started} />
        </>
      )}
    </div>
  );
}
