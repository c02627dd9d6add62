// The accounts whose root credentials are kept: management and excluded member accounts, each with its
// password (in the password vault, PW) and its MFA devices (in the MFA seed store, MFA); and adding one.
// docs/FORMAT.md §3.2 (the password vault).

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AccountSummary, PasswordStyle } from '../../../src/app/api.js';
import { call } from '../api.js';
import { Busy } from '../components/Busy.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Section } from '../components/Section.js';
import { useAction } from '../components/useAction.js';
import { AccountClassTag } from '../components/AccountClassTag.js';
import { Field } from '../components/Field.js';
import { formatTimestamp } from '../components/format.js';
import { StoreBadge } from '../components/StoreBadge.js';
import { VaultLocked } from '../components/VaultLocked.js';
import { useAppState } from '../state.js';
import { visibleText } from '../components/visible-text.js';


interface AddForm {
  readonly accountId: string;
  readonly name: string;
  readonly accountClass: 'management' | 'excluded';
  readonly email: string;
  readonly notes: string;
  readonly generate: boolean;
  readonly password: string;
  readonly passwordStyle: PasswordStyle;
}

/** The password styles offered, with their strength (FORMAT.md §3.2: each at least the default's). */
export const STYLE_CHOICES: readonly { readonly style: PasswordStyle; readonly label: string }[] = [
  { style: 'symbols', label: '32 characters with symbols (204 bits)' },
  { style: 'unambiguous', label: '36 letters and digits, no look-alikes such as O/0 or l/1 (209 bits)' },
  { style: 'words', label: '15 words joined by digits, e.g. Allow0Wire5Run… (211 bits)' },
];

/** True when the account matches every word of the search (id, name, email, class or notes). */
function matchesSearch(account: AccountSummary, search: string): boolean {
  const haystack = [account.accountId, account.name, account.email, account.accountClass, account.notes].join(' ').toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '')
    .every((word) => haystack.includes(word));
}

const EMPTY_FORM: AddForm = { accountId: '', name: '', accountClass: 'excluded', email: '', notes: '', generate: true, password: '', passwordStyle: 'symbols' };

/** The add form prefilled from another screen's params (the Inventory screen's "Add to vault"), else empty. */
function formFromParams(params: Readonly<Record<string, string>>): AddForm {
  if (params.prefillAccountId === undefined) return EMPTY_FORM;
  return {
    ...EMPTY_FORM,
    accountId: params.prefillAccountId,
    name: params.prefillName ?? '',
    email: params.prefillEmail ?? '',
    accountClass: params.prefillClass === 'management' ? 'management' : 'excluded',
  };
}

export function AccountsScreen() {
  const { status, go, refresh, params } = useAppState();
  const unlocked = status?.stores['password-vault'].unlockedAt !== undefined;
  const [accounts, setAccounts] = useState<readonly AccountSummary[] | null>(null);
  const [form, setForm] = useState<AddForm>(() => formFromParams(params));
  const prefilled = params.prefillAccountId !== undefined && form.accountId === params.prefillAccountId;
  useEffect(() => {
    setForm(formFromParams(params));
    if (params.prefillAccountId !== undefined) document.getElementById('account-name')?.scrollIntoView({ block: 'center' });
  }, [params, unlocked]);
  const [search, setSearch] = useState('');
  const [added, setAdded] = useState<{ accountId: string; generated: boolean } | null>(null);
  const list = useAction();
  const add = useAction();

  const load = useCallback(() => {
    if (!unlocked) {
      setAccounts(null);
      return;
    }
    void list.run('Reading the accounts', async () => setAccounts(await call('listAccounts')));
  }, [unlocked, list.run]);

  useEffect(() => load(), [load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAdded(null);
    void add.run('Adding the account (the vault is re-sealed)', async () => {
      if (!form.generate && form.password.length === 0) throw new Error('Type the root password, or tick "Generate a password".');
      const result = await call('addAccount', {
        accountId: form.accountId.trim(),
        name: form.name.trim(),
        accountClass: form.accountClass,
        email: form.email.trim(),
        ...(form.notes.trim() ? { notes: form.notes } : {}),
        passwordStyle: form.passwordStyle,
        ...(form.generate ? { generatePassword: true } : { password: form.password }),
      });
      // A generated password is not shown here: reveal it (timed) on the account's page when it is needed.
      setAdded({ accountId: result.accountId, generated: form.generate });
      setForm(EMPTY_FORM);
      await refresh();
      setAccounts(await call('listAccounts'));
      document.getElementById('account-id')?.focus();
    });
  };

  const open = (accountId: string) => go('account', { accountId });

  return (
    <div className="screen" data-testid="screen-accounts">
      <h1>Accounts</h1>
      <p className="lead">
        Root users kept here: the organization&apos;s <strong>management</strong> account and member accounts <strong>excluded</strong> from root-credential
        deletion. Passwords live in the <StoreBadge store="password-vault" withLabel />, MFA devices in the <StoreBadge store="mfa-seeds" withLabel />.
      </p>

      {!unlocked ? (
        <VaultLocked returnTo="accounts" what="see and add accounts" />
      ) : (
        <>
          <Section title="Kept accounts" testId="accounts-list">
            {list.busy ? <Busy label={list.busy} /> : null}
            <ErrorNote error={list.error} testId="accounts-error" />
            {accounts && accounts.length === 0 ? <p className="muted" data-testid="accounts-empty">No accounts yet. Add the first one below.</p> : null}
            {accounts && accounts.length > 0 ? (
              <div className="field accounts-search">
                <label htmlFor="accounts-search">Search accounts (id, name, email, class or notes)</label>
                <input id="accounts-search" type="search" value={search} spellCheck={false} onChange={(e) => setSearch(e.target.value)} data-testid="accounts-search" />
              </div>
            ) : null}
            {accounts && accounts.length > 0 && !accounts.some((a) => matchesSearch(a, search)) ? (
              <p className="muted" data-testid="accounts-no-match" role="status">
                No account matches “{search.trim()}”.
              </p>
            ) : null}
            {accounts && accounts.some((a) => matchesSearch(a, search)) ? (
              <div className="table-wrap">
                <table className="data-table accounts-table" data-testid="accounts-table">
                  <caption className="sr-only">Accounts; choose an account id to open it</caption>
                  <thead>
                    <tr>
                      <th scope="col">Account id</th>
                      <th scope="col">Name</th>
                      <th scope="col">Class</th>
                      <th scope="col">Root email</th>
                      <th scope="col">Password</th>
                      <th scope="col">MFA devices</th>
                    </tr>
                  </thead>
                  <tbody>
                    {accounts.filter((a) => matchesSearch(a, search)).map((a) => (
                      <tr key={a.accountId} className="row-link" data-testid={`account-row-${a.accountId}`} onClick={() => open(a.accountId)}>
                        <td>
                          <button
                            type="button"
                            className="link-button mono"
                            data-testid={`account-open-${a.accountId}`}
                            onClick={(e) => {
                              e.stopPropagation();
                              open(a.accountId);
                            }}
                          >
                            {a.accountId}
                          </button>
                        </td>
                        <td>{visibleText(a.name)}</td>
                        <td>
                          <AccountClassTag accountClass={a.accountClass} />
                        </td>
                        <td className="break">{a.email}</td>
                        <td>
                          <span className="status-cell">
                            <StoreBadge store="password-vault" /> stored
                          </span>
                          <span className="muted small"> changed {formatTimestamp(a.updatedAt)}</span>
                        </td>
                        <td data-testid={`account-mfa-${a.accountId}`}>
                          {a.mfaDevices.length === 0 ? (
                            <span className="flag flag-warning">none enrolled</span>
                          ) : (
                            <span className="status-cell">
                              <StoreBadge store="mfa-seeds" /> {a.mfaDevices.join(', ')}
                            </span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </Section>

          <Section title="Add an account" testId="accounts-add">
            {prefilled ? (
              <p className="note note-warning" data-testid="account-prefilled">
                Prefilled from the inventory: check the id, name, email and class against the organization, set the root password, then press Add account.
              </p>
            ) : null}
            <form onSubmit={submit} noValidate>
              <div className="form-grid">
                <Field label="AWS account id" htmlFor="account-id" hint="12 digits, keep leading zeros.">
                  <input
                    id="account-id"
                    data-testid="account-id"
                    type="text"
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={12}
                    value={form.accountId}
                    onChange={(e) => setForm({ ...form, accountId: e.target.value })}
                  />
                </Field>
                <Field label="Name" htmlFor="account-name" hint='e.g. "Organization management".'>
                  <input id="account-name" data-testid="account-name" type="text" autoComplete="off" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
                </Field>
                <Field label="Class" htmlFor="account-class">
                  <select
                    id="account-class"
                    data-testid="account-class"
                    value={form.accountClass}
                    onChange={(e) => setForm({ ...form, accountClass: e.target.value === 'management' ? 'management' : 'excluded' })}
                  >
                    <option value="management">management (the organization&apos;s management account)</option>
                    <option value="excluded">excluded (member account kept out of root deletion)</option>
                  </select>
                </Field>
                <Field label="Root user email" htmlFor="account-email">
                  <input id="account-email" data-testid="account-email" type="email" autoComplete="off" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
                </Field>
              </div>
              <Field label="Notes (optional)" htmlFor="account-notes" hint="Where the account is used, who to call, recovery hints — nothing secret.">
                <textarea id="account-notes" data-testid="account-notes" rows={2} value={form.notes} onChange={(e) => setForm({ ...form, notes: e.target.value })} />
              </Field>
              <fieldset className="plain-fieldset">
                <legend>
                  Root password <StoreBadge store="password-vault" />
                </legend>
                <div className="check-row">
                  <input
                    id="account-generate"
                    data-testid="account-generate"
                    type="checkbox"
                    checked={form.generate}
                    onChange={(e) => setForm({ ...form, generate: e.target.checked })}
                  />
                  <label htmlFor="account-generate">Generate a password (in the style below)</label>
                </div>
                <div className="field">
                  <label htmlFor="account-style">Password style (kept for this account&apos;s future passwords)</label>
                  <select
                    id="account-style"
                    data-testid="account-style"
                    value={form.passwordStyle}
                    onChange={(e) => setForm({ ...form, passwordStyle: e.target.value as PasswordStyle })}
                  >
                    {STYLE_CHOICES.map((choice) => (
                      <option key={choice.style} value={choice.style}>
                        {choice.label}
                      </option>
                    ))}
                  </select>
                </div>
                {!form.generate ? (
                  <Field label="Root password" htmlFor="account-password" hint="As set in the AWS console.">
                    <input
                      id="account-password"
                      data-testid="account-password"
                      type="password"
                      autoComplete="off"
                      value={form.password}
                      onChange={(e) => setForm({ ...form, password: e.target.value })}
                    />
                  </Field>
                ) : null}
              </fieldset>
              {add.busy ? <Busy label={add.busy} /> : null}
              <ErrorNote error={add.error} testId="account-add-error" />
              {added ? (
                <div className="note note-ok" role="status" data-testid="account-added">
                  Added account {added.accountId}.
                  {added.generated ? ' A password was generated and sealed; reveal it on the account page when you set it in AWS.' : ''}{' '}
                  <button type="button" className="link-button" data-testid="account-added-open" onClick={() => open(added.accountId)}>
                    Open {added.accountId}
                  </button>
                </div>
              ) : null}
              <div className="button-row">
                <button type="submit" className="button-primary" data-testid="account-add-submit" disabled={add.busy !== null}>
                  Add account
                </button>
              </div>
            </form>
          </Section>
        </>
      )}
    </div>
  );
}
