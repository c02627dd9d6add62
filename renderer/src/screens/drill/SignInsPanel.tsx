// Part of step 5 of the drill, optional: the live AWS sign-ins the custodians made with the app during the
// drill (account, time, ok or failed), recorded as a step the lead and the witness attest. A failed one is
// an exception of the report. The account is one of the vault's (offered when the vault is unlocked) or a
// typed id. FORMAT.md §16.1, §16.2.

import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import type { AccountSummary } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Field } from '../../components/Field.js';
import type { DrillDraft, SignInDraft } from './drill-draft.js';

const ACCOUNT_ID = /^\d{12}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** What is wrong with the sign-in being added, in plain words, or null. */
function signInProblem(accountId: string, at: string, accounts: readonly AccountSummary[] | null): { field: 'account' | 'time'; text: string } | null {
  if (!ACCOUNT_ID.test(accountId)) return { field: 'account', text: 'Choose an account, or type its 12-digit AWS account id.' };
  if (accounts && accounts.length > 0 && !accounts.some((a) => a.accountId === accountId)) {
    return { field: 'account', text: `Account ${accountId} is not in this vault: choose one of its accounts.` };
  }
  if (at !== '' && !TIME.test(at)) return { field: 'time', text: 'Type the time as HH:MM in UTC (for example 09:05), or leave it empty for now.' };
  return null;
}

export function SignInsPanel({ draft, onDraft }: { readonly draft: DrillDraft; readonly onDraft: Dispatch<SetStateAction<DrillDraft>> }) {
  // The vault's accounts when it is unlocked; locked, the custodian types the id (the run checks it).
  const [accounts, setAccounts] = useState<readonly AccountSummary[] | null>(null);
  const [accountId, setAccountId] = useState('');
  const [at, setAt] = useState('');
  const [outcome, setOutcome] = useState<SignInDraft['outcome']>('ok');
  const [problem, setProblem] = useState<{ field: 'account' | 'time'; text: string } | null>(null);
  useEffect(() => {
    call('listAccounts')
      .then(setAccounts)
      .catch(() => setAccounts(null));
  }, []);
  const nameOf = (id: string) => accounts?.find((a) => a.accountId === id)?.name;

  const add = () => {
    const id = accountId.trim();
    const time = at.trim();
    const found = signInProblem(id, time, accounts);
    setProblem(found);
    if (found) return;
    onDraft((d) => ({ ...d, signIns: [...d.signIns, { accountId: id, at: time, outcome }] }));
    setAccountId('');
    setAt('');
    setOutcome('ok');
  };
  const remove = (index: number) => onDraft((d) => ({ ...d, signIns: d.signIns.filter((_, i) => i !== index) }));

  return (
    <div data-testid="drill-sign-ins">
      <h3>Live sign-ins (optional)</h3>
      <p className="field-hint">
        If the custodians signed in to AWS as root with the app during this drill, record each sign-in here. The lead and the witness attest it on the report; a
        failed sign-in is an exception.
      </p>
      {draft.signIns.length > 0 ? (
        <ul className="drill-collected" data-testid="drill-sign-in-list">
          {draft.signIns.map((s, i) => {
            const name = nameOf(s.accountId);
            return (
              <li key={`${s.accountId}-${i}`} className={s.outcome === 'failed' ? 'drill-refused' : undefined} data-testid={`drill-sign-in-${i}`} data-outcome={s.outcome}>
                {s.outcome === 'ok' ? '✓' : '✗'} Account {s.accountId}
                {name ? ` (${name})` : ''}, {s.at === '' ? 'at the drill’s time' : `${s.at} UTC`}: {s.outcome === 'ok' ? 'signed in' : 'failed — it will be an exception'}{' '}
                <button type="button" className="button-quiet button-small" data-testid={`drill-sign-in-remove-${i}`} onClick={() => remove(i)}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <div className="form-grid drill-sign-in-fields">
        <Field
          label="Account"
          htmlFor="drill-sign-in-account"
          problem={problem?.field === 'account' ? problem.text : null}
          hint={accounts && accounts.length > 0 ? 'Choose one of the vault’s accounts, or type its id.' : 'Its 12-digit AWS account id (the password vault is locked, so type it).'}
        >
          <input
            id="drill-sign-in-account"
            data-testid="drill-sign-in-account"
            list="drill-sign-in-accounts"
            inputMode="numeric"
            autoComplete="off"
            value={accountId}
            onChange={(e) => setAccountId(e.target.value)}
          />
        </Field>
        <datalist id="drill-sign-in-accounts">
          {(accounts ?? []).map((a) => (
            <option key={a.accountId} value={a.accountId} label={a.name} />
          ))}
        </datalist>
        <Field label="Time (HH:MM, UTC)" htmlFor="drill-sign-in-time" problem={problem?.field === 'time' ? problem.text : null} hint="Empty: the drill’s time.">
          <input id="drill-sign-in-time" data-testid="drill-sign-in-time" placeholder="09:05" autoComplete="off" value={at} onChange={(e) => setAt(e.target.value)} />
        </Field>
      </div>
      <div className="drill-sign-in-actions">
        <fieldset className="plain-fieldset">
          <legend>Outcome</legend>
          <div className="radio-row">
            <label className="radio">
              <input type="radio" name="drill-sign-in-outcome" data-testid="drill-sign-in-ok" checked={outcome === 'ok'} onChange={() => setOutcome('ok')} />
              Signed in
            </label>
            <label className="radio">
              <input type="radio" name="drill-sign-in-outcome" data-testid="drill-sign-in-failed" checked={outcome === 'failed'} onChange={() => setOutcome('failed')} />
              Failed
            </label>
          </div>
        </fieldset>
        <button type="button" className="button-secondary" data-testid="drill-sign-in-add" onClick={add}>
          Add this sign-in
        </button>
      </div>
    </div>
  );
}
