// The API of the password vault's accounts: list, add, edit, remove, reveal or copy a root password, generate one.
// Plain data that crosses IPC unchanged. FORMAT.md §3.2; DESIGN §3.4.

import type { AccountInput, AccountUpdate, VaultAccount } from '../../stores/vault.js';
import type { PasswordStyle } from '../../stores/password-styles.js';
import type { SavedGeneration } from './vault-set.js';

export type { PasswordStyle } from '../../stores/password-styles.js';

/** An account as the screens show it: everything but the password. */
export interface AccountSummary extends Omit<VaultAccount, 'password'> {
  /** Devices the MFA seed store lists for this account (metadata, no key needed). */
  readonly mfaDevices: readonly string[];
}

export interface NewAccountInput extends AccountInput {
  /** The root password; omit with `generatePasswordLength` to have one generated. */
  readonly password?: string;
  readonly generatePasswordLength?: number;
  /** Generate the password in the account's style at its default size (`generatePasswordLength` sets a length). */
  readonly generatePassword?: boolean;
}

export interface AccountUpdateInput extends AccountUpdate {
  readonly accountId: string;
  readonly password?: string;
  readonly generatePasswordLength?: number;
  readonly generatePassword?: boolean;
}

/** A revealed root password, cut into the pieces a custodian reads or types, with its look-alike characters. */
export interface RevealedPassword {
  readonly accountId: string;
  readonly password: string;
  readonly style: PasswordStyle;
  /** Groups of four characters, or one word (with its digit) each for the words style. */
  readonly groups: readonly string[];
  /** The look-alike characters the password contains (O, 0, l, 1, I, |, …), each with its name. */
  readonly legend: readonly { readonly char: string; readonly name: string }[];
}

/** A password style as the front ends offer it, with its strength. */
export interface PasswordStyleInfo {
  readonly style: PasswordStyle;
  readonly entropyBits: number;
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
  revealPassword(input: { readonly accountId: string; readonly run?: number }): Promise<RevealedPassword>;
  /**
   * Puts one account's root password on the workstation's clipboard from the host process (the password
   * never reaches the renderer) and empties it after `clearAfterSeconds` (5–120, default 30) unless the
   * custodian copied something else meanwhile; locking the password vault empties it at once.
   */
  copyPassword(input: CopyPasswordInput): Promise<{ readonly accountId: string; readonly clearsAt: string }>;
  generatePassword(input: { readonly length?: number; readonly style?: PasswordStyle }): Promise<{ readonly password: string }>;
}
