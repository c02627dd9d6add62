// One store's custody form: k-of-n shares with a row per custodian (name, role, contact) and/or a
// passphrase typed twice. Used to create a vault set and to rotate custody; test ids use `prefix`.
// docs/FORMAT.md §12.4 (the custodian register), §12.5 (rotation).

import type { StoreKind } from '../../../src/app/api.js';
import { emptyCustodian, MAX_SHARES, personKey, shareLimit, type CustodianDraft, type CustodyDraft, type Problem } from './custody-draft.js';
import { Field } from './Field.js';
import { StoreBadge } from './StoreBadge.js';
import { STORE_IN_SENTENCE } from './stores.js';

export interface CustodyEditorProps {
  readonly store: StoreKind;
  readonly prefix: string;
  readonly draft: CustodyDraft;
  onChange(draft: CustodyDraft): void;
  /** Problems to show beside their fields (only after the custodian tried to submit, or live). */
  readonly problems: readonly Problem[];
  /** Person keys that also hold material of the other store: flagged on their rows. */
  readonly sharedKeys?: ReadonlySet<string>;
  readonly otherStoreLabel?: string;
  /** Extra words under the passphrase field (rotation: "type the current one again to keep it"). */
  readonly passphraseHint?: string;
}

export function CustodyEditor({ store, prefix, draft, onChange, problems, sharedKeys, otherStoreLabel, passphraseHint }: CustodyEditorProps) {
  const problemFor = (field: string): string | null => problems.find((p) => p.field === field)?.message ?? null;
  const setCustodian = (index: number, patch: Partial<CustodianDraft>) =>
    onChange({ ...draft, custodians: draft.custodians.map((c, i) => (i === index ? { ...c, ...patch } : c)) });
  const addCustodian = () => {
    onChange({ ...draft, custodians: [...draft.custodians, emptyCustodian()] });
    // Focus the new row's name once it is rendered.
    window.setTimeout(() => document.getElementById(`${prefix}-custodian-name-${draft.custodians.length}`)?.focus(), 0);
  };
  const removeCustodian = (index: number) => {
    const custodians = draft.custodians.filter((_, i) => i !== index);
    onChange({ ...draft, custodians, threshold: Math.min(draft.threshold, Math.max(2, custodians.length)) });
  };
  const n = draft.custodians.length;

  return (
    <fieldset className={`custody-editor custody-${store}`} data-testid={`${prefix}-custody`}>
      <legend>
        <StoreBadge store={store} withLabel /> — who can open it
      </legend>

      <div className="check-row">
        <input
          id={`${prefix}-use-shares`}
          data-testid={`${prefix}-use-shares`}
          type="checkbox"
          checked={draft.useShares}
          onChange={(e) => onChange({ ...draft, useShares: e.target.checked })}
        />
        <label htmlFor={`${prefix}-use-shares`}>Custodian shares (k of n people must come together)</label>
      </div>
      {problemFor(`${prefix}-use-shares`) ? <p className="field-message">{problemFor(`${prefix}-use-shares`)}</p> : null}

      {draft.useShares ? (
        <div className="shares-block">
          <div className="threshold-row">
            <Field label="Shares needed to open (k)" htmlFor={`${prefix}-threshold`} problem={problemFor(`${prefix}-threshold`)}>
              <input
                id={`${prefix}-threshold`}
                data-testid={`${prefix}-threshold`}
                type="number"
                min={2}
                max={Math.max(2, n)}
                value={Number.isFinite(draft.threshold) ? draft.threshold : ''}
                onChange={(e) => onChange({ ...draft, threshold: Number.parseInt(e.target.value, 10) })}
              />
            </Field>
            <p className="threshold-summary" data-testid={`${prefix}-k-of-n`}>
              <strong>
                {Number.isFinite(draft.threshold) ? draft.threshold : '?'} of {n}
              </strong>{' '}
              custodians open the {STORE_IN_SENTENCE[store]}.
            </p>
          </div>

          <table className="custodian-table">
            <caption className="sr-only">Custodians of the {STORE_IN_SENTENCE[store]}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Contact</th>
                <th scope="col">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.custodians.map((c, i) => {
                const shared = sharedKeys?.has(personKey(c.name)) && c.name.trim().length > 0;
                const nameProblem = problemFor(`${prefix}-custodian-name-${i}`);
                return (
                  <tr key={i} className={shared ? 'row-shared' : undefined}>
                    <td className="num">{i + 1}</td>
                    <td>
                      <label className="sr-only" htmlFor={`${prefix}-custodian-name-${i}`}>
                        Custodian {i + 1} name
                      </label>
                      <input
                        id={`${prefix}-custodian-name-${i}`}
                        data-testid={`${prefix}-custodian-name-${i}`}
                        type="text"
                        autoComplete="off"
                        value={c.name}
                        aria-invalid={nameProblem || shared ? true : undefined}
                        onChange={(e) => setCustodian(i, { name: e.target.value })}
                      />
                      {shared ? (
                        <span className="flag flag-shared" data-testid={`${prefix}-custodian-shared-${i}`}>
                          Also a custodian of the {otherStoreLabel ?? 'other store'}
                        </span>
                      ) : null}
                      {nameProblem ? <span className="field-message">{nameProblem}</span> : null}
                    </td>
                    <td>
                      <label className="sr-only" htmlFor={`${prefix}-custodian-role-${i}`}>
                        Custodian {i + 1} role
                      </label>
                      <input
                        id={`${prefix}-custodian-role-${i}`}
                        data-testid={`${prefix}-custodian-role-${i}`}
                        type="text"
                        autoComplete="off"
                        placeholder="e.g. Security lead"
                        value={c.role}
                        onChange={(e) => setCustodian(i, { role: e.target.value })}
                      />
                    </td>
                    <td>
                      <label className="sr-only" htmlFor={`${prefix}-custodian-contact-${i}`}>
                        Custodian {i + 1} contact
                      </label>
                      <input
                        id={`${prefix}-custodian-contact-${i}`}
                        data-testid={`${prefix}-custodian-contact-${i}`}
                        type="text"
                        autoComplete="off"
                        placeholder="phone or e-mail"
                        value={c.contact}
                        onChange={(e) => setCustodian(i, { contact: e.target.value })}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button-quiet"
                        data-testid={`${prefix}-custodian-remove-${i}`}
                        disabled={n <= 2}
                        aria-label={`Remove custodian ${i + 1}${c.name ? ` (${c.name})` : ''}`}
                        onClick={() => removeCustodian(i)}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button type="button" className="button-secondary" data-testid={`${prefix}-custodian-add`} disabled={n >= shareLimit(draft)} onClick={addCustodian}>
            + Add custodian
          </button>
          {n >= MAX_SHARES || draft.allowLargeSet ? (
            <div className="check-row">
              <input
                id={`${prefix}-allow-large-set`}
                data-testid={`${prefix}-allow-large-set`}
                type="checkbox"
                checked={draft.allowLargeSet}
                onChange={(e) => onChange({ ...draft, allowLargeSet: e.target.checked })}
              />
              <label htmlFor={`${prefix}-allow-large-set`}>
                Allow more than {MAX_SHARES} custodians (up to 255): every share is one more sheet in a safe that someone must keep track of
              </label>
            </div>
          ) : null}
        </div>
      ) : null}

      <div className="check-row">
        <input
          id={`${prefix}-use-passphrase`}
          data-testid={`${prefix}-use-passphrase`}
          type="checkbox"
          checked={draft.usePassphrase}
          onChange={(e) => onChange({ ...draft, usePassphrase: e.target.checked })}
        />
        <label htmlFor={`${prefix}-use-passphrase`}>Passphrase (one person who knows it can open the store)</label>
      </div>
      {draft.usePassphrase ? (
        <div className="passphrase-block">
          <Field label="Passphrase" htmlFor={`${prefix}-passphrase`} problem={problemFor(`${prefix}-passphrase`)} hint={`At least 12 characters.${passphraseHint ? ` ${passphraseHint}` : ''}`}>
            <input
              id={`${prefix}-passphrase`}
              data-testid={`${prefix}-passphrase`}
              type="password"
              autoComplete="new-password"
              value={draft.passphrase}
              onChange={(e) => onChange({ ...draft, passphrase: e.target.value })}
            />
          </Field>
          <Field label="Passphrase again" htmlFor={`${prefix}-passphrase-confirm`} problem={problemFor(`${prefix}-passphrase-confirm`)}>
            <input
              id={`${prefix}-passphrase-confirm`}
              data-testid={`${prefix}-passphrase-confirm`}
              type="password"
              autoComplete="new-password"
              value={draft.confirm}
              onChange={(e) => onChange({ ...draft, confirm: e.target.value })}
            />
          </Field>
          <Field label="Who knows the passphrase (optional)" htmlFor={`${prefix}-passphrase-holders`} hint="Comma-separated names, kept in the custodian register.">
            <input
              id={`${prefix}-passphrase-holders`}
              data-testid={`${prefix}-passphrase-holders`}
              type="text"
              autoComplete="off"
              value={draft.passphraseHolders}
              onChange={(e) => onChange({ ...draft, passphraseHolders: e.target.value })}
            />
          </Field>
        </div>
      ) : null}
    </fieldset>
  );
}
