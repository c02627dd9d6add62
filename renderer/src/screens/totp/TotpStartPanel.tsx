// Starting a TOTP login: which account and device, how long (whole minutes, 1–15), an optional clock
// offset, and — while the MFA seed store is locked — the shares or passphrase that open it. docs/FORMAT.md §11.4.

import { useEffect, useMemo, type FormEvent } from 'react';
import type { AccountSummary, MfaDeviceSummary, TotpSessionView, UnlockSecret } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { actorsInput } from '../../components/names.js';
import { PresentField } from '../../components/PresentField.js';
import { enteredSecret, useSecretDraft } from '../../components/secret-draft.js';
import { SecretEntry } from '../../components/SecretEntry.js';
import { SESSION_MINUTES } from '../../components/session-length.js';
import { Section } from '../../components/Section.js';
import { storeOpeners } from '../../components/store-openers.js';
import { StoreBadge } from '../../components/StoreBadge.js';
import { useAction } from '../../components/useAction.js';
import { stepActors, useAppState } from '../../state.js';
import { TrustedTimeEntry } from './TrustedTimeEntry.js';

/** What the custodian chose on the start form; kept by the screen, so it is still there after a session. */
export interface TotpChoice {
  readonly accountId: string;
  readonly device: string;
  /** Session length in minutes, as typed. */
  readonly minutes: string;
  readonly offset: string;
}

export function TotpStartPanel({
  choice,
  onChoice,
  devices,
  accounts,
  action,
  onStarted,
}: {
  readonly choice: TotpChoice;
  readonly onChoice: (update: (current: TotpChoice) => TotpChoice) => void;
  /** The virtual MFA devices (public metadata of the MFA seed store, no key needed). */
  readonly devices: readonly MfaDeviceSummary[];
  readonly accounts: readonly AccountSummary[];
  readonly action: ReturnType<typeof useAction>;
  readonly onStarted: (view: TotpSessionView) => void;
}) {
  const { status, actors, present, setPresent } = useAppState();
  const { accountId, device, minutes, offset } = choice;
  const setAccountId = (value: string) => onChoice((c) => ({ ...c, accountId: value }));
  const setDevice = (value: string) => onChoice((c) => ({ ...c, device: value }));
  const openers = storeOpeners(status?.stores['mfa-seeds']);
  // Reset once a session starts: the shares or passphrase typed for it leave the screen.
  const [draft, setDraft, resetDraft] = useSecretDraft();

  const accountIds = useMemo(() => [...new Set(devices.map((d) => d.accountId))], [devices]);
  const accountDevices = useMemo(() => devices.filter((d) => d.accountId === accountId), [devices, accountId]);
  useEffect(() => {
    if (!accountId && accountIds.length > 0) onChoice((c) => ({ ...c, accountId: accountIds[0] ?? '' }));
  }, [accountId, accountIds, onChoice]);
  useEffect(() => {
    if (accountDevices.length > 0 && !accountDevices.some((d) => d.name === device)) onChoice((c) => ({ ...c, device: accountDevices[0]?.name ?? '' }));
  }, [accountDevices, device, onChoice]);
  const typed = openers.unlocked ? null : enteredSecret(draft, openers, 'mfa-seeds');
  const pendingHolders = typed?.ready ? typed.custodians : [];
  const nameOf = (id: string) => accounts.find((a) => a.accountId === id)?.name;

  const start = async (event: FormEvent) => {
    event.preventDefault();
    let unlock: UnlockSecret | undefined;
    // The MFA side is present for this login: the typed names for the MFA seed store plus the holders of
    // the shares given now — never the password vault's custodians.
    let holders: readonly string[] = [];
    if (!openers.unlocked) {
      const entered = enteredSecret(draft, openers, 'mfa-seeds');
      if (!entered.ready) {
        action.setError(new Error(entered.missing));
        return;
      }
      unlock = entered.secret;
      holders = entered.custodians;
    }
    const names = stepActors({ actors, present }, 'mfa-seeds', holders);
    const mins = /^\s*\d{1,4}\s*$/.test(minutes) ? Number(minutes) : NaN;
    if (!(mins >= SESSION_MINUTES.least && mins <= SESSION_MINUTES.most)) {
      action.setError(
        new Error(
          `The session length is whole minutes from ${SESSION_MINUTES.least} to ${SESSION_MINUTES.most} (default ${SESSION_MINUTES.standard}): ${minutes.trim() === '' ? 'nothing was' : `“${minutes.trim()}” was`} given. Start another session if the sign-in needs longer.`,
        ),
      );
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
        durationSeconds: mins * 60,
        ...(offset.trim() ? { offset: offset.trim() } : {}),
        ...actorsInput(names),
      }),
    );
    if (view) {
      if (holders.length > 0) setPresent('mfa-seeds', names);
      resetDraft();
      onStarted(view);
    }
  };

  return (
    <Section title="Start a login session" testId="totp-start-card">
      <p className="muted">Opens one MFA seed for one sign-in. Only codes reach this window; the seed is wiped when the session ends.</p>
      {/* noValidate: the length is checked below and refused in words that name its range, not by a browser tooltip. */}
      <form onSubmit={(e) => void start(e)} noValidate>
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
            <label htmlFor="totp-duration">
              Session length (minutes, {SESSION_MINUTES.least}–{SESSION_MINUTES.most})
            </label>
            <input id="totp-duration" type="number" min={SESSION_MINUTES.least} max={SESSION_MINUTES.most} step={1} value={minutes} onChange={(e) => onChoice((c) => ({ ...c, minutes: e.target.value }))} data-testid="totp-duration" />
          </div>
          <div className="field">
            <label htmlFor="totp-offset">Clock offset (optional)</label>
            <input id="totp-offset" value={offset} placeholder="+2 (minutes) or -90s" onChange={(e) => onChoice((c) => ({ ...c, offset: e.target.value }))} data-testid="totp-offset" />
          </div>
        </div>
        <TrustedTimeEntry id="totp-trusted" applyLabel="Use this offset for the session" onApply={(value) => onChoice((c) => ({ ...c, offset: value }))} busy={action.busy !== null} />
        {openers.unlocked ? (
          <p className="note" data-testid="totp-store-unlocked">
            <StoreBadge store="mfa-seeds" /> The MFA seed store is unlocked: no shares are needed.
          </p>
        ) : (
          <SecretEntry prefix="totp" store="mfa-seeds" openers={openers} frame="fieldset" draft={draft} onDraft={setDraft} />
        )}
        <PresentField store="mfa-seeds" holders={pendingHolders} />
        <div className="button-row">
          <button type="submit" className="button-primary" disabled={action.busy !== null || accountIds.length === 0} data-testid="totp-start">
            Start session
          </button>
        </div>
        {action.busy && <Busy label={action.busy} />}
        <ErrorNote error={action.error} testId="totp-error" />
      </form>
    </Section>
  );
}
