// The application: use cases over the core modules plus the unlocked-session state (which stores are
// open, their data keys) for one vault set at a time. Implements BreakglassApi (api.ts).

import { mkdir, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { equalBytes } from '@noble/ciphers/utils.js';
import { DATA_KEY_LENGTH, parseContainer, SET_ID_LENGTH, type ParsedContainer } from '../crypto/container.js';
import { isKdfProfileName, resolveKdfProfile } from '../crypto/kdf.js';
import { checkNewPassphrase, createPassphraseSlot, unlockWithPassphrase } from '../crypto/passphrase-slot.js';
import { STORE_KINDS, storeKindLabel, type StoreKind } from '../crypto/store-kind.js';
import { wipe } from '../crypto/wipe.js';
import { BreakglassError } from '../errors.js';
import { assertNoStore, readStoreFile, storePath, writeFileAtomic } from '../stores/files.js';
import { DEFAULT_GENERATED_LENGTH, generateRootPassword, MAX_PASSWORD_LENGTH } from '../stores/password-policy.js';
import {
  addMfaDevice,
  EMPTY_SEED_METADATA,
  EMPTY_SEED_SECRETS,
  removeMfaDevice,
  type MfaDevice,
  type SeedMetadata,
  type SeedStoreDocuments,
} from '../stores/seeds.js';
import { decryptSeedStore, decryptVault, nextGeneration, readSeedMetadata, sealStore, type GenerationFrame, type StoreDocuments } from '../stores/store-codec.js';
import { formatTimestamp } from '../stores/timestamps.js';
import { decodeBase32Seed } from '../stores/totp-seed.js';
import {
  addVaultAccount,
  EMPTY_VAULT,
  findAccount,
  openVaultPassword,
  removeVaultAccount,
  updateVaultAccount,
  type SealContext,
  type VaultAccount,
  type VaultDocument,
} from '../stores/vault.js';
import type {
  AccountSummary,
  BreakglassApi,
  CreateVaultSetInput,
  MfaDeviceSummary,
  NewMfaDeviceInput,
  SavedGeneration,
  StoreStatus,
  VaultSetStatus,
} from './api.js';
import { describeStore } from './inspection.js';
import type { AppPorts } from './ports.js';

interface UnlockedStore {
  readonly kind: StoreKind;
  readonly path: string;
  parsed: ParsedContainer;
  readonly dataKey: Uint8Array;
  docs: StoreDocuments;
  readonly unlockedAt: number;
}

function lockedError(kind: StoreKind): BreakglassError {
  return new BreakglassError(
    'AUTH',
    `The ${storeKindLabel(kind)} is locked: unlock it first with its ${kind === 'password-vault' ? 'password' : 'MFA'} custodians' passphrase.`,
  );
}

export class BreakglassApp implements BreakglassApi {
  private dir: string | undefined;
  private readonly unlocked = new Map<StoreKind, UnlockedStore>();

  constructor(private readonly ports: AppPorts) {}

  private now(): string {
    return formatTimestamp(this.ports.clock.now());
  }

  private requireDir(): string {
    if (!this.dir) throw new BreakglassError('NOT_FOUND', 'No vault set is open: open or create one first.');
    return this.dir;
  }

  private requireUnlocked(kind: StoreKind): UnlockedStore {
    this.requireDir();
    const store = this.unlocked.get(kind);
    if (!store) throw lockedError(kind);
    return store;
  }

  private sealContext(store: UnlockedStore): SealContext {
    return { setId: store.parsed.header.setId, dataKey: store.dataKey, rng: this.ports.rng, now: this.now() };
  }

  async createVaultSet(input: CreateVaultSetInput): Promise<VaultSetStatus> {
    if (typeof input?.dir !== 'string' || input.dir.length === 0) throw new TypeError('dir must be a non-empty string');
    if (!isKdfProfileName(input.kdfProfile)) {
      throw new BreakglassError('VALIDATION', `Unknown KDF profile ${JSON.stringify(input.kdfProfile)}: use "strong" (or "test" in tests only).`, {
        field: 'kdfProfile',
      });
    }
    const passwordPassphrase = input.password?.passphrase;
    const mfaPassphrase = input.mfa?.passphrase;
    checkNewPassphrase(passwordPassphrase, 'password-vault');
    checkNewPassphrase(mfaPassphrase, 'mfa-seeds');
    if (passwordPassphrase.normalize('NFC') === mfaPassphrase.normalize('NFC')) {
      throw new BreakglassError(
        'SEGREGATION',
        'The password vault and the MFA seed store must have different passphrases, held by different custodians. Nothing was created.',
      );
    }
    const dir = resolve(input.dir);
    await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      throw new BreakglassError('IO', `Cannot create the directory ${dir}: ${(error as Error).message}`);
    });
    for (const kind of STORE_KINDS) await assertNoStore(storePath(dir, kind), kind);
    const kdf = resolveKdfProfile(input.kdfProfile, this.ports.totalMemoryBytes());
    const setId = this.ports.rng.bytes(SET_ID_LENGTH);
    const created: string[] = [];
    try {
      for (const kind of STORE_KINDS) {
        const passphrase = kind === 'password-vault' ? passwordPassphrase : mfaPassphrase;
        const dataKey = this.ports.rng.bytes(DATA_KEY_LENGTH);
        try {
          const slot = await createPassphraseSlot(passphrase, dataKey, kind, setId, kdf, this.ports.rng);
          const frame: GenerationFrame = { kind, setId, generation: 1, slots: [slot], revokedShareSets: [] };
          const docs: StoreDocuments =
            kind === 'password-vault'
              ? { kind, vault: EMPTY_VAULT }
              : { kind, seeds: { metadata: EMPTY_SEED_METADATA, secrets: EMPTY_SEED_SECRETS } };
          const bytes = sealStore(frame, docs, dataKey, this.ports.clock.now(), this.ports.rng);
          parseContainer(bytes, kind);
          const path = storePath(dir, kind);
          await assertNoStore(path, kind);
          await writeFileAtomic(path, bytes, { keepPrevious: false });
          created.push(path);
        } finally {
          wipe(dataKey);
        }
      }
    } catch (error) {
      await Promise.all(created.map((path) => unlink(path).catch(() => undefined)));
      throw error;
    }
    return this.openVaultSet({ dir });
  }

  async openVaultSet(input: { readonly dir: string }): Promise<VaultSetStatus> {
    if (typeof input?.dir !== 'string' || input.dir.length === 0) throw new TypeError('dir must be a non-empty string');
    const dir = resolve(input.dir);
    if (this.dir !== dir) await this.lockAll();
    this.dir = dir;
    const status = await this.getStatus();
    if (!status.stores['password-vault'].present && !status.stores['mfa-seeds'].present) {
      this.dir = undefined;
      throw new BreakglassError(
        'NOT_FOUND',
        `${dir} holds no Breakglass stores (password-vault.bgv, mfa-seeds.bgv). Check the directory, or create a vault set with "breakglass init".`,
      );
    }
    return status;
  }

  async getStatus(): Promise<VaultSetStatus> {
    const dir = this.requireDir();
    const stores = {} as Record<StoreKind, StoreStatus>;
    for (const kind of STORE_KINDS) stores[kind] = await this.storeStatus(dir, kind);
    const setIds = new Set(STORE_KINDS.map((k) => stores[k].inspection?.setId).filter((id) => id !== undefined));
    if (setIds.size > 1) {
      throw new BreakglassError(
        'WRONG_STORE',
        `The two stores in ${dir} belong to different vault sets (${[...setIds].join(' and ')}). Restore the matching store from its drives.`,
      );
    }
    return { dir, setId: [...setIds][0], stores };
  }

  private async storeStatus(dir: string, kind: StoreKind): Promise<StoreStatus> {
    const file = storePath(dir, kind);
    const unlocked = this.unlocked.get(kind);
    try {
      const parsed = parseContainer(await readStoreFile(file), kind);
      return {
        kind,
        file,
        present: true,
        inspection: describeStore(file, parsed),
        ...(unlocked ? { unlockedAt: formatTimestamp(unlocked.unlockedAt) } : {}),
      };
    } catch (error) {
      if (error instanceof BreakglassError && error.code === 'NOT_FOUND') return { kind, file, present: false };
      if (error instanceof BreakglassError) return { kind, file, present: true, problem: { code: error.code, message: error.message } };
      throw error;
    }
  }

  async inspectStore(input: { readonly file: string }): Promise<ReturnType<typeof describeStore>> {
    if (typeof input?.file !== 'string' || input.file.length === 0) throw new TypeError('file must be a non-empty string');
    const file = resolve(input.file);
    return describeStore(file, parseContainer(await readStoreFile(file)));
  }

  private async readStore(kind: StoreKind): Promise<{ path: string; parsed: ParsedContainer }> {
    const path = storePath(this.requireDir(), kind);
    const parsed = parseContainer(await readStoreFile(path), kind);
    return { path, parsed };
  }

  async unlockStore(input: { readonly store: StoreKind; readonly secret: { readonly passphrase: string } }): Promise<StoreStatus> {
    const kind = input?.store;
    if (!STORE_KINDS.includes(kind)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    if (typeof input.secret?.passphrase !== 'string') throw new TypeError('secret.passphrase must be a string');
    const { path, parsed } = await this.readStore(kind);
    this.checkSameSet(parsed);
    const dataKey = await unlockWithPassphrase(parsed.header, input.secret.passphrase);
    let docs: StoreDocuments;
    try {
      docs =
        kind === 'password-vault'
          ? { kind, vault: decryptVault(parsed, dataKey) }
          : { kind, seeds: decryptSeedStore(parsed, dataKey) };
    } catch (error) {
      wipe(dataKey);
      throw error;
    }
    this.forget(kind);
    this.unlocked.set(kind, { kind, path, parsed, dataKey, docs, unlockedAt: this.ports.clock.now() });
    return this.storeStatus(this.requireDir(), kind);
  }

  /** Refuses a store whose set id differs from the other, already unlocked store's. */
  private checkSameSet(parsed: ParsedContainer): void {
    for (const other of this.unlocked.values()) {
      if (other.kind !== parsed.header.kind && !equalBytes(other.parsed.header.setId, parsed.header.setId)) {
        throw new BreakglassError(
          'WRONG_STORE',
          `This ${storeKindLabel(parsed.header.kind)} belongs to another vault set than the unlocked ${storeKindLabel(other.kind)}.`,
        );
      }
    }
  }

  private forget(kind: StoreKind): void {
    const store = this.unlocked.get(kind);
    if (store) wipe(store.dataKey);
    this.unlocked.delete(kind);
  }

  async lockStore(input: { readonly store: StoreKind }): Promise<void> {
    this.forget(input.store);
  }

  async lockAll(): Promise<void> {
    for (const kind of STORE_KINDS) this.forget(kind);
  }

  /** Seals the next generation of an unlocked store and saves it atomically, keeping the previous one. */
  private async save(store: UnlockedStore, docs: StoreDocuments): Promise<SavedGeneration> {
    const onDisk = parseContainer(await readStoreFile(store.path), store.kind);
    if (!equalBytes(onDisk.fingerprint, store.parsed.fingerprint)) {
      throw new BreakglassError(
        'CONFLICT',
        `The ${storeKindLabel(store.kind)} changed on disk since it was unlocked (now generation ${onDisk.header.generation}). ` +
          'Nothing was saved: lock it, unlock it again and repeat the change.',
      );
    }
    const bytes = sealStore(nextGeneration(store.parsed.header), docs, store.dataKey, this.ports.clock.now(), this.ports.rng);
    const parsed = parseContainer(bytes, store.kind);
    await writeFileAtomic(store.path, bytes, { keepPrevious: true });
    store.parsed = parsed;
    store.docs = docs;
    return { kind: store.kind, generation: parsed.header.generation };
  }

  private vault(): { store: UnlockedStore; doc: VaultDocument } {
    const store = this.requireUnlocked('password-vault');
    if (store.docs.kind !== 'password-vault') throw new Error('unreachable');
    return { store, doc: store.docs.vault };
  }

  private seeds(): { store: UnlockedStore; docs: SeedStoreDocuments } {
    const store = this.requireUnlocked('mfa-seeds');
    if (store.docs.kind !== 'mfa-seeds') throw new Error('unreachable');
    return { store, docs: store.docs.seeds };
  }

  /** MFA metadata for cross-reference, from the unlocked store or the file's public document. */
  private async seedMetadata(): Promise<SeedMetadata | undefined> {
    const open = this.unlocked.get('mfa-seeds');
    if (open?.docs.kind === 'mfa-seeds') return open.docs.seeds.metadata;
    try {
      return readSeedMetadata((await this.readStore('mfa-seeds')).parsed);
    } catch {
      return undefined;
    }
  }

  private summarize(account: VaultAccount, metadata: SeedMetadata | undefined): AccountSummary {
    const devices = metadata?.accounts.find((a) => a.accountId === account.accountId)?.devices ?? [];
    return {
      accountId: account.accountId,
      name: account.name,
      accountClass: account.accountClass,
      email: account.email,
      notes: account.notes,
      createdAt: account.createdAt,
      updatedAt: account.updatedAt,
      mfaDevices: devices.map((d) => `${d.name} (${d.type})`),
    };
  }

  async listAccounts(): Promise<readonly AccountSummary[]> {
    const { doc } = this.vault();
    const metadata = await this.seedMetadata();
    return doc.accounts.map((a) => this.summarize(a, metadata));
  }

  async getAccount(input: { readonly accountId: string }): Promise<AccountSummary> {
    const { doc } = this.vault();
    return this.summarize(findAccount(doc, input?.accountId), await this.seedMetadata());
  }

  private passwordFor(input: { readonly password?: string; readonly generatePasswordLength?: number }): {
    password: string | undefined;
    generated: boolean;
  } {
    if (input.password !== undefined && input.generatePasswordLength !== undefined) {
      throw new BreakglassError('VALIDATION', 'Give either a password or ask for a generated one, not both.', { field: 'password' });
    }
    if (input.generatePasswordLength !== undefined) {
      return { password: this.generate(input.generatePasswordLength), generated: true };
    }
    if (input.password !== undefined && typeof input.password !== 'string') throw new TypeError('password must be a string');
    return { password: input.password, generated: false };
  }

  async addAccount(input: Parameters<BreakglassApi['addAccount']>[0]): Promise<AccountSummary & { generatedPassword?: string }> {
    const { store, doc } = this.vault();
    const { password, generated } = this.passwordFor(input);
    if (password === undefined) {
      throw new BreakglassError('VALIDATION', 'A root password is required (or ask for a generated one).', { field: 'password' });
    }
    const next = addVaultAccount(doc, input, password, this.sealContext(store));
    await this.save(store, { kind: 'password-vault', vault: next });
    const summary = this.summarize(findAccount(next, input.accountId), await this.seedMetadata());
    return generated ? { ...summary, generatedPassword: password } : summary;
  }

  async updateAccount(input: Parameters<BreakglassApi['updateAccount']>[0]): Promise<AccountSummary & { generatedPassword?: string }> {
    const { store, doc } = this.vault();
    const { password, generated } = this.passwordFor(input);
    const next = updateVaultAccount(doc, input.accountId, input, password, this.sealContext(store));
    await this.save(store, { kind: 'password-vault', vault: next });
    const summary = this.summarize(findAccount(next, input.accountId), await this.seedMetadata());
    return generated && password !== undefined ? { ...summary, generatedPassword: password } : summary;
  }

  async removeAccount(input: { readonly accountId: string }): Promise<SavedGeneration> {
    const { store, doc } = this.vault();
    return this.save(store, { kind: 'password-vault', vault: removeVaultAccount(doc, input?.accountId) });
  }

  async revealPassword(input: { readonly accountId: string }): Promise<{ accountId: string; password: string }> {
    const { store, doc } = this.vault();
    const account = findAccount(doc, input?.accountId);
    const secret = openVaultPassword(doc, account.accountId, { dataKey: store.dataKey, setId: store.parsed.header.setId });
    try {
      return { accountId: account.accountId, password: new TextDecoder().decode(secret) };
    } finally {
      wipe(secret);
    }
  }

  private generate(length: number = DEFAULT_GENERATED_LENGTH): string {
    if (!Number.isInteger(length) || length < 12 || length > MAX_PASSWORD_LENGTH) {
      throw new BreakglassError('VALIDATION', `A generated password must be 12–${MAX_PASSWORD_LENGTH} characters long, not ${length}.`, {
        field: 'length',
      });
    }
    return generateRootPassword(this.ports.rng, length);
  }

  async generatePassword(input: { readonly length?: number }): Promise<{ password: string }> {
    return { password: this.generate(input?.length) };
  }

  async listMfaDevices(input: { readonly accountId?: string } = {}): Promise<readonly MfaDeviceSummary[]> {
    const metadata = await this.seedMetadataOrThrow();
    return metadata.accounts
      .filter((a) => input.accountId === undefined || a.accountId === input.accountId)
      .flatMap((a) => a.devices.map((d) => summarizeDevice(a.accountId, d)));
  }

  private async seedMetadataOrThrow(): Promise<SeedMetadata> {
    const open = this.unlocked.get('mfa-seeds');
    if (open?.docs.kind === 'mfa-seeds') return open.docs.seeds.metadata;
    return readSeedMetadata((await this.readStore('mfa-seeds')).parsed);
  }

  async addMfaDevice(input: NewMfaDeviceInput): Promise<MfaDeviceSummary> {
    const { store, docs } = this.seeds();
    const seed = input?.type === 'virtual' ? decodeBase32Seed(input.seed) : undefined;
    try {
      const deviceInput =
        input.type === 'virtual'
          ? { type: 'virtual' as const, accountId: input.accountId, name: input.name, algorithm: input.algorithm, digits: input.digits, period: input.period, enabledAt: input.enabledAt }
          : input;
      const { docs: next, device } = addMfaDevice(docs, deviceInput, seed, this.sealContext(store));
      await this.save(store, { kind: 'mfa-seeds', seeds: next });
      return summarizeDevice(input.accountId.trim(), device);
    } finally {
      wipe(seed);
    }
  }

  async removeMfaDevice(input: { readonly accountId: string; readonly name: string }): Promise<SavedGeneration> {
    const { store, docs } = this.seeds();
    return this.save(store, { kind: 'mfa-seeds', seeds: removeMfaDevice(docs, input?.accountId, input?.name) });
  }
}

function summarizeDevice(accountId: string, device: MfaDevice): MfaDeviceSummary {
  return { accountId, ...device };
}

export function createBreakglassApp(ports: AppPorts): BreakglassApp {
  return new BreakglassApp(ports);
}
