// TOTP login: opens exactly one MFA seed for one sign-in and shows only its codes (the seed stays in the
// app process and is wiped when the session ends). Desktop issue "Screens"; TOTP issue "Login session".

import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { AccountSummary, MfaDeviceSummary, TotpSessionEnd, TotpSessionView } from '../../../src/app/api.js';
import { ApiFailure, call } from '../api.js';
import { Busy, ErrorNote, Section, useAction } from '../components.js';
import { useAppState } from '../state.js';
import {
  actorsInput,
  custodyOf,
  emptySecret,
  formatSeconds,
  formatUtc,
  groupCode,
  SecretFields,
  secretFromDraft,
  StoreBadge,
  useFocusWhenShown,
  useTicker,
  type SecretDraft,
} from './b-common.js';
import './screens-b.css';

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
  const { status, workstation, params, actors, refresh } = useAppState();
  const [devices, setDevices] = useState<readonly MfaDeviceSummary[]>([]);
  const [accounts, setAccounts] = useState<readonly AccountSummary[]>([]);
  const [accountId, setAccountId] = useState(params.accountId ?? '');
  const [device, setDevice] = useState(params.device ?? '');
  const custody = custodyOf(status, 'mfa-seeds');
  const [secret, setSecret] = useState<SecretDraft>(() => emptySecret(custody.threshold, custody.hasShares ? 'shares' : 'passphrase'));
  const [minutes, setMinutes] = useState('5');
  const [offset, setOffset] = useState('');
  const [session, setSession] = useState<TotpSessionView | null>(null);
  const [ended, setEnded] = useState<Ended | null>(null);
  const [newOffset, setNewOffset] = useState('');
  const action = useAction();
  const offsetAction = useAction();
  const [loadError, setLoadError] = useState<unknown>(null);
  const runningRef = useFocusWhenShown<HTMLDivElement>(session !== null);
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

  const accountIds = useMemo(() => [...new Set(devices.map((d) => d.accountId))], [devices]);
  const accountDevices = useMemo(() => devices.filter((d) => d.accountId === accountId), [devices, accountId]);
  useEffect(() => {
    if (!accountId && accountIds.length > 0) setAccountId(accountIds[0] ?? '');
  }, [accountId, accountIds]);
  useEffect(() => {
    if (accountDevices.length > 0 && !accountDevices.some((d) => d.name === device)) setDevice(accountDevices[0]?.name ?? '');
  }, [accountDevices, device]);

  const nameOf = (id: string) => accounts.find((a) => a.accountId === id)?.name;

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

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const useOpen = custody.unlocked;
    const unlock = useOpen ? undefined : secretFromDraft(secret);
    if (typeof unlock === 'string') {
      action.setError(new Error(unlock));
      return;
    }
    const mins = Number(minutes);
    if (!Number.isFinite(mins) || mins < 0.5 || mins > 15) {
      action.setError(new Error('The session lasts between half a minute and 15 minutes.'));
      return;
    }
    if (!accountId) {
      action.setError(new Error('Choose the account to sign in to.'));
      return;
    }
    const view = await action.run('Opening the MFA seed store for this login…', () =>
      call('startTotpSession', {
        accountId,
        ...(device ? { device } : {}),
        ...(unlock ? { secret: unlock } : {}),
        durationSeconds: Math.round(mins * 60),
        ...(offset.trim() ? { offset: offset.trim() } : {}),
        ...actorsInput(actors),
      }),
    );
    if (view) {
      setSecret(emptySecret(custody.threshold, secret.mode));
      setEnded(null);
      setSession(view);
      setNewOffset(view.offset);
      void refresh().catch(() => undefined);
    }
  };

  const end = async () => {
    const current = session;
    const summary = await action.run('Ending the session and wiping the seed…', () => call('endTotpSession'));
    if (current) await sessionEnded(current, summary ? REASONS[summary.reason] : REASONS.ended);
  };

  const applyOffset = async (event: FormEvent) => {
    event.preventDefault();
    const view = await offsetAction.run('Setting the clock offset…', () => call('setTotpOffset', { offset: newOffset.trim() || '0' }));
    if (view) setSession(view);
  };

  if (session) {
    const windowFraction = session.period > 0 ? session.secondsLeft / session.period : 0;
    return (
      <div className="screen b-screen" data-testid="totp-screen">
        <h1>
          <StoreBadge store="mfa-seeds" /> TOTP login
        </h1>
        <Section title={`Sign in to ${nameOf(session.accountId) ?? session.accountId}`} testId="totp-running">
          <p className="muted">
            Account <strong>{session.accountId}</strong> · device <strong>{session.device}</strong> · {session.digits} digits every {session.period} s
          </p>
          <div ref={runningRef} tabIndex={-1} className="b-totp-code" aria-live="polite" aria-label="Current code" data-testid="totp-current" data-code={session.current}>
            {groupCode(session.current)}
          </div>
          <div className="b-totp-window">
            <progress
              className={windowFraction < 0.2 ? 'b-progress-low' : undefined}
              max={session.period}
              value={session.secondsLeft}
              aria-label="Seconds left in this code's window"
              data-testid="totp-progress"
            />
            <span data-testid="totp-seconds-left">{session.secondsLeft} s left for this code</span>
          </div>
          {session.secondsLeft < 5 && <p className="note note-warning">Fewer than 5 seconds left: wait for the next code before typing it.</p>}
          <dl className="b-totp-neighbours">
            <div>
              <dt>Previous</dt>
              <dd data-testid="totp-previous">{groupCode(session.previous)}</dd>
            </div>
            <div>
              <dt>Next</dt>
              <dd data-testid="totp-next">{groupCode(session.next)}</dd>
            </div>
          </dl>
          <dl className="facts">
            <dt>Session ends in</dt>
            <dd data-testid="totp-expires">{formatSeconds(session.expiresInSeconds)} (then the seed is wiped)</dd>
            <dt>Workstation UTC</dt>
            <dd data-testid="totp-workstation-utc">{formatUtc(session.workstationUtc)}</dd>
            <dt>Codes computed for</dt>
            <dd data-testid="totp-codes-utc">
              {formatUtc(session.codesUtc)} {session.offsetSeconds !== 0 && <span className="muted">(offset {session.offset})</span>}
            </dd>
          </dl>
          <form className="b-inline-form" onSubmit={(e) => void applyOffset(e)}>
            <div className="field">
              <label htmlFor="totp-offset-set">Clock offset from a trusted clock</label>
              <input
                id="totp-offset-set"
                value={newOffset}
                placeholder="+2 (minutes) or -90s"
                onChange={(e) => setNewOffset(e.target.value)}
                data-testid="totp-offset-set"
              />
            </div>
            <button type="submit" className="button-secondary" disabled={offsetAction.busy !== null} data-testid="totp-offset-apply">
              Set offset
            </button>
          </form>
          <ErrorNote error={offsetAction.error} testId="totp-offset-error" />
          <div className="button-row">
            <button type="button" className="button-primary" onClick={() => void end()} disabled={action.busy !== null} data-testid="totp-end">
              End session
            </button>
          </div>
          {action.busy && <Busy label={action.busy} />}
          <ErrorNote error={action.error} testId="totp-error" />
        </Section>
      </div>
    );
  }

  return (
    <div className="screen b-screen" data-testid="totp-screen">
      <h1>
        <StoreBadge store="mfa-seeds" /> TOTP login
      </h1>
      {ended && (
        <div ref={endedRef} tabIndex={-1} className="note" role="status" data-testid="totp-ended">
          Session ended for {ended.accountId} ({ended.device}){ended.reason ? `: ${ended.reason}` : ''}. The seed was wiped.
        </div>
      )}
      <ErrorNote error={loadError} testId="totp-load-error" />
      <Section title="Start a login session" testId="totp-start-card">
        <p className="muted">
          Opens one MFA seed for one sign-in. Only codes reach this window; the seed is wiped when the session ends.
        </p>
        <form onSubmit={(e) => void start(e)}>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="totp-account">Account</label>
              <select id="totp-account" value={accountId} onChange={(e) => setAccountId(e.target.value)} data-testid="totp-account">
                {accountIds.length === 0 && <option value="">No account has a virtual MFA device</option>}
                {accountIds.map((id) => (
                  <option key={id} value={id}>
                    {id}
                    {nameOf(id) ? ` — ${nameOf(id)}` : ''}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="totp-device">MFA device</label>
              <select id="totp-device" value={device} onChange={(e) => setDevice(e.target.value)} data-testid="totp-device">
                {accountDevices.map((d) => (
                  <option key={d.id} value={d.name}>
                    {d.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="totp-duration">Session length (minutes, at most 15)</label>
              <input
                id="totp-duration"
                type="number"
                min={1}
                max={15}
                step={1}
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
                data-testid="totp-duration"
              />
            </div>
            <div className="field">
              <label htmlFor="totp-offset">Clock offset (optional)</label>
              <input id="totp-offset" value={offset} placeholder="+2 (minutes) or -90s" onChange={(e) => setOffset(e.target.value)} data-testid="totp-offset" />
            </div>
          </div>
          {custody.unlocked ? (
            <p className="note" data-testid="totp-store-unlocked">
              <StoreBadge store="mfa-seeds" /> The MFA seed store is unlocked: no shares are needed.
            </p>
          ) : (
            <SecretFields
              prefix="totp"
              draft={secret}
              onChange={setSecret}
              threshold={custody.threshold}
              hasPassphrase={custody.hasPassphrase}
              hasShares={custody.hasShares}
            />
          )}
          <div className="button-row">
            <button type="submit" className="button-primary" disabled={action.busy !== null || accountIds.length === 0} data-testid="totp-start">
              Start session
            </button>
          </div>
          {action.busy && <Busy label={action.busy} />}
          <ErrorNote error={action.error} testId="totp-error" />
        </form>
      </Section>
    </div>
  );
}
