// The one way a store is opened in this window: its passphrase, or k custodians' shares entered one
// custodian at a time in the share grid — each checked alone and, once accepted, taken off the screen at
// once (shown as "share 1 of 3 (Ana Lima) ✓ accepted") before the next custodian types theirs; with enough
// shares in, no grid is left. Unlock, TOTP login and enrollment all use it.
// docs/FORMAT.md §12.4 (checks before combining), DESIGN §3.12 (a secret leaves the screen).

import type { Dispatch, ReactNode, SetStateAction } from 'react';
import type { StoreKind } from '../../../src/app/api.js';
import { Field } from './Field.js';
import { acceptedShares, isDuplicate, methodOf, type SecretDraft } from './secret-draft.js';
import { Section } from './Section.js';
import { ShareEntry, type VerifiedShare } from './ShareEntry.js';
import type { StoreOpeners } from './store-openers.js';
import { STORE_IN_SENTENCE } from './stores.js';

/**
 * `prefix` makes the ids: `${prefix}-mode-shares`, `${prefix}-mode-passphrase`, `${prefix}-passphrase`,
 * `${prefix}-start-over`, `${prefix}-secret`; the share grid's are `${sharePrefix}-word-0`…,
 * `${sharePrefix}-enough`, `${sharePrefix}-collected-0`…. The parent holds the draft (useSecretDraft).
 */
export function SecretEntry({
  prefix,
  sharePrefix = `${prefix}-share`,
  store,
  openers,
  frame,
  draft,
  onDraft,
  submit,
  beforeSubmit,
  children,
}: {
  readonly prefix: string;
  readonly sharePrefix?: string;
  readonly store: StoreKind;
  readonly openers: StoreOpeners;
  /** A card of its own (the Unlock screen), or a fieldset inside the parent's form. */
  readonly frame: 'section' | 'fieldset';
  readonly draft: SecretDraft;
  readonly onDraft: Dispatch<SetStateAction<SecretDraft>>;
  /** The parent's submit button: beside the passphrase, and in place of "next share" once enough are in. */
  readonly submit?: ReactNode;
  /** Shown above the submit button (e.g. who is present for the step), so it is filled in before the press. */
  readonly beforeSubmit?: ReactNode;
  /** Shown last inside the frame (the parent's busy line and error). */
  readonly children?: ReactNode;
}) {
  const { threshold, count } = openers;
  const where = STORE_IN_SENTENCE[store];
  const method = methodOf(draft, openers);
  const { collected, current } = draft;
  const duplicate = isDuplicate(draft);
  const accepted = acceptedShares(draft);
  const enough = threshold !== null && accepted.length >= threshold;

  if (threshold === null && !openers.passphrase) {
    return <p className="note note-error">The {where} cannot be read, so nothing here can open it: see the problem named at the top.</p>;
  }

  /** A share that checked out is put aside at once and the grid starts afresh; one already given stays to be refused. */
  const accept = (share: VerifiedShare | null) =>
    onDraft((d) => {
      if (!share) return d.current ? { ...d, current: null } : d;
      if (d.collected.some((c) => c.verification.index === share.verification.index)) return { ...d, current: share };
      return { ...d, collected: [...d.collected, share], current: null, round: d.round + 1 };
    });
  const startOver = () => onDraft((d) => ({ ...d, collected: [], current: null, round: d.round + 1 }));

  const radios = (
    <div className="radio-row secret-ways" role="radiogroup" aria-label="Open with">
      {threshold !== null && (
        <label className="radio">
          <input
            type="radio"
            name={`${prefix}-mode`}
            data-testid={`${prefix}-mode-shares`}
            checked={method === 'shares'}
            onChange={() => onDraft((d) => ({ ...d, method: 'shares' }))}
          />
          Custodian shares ({threshold} of {count})
        </label>
      )}
      {openers.passphrase && (
        <label className="radio">
          <input
            type="radio"
            name={`${prefix}-mode`}
            data-testid={`${prefix}-mode-passphrase`}
            checked={method === 'passphrase'}
            onChange={() => onDraft((d) => ({ ...d, method: 'passphrase' }))}
          />
          Passphrase
        </label>
      )}
    </div>
  );

  const body =
    method === 'passphrase' ? (
      <>
        {beforeSubmit}
        <div className="form-inline">
          <Field label="Passphrase" htmlFor={`${prefix}-passphrase`}>
            <input
              id={`${prefix}-passphrase`}
              data-testid={`${prefix}-passphrase`}
              type="password"
              autoComplete="off"
              value={draft.passphrase}
              onChange={(e) => {
                const passphrase = e.target.value;
                onDraft((d) => ({ ...d, passphrase }));
              }}
            />
          </Field>
          {submit}
        </div>
      </>
    ) : (
      <>
        <ol className="share-progress" data-testid={`${sharePrefix}-progress`}>
          {Array.from({ length: threshold ?? 0 }, (_, i) => {
            const share = accepted[i];
            return (
              <li key={i} className={share ? 'progress-done' : i === collected.length ? 'progress-current' : 'progress-waiting'} data-testid={`${sharePrefix}-collected-${i}`}>
                {share ? (
                  <>
                    share {share.verification.index} of {share.verification.count}
                    {share.verification.custodian ? ` (${share.verification.custodian})` : ''} ✓ accepted
                  </>
                ) : i === collected.length ? (
                  `Custodian ${i + 1}: type your share below`
                ) : (
                  `Custodian ${i + 1}: waiting`
                )}
              </li>
            );
          })}
        </ol>
        {!enough ? (
          <ShareEntry
            key={draft.round}
            prefix={sharePrefix}
            store={store}
            autoFocus={collected.length > 0}
            label={`Custodian ${collected.length + 1} of ${threshold ?? '?'}`}
            onChange={accept}
            refusal={
              duplicate && current
                ? `share ${current.verification.index} was already entered${current.verification.custodian ? ` (${current.verification.custodian})` : ''}. The next custodian must type a different share.`
                : undefined
            }
          />
        ) : (
          <p className="note note-ok" data-testid={`${sharePrefix}-enough`}>
            {threshold} shares accepted; their words have left the screen.
          </p>
        )}
        {beforeSubmit}
        <div className="button-row">
          {enough ? submit : null}
          {collected.length > 0 ? (
            <button type="button" className="button-quiet" data-testid={`${prefix}-start-over`} onClick={startOver}>
              Start over
            </button>
          ) : null}
        </div>
      </>
    );

  if (frame === 'section') {
    return (
      <Section title={method === 'shares' ? `Custodian shares — ${threshold} of ${count} needed` : `Passphrase of the ${where}`} testId={`${prefix}-secret`}>
        {radios}
        {body}
        {children}
      </Section>
    );
  }
  return (
    <fieldset className="fieldset-compact" data-testid={`${prefix}-secret`}>
      <legend>How the {where} is opened</legend>
      {radios}
      {body}
      <p className="muted">The shares and passphrase stay in this window only until the store is opened.</p>
      {children}
    </fieldset>
  );
}
