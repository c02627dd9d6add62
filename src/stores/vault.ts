// The password vault document: one entry per AWS root user (account id, name, class, root email, notes,
// timestamps) with each root password sealed in its own box. Spec: docs/FORMAT.md §3.2.

import type { JsonValue } from '../crypto/canonical-json.js';
import { checkSecretBox, openSecret, sealSecret, type SecretBox } from '../crypto/secret-box.js';
import { BreakglassError } from '../errors.js';
import type { Rng } from '../shared/determinism.js';
import {
  checkAccountClass,
  checkAccountId,
  checkAccountName,
  checkNotes,
  checkRootEmail,
  type AccountClass,
} from './account-fields.js';
import { documentError, expectArray, expectFields, expectSchema, expectSortedUnique, expectValid, validationAsFormat } from './document-shape.js';
import { checkRootPassword } from './password-policy.js';
import { checkPasswordStyle, type PasswordStyle } from './password-styles.js';
import { isTimestamp } from '../shared/timestamps.js';

export const VAULT_SCHEMA = 1;
export const MAX_VAULT_ACCOUNTS = 100_000;

export interface VaultAccount {
  readonly accountId: string;
  readonly name: string;
  readonly accountClass: AccountClass;
  readonly email: string;
  readonly notes: string;
  readonly password: SecretBox;
  /** How new passwords of this account are generated (and shown); absent in older stores: "symbols". */
  readonly passwordStyle?: PasswordStyle;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface VaultDocument {
  readonly schema: typeof VAULT_SCHEMA;
  /** Sorted by account id. */
  readonly accounts: readonly VaultAccount[];
}

/** What sealing a secret into a store needs: the store's data key and set id, randomness and "now". */
export interface SealContext {
  readonly setId: Uint8Array;
  readonly dataKey: Uint8Array;
  readonly rng: Rng;
  /** The current time as a FORMAT.md timestamp. */
  readonly now: string;
}

export const EMPTY_VAULT: VaultDocument = { schema: VAULT_SCHEMA, accounts: [] };

const ACCOUNT_FIELDS = ['accountId', 'name', 'accountClass', 'email', 'notes', 'password', 'createdAt', 'updatedAt'] as const;
const ACCOUNT_OPTIONAL = ['passwordStyle'] as const;

/**
 * One stored account, every field checked. Written for a cold first open (the interpreter runs it 5,000
 * times before it is compiled): no closure or spread per account, and the label an error names is built
 * only when there is an error — each field's check and its message are those of expectValid.
 */
function decodeAccount(value: unknown, index: number): VaultAccount {
  const what = (): string => `password vault account #${index + 1}`;
  let f: Record<string, unknown>;
  try {
    f = expectFields(value, 'password vault account', ACCOUNT_FIELDS, ACCOUNT_OPTIONAL);
  } catch {
    f = expectFields(value, what(), ACCOUNT_FIELDS, ACCOUNT_OPTIONAL);
  }
  if (!isTimestamp(f.createdAt) || !isTimestamp(f.updatedAt)) throw documentError(what(), 'bad timestamp');
  let accountId: string, name: string, accountClass: AccountClass, email: string, notes: string;
  try {
    accountId = checkAccountId(f.accountId);
    name = checkAccountName(f.name, { stored: true });
    accountClass = checkAccountClass(f.accountClass);
    email = checkRootEmail(f.email);
    notes = checkNotes(f.notes);
  } catch (error) {
    throw validationAsFormat(error, what());
  }
  const password = checkSecretBox(f.password, `${what()} password`);
  const account: VaultAccount =
    f.passwordStyle === undefined
      ? { accountId, name, accountClass, email, notes, password, createdAt: f.createdAt, updatedAt: f.updatedAt }
      : { accountId, name, accountClass, email, notes, password, passwordStyle: expectValid(what(), () => checkPasswordStyle(f.passwordStyle)), createdAt: f.createdAt, updatedAt: f.updatedAt };
  if (accountId !== f.accountId || name !== f.name || email !== f.email || notes !== f.notes) {
    throw documentError(what(), 'fields not in normal form');
  }
  return account;
}

/** Validates a decrypted vault payload against the schema; FORMAT on any deviation. */
export function decodeVaultDocument(json: JsonValue): VaultDocument {
  const f = expectFields(json, 'password vault', ['schema', 'accounts']);
  expectSchema(f, 'password vault', VAULT_SCHEMA);
  const list = expectArray(f.accounts, 'password vault account list');
  if (list.length > MAX_VAULT_ACCOUNTS) throw documentError('password vault', 'too many accounts');
  const accounts = list.map(decodeAccount);
  expectSortedUnique(
    accounts.map((a) => a.accountId),
    'password vault account list',
  );
  return { schema: VAULT_SCHEMA, accounts };
}

export interface AccountInput {
  readonly accountId: string;
  readonly name: string;
  readonly accountClass: string;
  readonly email: string;
  readonly notes?: string;
  /** How this account's passwords are generated and shown (stored on the account). */
  readonly passwordStyle?: string;
}

/** Validates every field of a new or edited account, password last (it is checked against name/email). */
export function checkAccountInput(input: AccountInput, password?: string): Omit<VaultAccount, 'password' | 'createdAt' | 'updatedAt'> {
  const fields = {
    accountId: checkAccountId(input.accountId),
    name: checkAccountName(input.name),
    accountClass: checkAccountClass(input.accountClass),
    email: checkRootEmail(input.email),
    notes: checkNotes(input.notes ?? ''),
    ...(input.passwordStyle !== undefined ? { passwordStyle: checkPasswordStyle(input.passwordStyle) } : {}),
  };
  if (password !== undefined) checkRootPassword(password, { accountName: fields.name, email: fields.email });
  return fields;
}

function passwordContext(context: SealContext, accountId: string) {
  return { kind: 'password-vault' as const, setId: context.setId, entryId: accountId };
}

function sortAccounts(accounts: VaultAccount[]): VaultAccount[] {
  return accounts.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}

export function findAccount(doc: VaultDocument, accountId: string): VaultAccount {
  const id = checkAccountId(accountId);
  const account = doc.accounts.find((a) => a.accountId === id);
  if (!account) {
    throw new BreakglassError('NOT_FOUND', `The password vault has no account ${id}.`, {
      field: 'accountId',
      action: { kind: 'list-accounts' },
    });
  }
  return account;
}

export function addVaultAccount(doc: VaultDocument, input: AccountInput, password: string, context: SealContext): VaultDocument {
  const fields = checkAccountInput(input, password);
  if (doc.accounts.some((a) => a.accountId === fields.accountId)) {
    throw new BreakglassError(
      'CONFLICT',
      `The password vault already holds account ${fields.accountId}. Use "account update" to change it.`,
      { field: 'accountId' },
    );
  }
  if (doc.accounts.length >= MAX_VAULT_ACCOUNTS) throw new BreakglassError('CONFLICT', 'The password vault is full.');
  const secret = new TextEncoder().encode(password);
  try {
    const account: VaultAccount = {
      ...fields,
      password: sealSecret(context.dataKey, secret, passwordContext(context, fields.accountId), context.rng),
      createdAt: context.now,
      updatedAt: context.now,
    };
    return { schema: VAULT_SCHEMA, accounts: sortAccounts([...doc.accounts, account]) };
  } finally {
    secret.fill(0);
  }
}

export interface AccountUpdate {
  readonly name?: string;
  readonly accountClass?: string;
  readonly email?: string;
  readonly notes?: string;
  readonly passwordStyle?: string;
}

/** Changes descriptive fields and/or the password (a new box) of one account. */
export function updateVaultAccount(
  doc: VaultDocument,
  accountId: string,
  update: AccountUpdate,
  newPassword: string | undefined,
  context: SealContext,
): VaultDocument {
  const current = findAccount(doc, accountId);
  const fields = checkAccountInput(
    {
      accountId: current.accountId,
      name: update.name ?? current.name,
      accountClass: update.accountClass ?? current.accountClass,
      email: update.email ?? current.email,
      notes: update.notes ?? current.notes,
      ...((update.passwordStyle ?? current.passwordStyle) !== undefined ? { passwordStyle: update.passwordStyle ?? current.passwordStyle } : {}),
    },
    newPassword,
  );
  let password = current.password;
  if (newPassword !== undefined) {
    const secret = new TextEncoder().encode(newPassword);
    try {
      password = sealSecret(context.dataKey, secret, passwordContext(context, current.accountId), context.rng);
    } finally {
      secret.fill(0);
    }
  }
  const updated: VaultAccount = { ...fields, password, createdAt: current.createdAt, updatedAt: context.now };
  return {
    schema: VAULT_SCHEMA,
    accounts: doc.accounts.map((a) => (a.accountId === current.accountId ? updated : a)),
  };
}

export function removeVaultAccount(doc: VaultDocument, accountId: string): VaultDocument {
  const account = findAccount(doc, accountId);
  return { schema: VAULT_SCHEMA, accounts: doc.accounts.filter((a) => a !== account) };
}

/** Decrypts one root password into bytes (UTF-8); the caller wipes them after use. */
export function openVaultPassword(
  doc: VaultDocument,
  accountId: string,
  key: { readonly dataKey: Uint8Array; readonly setId: Uint8Array },
): Uint8Array {
  const account = findAccount(doc, accountId);
  return openSecret(key.dataKey, account.password, { kind: 'password-vault', setId: key.setId, entryId: account.accountId });
}

/** Re-seals every password under a new data key (rotation), one password in memory at a time. */
export function resealVaultDocument(
  doc: VaultDocument,
  oldKey: { readonly dataKey: Uint8Array; readonly setId: Uint8Array },
  context: SealContext,
): VaultDocument {
  const accounts = doc.accounts.map((account) => {
    const secret = openVaultPassword(doc, account.accountId, oldKey);
    try {
      return { ...account, password: sealSecret(context.dataKey, secret, passwordContext(context, account.accountId), context.rng) };
    } finally {
      secret.fill(0);
    }
  });
  return { schema: VAULT_SCHEMA, accounts };
}

/** The longest password an import keeps (a KeePass entry's field; AWS' own limit is 128 characters). */
export const MAX_IMPORTED_PASSWORD_BYTES = 1024;

/**
 * Adds accounts brought in from another tool (KeePass), each replacing the one with its id when `replace`;
 * one pass and one sort however many there are.
 * The fields are checked as for a new account; the password only for being 1–1024 bytes, so one below
 * AWS' root policy is kept as it is (the import flags it for rotation). The caller wipes the passwords.
 */
export function putImportedAccounts(
  doc: VaultDocument,
  imports: readonly { readonly input: AccountInput; readonly password: Uint8Array; readonly replace: boolean }[],
  context: SealContext,
): VaultDocument {
  const byId = new Map(doc.accounts.map((a) => [a.accountId, a]));
  const original = new Set(byId.keys());
  for (const { input, password, replace } of imports) {
    const fields = checkAccountInput(input);
    if (!(password instanceof Uint8Array) || password.length === 0 || password.length > MAX_IMPORTED_PASSWORD_BYTES) {
      throw new BreakglassError('VALIDATION', `An imported root password must be 1–${MAX_IMPORTED_PASSWORD_BYTES} bytes.`, { field: 'password' });
    }
    const current = byId.get(fields.accountId);
    if (current && (!replace || !original.has(fields.accountId))) {
      throw new BreakglassError('CONFLICT', `The password vault already holds account ${fields.accountId}.`, { field: 'accountId' });
    }
    if (!current && byId.size >= MAX_VAULT_ACCOUNTS) throw new BreakglassError('CONFLICT', 'The password vault is full.');
    byId.set(fields.accountId, {
      ...fields,
      password: sealSecret(context.dataKey, password, passwordContext(context, fields.accountId), context.rng),
      createdAt: current?.createdAt ?? context.now,
      updatedAt: context.now,
    });
  }
  return { schema: VAULT_SCHEMA, accounts: sortAccounts([...byId.values()]) };
}
