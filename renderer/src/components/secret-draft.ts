// What the custodians have typed to open a store, held by the screen that sends it: the way (passphrase
// or shares), the passphrase, the shares already accepted and the one being typed, and the secret it
// makes — read at submit time, never a keystroke behind. docs/FORMAT.md §12.4, DESIGN §3.12.

import { useCallback, useState, type Dispatch, type SetStateAction } from 'react';
import type { StoreKind, UnlockSecret } from '../../../src/app/api.js';
import type { VerifiedShare } from './ShareEntry.js';
import type { StoreOpeners } from './store-openers.js';
import { STORE_IN_SENTENCE } from './stores.js';

export type SecretMethod = 'shares' | 'passphrase';

export interface SecretDraft {
  /** The way chosen; null until the custodian chooses (then shares when the store has them). */
  readonly method: SecretMethod | null;
  readonly passphrase: string;
  /** Shares accepted and put aside, one per custodian. */
  readonly collected: readonly VerifiedShare[];
  /** The share in the grid now, once it checked out. */
  readonly current: VerifiedShare | null;
  /** Counts the grid's fresh starts: each one clears every typed word (the grid is remounted). */
  readonly round: number;
}

/** What the draft can send: a secret, or what is still missing, in words. */
export type EnteredSecret =
  | { readonly ready: true; readonly secret: UnlockSecret; readonly custodians: readonly string[] }
  | { readonly ready: false; readonly missing: string };

const EMPTY: SecretDraft = { method: null, passphrase: '', collected: [], current: null, round: 0 };

/** The way in use: the one chosen if the store has it, else the one it has. */
export function methodOf(draft: SecretDraft, openers: StoreOpeners): SecretMethod {
  const wanted = draft.method ?? (openers.threshold !== null ? 'shares' : 'passphrase');
  if (wanted === 'shares' && openers.threshold === null) return 'passphrase';
  if (wanted === 'passphrase' && !openers.passphrase && openers.threshold !== null) return 'shares';
  return wanted;
}

/** The current share, unless it repeats one already accepted (then it does not count). */
export function isDuplicate(draft: SecretDraft): boolean {
  const { current } = draft;
  return current !== null && draft.collected.some((c) => c.verification.index === current.verification.index);
}

/** Every share that counts: those put aside and the current one. */
export function acceptedShares(draft: SecretDraft): readonly VerifiedShare[] {
  return draft.current && !isDuplicate(draft) ? [...draft.collected, draft.current] : draft.collected;
}

export function enteredSecret(draft: SecretDraft, openers: StoreOpeners, store: StoreKind): EnteredSecret {
  const where = STORE_IN_SENTENCE[store];
  if (methodOf(draft, openers) === 'passphrase') {
    return draft.passphrase.length > 0 ? { ready: true, secret: { passphrase: draft.passphrase }, custodians: [] } : { ready: false, missing: `Type the passphrase of the ${where} first.` };
  }
  const accepted = acceptedShares(draft);
  if (openers.threshold !== null && accepted.length >= openers.threshold) {
    const custodians = accepted.map((s) => s.verification.custodian).filter((name): name is string => typeof name === 'string');
    return { ready: true, secret: { shares: accepted.map((s) => s.text) }, custodians };
  }
  return { ready: false, missing: `The ${where} opens with ${openers.threshold ?? '?'} custodian shares; ${accepted.length} ${accepted.length === 1 ? 'is' : 'are'} in so far.` };
}

/** The draft, its setter, and `reset`: everything typed leaves the screen (after use, or for another store). */
export function useSecretDraft(): [SecretDraft, Dispatch<SetStateAction<SecretDraft>>, () => void] {
  const [draft, setDraft] = useState<SecretDraft>(EMPTY);
  const reset = useCallback(() => setDraft((d) => ({ ...EMPTY, round: d.round + 1 })), []);
  return [draft, setDraft, reset];
}
