// The two stores as the UI names and marks them: password vault = blue "PW", MFA seed store = amber "MFA".
// Every screen uses these so a custodian always sees which store an action touches. DESIGN §3.3.

import type { StoreKind } from '../../../src/app/api.js';

export const STORE_KINDS: readonly StoreKind[] = ['password-vault', 'mfa-seeds'];

export const STORE_LABEL: Readonly<Record<StoreKind, string>> = {
  'password-vault': 'Password vault',
  'mfa-seeds': 'MFA seed store',
};

export const STORE_SHORT: Readonly<Record<StoreKind, string>> = {
  'password-vault': 'PW',
  'mfa-seeds': 'MFA',
};

export function isStoreKind(value: unknown): value is StoreKind {
  return value === 'password-vault' || value === 'mfa-seeds';
}

export function otherStore(kind: StoreKind): StoreKind {
  return kind === 'password-vault' ? 'mfa-seeds' : 'password-vault';
}

/** The store's name inside a sentence: "the password vault", "the MFA seed store". */
export const STORE_IN_SENTENCE: Readonly<Record<StoreKind, string>> = {
  'password-vault': 'password vault',
  'mfa-seeds': 'MFA seed store',
};
