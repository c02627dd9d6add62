// The two kinds of store a vault set holds, their one-byte codes in the header and their names for
// people. Spec: docs/FORMAT.md §2.1.

export type StoreKind = 'password-vault' | 'mfa-seeds';

export const STORE_KINDS: readonly StoreKind[] = ['password-vault', 'mfa-seeds'];

export const STORE_KIND_CODE: Readonly<Record<StoreKind, number>> = { 'password-vault': 0x01, 'mfa-seeds': 0x02 };

export function storeKindFromCode(code: number): StoreKind | undefined {
  return STORE_KINDS.find((kind) => STORE_KIND_CODE[kind] === code);
}

/** "password vault" / "MFA seed store", for messages. */
export function storeKindLabel(kind: StoreKind): string {
  return kind === 'password-vault' ? 'password vault' : 'MFA seed store';
}

export function otherStoreKind(kind: StoreKind): StoreKind {
  return kind === 'password-vault' ? 'mfa-seeds' : 'password-vault';
}
