// Editing an account: name, class, root email, notes, and its root password kept, typed anew or
// generated (the vault is re-sealed as a new generation). docs/FORMAT.md §3.2, §6.

import { useState, type FormEvent } from 'react';
import type { AccountSummary } from '../../../../src/app/api.js';
import { call } from '../../api.js';
import { Busy } from '../../components/Busy.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Field } from '../../components/Field.js';
import { Section } from '../../components/Section.js';
import { useAction } from '../../components/useAction.js';

/** Length of a generated root password, here and when an account is added. */
export const GENERATED_LENGTH = 32;

type PasswordAction = 'keep' | 'type' | 'generate';

interface EditForm {
  readonly name: string;
  readonly accountClass: string;
  readonly email: string;
  readonly notes: string;
  readonly passwordAction: PasswordAction;
  readonly password: string;
}

export function EditAccountPanel({
  account,
  onSaved,
  onCancel,
}: {
  readonly account: AccountSummary;
  /** After the save: what to tell the custodian. */
  readonly onSaved: (message: string) => Promise<void>;
  readonly onCancel: () => void;
}) {
  const [edit, setEdit] = useState<EditForm>(() => ({ name: account.name, accountClass: account.accountClass, email: account.email, notes: account.notes, passwordAction: 'keep', password: '' }));
  const action = useAction();

  const save = (event: FormEvent) => {
    event.preventDefault();
    void action.run('Saving (the vault is re-sealed)', async () => {
      if (edit.passwordAction === 'type' && edit.password.length === 0) throw new Error('Type the new root password, or choose "Keep the current password".');
      await call('updateAccount', {
        accountId: account.accountId,
        ...(edit.name !== account.name ? { name: edit.name } : {}),
        ...(edit.accountClass !== account.accountClass ? { accountClass: edit.accountClass } : {}),
        ...(edit.email !== account.email ? { email: edit.email } : {}),
        ...(edit.notes !== account.notes ? { notes: edit.notes } : {}),
        ...(edit.passwordAction === 'type' ? { password: edit.password } : {}),
        ...(edit.passwordAction === 'generate' ? { generatePassword: true } : {}),
      });
      await onSaved(edit.passwordAction === 'generate' ? 'Saved. A new password was generated: reveal it to set it in AWS.' : 'Saved.');
    });
  };

  return (
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
              <option value="generate">Generate a new password (in the account's style)</option>
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
          <button type="button" className="button-secondary" data-testid="edit-cancel" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Section>
  );
}
