// The API of the password vault's accounts: list, add, edit, remove, reveal or copy a root password, generate one.
// Plain data that crosses IPC unchanged. FORMAT.md §3.2; DESIGN §3.4.

import type { AccountInput, AccountUpdate, VaultAccount } from '../../stores/vault.js';
import type { SavedGeneration } from './vault-set.js';

/** An account as the screens show it: everything but the password. */
export interface AccountSummary extends Omit<VaultAccount, 'password'> {
  /** Devices the MFA seed store lists for this account (metadata, no key needed). */
  readonly mfaDevices: readonly string[];
}

export interface NewAccountInput extends AccountInput {
  /** The root password; omit with `generatePasswordLength` to have one generated. */
  readonly password?: string;
  readonly generatePasswordLength?: number;
}

export interface AccountUpdateInput extends AccountUpdate {
  readonly accountId: string;
  readonly password?: string;
  readonly generatePasswordLength?: number;
}

export interface CopyPasswordInput {
  readonly accountId: string;
  /** Seconds until the clipboard is emptied: 5–120, default 30. */
  readonly clearAfterSeconds?: number;
  readonly actors?: readonly string[];
  /** The break-glass run the copy belongs to (default: the single open run for the account). */
  readonly run?: number;
}

export interface AccountsApi {
  listAccounts(): Promise<readonly AccountSummary[]>;
  getAccount(input: { readonly accountId: string }): Promise<AccountSummary>;
  addAccount(input: NewAccountInput): Promise<AccountSummary & { readonly generatedPassword?: string }>;
  updateAccount(input: AccountUpdateInput): Promise<AccountSummary & { readonly generatedPassword?: string }>;
  removeAccount(input: { readonly accountId: string }): Promise<SavedGeneration>;
  /** The root password of one account, for a timed reveal; never logged. */
  revealPassword(input: { readonly accountId: string; readonly run?: number }): Promise<{ readonly accountId: string; readonly password: string }>;
  /**
   * Puts one account's root password on the workstation's clipboard from the host process (the password
   * never reaches the renderer) and empties it after `clearAfterSeconds` (5–120, default 30) unless the
   * custodian copied something else meanwhile; locking the password vault empties it at once.
   */
  copyPassword(input: CopyPasswordInput): Promise<{ readonly accountId: string; readonly clearsAt: string }>;
  generatePassword(input: { readonly length?: number }): Promise<{ readonly password: string }>;
}
