// One account: its fields, edit and remove, the root password (timed reveal for 30 s; copy, done by the
// app in the host process and cleared after 30 s), and its MFA devices with TOTP sign-in and enrollment.

import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { AccountSummary, MfaDeviceSummary } from '../../../src/app/api.js';
import { call } from '../api.js';
import { Busy, ErrorNote, Section, useAction } from '../components.js';
import { AccountClassTag } from '../components/AccountClassTag.js';
import { CLIPBOARD_SECONDS, clipboardState, copyPassword, formatClockTime, onClipboardState, type ClipboardState } from '../components/clipboard.js';
import { Field } from '../components/Field.js';
import { actorsField, formatTimestamp } from '../components/format.js';
import { StoreBadge } from '../components/StoreBadge.js';
import { VaultLocked } from '../components/VaultLocked.js';
import { useAppState } from '../state.js';

const REVEAL_SECONDS = 30;
const GENERATED_LENGTH = 32;

type PasswordAction = 'keep' | 'type' | 'generate';

interface EditForm {
  readonly name: string;
  readonly accountClass: string;
  readonly email: string;
  readonly notes: string;
  readonly passwordAction: PasswordAction;
  readonly password: string;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}

function useClipboardState(): ClipboardState {
  const [state, setState] = useState<ClipboardState>(clipboardState);
  useEffect(() => onClipboardState(setState), []);
  return state;
}

export function AccountDetailScreen() {
  const { status, params, go, refresh, actors } = useAppState();
  const accountId = params.accountId ?? '';
  const unlocked = status?.stores['password-vault'].unlockedAt !== undefined;
  const [account, setAccount] = useState<AccountSummary | null>(null);
  const [devices, setDevices] = useState<readonly MfaDeviceSummary[] | null>(null);
  const [edit, setEdit] = useState<EditForm | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [revealed, setRevealed] = useState<{ password: string; until: number } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const load = useAction();
  const mfa = useAction();
  const action = useAction();
  const secret = useAction();
  const clipState = useClipboardState();
  const clip: ClipboardState = clipState.kind !== 'idle' && clipState.accountId === accountId ? clipState : { kind: 'idle' };
  const [copying, setCopying] = useState(false);
  const now = useNow(revealed !== null || clip.kind === 'copied');
  const confirmRef = useRef<HTMLButtonElement>(null);

  const reload = useCallback(async () => {
    if (unlocked) setAccount(await call('getAccount', { accountId }));
    else setAccount(null);
  }, [accountId, unlocked]);

  useEffect(() => {
    void load.run('Reading the account', reload);
  }, [load.run, reload]);

  useEffect(() => {
    void mfa.run('Reading the MFA devices', async () => setDevices(await call('listMfaDevices', { accountId })));
  }, [mfa.run, accountId]);

  // The reveal ends after 30 s, or at once when the vault is locked or the account changes.
  useEffect(() => {
    if (revealed && (now >= revealed.until || !unlocked)) setRevealed(null);
  }, [now, revealed, unlocked]);
  useEffect(() => () => setRevealed(null), [accountId]);

  useEffect(() => {
    if (confirmRemove) confirmRef.current?.focus();
  }, [confirmRemove]);

  const reveal = () =>
    void secret.run('Opening the password', async () => {
      const { password } = await call('revealPassword', { accountId });
      setRevealed({ password, until: Date.now() + REVEAL_SECONDS * 1000 });
    });

  // The app copies from the host process: the password does not come to this window to be copied.
  const copy = () => {
    setCopying(true);
    void copyPassword(accountId, actorsField(actors)).finally(() => setCopying(false));
  };

  const startEdit = () => {
    if (!account) return;
    setSaved(null);
    setEdit({ name: account.name, accountClass: account.accountClass, email: account.email, notes: account.notes, passwordAction: 'keep', password: '' });
    window.setTimeout(() => document.getElementById('edit-name')?.focus(), 0);
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!edit || !account) return;
    void action.run('Saving (the vault is re-sealed)', async () => {
      if (edit.passwordAction === 'type' && edit.password.length === 0) throw new Error('Type the new root password, or choose "Keep the current password".');
      await call('updateAccount', {
        accountId,
        ...(edit.name !== account.name ? { name: edit.name } : {}),
        ...(edit.accountClass !== account.accountClass ? { accountClass: edit.accountClass } : {}),
        ...(edit.email !== account.email ? { email: edit.email } : {}),
        ...(edit.notes !== account.notes ? { notes: edit.notes } : {}),
        ...(edit.passwordAction === 'type' ? { password: edit.password } : {}),
        ...(edit.passwordAction === 'generate' ? { generatePasswordLength: GENERATED_LENGTH } : {}),
      });
      setSaved(edit.passwordAction === 'generate' ? 'Saved. A new password was generated: reveal it to set it in AWS.' : 'Saved.');
      setEdit(null);
      setRevealed(null);
      await reload();
      await refresh();
      document.getElementById('detail-edit')?.focus();
    });
  };

  const remove = () =>
    void action.run('Removing the account', async () => {
      await call('removeAccount', { accountId });
      await refresh();
      go('accounts');
    });

  const secondsLeft = revealed ? Math.min(REVEAL_SECONDS, Math.max(0, Math.ceil((revealed.until - now) / 1000))) : 0;
  const clipPassed = clip.kind === 'copied' && now >= clip.clearsAt;

  return (
    <div className="screen" data-testid="screen-account">
      <p className="breadcrumb">
        <button type="button" className="link-button" data-testid="detail-back" onClick={() => go('accounts')}>
          ← Accounts
        </button>
      </p>
      <h1>
        Account <span className="mono">{accountId}</span>
        {account ? <span className="h1-sub"> — {account.name}</span> : null}
      </h1>

      {!unlocked ? <VaultLocked returnTo="account" params={{ accountId }} what="see this account and its root password" /> : null}
      {load.busy ? <Busy label={load.busy} /> : null}
      <ErrorNote error={load.error} testId="detail-error" />

      {account && !edit ? (
        <Section title="Account" testId="detail-fields">
          <dl className="facts">
            <dt>Account id</dt>
            <dd className="mono" data-testid="detail-account-id">
              {account.accountId}
            </dd>
            <dt>Name</dt>
            <dd data-testid="detail-name">{account.name}</dd>
            <dt>Class</dt>
            <dd data-testid="detail-class">
              <AccountClassTag accountClass={account.accountClass} />
            </dd>
            <dt>Root user email</dt>
            <dd data-testid="detail-email">{account.email}</dd>
            <dt>Notes</dt>
            <dd data-testid="detail-notes" className="pre">
              {account.notes || <span className="muted">—</span>}
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
                <strong>Remove account {account.accountId} ({account.name})?</strong> Its root password is deleted from the password vault (a new
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

      {account && edit ? (
        <Section title="Edit account" testId="detail-edit-form">
          <form onSubmit={save} noValidate>
            <div className="form-grid">
              <Field label="Name" htmlFor="edit-name">
                <input id="edit-name" data-testid="edit-name" type="text" autoComplete="off" value={edit.name} onChange={(e) => setEdit({ ...edit, name: e.target.value })} />
              </Field>
              <Field label="Class" htmlFor="edit-class">
                <select id="edit-class" data-testid="edit-class" value={edit.accountClass} onChange={(e) => setEdit({ ...edit, accountClass: e.target.value })}>
                  <option value="management">management</option>
                  <option value="excluded">excluded</option>
                </select>
              </Field>
              <Field label="Root user email" htmlFor="edit-email">
                <input id="edit-email" data-testid="edit-email" type="email" autoComplete="off" value={edit.email} onChange={(e) => setEdit({ ...edit, email: e.target.value })} />
              </Field>
              <Field label="Root password" htmlFor="edit-password-action">
                <select
                  id="edit-password-action"
                  data-testid="edit-password-action"
                  value={edit.passwordAction}
                  onChange={(e) => setEdit({ ...edit, passwordAction: e.target.value as PasswordAction, password: '' })}
                >
                  <option value="keep">Keep the current password</option>
                  <option value="type">Type a new password</option>
                  <option value="generate">Generate a new {GENERATED_LENGTH}-character password</option>
                </select>
              </Field>
              {edit.passwordAction === 'type' ? (
                <Field label="New root password" htmlFor="edit-password">
                  <input
                    id="edit-password"
                    data-testid="edit-password"
                    type="password"
                    autoComplete="off"
                    value={edit.password}
                    onChange={(e) => setEdit({ ...edit, password: e.target.value })}
                  />
                </Field>
              ) : null}
            </div>
            <Field label="Notes" htmlFor="edit-notes">
              <textarea id="edit-notes" data-testid="edit-notes" rows={3} value={edit.notes} onChange={(e) => setEdit({ ...edit, notes: e.target.value })} />
            </Field>
            {action.busy ? <Busy label={action.busy} /> : null}
            <ErrorNote error={action.error} testId="edit-error" />
            <div className="button-row">
              <button type="submit" className="button-primary" data-testid="edit-save" disabled={action.busy !== null}>
                Save
              </button>
              <button
                type="button"
                className="button-secondary"
                data-testid="edit-cancel"
                onClick={() => {
                  setEdit(null);
                  window.setTimeout(() => document.getElementById('detail-edit')?.focus(), 0);
                }}
              >
                Cancel
              </button>
            </div>
          </form>
        </Section>
      ) : null}

      {account ? (
        <Section title="Root password" testId="detail-password">
          <p className="section-store">
            <StoreBadge store="password-vault" withLabel />
          </p>
          {revealed ? (
            <div className="reveal" data-testid="reveal-panel">
              <output className="secret-text" data-testid="revealed-password" aria-label="Root password">
                {revealed.password}
              </output>
              <div className="reveal-meta">
                <progress className="countdown" max={REVEAL_SECONDS} value={secondsLeft} aria-hidden="true" />
                <span data-testid="reveal-countdown">Hidden in {secondsLeft} s</span>
              </div>
            </div>
          ) : (
            <p className="muted">Hidden. Revealing it is recorded in the audit log.</p>
          )}
          <div className="button-row">
            {revealed ? (
              <button type="button" className="button-secondary" data-testid="reveal-hide" onClick={() => setRevealed(null)}>
                Hide now
              </button>
            ) : (
              <button type="button" className="button-primary" data-testid="reveal-password" disabled={secret.busy !== null} onClick={reveal}>
                Reveal for {REVEAL_SECONDS} s
              </button>
            )}
            <button type="button" className="button-secondary" data-testid="copy-password" disabled={copying} onClick={copy}>
              Copy (cleared after {CLIPBOARD_SECONDS} s)
            </button>
          </div>
          <p className="clipboard-status" data-testid="copy-status" data-state={clipPassed ? 'cleared' : clip.kind} role="status">
            {copying
              ? 'Copying…'
              : clip.kind === 'copied'
                ? clipPassed
                  ? `The clipboard was cleared at ${formatClockTime(clip.clearsAt)} (unless you copied something else since).`
                  : `Copied; the clipboard is cleared at ${formatClockTime(clip.clearsAt)}. Paste it into the AWS sign-in page now.`
                : clip.kind === 'cleared'
                  ? 'The clipboard was cleared.'
                  : clip.kind === 'failed'
                    ? clip.reason
                    : ''}
          </p>
          <ErrorNote error={secret.error} testId="reveal-error" />
        </Section>
      ) : null}

      <Section title="MFA devices" testId="detail-mfa">
        <p className="section-store">
          <StoreBadge store="mfa-seeds" withLabel />
        </p>
        {mfa.busy ? <Busy label={mfa.busy} /> : null}
        <ErrorNote error={mfa.error} testId="detail-mfa-error" />
        {devices && devices.length === 0 ? (
          <p className="flag flag-warning" data-testid="detail-mfa-none">
            No MFA device is recorded for this account.
          </p>
        ) : null}
        {devices && devices.length > 0 ? (
          <div className="table-wrap">
            <table className="data-table" data-testid="detail-mfa-devices">
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Type</th>
                  <th scope="col">Details</th>
                  <th scope="col">Enabled</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {devices.map((d, i) => (
                  <tr key={d.id} data-testid={`mfa-device-${i}`}>
                    <td>{d.name}</td>
                    <td>{d.type === 'virtual' ? 'virtual (TOTP seed)' : d.type === 'hardware-totp' ? 'hardware TOTP' : 'security key'}</td>
                    <td className="small break">
                      {d.type === 'virtual'
                        ? `${d.algorithm ?? 'SHA1'}, ${d.digits ?? 6} digits, ${d.period ?? 30} s${d.serialArn ? ` · ${d.serialArn}` : ''}`
                        : `serial ${d.serial ?? '—'} · kept at ${d.location ?? '—'}`}
                    </td>
                    <td>{formatTimestamp(d.enabledAt)}</td>
                    <td>
                      {d.type === 'virtual' ? (
                        <button type="button" className="button-secondary button-small" data-testid={`detail-totp-${i}`} onClick={() => go('totp', { accountId, device: d.name })}>
                          Sign in with this device
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <div className="button-row">
          <button type="button" className="button-primary" data-testid="detail-totp" onClick={() => go('totp', { accountId })}>
            Sign in with TOTP
          </button>
          <button type="button" className="button-secondary" data-testid="detail-enroll" onClick={() => go('enroll', { accountId })}>
            Enroll MFA device
          </button>
        </div>
      </Section>
    </div>
  );
}
