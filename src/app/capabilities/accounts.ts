// The password vault's accounts: list, add, edit and remove them, reveal a root password for a timed look or
// copy it to the clipboard (cleared after a while), generate one. FORMAT.md §3.2; DESIGN §3.4.

import { sha256Digest as sha256 } from '../../crypto/digest.js';
import { wipe } from '../../crypto/wipe.js';
import { BreakglassError } from '../../errors.js';
import { MAX_PASSWORD_LENGTH } from '../../stores/password-policy.js';
import { checkPasswordStyle, DEFAULT_PASSWORD_STYLE, generatePasswordInStyle, groupPassword, passwordLegend, type PasswordStyle } from '../../stores/password-styles.js';
import type { SeedMetadata } from '../../stores/seeds.js';
import { formatTimestamp } from '../../shared/timestamps.js';
import { addVaultAccount, findAccount, openVaultPassword, removeVaultAccount, updateVaultAccount, type VaultAccount } from '../../stores/vault.js';
import type { AccountSummary, AccountUpdateInput, CopyPasswordInput, NewAccountInput, RevealedPassword, SavedGeneration } from '../api.js';
import { NO_CLIPBOARD_MESSAGE } from '../clipboard-copy.js';
import { runForAccount } from '../run-records.js';
import type { VaultSession } from '../session.js';

export const DEFAULT_CLIPBOARD_SECONDS = 30;
const MIN_CLIPBOARD_SECONDS = 5;
const MAX_CLIPBOARD_SECONDS = 120;


function summarize(account: VaultAccount, metadata: SeedMetadata | undefined): AccountSummary {
  const devices = metadata?.accounts.find((a) => a.accountId === account.accountId)?.devices ?? [];
  return {
    accountId: account.accountId,
    name: account.name,
    accountClass: account.accountClass,
    email: account.email,
    notes: account.notes,
    passwordStyle: account.passwordStyle ?? DEFAULT_PASSWORD_STYLE,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    mfaDevices: devices.map((d) => `${d.name} (${d.type})`),
  };
}

export class AccountsCapability {
  constructor(private readonly session: VaultSession) {}

  async listAccounts(): Promise<readonly AccountSummary[]> {
    const { doc } = this.session.vault();
    const metadata = await this.session.seedMetadata();
    return doc.accounts.map((a) => summarize(a, metadata));
  }

  async getAccount(input: { readonly accountId: string }): Promise<AccountSummary> {
    const { doc } = this.session.vault();
    return summarize(findAccount(doc, input?.accountId), await this.session.seedMetadata());
  }

  private passwordFor(
    input: { readonly password?: string; readonly generatePasswordLength?: number; readonly generatePassword?: boolean },
    style: PasswordStyle,
    context: { readonly accountName?: string; readonly email?: string },
  ): {
    password: string | undefined;
    generated: boolean;
  } {
    const generate = input.generatePasswordLength !== undefined || input.generatePassword === true;
    if (input.password !== undefined && generate) {
      throw new BreakglassError('VALIDATION', 'Give either a password or ask for a generated one, not both.', { field: 'password' });
    }
    if (generate) {
      return { password: this.generate(input.generatePasswordLength, style, context), generated: true };
    }
    if (input.password !== undefined && typeof input.password !== 'string') throw new TypeError('password must be a string');
    return { password: input.password, generated: false };
  }

  async addAccount(input: NewAccountInput): Promise<AccountSummary & { generatedPassword?: string }> {
    const { session } = this;
    const { store, doc } = session.vault();
    const style = input.passwordStyle === undefined ? DEFAULT_PASSWORD_STYLE : checkPasswordStyle(input.passwordStyle);
    const { password, generated } = this.passwordFor(input, style, { accountName: input.name, email: input.email });
    if (password === undefined) {
      throw new BreakglassError('VALIDATION', 'A root password is required (or ask for a generated one).', { field: 'password' });
    }
    const next = addVaultAccount(doc, input, password, session.sealContext(store));
    await session.withLock(async (lock) => {
      const saved = await session.save(lock, store, { kind: 'password-vault', vault: next, custody: store.docs.custody });
      await session.audit({ event: 'account.add', store: 'password-vault', generation: saved.generation, details: { accountId: input.accountId.trim(), generated } });
    });
    const summary = summarize(findAccount(next, input.accountId), await session.seedMetadata());
    return generated ? { ...summary, generatedPassword: password } : summary;
  }

  async updateAccount(input: AccountUpdateInput): Promise<AccountSummary & { generatedPassword?: string }> {
    const { session } = this;
    const { store, doc } = session.vault();
    const current = findAccount(doc, input?.accountId);
    const style = input.passwordStyle === undefined ? (current.passwordStyle ?? DEFAULT_PASSWORD_STYLE) : checkPasswordStyle(input.passwordStyle);
    const { password, generated } = this.passwordFor(input, style, { accountName: input.name ?? current.name, email: input.email ?? current.email });
    const next = updateVaultAccount(doc, input.accountId, input, password, session.sealContext(store));
    await session.withLock(async (lock) => {
      const saved = await session.save(lock, store, { kind: 'password-vault', vault: next, custody: store.docs.custody });
      await session.audit({
        event: 'account.update',
        store: 'password-vault',
        generation: saved.generation,
        details: { accountId: input.accountId.trim(), passwordChanged: password !== undefined, generated },
      });
    });
    const summary = summarize(findAccount(next, input.accountId), await session.seedMetadata());
    return generated && password !== undefined ? { ...summary, generatedPassword: password } : summary;
  }

  async removeAccount(input: { readonly accountId: string }): Promise<SavedGeneration> {
    const { session } = this;
    const { store, doc } = session.vault();
    const next = removeVaultAccount(doc, input?.accountId);
    return session.withLock(async (lock) => {
      const saved = await session.save(lock, store, { kind: 'password-vault', vault: next, custody: store.docs.custody });
      await session.audit({ event: 'account.remove', store: 'password-vault', generation: saved.generation, details: { accountId: String(input.accountId).trim() } });
      return saved;
    });
  }

  async revealPassword(input: { readonly accountId: string; readonly run?: number }): Promise<RevealedPassword> {
    const { store, doc } = this.session.vault();
    const account = findAccount(doc, input?.accountId);
    const run = await runForAccount(this.session, account.accountId, input?.run);
    const secret = openVaultPassword(doc, account.accountId, { dataKey: store.dataKey, setId: store.parsed.header.setId });
    try {
      await this.session.audit({
        event: 'password.reveal',
        store: 'password-vault',
        generation: store.parsed.header.generation,
        details: { accountId: account.accountId, ...(run !== undefined ? { run } : {}) },
      });
      const password = new TextDecoder().decode(secret);
      const style = account.passwordStyle ?? DEFAULT_PASSWORD_STYLE;
      return { accountId: account.accountId, password, style, groups: groupPassword(password, style), legend: passwordLegend(password) };
    } finally {
      wipe(secret);
    }
  }

  async copyPassword(input: CopyPasswordInput): Promise<{ accountId: string; clearsAt: string }> {
    const { session } = this;
    const seconds = input?.clearAfterSeconds ?? DEFAULT_CLIPBOARD_SECONDS;
    if (!Number.isInteger(seconds) || seconds < MIN_CLIPBOARD_SECONDS || seconds > MAX_CLIPBOARD_SECONDS) {
      throw new BreakglassError(
        'VALIDATION',
        `The clipboard is cleared after ${MIN_CLIPBOARD_SECONDS}–${MAX_CLIPBOARD_SECONDS} whole seconds, not ${String(seconds)}.`,
        { field: 'clearAfterSeconds' },
      );
    }
    const clipboard = session.ports.clipboard;
    if (!clipboard) throw new BreakglassError('NOT_FOUND', NO_CLIPBOARD_MESSAGE);
    const { store, doc } = session.vault();
    const account = findAccount(doc, input?.accountId);
    const run = await runForAccount(session, account.accountId, input?.run);
    const secret = openVaultPassword(doc, account.accountId, { dataKey: store.dataKey, setId: store.parsed.header.setId });
    let digest: Uint8Array;
    try {
      // Recorded before the password leaves the vault, as for a reveal: no copy goes unrecorded.
      await session.audit({
        event: 'password.copy',
        actors: input.actors,
        store: 'password-vault',
        generation: store.parsed.header.generation,
        details: { accountId: account.accountId, clearAfterSeconds: seconds, ...(run !== undefined ? { run } : {}) },
      });
      digest = sha256(secret);
      try {
        await clipboard.writeText(new TextDecoder().decode(secret));
      } catch (error) {
        wipe(digest);
        throw new BreakglassError(
          'IO',
          `The clipboard refused the password (${(error as Error).message.split('\n')[0]}). Nothing was copied: use Reveal instead.`,
          { cause: error },
        );
      }
    } finally {
      wipe(secret);
    }
    const clearsAt = session.ports.clock.now() + seconds * 1000;
    session.clipboard.hold(digest, seconds);
    if (!session.unlocked.has('password-vault')) await session.clipboard.clear(); // locked while copying
    return { accountId: account.accountId, clearsAt: formatTimestamp(clearsAt) };
  }

  private generate(length: number | undefined, style: PasswordStyle, context: { readonly accountName?: string; readonly email?: string } = {}): string {
    if (style === 'symbols' && length !== undefined && (!Number.isInteger(length) || length < 12 || length > MAX_PASSWORD_LENGTH)) {
      throw new BreakglassError('VALIDATION', `A generated password must be 12–${MAX_PASSWORD_LENGTH} characters long, not ${length}.`, {
        field: 'length',
      });
    }
    return generatePasswordInStyle(this.session.ports.rng, style, length, context);
  }

  async generatePassword(input: { readonly length?: number; readonly style?: PasswordStyle }): Promise<{ password: string }> {
    const style = input?.style === undefined ? DEFAULT_PASSWORD_STYLE : checkPasswordStyle(input.style);
    return { password: this.generate(input?.length, style) };
  }
}
