// Pieces the TOTP, enrollment, drives, print, audit and settings screens share: the store badge (PW
// blue, MFA amber), the unlock-secret fields (passphrase or k shares), a ticking hook and formatters.

import { useEffect, useRef } from 'react';
import type { StoreKind, UnlockSecret, VaultSetStatus } from '../../../src/app/api.js';
import { StoreBadge } from '../components/StoreBadge.js';
import { STORE_IN_SENTENCE, STORE_LABEL } from '../components/stores.js';
import './screens-b.css';

// The store names and kinds come from the one place every screen uses (components/stores.ts).
export { STORE_KINDS as STORE_KINDS_B } from '../components/stores.js';

export function storeName(kind: StoreKind): string {
  return STORE_LABEL[kind];
}

/** The name inside a sentence: "password vault" / "MFA seed store". */
export function storeNoun(kind: StoreKind): string {
  return STORE_IN_SENTENCE[kind];
}

// The store marking is the one every screen uses.
export { StoreBadge } from '../components/StoreBadge.js';

/** Both the badge and the name, e.g. [PW] Password vault. */
export function StoreLabel({ store }: { readonly store: StoreKind }) {
  return <StoreBadge store={store} withLabel />;
}

/** Only the names of the custodians present, or nothing: the API refuses an empty actors entry. */
export function actorsInput(actors: readonly string[]): { readonly actors?: readonly string[] } {
  const names = actors.map((a) => a.trim()).filter((a) => a.length > 0);
  return names.length > 0 ? { actors: names } : {};
}

/** Re-renders every `ms` while `active`, calling `tick` first. */
export function useTicker(active: boolean, ms: number, tick: () => void): void {
  const saved = useRef(tick);
  useEffect(() => {
    saved.current = tick;
  }, [tick]);
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => saved.current(), ms);
    return () => window.clearInterval(timer);
  }, [active, ms]);
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function formatSeconds(total: number): string {
  const s = Math.max(0, Math.floor(total));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** "2026-05-01T10:00:00.000Z" → "2026-05-01 10:00:00 UTC". */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/** Groups a TOTP code for reading aloud: 123456 → "123 456". */
export function groupCode(code: string): string {
  if (code.length === 6) return `${code.slice(0, 3)} ${code.slice(3)}`;
  if (code.length === 8) return `${code.slice(0, 4)} ${code.slice(4)}`;
  return code;
}

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
    <fieldset className="b-secret">
      <legend>How the MFA seed store is opened</legend>
      <div className="radio-row">
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
              className="b-share"
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

/**
 * Whether the custodian is in the field with this id. A value that arrives later (a list that finished
 * loading) must not rewrite that field: the custodian's next keystrokes would land after it.
 */
export function isBeingEdited(id: string): boolean {
  return document.activeElement?.id === id;
}

/**
 * Keyboard focus for a part of the screen that replaces the form the custodian was in (a running session,
 * the enrollment codes): when `shown` turns true, the element gets focus so the keyboard is not lost.
 */
export function useFocusWhenShown<T extends HTMLElement>(shown: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  return ref;
}
