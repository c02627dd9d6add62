// One account: its fields, edit and remove, the root password (timed reveal, copy cleared by the app),
// and its MFA devices with TOTP sign-in and enrollment. docs/FORMAT.md §3.2–3.3, DESIGN §3.4.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountSummary } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { AccountClassTag } from '../../components/AccountClassTag.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { formatTimestamp } from '../../components/format.js';
import { Section } from '../../components/Section.js';
import { useAction } from '../../components/useAction.js';
import { VaultLocked } from '../../components/VaultLocked.js';
import { useAppState } from '../../state.js';
import { EditAccountPanel } from './EditAccountPanel.js';
import { MfaDevicesPanel } from './MfaDevicesPanel.js';
import { PasswordPanel } from './PasswordPanel.js';
import { visibleText } from '../../components/visible-text.js';

export function AccountDetailScreen() {
  const { status, params, go, refresh } = useAppState();
  const accountId = params.accountId ?? '';
  const unlocked = status?.stores['password-vault'].unlockedAt !== undefined;
  const [account, setAccount] = useState<AccountSummary | null>(null);
  const [editing, setEditing] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  // Bumped by every save: the password panel starts over, so no reveal outlives a changed password.
  const [saves, setSaves] = useState(0);
  const load = useAction();
  const action = useAction();
  const confirmRef = useRef<HTMLButtonElement>(null);

  const reload = useCallback(async () => {
    if (unlocked) setAccount(await call('getAccount', { accountId }));
    else setAccount(null);
  }, [accountId, unlocked]);

  useEffect(() => {
    void load.run('Reading the account', reload);
  }, [load.run, reload]);

  useEffect(() => {
    if (confirmRemove) confirmRef.current?.focus();
  }, [confirmRemove]);

  const focusEdit = () => window.setTimeout(() => document.getElementById('detail-edit')?.focus(), 0);

  const startEdit = () => {
    if (!account) return;
    setSaved(null);
    setEditing(true);
    window.setTimeout(() => document.getElementById('edit-name')?.focus(), 0);
  };

  const onSaved = async (message: string) => {
    setSaved(message);
    setEditing(false);
    setSaves((n) => n + 1);
    await reload();
    await refresh();
    focusEdit();
  };

  const remove = () =>
    void action.run('Removing the account', async () => {
      await call('removeAccount', { accountId });
      await refresh();
      go('accounts');
    });

  return (
    <div className="screen" data-testid="screen-account">
      <p className="breadcrumb">
        <button type="button" className="link-button" data-testid="detail-back" onClick={() => go('accounts')}>
          ← Accounts
        </button>
      </p>
      <h1>
        Account <span className="mono">{accountId}</span>
        {account ? <span className="h1-sub"> — {visibleText(account.name)}</span> : null}
      </h1>

      {!unlocked ? <VaultLocked returnTo="account" params={{ accountId }} what="see this account and its root password" /> : null}
      {load.busy ? <Busy label={load.busy} /> : null}
      <ErrorNote error={load.error} testId="detail-error" />

      {account && !editing ? (
        <Section title="Account" testId="detail-fields">
          <dl className="facts">
            <dt>Account id</dt>
            <dd className="mono" data-testid="detail-account-id">
              {account.accountId}
            </dd>
            <dt>Name</dt>
            <dd data-testid="detail-name">{visibleText(account.name)}</dd>
            <dt>Class</dt>
            <dd data-testid="detail-class">
              <AccountClassTag accountClass={account.accountClass} />
            </dd>
            <dt>Root user email</dt>
            <dd data-testid="detail-email">{account.email}</dd>
            <dt>Notes</dt>
            <dd data-testid="detail-notes" className="pre">
              {visibleText(account.notes) || <span className="muted">—</span>}
            </dd>
            <dt>Added / changed</dt>
            <dd>
              {formatTimestamp(account.createdAt)} / {formatTimestamp(account.updatedAt)}
            </dd>
          </dl>
          {saved ? (
            <p className="note note-ok" role="status" data-testid="detail-saved">
              {saved}
            </p>
          ) : null}
          <ErrorNote error={action.error} testId="detail-action-error" />
          {confirmRemove ? (
            <div className="confirm" role="alertdialog" aria-labelledby="remove-title" data-testid="remove-confirm-panel">
              <p id="remove-title">
                <strong>Remove account {account.accountId} ({visibleText(account.name)})?</strong> Its root password is deleted from the password vault (a new
                generation is written; older copies on drives keep it until they are refreshed). Its MFA devices stay in the MFA seed store.
              </p>
              <div className="button-row">
                <button type="button" className="button-danger" data-testid="remove-confirm" disabled={action.busy !== null} onClick={remove}>
                  Remove {account.accountId}
                </button>
                <button type="button" ref={confirmRef} className="button-secondary" data-testid="remove-cancel" onClick={() => setConfirmRemove(false)}>
                  Keep it
                </button>
              </div>
            </div>
          ) : (
            <div className="button-row">
              <button type="button" id="detail-edit" className="button-secondary" data-testid="detail-edit" onClick={startEdit}>
                Edit
              </button>
              <button type="button" className="button-danger-quiet" data-testid="detail-remove" onClick={() => setConfirmRemove(true)}>
                Remove account…
              </button>
            </div>
          )}
          {action.busy ? <Busy label={action.busy} /> : null}
        </Section>
      ) : null}

      {account && editing ? (
        <EditAccountPanel
          account={account}
          onSaved={onSaved}
          onCancel={() => {
            setEditing(false);
            focusEdit();
          }}
        />
      ) : null}

      {account ? <PasswordPanel key={`${accountId}-${saves}`} accountId={accountId} /> : null}

      <MfaDevicesPanel accountId={accountId} />
    </div>
  );
}
