// Temporary: the passphrase-or-shares textareas of the MFA screens, until the one secret entry replaces it.
// DESIGN §2.

import { useEffect } from 'react';
import type { StoreKind, UnlockSecret, VaultSetStatus } from '../../../src/app/api.js';

export type SecretMode = 'passphrase' | 'shares';

export interface SecretDraft {
  readonly mode: SecretMode;
  readonly passphrase: string;
  readonly shares: readonly string[];
}

export function emptySecret(shareCount: number, mode: SecretMode = 'shares'): SecretDraft {
  return { mode, passphrase: '', shares: Array.from({ length: Math.max(1, shareCount) }, () => '') };
}

/** The UnlockSecret the API wants, or a plain message saying what is missing. */
export function secretFromDraft(draft: SecretDraft): UnlockSecret | string {
  if (draft.mode === 'passphrase') {
    if (draft.passphrase.length === 0) return 'Type the passphrase of the MFA seed store.';
    return { passphrase: draft.passphrase };
  }
  const shares = draft.shares.map((s) => s.trim().replace(/\s+/g, ' ')).filter((s) => s.length > 0);
  if (shares.length === 0) return 'Type or paste the shares: 54 words each, or the BGS1: text under the QR code.';
  return { shares };
}

/** How many words a share text has, for the hint under each textarea. */
function shareHint(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) return '54 words, or the BGS1: text';
  if (/^BGS1:/i.test(trimmed)) return 'BGS1 text';
  const words = trimmed.split(/\s+/).length;
  return `${words} of 54 words`;
}

/**
 * Passphrase or k share textareas for one store. `prefix` makes the test ids: `${prefix}-share-0`,
 * `${prefix}-passphrase`, `${prefix}-mode-shares`, `${prefix}-mode-passphrase`.
 */
export function SecretFields({
  prefix,
  draft,
  onChange,
  threshold,
  hasPassphrase,
  hasShares,
}: {
  readonly prefix: string;
  readonly draft: SecretDraft;
  readonly onChange: (next: SecretDraft) => void;
  readonly threshold: number;
  readonly hasPassphrase: boolean;
  readonly hasShares: boolean;
}) {
  useEffect(() => {
    // The store's header decides which ways exist: never offer a way it does not have.
    if (draft.mode === 'shares' && !hasShares && hasPassphrase) onChange({ ...draft, mode: 'passphrase' });
    else if (draft.mode === 'passphrase' && !hasPassphrase && hasShares) onChange({ ...draft, mode: 'shares' });
    else if (draft.shares.length < threshold) onChange({ ...draft, shares: [...draft.shares, ...Array.from({ length: threshold - draft.shares.length }, () => '')] });
  }, [draft, threshold, hasShares, hasPassphrase, onChange]);
  return (
    <fieldset className="fieldset-compact">
      <legend>How the MFA seed store is opened</legend>
      <div className="choice-row">
        {hasShares && (
          <label>
            <input
              type="radio"
              name={`${prefix}-mode`}
              checked={draft.mode === 'shares'}
              onChange={() => onChange({ ...draft, mode: 'shares' })}
              data-testid={`${prefix}-mode-shares`}
            />{' '}
            {threshold} custodian share{threshold === 1 ? '' : 's'}
          </label>
        )}
        {hasPassphrase && (
          <label>
            <input
              type="radio"
              name={`${prefix}-mode`}
              checked={draft.mode === 'passphrase'}
              onChange={() => onChange({ ...draft, mode: 'passphrase' })}
              data-testid={`${prefix}-mode-passphrase`}
            />{' '}
            Passphrase
          </label>
        )}
      </div>
      {draft.mode === 'passphrase' ? (
        <div className="field">
          <label htmlFor={`${prefix}-passphrase`}>Passphrase</label>
          <input
            id={`${prefix}-passphrase`}
            type="password"
            autoComplete="off"
            value={draft.passphrase}
            onChange={(e) => onChange({ ...draft, passphrase: e.target.value })}
            data-testid={`${prefix}-passphrase`}
          />
        </div>
      ) : (
        draft.shares.map((share, i) => (
          <div className="field" key={i}>
            <label htmlFor={`${prefix}-share-${i}`}>
              Share {i + 1} of {threshold} <span className="muted">({shareHint(share)})</span>
            </label>
            <textarea
              id={`${prefix}-share-${i}`}
              className="mono-input"
              rows={4}
              spellCheck={false}
              autoComplete="off"
              autoCapitalize="off"
              value={share}
              onChange={(e) => onChange({ ...draft, shares: draft.shares.map((s, j) => (j === i ? e.target.value : s)) })}
              onKeyDown={(e) => {
                // Enter submits the form (as in an input); Shift+Enter keeps a new line.
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              data-testid={`${prefix}-share-${i}`}
            />
          </div>
        ))
      )}
      <p className="muted">The shares and passphrase stay in this window only until the store is opened.</p>
    </fieldset>
  );
}

/** What opens a store, from its header (no key): the shares threshold and whether a passphrase slot exists. */
export function custodyOf(
  status: VaultSetStatus | null,
  kind: StoreKind,
): { readonly threshold: number; readonly hasPassphrase: boolean; readonly hasShares: boolean; readonly unlocked: boolean } {
  const store = status?.stores[kind];
  const slots = store?.inspection?.slots ?? [];
  const shares = slots.find((s) => s.type === 'shares');
  const hasPassphrase = slots.some((s) => s.type === 'passphrase');
  return {
    threshold: shares && shares.type === 'shares' ? shares.threshold : 1,
    hasShares: shares !== undefined || slots.length === 0,
    hasPassphrase: hasPassphrase || slots.length === 0,
    unlocked: store?.unlockedAt !== undefined,
  };
}
