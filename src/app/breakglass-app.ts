// The application: use cases over the core modules plus the unlocked-session state (which stores are
// open, their data keys) for one vault set at a time. Implements BreakglassApi (api.ts).

import { dirname, isAbsolute, resolve } from 'node:path';
import { equalBytes } from '@noble/ciphers/utils.js';
import { sha256Digest as sha256 } from '../crypto/digest.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { appendAuditEntry, AUDIT_LOG_FILE_NAME, auditLogPath, readAuditLog, type AuditEntryInput } from '../audit/audit-file.js';
import { formatAuditEntry, verifyAuditChain } from '../audit/audit-log.js';
import { DATA_KEY_LENGTH, findSlot, MAX_GENERATION, parseContainer, SET_ID_LENGTH, type KeySlot, type ParsedContainer } from '../crypto/container.js';
import { isKdfProfileName, resolveKdfProfile, type KdfProfileName } from '../crypto/kdf.js';
import { checkNewPassphrase, unlockWithPassphrase } from '../crypto/passphrase-slot.js';
import { otherStoreKind, STORE_KINDS, storeKindLabel, type StoreKind } from '../crypto/store-kind.js';
import { wipe } from '../crypto/wipe.js';
import { checkSegregation, recordOverride, sharedCustodians, smallestCoalition, type StoreCustody } from '../custody/segregation.js';
import { describeShare, parseShareText, shareToQrText, shareToWords } from '../custody/share-codec.js';
import { unlockWithShares, verifyShareText } from '../custody/shares-slot.js';
import { exportToDrive, unidentifiableReason, type ExportTarget } from '../drives/export.js';
import { MANIFEST_FILE, type DriveManifest } from '../drives/manifest.js';
import { driveFreshness, EMPTY_REGISTER, findDrive, highestGeneration, segregationConflict } from '../drives/register.js';
import { verifyDrive } from '../drives/verify.js';
import { anchorAuditLog, checkedDriveAuditLog, type AuditAnchor, type CheckedDriveAuditCopy } from '../drives/drive-audit-copy.js';
import { readDriveManifest, readRegisterFile, writeRegisterFile } from '../drives/drive-files.js';
import { filesystemSpace } from '../drives/discover.js';
import { registerAfterRestore, registerAfterVerify } from '../drives/register-merge.js';
import { planRotation } from '../custody/rotation-plan.js';
import { checkPrintTarget, checkRestoreTarget, shareSheetFiles } from '../print/print-target.js';
import { readScanFile } from './scan-files.js';
import { BreakglassError } from '../errors.js';
import { checkAccountId } from '../stores/account-fields.js';
import { formatClockOffset, parseClockOffset } from '../totp/clock-offset.js';
import type { TotpParams } from '../totp/codes.js';
import { createRandomSeed, DEFAULT_TOTP_PARAMS, enrollmentCodes, otpauthUri, parseEnrollmentSecret } from '../totp/enrollment.js';
import { checkSessionDuration, TotpSession, TotpSessionSlot } from '../totp/session.js';
import { EMPTY_CUSTODY, type CustodyRecord } from '../stores/custody-record.js';
import {
  assertNoStore,
  fileSizeIfPresent,
  makePrivateDirectory,
  probeFolder,
  probePath,
  readFileIfPresent,
  readStoreFile,
  realPathOrSelf,
  removeFiles,
  storePath,
  writeFileAtomic,
  writeNewFile,
} from '../stores/files.js';
import { DEFAULT_GENERATED_LENGTH, generateRootPassword, MAX_PASSWORD_LENGTH } from '../stores/password-policy.js';
import {
  addMfaDevice,
  checkDeviceName,
  EMPTY_SEED_METADATA,
  findDevice,
  openSeed,
  virtualMfaArn,
  EMPTY_SEED_SECRETS,
  removeMfaDevice,
  resealSeedSecrets,
  type MfaDevice,
  type SeedMetadata,
  type SeedStoreDocuments,
} from '../stores/seeds.js';
import {
  decryptSeedStore,
  decryptVault,
  nextGeneration,
  readCustody,
  readSeedMetadata,
  sealStore,
  type GenerationFrame,
  type StoreDocuments,
} from '../stores/store-codec.js';
import { formatTimestamp } from '../stores/timestamps.js';
import { decodeBase32Seed } from '../stores/totp-seed.js';
import {
  addVaultAccount,
  EMPTY_VAULT,
  findAccount,
  openVaultPassword,
  removeVaultAccount,
  resealVaultDocument,
  updateVaultAccount,
  type SealContext,
  type VaultAccount,
  type VaultDocument,
} from '../stores/vault.js';
import type {
  AccountSummary,
  AuditEntryView,
  AuditVerification,
  BreakglassApi,
  CreateVaultSetInput,
  CustodyReport,
  DrivesReport,
  PaperRestoreInput,
  PaperRestoreSummary,
  PrintInput,
  PrintResult,
  WorkstationStatus,
  EnrollmentView,
  PrepareEnrollmentInput,
  StartTotpInput,
  TotpSessionEnd,
  TotpSessionView,
  DriveVerificationView,
  DriveView,
  ExportInput,
  ExportSummary,
  RestoreInput,
  RestoreSummary,
  IssuedShare,
  MfaDeviceSummary,
  NewMfaDeviceInput,
  RotateCustodyInput,
  RotationResult,
  SavedGeneration,
  ScannedShare,
  ScanShareSheetInput,
  SegregationReport,
  ShareVerification,
  StoreStatus,
  UnlockSecret,
  VaultSetStatus,
} from './api.js';
import { checkCustodyInput, plannedCustodians, setUpCustody } from '../custody/custody-setup.js';
import { describeStore } from './inspection.js';
import type { AppPorts, DiscoveredDrive, PrintJob } from './ports.js';
import { appVersion, formatSpecText, recoveryKitFiles } from './recovery-kit.js';
import {
  decodeQrCodesFromImage,
  decodeQrCodesFromPdf,
  popplerRasterizer,
  renderEmergencySheet,
  renderPaperBackup,
  renderShareSheets,
  renderSpecification,
  restorePaperBackup as restorePaperBackupScans,
  sniffImageKind,
  type EmergencySheetInput,
  type ShareSheetInput,
} from '../print/index.js';

/** A password on the clipboard, waiting to be cleared: only its SHA-256 is kept (wiped when done). */
interface CopiedPassword {
  readonly timer: ReturnType<typeof setTimeout>;
  readonly digest: Uint8Array;
}

export const DEFAULT_CLIPBOARD_SECONDS = 30;
const MIN_CLIPBOARD_SECONDS = 5;
const MAX_CLIPBOARD_SECONDS = 120;

const NO_CLIPBOARD_MESSAGE = 'This workstation has no clipboard the app can use (install xclip, or use Reveal instead).';

function textDigest(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  try {
    return sha256(bytes);
  } finally {
    wipe(bytes);
  }
}

interface UnlockedStore {
  readonly kind: StoreKind;
  readonly path: string;
  parsed: ParsedContainer;
  dataKey: Uint8Array;
  docs: StoreDocuments;
  readonly unlockedAt: number;
  /** Who unlocked it (as entered, plus the holders of the shares used): the actors of its audit entries. */
  readonly actors: readonly string[];
}

function lockedError(kind: StoreKind): BreakglassError {
  return new BreakglassError(
    'AUTH',
    `The ${storeKindLabel(kind)} is locked: unlock it first with its ${kind === 'password-vault' ? 'password' : 'MFA'} custodians' passphrase.`,
  );
}

export class BreakglassApp implements BreakglassApi {
  private dir: string | undefined;
  private setIdHex: string | undefined;
  private readonly unlocked = new Map<StoreKind, UnlockedStore>();
  private copied: CopiedPassword | undefined;

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

  /** Appends one entry to the vault set's audit log (never a secret: the log refuses secret-like keys). */
  private async audit(entry: {
    event: AuditEntryInput['event'];
    actors?: readonly string[] | undefined;
    store?: StoreKind;
    generation?: number;
    details?: AuditEntryInput['details'];
  }): Promise<void> {
    const dir = this.requireDir();
    await appendAuditEntry(
      dir,
      {
        event: entry.event,
        actor: [...(entry.actors ?? (entry.store ? this.unlocked.get(entry.store)?.actors : undefined) ?? [])],
        store: entry.store ?? null,
        generation: entry.generation ?? null,
        setId: this.setIdHex ?? null,
        details: entry.details ?? {},
      },
      this.ports.clock,
    );
  }

  /** The KDF profiles new vault sets may use here (the desktop hosts offer only "strong"). */
  private kdfProfiles(): readonly KdfProfileName[] {
    return this.ports.kdfProfiles ?? ['strong', 'test'];
  }

  private sealContext(store: UnlockedStore): SealContext {
    return { setId: store.parsed.header.setId, dataKey: store.dataKey, rng: this.ports.rng, now: this.now() };
  }

  async createVaultSet(input: CreateVaultSetInput): Promise<VaultSetStatus & { issuedShares: IssuedShare[] }> {
    if (typeof input?.dir !== 'string' || input.dir.length === 0) throw new TypeError('dir must be a non-empty string');
    if (!isKdfProfileName(input.kdfProfile)) {
      throw new BreakglassError('VALIDATION', `Unknown KDF profile ${JSON.stringify(input.kdfProfile)}: use "strong" (or "test" in tests only).`, {
        field: 'kdfProfile',
      });
    }
    if (!this.kdfProfiles().includes(input.kdfProfile)) {
      throw new BreakglassError('VALIDATION', `The "${input.kdfProfile}" key-derivation profile is not offered here: create real vault sets with "strong".`, {
        field: 'kdfProfile',
      });
    }
    const custody = { 'password-vault': input.password, 'mfa-seeds': input.mfa } as const;
    for (const kind of STORE_KINDS) {
      checkCustodyInput(kind, custody[kind]);
      const passphrase = custody[kind].passphrase;
      if (passphrase !== undefined) checkNewPassphrase(passphrase, kind);
    }
    const [pwPass, mfaPass] = [input.password.passphrase, input.mfa.passphrase];
    if (pwPass !== undefined && mfaPass !== undefined && pwPass.normalize('NFC') === mfaPass.normalize('NFC')) {
      throw new BreakglassError(
        'SEGREGATION',
        'The password vault and the MFA seed store must have different passphrases, held by different custodians. Nothing was created.',
      );
    }
    const issuedAt = this.now();
    const shared = checkSegregation(
      plannedCustodians(input.password, issuedAt),
      plannedCustodians(input.mfa, issuedAt),
      input.segregationOverride?.reason,
    );
    const overrides = recordOverride([], shared, input.segregationOverride?.reason, issuedAt);
    const dir = resolve(input.dir);
    await makePrivateDirectory(dir).catch((error: unknown) => {
      throw new BreakglassError('IO', `Cannot create the directory ${dir}: ${(error as Error).message}`);
    });
    for (const kind of STORE_KINDS) await assertNoStore(storePath(dir, kind), kind);
    const kdf = resolveKdfProfile(input.kdfProfile, this.ports.totalMemoryBytes());
    const setId = this.ports.rng.bytes(SET_ID_LENGTH);
    const created: string[] = [];
    const issuedShares: IssuedShare[] = [];
    try {
      for (const kind of STORE_KINDS) {
        const dataKey = this.ports.rng.bytes(DATA_KEY_LENGTH);
        try {
          const setup = await setUpCustody(kind, setId, dataKey, custody[kind], kdf, this.ports.rng, issuedAt);
          const frame: GenerationFrame = { kind, setId, generation: 1, slots: setup.slots, revokedShareSets: [] };
          const record: CustodyRecord = { custodians: setup.custodians, overrides };
          const docs: StoreDocuments =
            kind === 'password-vault'
              ? { kind, vault: EMPTY_VAULT, custody: record }
              : { kind, seeds: { metadata: EMPTY_SEED_METADATA, secrets: EMPTY_SEED_SECRETS }, custody: record };
          const bytes = sealStore(frame, docs, dataKey, this.ports.clock.now(), this.ports.rng);
          parseContainer(bytes, kind);
          const path = storePath(dir, kind);
          await assertNoStore(path, kind);
          await writeFileAtomic(path, bytes, { keepPrevious: false });
          created.push(path);
          issuedShares.push(...setup.issuedShares);
        } finally {
          wipe(dataKey);
        }
      }
    } catch (error) {
      await removeFiles(created);
      throw error;
    }
    const status = await this.openVaultSet({ dir });
    await this.audit({ event: 'vault-set.create', actors: input.actors, details: { sharedCustodians: shared.length } });
    if (overrides.length > 0) {
      await this.audit({
        event: 'custody.override',
        actors: input.actors,
        details: { reason: overrides[0]!.reason, custodians: shared.join(', ') },
      });
    }
    this.rememberIssuedShares(issuedShares);
    return { ...status, issuedShares };
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
    this.setIdHex = [...setIds][0];
    return { dir, setId: this.setIdHex, stores };
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

  /**
   * Opens a store's key with a passphrase or shares and decrypts its documents; audits a refusal.
   * Returns the data key (the caller keeps or wipes it) and who was present.
   */
  private async openStoreKey(
    kind: StoreKind,
    secretInput: UnlockSecret | undefined,
    actors: readonly string[] | undefined,
  ): Promise<{ path: string; parsed: ParsedContainer; dataKey: Uint8Array; docs: StoreDocuments; present: string[]; method: 'shares' | 'passphrase' }> {
    const secret = secretInput as { passphrase?: unknown; shares?: unknown } | undefined;
    const { path, parsed } = await this.readStore(kind);
    this.checkSameSet(parsed);
    let dataKey: Uint8Array;
    const method = secret && 'shares' in secret ? 'shares' : 'passphrase';
    try {
      if (method === 'shares') {
        if (!Array.isArray(secret?.shares) || secret.shares.some((t) => typeof t !== 'string')) throw new TypeError('secret.shares must be a list of strings');
        dataKey = await unlockWithShares(parsed.header, secret.shares as string[]);
      } else {
        if (typeof secret?.passphrase !== 'string') throw new TypeError('secret.passphrase must be a string');
        dataKey = await unlockWithPassphrase(parsed.header, secret.passphrase);
      }
    } catch (error) {
      if (error instanceof BreakglassError) {
        await this.audit({
          event: 'store.unlock-failed',
          actors,
          store: kind,
          generation: parsed.header.generation,
          details: { method, refusal: error.code },
        });
      }
      throw error;
    }
    let docs: StoreDocuments;
    try {
      const custody = readCustody(parsed);
      docs =
        kind === 'password-vault'
          ? { kind, vault: decryptVault(parsed, dataKey), custody }
          : { kind, seeds: decryptSeedStore(parsed, dataKey), custody };
    } catch (error) {
      wipe(dataKey);
      throw error;
    }
    // With shares, the register names who was present: the holders of the shares used.
    const holders =
      method === 'shares'
        ? (secret?.shares as string[]).map((text) => {
            const index = parseShareText(text).index;
            return docs.custody.custodians.find((c) => c.shareIndex === index)?.name ?? `share #${index}`;
          })
        : [];
    return { path, parsed, dataKey, docs, present: [...new Set([...(actors ?? []), ...holders])], method };
  }

  async unlockStore(input: { readonly store: StoreKind; readonly secret: UnlockSecret; readonly actors?: readonly string[] }): Promise<StoreStatus> {
    const kind = input?.store;
    if (!STORE_KINDS.includes(kind)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const { path, parsed, dataKey, docs, present, method } = await this.openStoreKey(kind, input.secret, input.actors);
    this.forget(kind);
    this.unlocked.set(kind, { kind, path, parsed, dataKey, docs, unlockedAt: this.ports.clock.now(), actors: present });
    await this.audit({ event: 'store.unlock', actors: present, store: kind, generation: parsed.header.generation, details: { method } });
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
    if (kind === 'password-vault') void this.clearCopiedPassword();
  }

  async lockStore(input: { readonly store: StoreKind }): Promise<void> {
    const store = this.unlocked.get(input?.store);
    const clearing = input?.store === 'password-vault' ? this.clearCopiedPassword() : undefined;
    this.forget(input?.store);
    await clearing;
    if (store) await this.audit({ event: 'store.lock', actors: store.actors, store: store.kind, generation: store.parsed.header.generation });
  }

  async lockAll(): Promise<void> {
    this.totp.end('locked');
    await this.cancelEnrollment();
    await this.flushAudit().catch(() => undefined);
    for (const kind of STORE_KINDS) {
      if (this.unlocked.has(kind)) await this.lockStore({ store: kind }).catch(() => this.forget(kind));
    }
  }

  /**
   * Seals the next generation of an unlocked store and saves it atomically, keeping the previous one.
   * With `rekey`, the generation gets new slots, revocations and data key (rotation); the old key is wiped.
   */
  private async save(
    store: UnlockedStore,
    docs: StoreDocuments,
    rekey?: { slots: KeySlot[]; revokedShareSets: Uint8Array[]; dataKey: Uint8Array },
  ): Promise<SavedGeneration> {
    const onDisk = parseContainer(await readStoreFile(store.path), store.kind);
    if (!equalBytes(onDisk.fingerprint, store.parsed.fingerprint)) {
      throw new BreakglassError(
        'CONFLICT',
        `The ${storeKindLabel(store.kind)} changed on disk since it was unlocked (now generation ${onDisk.header.generation}). ` +
          'Nothing was saved: lock it, unlock it again and repeat the change.',
      );
    }
    const next = nextGeneration(store.parsed.header, rekey ? { slots: rekey.slots, revokedShareSets: rekey.revokedShareSets } : {});
    // After a restore replaced a newer generation with an older copy, the next one goes above both, so no
    // two different files ever carry one generation number (FORMAT.md §14.3).
    const floor = highestGeneration(await readRegisterFile(dirname(store.path)), bytesToHex(store.parsed.header.setId), store.kind);
    if (floor >= MAX_GENERATION) throw new BreakglassError('CONFLICT', 'This store has reached the last generation number; create a new vault set.');
    const frame = floor >= next.generation ? { ...next, generation: floor + 1 } : next;
    const dataKey = rekey?.dataKey ?? store.dataKey;
    const bytes = sealStore(frame, docs, dataKey, this.ports.clock.now(), this.ports.rng);
    const parsed = parseContainer(bytes, store.kind);
    await writeFileAtomic(store.path, bytes, { keepPrevious: true });
    if (rekey) {
      wipe(store.dataKey);
      store.dataKey = rekey.dataKey;
    }
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
    const saved = await this.save(store, { kind: 'password-vault', vault: next, custody: store.docs.custody });
    await this.audit({ event: 'account.add', store: 'password-vault', generation: saved.generation, details: { accountId: input.accountId.trim(), generated } });
    const summary = this.summarize(findAccount(next, input.accountId), await this.seedMetadata());
    return generated ? { ...summary, generatedPassword: password } : summary;
  }

  async updateAccount(input: Parameters<BreakglassApi['updateAccount']>[0]): Promise<AccountSummary & { generatedPassword?: string }> {
    const { store, doc } = this.vault();
    const { password, generated } = this.passwordFor(input);
    const next = updateVaultAccount(doc, input.accountId, input, password, this.sealContext(store));
    const saved = await this.save(store, { kind: 'password-vault', vault: next, custody: store.docs.custody });
    await this.audit({
      event: 'account.update',
      store: 'password-vault',
      generation: saved.generation,
      details: { accountId: input.accountId.trim(), passwordChanged: password !== undefined, generated },
    });
    const summary = this.summarize(findAccount(next, input.accountId), await this.seedMetadata());
    return generated && password !== undefined ? { ...summary, generatedPassword: password } : summary;
  }

  async removeAccount(input: { readonly accountId: string }): Promise<SavedGeneration> {
    const { store, doc } = this.vault();
    const saved = await this.save(store, { kind: 'password-vault', vault: removeVaultAccount(doc, input?.accountId), custody: store.docs.custody });
    await this.audit({ event: 'account.remove', store: 'password-vault', generation: saved.generation, details: { accountId: String(input.accountId).trim() } });
    return saved;
  }

  async revealPassword(input: { readonly accountId: string }): Promise<{ accountId: string; password: string }> {
    const { store, doc } = this.vault();
    const account = findAccount(doc, input?.accountId);
    const secret = openVaultPassword(doc, account.accountId, { dataKey: store.dataKey, setId: store.parsed.header.setId });
    try {
      await this.audit({ event: 'password.reveal', store: 'password-vault', generation: store.parsed.header.generation, details: { accountId: account.accountId } });
      return { accountId: account.accountId, password: new TextDecoder().decode(secret) };
    } finally {
      wipe(secret);
    }
  }

  async copyPassword(input: Parameters<BreakglassApi['copyPassword']>[0]): Promise<{ accountId: string; clearsAt: string }> {
    const seconds = input?.clearAfterSeconds ?? DEFAULT_CLIPBOARD_SECONDS;
    if (!Number.isInteger(seconds) || seconds < MIN_CLIPBOARD_SECONDS || seconds > MAX_CLIPBOARD_SECONDS) {
      throw new BreakglassError(
        'VALIDATION',
        `The clipboard is cleared after ${MIN_CLIPBOARD_SECONDS}–${MAX_CLIPBOARD_SECONDS} whole seconds, not ${String(seconds)}.`,
        { field: 'clearAfterSeconds' },
      );
    }
    const clipboard = this.ports.clipboard;
    if (!clipboard) throw new BreakglassError('NOT_FOUND', NO_CLIPBOARD_MESSAGE);
    const { store, doc } = this.vault();
    const account = findAccount(doc, input?.accountId);
    const secret = openVaultPassword(doc, account.accountId, { dataKey: store.dataKey, setId: store.parsed.header.setId });
    let digest: Uint8Array;
    try {
      // Recorded before the password leaves the vault, as for a reveal: no copy goes unrecorded.
      await this.audit({
        event: 'password.copy',
        actors: input.actors,
        store: 'password-vault',
        generation: store.parsed.header.generation,
        details: { accountId: account.accountId, clearAfterSeconds: seconds },
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
    // A new copy replaces the pending one: its timer and digest go; the clipboard now holds this password.
    const previous = this.copied;
    if (previous) {
      clearTimeout(previous.timer);
      wipe(previous.digest);
    }
    const clearsAt = this.ports.clock.now() + seconds * 1000;
    const timer = setTimeout(() => void this.clearCopiedPassword(), seconds * 1000);
    this.copied = { timer, digest };
    if (!this.unlocked.has('password-vault')) await this.clearCopiedPassword(); // locked while copying
    return { accountId: account.accountId, clearsAt: formatTimestamp(clearsAt) };
  }

  /**
   * Forgets the pending copy (timer and digest) at once, then empties the clipboard if it still holds
   * that password (or cannot be read back: then it is emptied to be safe). Never throws.
   */
  private async clearCopiedPassword(): Promise<void> {
    const copied = this.copied;
    if (!copied) return;
    this.copied = undefined;
    clearTimeout(copied.timer);
    const clipboard = this.ports.clipboard;
    try {
      if (!clipboard) return;
      let holds = true;
      try {
        holds = equalBytes(textDigest(await clipboard.readText()), copied.digest);
      } catch {
        holds = true;
      }
      if (holds) await clipboard.writeText('');
    } catch {
      // nothing to report to: the clipboard tool failed; the custodian was told when it is cleared
    } finally {
      wipe(copied.digest);
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
      const saved = await this.save(store, { kind: 'mfa-seeds', seeds: next, custody: store.docs.custody });
      await this.audit({
        event: 'mfa.add',
        store: 'mfa-seeds',
        generation: saved.generation,
        details: { accountId: input.accountId.trim(), device: device.name, type: device.type },
      });
      return summarizeDevice(input.accountId.trim(), device);
    } finally {
      wipe(seed);
    }
  }

  async removeMfaDevice(input: { readonly accountId: string; readonly name: string }): Promise<SavedGeneration> {
    const { store, docs } = this.seeds();
    const saved = await this.save(store, { kind: 'mfa-seeds', seeds: removeMfaDevice(docs, input?.accountId, input?.name), custody: store.docs.custody });
    await this.audit({ event: 'mfa.remove', store: 'mfa-seeds', generation: saved.generation, details: { accountId: String(input.accountId).trim(), device: input.name } });
    return saved;
  }

  // ---- custody -------------------------------------------------------------------------------------

  /** Reads a store file given by path, or the open vault set's store of `store`. */
  private async readStoreFileOrKind(input: { readonly file?: string; readonly store?: StoreKind }): Promise<{ path: string; parsed: ParsedContainer }> {
    if (typeof input?.file === 'string' && input.file.length > 0) {
      const path = resolve(input.file);
      return { path, parsed: parseContainer(await readStoreFile(path), input.store) };
    }
    if (input?.store === undefined || !STORE_KINDS.includes(input.store)) throw new TypeError('give a file or a store');
    return this.readStore(input.store);
  }

  async verifyShare(input: { readonly share: string; readonly file?: string; readonly store?: StoreKind }): Promise<ShareVerification> {
    if (typeof input?.share !== 'string') throw new TypeError('share must be a string');
    const { parsed } = await this.readStoreFileOrKind(input);
    const { share } = verifyShareText(parsed.header, input.share);
    const holder = readCustody(parsed).custodians.find((c) => c.shareIndex === share.index);
    const result: ShareVerification = {
      valid: true,
      store: share.kind,
      label: describeShare(share),
      setId: bytesToHex(share.setId),
      shareSetId: bytesToHex(share.shareSetId),
      index: share.index,
      count: share.count,
      threshold: share.threshold,
      generation: parsed.header.generation,
      ...(holder ? { custodian: holder.name, issuedAt: holder.issuedAt } : {}),
    };
    share.value.fill(0);
    if (this.dir) {
      await this.audit({ event: 'shares.verify', store: result.store, generation: result.generation, details: { index: result.index } });
    }
    return result;
  }

  async scanShareSheet(input: ScanShareSheetInput): Promise<ScannedShare> {
    if (typeof input?.image !== 'string' || input.image === '') throw new TypeError('image must be a path');
    if (input.store !== undefined && !STORE_KINDS.includes(input.store)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const name = input.image;
    const bytes = await readScanFile(name);
    const kind = sniffImageKind(bytes);
    if (kind === undefined) throw new BreakglassError('FORMAT', `${name} is not a PNG, JPEG or PDF file: scan the share sheet as PNG or JPEG.`);
    const codes = kind === 'pdf' ? (await decodeQrCodesFromPdf(bytes, { rasterizer: popplerRasterizer(), label: name })).flat() : decodeQrCodesFromImage(bytes, name);
    const shares = [...new Set(codes.map((text) => text.trim().toUpperCase()).filter((text) => text.startsWith('BGS1:')))];
    if (shares.length === 0) {
      throw codes.length === 0
        ? new BreakglassError('NOT_FOUND', `No QR code was found in ${name}: scan the whole share sheet flat, at 150 dpi or more, with its QR code uncovered — or type the 54 words.`)
        : new BreakglassError(
            'FORMAT',
            `${name} holds ${codes.length === 1 ? 'a QR code' : `${codes.length} QR codes`} but no custodian share (BGS1)${codes.some((t) => t.toUpperCase().startsWith('BGP1:')) ? ': it is a page of a paper backup' : ''}. Scan the custodian share sheet.`,
          );
    }
    if (shares.length > 1) {
      throw new BreakglassError('VALIDATION', `${name} holds ${shares.length} different shares: scan one custodian's sheet (one page) at a time.`);
    }
    const share = shares[0] as string;
    if (typeof input.file === 'string' && input.file !== '') {
      return { share, verification: await this.verifyShare({ share, file: input.file, ...(input.store ? { store: input.store } : {}) }) };
    }
    let store = input.store;
    if (store === undefined) {
      const parsed = parseShareText(share, name);
      store = parsed.kind;
      parsed.value.fill(0);
    }
    return { share, verification: await this.verifyShare({ share, store }) };
  }

  private custodyReport(path: string, parsed: ParsedContainer): CustodyReport {
    const { header } = parsed;
    const record = readCustody(parsed);
    const shares = findSlot(header, 'shares');
    return {
      store: header.kind,
      file: path,
      setId: bytesToHex(header.setId),
      generation: header.generation,
      passphrase: findSlot(header, 'passphrase') !== undefined,
      ...(shares ? { shares: { shareSetId: bytesToHex(shares.shareSetId), threshold: shares.threshold, count: shares.commitments.length } } : {}),
      revokedShareSets: header.revokedShareSets.map((id) => bytesToHex(id)),
      custodians: record.custodians.map((c) => ({ ...c })),
      overrides: record.overrides.map((o) => ({ ...o, custodians: [...o.custodians] })),
    };
  }

  async listCustodians(input: { readonly file?: string; readonly store?: StoreKind }): Promise<CustodyReport> {
    const { path, parsed } = await this.readStoreFileOrKind(input);
    return this.custodyReport(path, parsed);
  }

  async getSegregationReport(): Promise<SegregationReport> {
    const reports = {} as Record<StoreKind, CustodyReport>;
    for (const kind of STORE_KINDS) {
      const { path, parsed } = await this.readStore(kind);
      reports[kind] = this.custodyReport(path, parsed);
    }
    const custody = (report: CustodyReport): StoreCustody => ({
      threshold: report.shares?.threshold ?? null,
      hasPassphrase: report.passphrase,
      custodians: report.custodians,
    });
    return {
      sharedCustodians: sharedCustodians(reports['password-vault'].custodians, reports['mfa-seeds'].custodians),
      smallestCoalition: smallestCoalition(custody(reports['password-vault']), custody(reports['mfa-seeds'])),
      stores: reports,
    };
  }

  async rotateCustody(input: RotateCustodyInput): Promise<RotationResult> {
    const kind = input?.store;
    if (!STORE_KINDS.includes(kind)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const store = this.requireUnlocked(kind);
    checkCustodyInput(kind, input.custody);
    if (input.custody.passphrase !== undefined) checkNewPassphrase(input.custody.passphrase, kind);
    const issuedAt = this.now();
    const other = otherStoreKind(kind);
    let otherRecord: CustodyRecord = EMPTY_CUSTODY;
    try {
      otherRecord = readCustody((await this.readStore(other)).parsed);
    } catch (error) {
      if (!(error instanceof BreakglassError && error.code === 'NOT_FOUND')) throw error;
    }
    const { header } = store.parsed;
    const plan = planRotation({
      kind,
      header,
      current: store.docs.custody,
      planned: plannedCustodians(input.custody, issuedAt),
      otherCustodians: otherRecord.custodians,
      custody: input.custody,
      overrideReason: input.segregationOverride?.reason,
      issuedAt,
    });
    const kdf = findSlot(header, 'passphrase')?.kdf ?? resolveKdfProfile('strong', this.ports.totalMemoryBytes());
    const newKey = this.ports.rng.bytes(DATA_KEY_LENGTH);
    try {
      const setup = await setUpCustody(kind, header.setId, newKey, input.custody, kdf, this.ports.rng, issuedAt);
      const oldKey = { dataKey: store.dataKey, setId: header.setId };
      const context: SealContext = { setId: header.setId, dataKey: newKey, rng: this.ports.rng, now: issuedAt };
      const docs: StoreDocuments =
        store.docs.kind === 'password-vault'
          ? { kind: 'password-vault', vault: resealVaultDocument(store.docs.vault, oldKey, context), custody: plan.custody }
          : {
              kind: 'mfa-seeds',
              seeds: { metadata: store.docs.seeds.metadata, secrets: resealSeedSecrets(store.docs.seeds, oldKey, context) },
              custody: plan.custody,
            };
      const saved = await this.save(store, docs, { slots: setup.slots, revokedShareSets: plan.revokedShareSets, dataKey: newKey });
      await this.audit({
        event: 'custody.rotate',
        actors: input.actors,
        store: kind,
        generation: saved.generation,
        details: { revokedShareSet: plan.revokedShareSet, custody: plan.description },
      });
      if (plan.override) {
        await this.audit({
          event: 'custody.override',
          actors: input.actors,
          store: kind,
          generation: saved.generation,
          details: { reason: plan.override.reason, custodians: plan.sharedCustodians.join(', ') },
        });
      }
      this.issuedShares.delete(kind);
      this.rememberIssuedShares(setup.issuedShares);
      return {
        store: kind,
        generation: saved.generation,
        ...(plan.revokedShareSet !== null ? { revokedShareSet: plan.revokedShareSet } : {}),
        issuedShares: setup.issuedShares,
      };
    } catch (error) {
      wipe(newKey);
      throw error;
    }
  }

  // ---- audit log -----------------------------------------------------------------------------------

  async verifyAuditLog(input: { readonly expectedHead?: string; readonly againstDrives?: readonly string[] } = {}): Promise<AuditVerification> {
    const dir = this.requireDir();
    const against = input?.againstDrives;
    if (against !== undefined && (!Array.isArray(against) || against.some((m) => typeof m !== 'string' || m === ''))) {
      throw new TypeError('againstDrives must be a list of non-empty mount points');
    }
    const log = await readAuditLog(dir);
    const result = verifyAuditChain(log, input?.expectedHead === undefined ? {} : { expectedHead: input.expectedHead });
    const file = auditLogPath(dir);
    const anchors = await this.auditAnchors(log, against);
    const anchored = anchors.every((anchor) => anchor.ok);
    return result.ok
      ? { ok: anchored, file, entries: result.entries.length, head: result.head, anchors }
      : { ok: false, file, entries: result.entriesBefore.length, brokenAt: result.brokenAt, anchors };
  }

  /**
   * The drives' audit-log copies checked against `log`: the given mount points, or every mounted drive
   * whose BREAKGLASS folder holds an export of this vault set (FORMAT.md §10.6).
   */
  private async auditAnchors(log: string, against: readonly string[] | undefined): Promise<AuditAnchor[]> {
    const setId = this.setIdHex;
    const options = setId ? { setId } : {};
    if (against !== undefined) return Promise.all([...new Set(against.map((m) => resolve(m)))].map((m) => anchorAuditLog(log, m, options)));
    let drives: readonly DiscoveredDrive[];
    try {
      drives = await this.discovered();
    } catch {
      return []; // no discovery on this host: only explicitly given drives can anchor the log
    }
    const anchors: AuditAnchor[] = [];
    for (const mountPoint of new Set(drives.map((d) => d.mountPoint).filter((m) => m !== ''))) {
      let manifest: DriveManifest;
      try {
        manifest = await readDriveManifest(mountPoint);
      } catch {
        continue; // no Breakglass export here (or an unreadable one: "drives verify" reports that)
      }
      if (setId !== undefined && manifest.setId === setId) anchors.push(await anchorAuditLog(log, mountPoint, options));
    }
    return anchors;
  }

  async listAuditLog(): Promise<{ entries: AuditEntryView[]; verification: AuditVerification }> {
    const dir = this.requireDir();
    const result = verifyAuditChain(await readAuditLog(dir));
    const entries = result.ok ? result.entries : result.entriesBefore;
    const file = auditLogPath(dir);
    return {
      entries: entries.map((entry) => ({ ...entry, actor: [...entry.actor], details: { ...entry.details }, text: formatAuditEntry(entry) })),
      verification: result.ok
        ? { ok: true, file, entries: result.entries.length, head: result.head }
        : { ok: false, file, entries: result.entriesBefore.length, brokenAt: result.brokenAt },
    };
  }

  // ---- drives ---------------------------------------------------------------------------------------

  private async discovered(): Promise<readonly DiscoveredDrive[]> {
    return this.ports.drives ? this.ports.drives.list() : [];
  }

  /** Discovery's view of the drive mounted at `mountPoint` (or the filesystem holding it). */
  private async targetFor(mountPoint: string): Promise<ExportTarget> {
    const path = resolve(mountPoint);
    const drives = await this.discovered();
    const match = [...drives]
      .filter((d) => path === d.mountPoint || path.startsWith(d.mountPoint.endsWith('/') ? d.mountPoint : `${d.mountPoint}/`))
      .sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0];
    return { mountPoint: path, serial: match?.serial ?? null, uuid: match?.uuid ?? null, label: match?.label ?? null, removable: match?.removable ?? false };
  }

  /** Size and free space from discovery, or from the mounted filesystem itself. */
  private async spaceOf(drive: DiscoveredDrive): Promise<{ sizeBytes: number | null; freeBytes: number | null }> {
    if (drive.sizeBytes !== null && drive.freeBytes !== null) return { sizeBytes: drive.sizeBytes, freeBytes: drive.freeBytes };
    try {
      const space = await filesystemSpace(drive.mountPoint);
      return { sizeBytes: drive.sizeBytes ?? space.sizeBytes, freeBytes: drive.freeBytes ?? space.freeBytes };
    } catch {
      return { sizeBytes: drive.sizeBytes, freeBytes: drive.freeBytes };
    }
  }

  async listDrives(): Promise<DrivesReport> {
    const dir = this.dir;
    const register = dir ? await readRegisterFile(dir) : EMPTY_REGISTER;
    const setId = this.setIdHex;
    const views: DriveView[] = [];
    for (const drive of await this.discovered()) {
      const facts = { markerId: '', serial: drive.serial, uuid: drive.uuid, label: drive.label, name: drive.label ?? drive.mountPoint };
      let manifest: DriveManifest | undefined;
      try {
        manifest = await readDriveManifest(drive.mountPoint);
        facts.markerId = manifest.drive.markerId;
        facts.name = manifest.drive.name;
      } catch {
        manifest = undefined;
      }
      const entry = findDrive(register, facts);
      const unidentifiable = unidentifiableReason({ mountPoint: drive.mountPoint, serial: drive.serial, uuid: drive.uuid });
      const refused = setId
        ? STORE_KINDS.flatMap((kind) => {
            const reason = segregationConflict(register, facts, manifest, kind, setId) ?? unidentifiable;
            return reason ? [{ store: kind, reason }] : [];
          })
        : [];
      views.push({
        mountPoint: drive.mountPoint,
        device: drive.device,
        label: drive.label,
        uuid: drive.uuid,
        serial: drive.serial,
        transport: drive.transport,
        removable: drive.removable,
        ...(await this.spaceOf(drive)),
        ...(entry
          ? {
              registered: {
                name: entry.name,
                location: entry.location,
                holds: entry.holds ? { storeKind: entry.holds.storeKind, generation: entry.holds.generation } : null,
                everHeld: [...new Set(entry.history.filter((h) => h.setId === setId).map((h) => h.storeKind))],
                lastVerifiedAt: entry.lastVerifiedAt,
              },
            }
          : {}),
        refused,
      });
    }
    const current = await this.currentGenerations();
    return {
      drives: views,
      hotplug: this.ports.drives ? this.ports.drives.hotplug() : { active: false, reason: 'no drive discovery on this host: use Rescan' },
      freshness: setId ? driveFreshness(register, setId, current) : [],
    };
  }

  async exportStore(input: ExportInput): Promise<ExportSummary> {
    const kind = input?.store;
    if (!STORE_KINDS.includes(kind)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    if (typeof input.mountPoint !== 'string' || input.mountPoint === '') throw new TypeError('mountPoint must be a non-empty string');
    const dir = this.requireDir();
    const { parsed } = await this.readStore(kind);
    const storeFile = await readStoreFile(storePath(dir, kind));
    const audit = await readAuditLog(dir);
    const register = await readRegisterFile(dir);
    const result = await exportToDrive({
      target: await this.targetFor(input.mountPoint),
      ...(input.driveName !== undefined ? { driveName: input.driveName } : {}),
      ...(input.location !== undefined ? { location: input.location } : {}),
      allowFixed: input.allowFixed === true,
      storeFile,
      // The log as it is now (counted in the space check); rewritten below with the export's own entry.
      extraFiles: [{ path: AUDIT_LOG_FILE_NAME, bytes: new TextEncoder().encode(audit) }, ...(await recoveryKitFiles())],
      register,
      appVersion: appVersion(),
      now: this.now(),
      rng: this.ports.rng,
      // The export's own entry goes into the drive's copy, so the copy ends where the log ends and
      // anchors its last line (FORMAT.md §10.6): a later edit or removal of it disagrees with the drive.
      beforeManifest: async ({ facts, store, allowFixed }) => {
        await this.audit({
          event: 'drive.export',
          actors: input.actors,
          store: kind,
          generation: parsed.header.generation,
          details: { drive: facts.name, serial: facts.serial, uuid: facts.uuid, fingerprint: store.sha256, allowFixed },
        });
        return [{ path: AUDIT_LOG_FILE_NAME, bytes: new TextEncoder().encode(await readAuditLog(dir)) }];
      },
    });
    await writeRegisterFile(dir, result.register);
    return {
      store: kind,
      generation: result.manifest.generation,
      mountPoint: resolve(input.mountPoint),
      folder: result.folder,
      driveName: result.facts.name,
      fingerprint: result.manifest.store.sha256,
      bytesWritten: result.bytesWritten,
      files: [result.manifest.store.file, ...Object.keys(result.manifest.files), MANIFEST_FILE],
      allowFixed: result.manifest.allowFixed,
    };
  }

  private async currentGenerations(): Promise<Partial<Record<StoreKind, number>>> {
    const current: Partial<Record<StoreKind, number>> = {};
    if (!this.dir) return current;
    for (const kind of STORE_KINDS) {
      try {
        current[kind] = (await this.readStore(kind)).parsed.header.generation;
      } catch {
        // absent or unreadable: no comparison
      }
    }
    return current;
  }

  async verifyDrive(input: { readonly mountPoint: string }): Promise<DriveVerificationView> {
    if (typeof input?.mountPoint !== 'string' || input.mountPoint === '') throw new TypeError('mountPoint must be a non-empty string');
    const register = this.dir ? await readRegisterFile(this.dir) : undefined;
    let auditLog: string | undefined;
    try {
      auditLog = this.dir ? await readAuditLog(this.dir) : undefined;
    } catch {
      auditLog = undefined; // an unreadable log is reported by "audit verify", not held against the drive
    }
    const result = await verifyDrive(resolve(input.mountPoint), {
      ...(register ? { register } : {}),
      ...(this.setIdHex ? { setId: this.setIdHex } : {}),
      current: await this.currentGenerations(),
      ...(auditLog !== undefined ? { auditLog } : {}),
    });
    const findings = [...result.findings];
    if (this.dir && register && result.manifest && result.store && result.manifest.setId === this.setIdHex) {
      // The drive's log copy may record exports this workstation has not seen — after a rebuild — and so
      // drives segregation must know.
      const copy = await checkedDriveAuditLog(resolve(input.mountPoint), result.manifest, this.setIdHex);
      const { register: next, learned } = registerAfterVerify(register, {
        copyEntries: copy.state === 'good' ? copy.entries : undefined,
        manifest: result.manifest,
        verified: result.ok,
        at: this.now(),
      });
      if (learned.length > 0) {
        const names = learned.map((name) => `"${name}"`).join(', ');
        findings.push({ level: 'ok', kind: 'register-learned', message: `Added to the drive register from the exports this drive's audit-log copy records: ${names}.` });
      }
      if (next !== register) await writeRegisterFile(this.dir, next);
    }
    return {
      mountPoint: result.mountPoint,
      ok: result.ok,
      ...(result.manifest ? { driveName: result.manifest.drive.name, exportedAt: result.manifest.exportedAt } : {}),
      ...(result.store ? { store: result.store } : {}),
      findings,
    };
  }

  async restoreStore(input: RestoreInput): Promise<RestoreSummary> {
    const kind = input?.store;
    if (!STORE_KINDS.includes(kind)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    if (typeof input.dir !== 'string' || input.dir === '') throw new TypeError('dir must be a non-empty string');
    const dir = resolve(input.dir);
    await makePrivateDirectory(dir);
    if (this.dir !== dir) await this.lockAll();
    this.dir = dir;
    this.setIdHex = undefined;
    const current = await this.currentGenerations();
    for (const other of STORE_KINDS) {
      if (current[other] !== undefined) this.setIdHex ??= bytesToHex((await this.readStore(other)).parsed.header.setId);
    }
    const register = await readRegisterFile(dir);
    const result = await verifyDrive(resolve(input.mountPoint), { register, ...(this.setIdHex ? { setId: this.setIdHex } : {}), current });
    if (!result.ok || !result.storeFile || !result.store || !result.manifest) {
      const problems = result.findings.filter((f) => f.level === 'error').map((f) => f.message);
      throw new BreakglassError('DRIVE', `The drive at ${input.mountPoint} does not hold a verified copy: ${problems.join(' ')} Nothing was restored.`);
    }
    if (result.store.kind !== kind) {
      throw new BreakglassError(
        'WRONG_STORE',
        `The drive "${result.manifest.drive.name}" holds the ${storeKindLabel(result.store.kind)}, not the ${storeKindLabel(kind)}. Nothing was restored.`,
      );
    }
    const replaced = current[kind] ?? null;
    if (replaced !== null && result.store.generation < replaced && input.allowOlder !== true) {
      throw new BreakglassError(
        'CONFLICT',
        `The workstation holds generation ${replaced} of the ${storeKindLabel(kind)}, newer than the drive's ${result.store.generation}. ` +
          'Nothing was restored; use --allow-older only if the workstation copy is known bad.',
      );
    }
    if (this.unlocked.has(kind)) this.forget(kind);
    const path = storePath(dir, kind);
    await writeFileAtomic(path, result.storeFile, { keepPrevious: true });
    const back = await readStoreFile(path);
    if (bytesToHex(sha256(back)) !== result.manifest.store.sha256) {
      throw new BreakglassError('IO', `The restored ${path} does not read back as written: check this workstation's disk. The previous file is ${path}.prev.`);
    }
    this.setIdHex = result.store.setId;
    const copy = await checkedDriveAuditLog(resolve(input.mountPoint), result.manifest, result.store.setId);
    let auditLog = await this.restoreAuditLog(dir, copy);
    const copied = result.findings.some((f) => f.kind === 'copied');
    const seen = copied ? undefined : await this.targetFor(input.mountPoint);
    const { register: next, learned } = registerAfterRestore(register, {
      copyEntries: copy.state === 'good' ? copy.entries : undefined,
      manifest: result.manifest,
      drive: seen ? { copied: false, serial: seen.serial, uuid: seen.uuid } : { copied: true },
      store: { kind, setId: result.store.setId, generation: result.store.generation },
      replacedGeneration: replaced,
      at: this.now(),
    });
    if (learned > 0) {
      auditLog = {
        ...auditLog,
        message: `${auditLog.message} The drive register learnt ${learned} drive${learned === 1 ? '' : 's'} from the exports this drive's log copy records.`,
      };
    }
    await writeRegisterFile(dir, next);
    await this.audit({
      event: 'drive.restore',
      actors: input.actors,
      store: kind,
      generation: result.store.generation,
      details: { drive: result.manifest.drive.name, replacedGeneration: replaced, fingerprint: result.store.fingerprint, auditLog: auditLog.outcome },
    });
    return {
      store: kind,
      file: path,
      generation: result.store.generation,
      replacedGeneration: replaced,
      backup: replaced === null ? null : `${path}.prev`,
      fingerprint: result.store.fingerprint,
      auditLog,
    };
  }

  /**
   * On a workstation without an audit log (rebuilt), brings back the drive's copy — only when its hash
   * chain verifies and it belongs to this vault set; otherwise the restore goes on and says why not.
   */
  private async restoreAuditLog(dir: string, copy: CheckedDriveAuditCopy): Promise<RestoreSummary['auditLog']> {
    const local = auditLogPath(dir);
    if (((await fileSizeIfPresent(local)) ?? 0) > 0) return { outcome: 'kept', message: `The workstation's audit log ${local} was kept.` };
    if (copy.state === 'absent') {
      return { outcome: 'absent', message: `The drive has no audit-log copy: a new audit log starts at ${local} with this restore.` };
    }
    if (copy.state === 'bad') {
      return {
        outcome: 'not-restored',
        message:
          `The drive's audit-log copy was NOT restored: ${copy.why}. A new audit log starts at ${local} with this restore; ` +
          `keep the drive's ${copy.path} as evidence.`,
      };
    }
    await writeFileAtomic(local, copy.bytes, { keepPrevious: false });
    return {
      outcome: 'restored',
      message: `The audit log (${copy.entries.length} entr${copy.entries.length === 1 ? 'y' : 'ies'}, hash chain verified) was restored from the drive to ${local}.`,
    };
  }

  // ---- TOTP login sessions and enrollment ------------------------------------------------------------

  private readonly totp = new TotpSessionSlot();
  private totpExpiry: ReturnType<typeof setTimeout> | undefined;
  private enrollment: PendingEnrollment | undefined;
  private auditBacklog: Promise<void> = Promise.resolve();
  private auditFailure: unknown;

  /** Audit entries written from synchronous callbacks (a session ending) are queued here. */
  private queueAudit(entry: Parameters<BreakglassApp['audit']>[0]): void {
    this.auditBacklog = this.auditBacklog.then(() => this.audit(entry)).catch((error: unknown) => {
      this.auditFailure ??= error;
    });
  }

  /** Waits for queued audit entries; reports a failed one (the log must not silently miss an entry). */
  private async flushAudit(): Promise<void> {
    await this.auditBacklog;
    if (this.auditFailure !== undefined) {
      const failure = this.auditFailure;
      this.auditFailure = undefined;
      throw failure;
    }
  }

  private sessionView(session: TotpSession): TotpSessionView {
    const codes = session.codes();
    const device = session.device;
    return {
      accountId: device.accountId,
      device: device.name,
      previous: codes.previous,
      current: codes.current,
      next: codes.next,
      secondsLeft: codes.secondsLeft,
      period: device.period,
      digits: device.digits,
      expiresInSeconds: codes.expiresInSeconds,
      offsetSeconds: session.offsetSeconds,
      offset: formatClockOffset(session.offsetSeconds),
      workstationUtc: formatTimestamp(this.ports.clock.now()),
      codesUtc: codes.utc,
      startedAt: formatTimestamp(session.startedAtMs),
    };
  }

  private runningSession(): TotpSession {
    const session = this.totp.current;
    if (!session) {
      throw new BreakglassError('SESSION', 'No login session is running (it ended or expired, and its seed was wiped): start a new one.');
    }
    return session;
  }

  async startTotpSession(input: StartTotpInput): Promise<TotpSessionView> {
    this.totp.end('replaced');
    await this.cancelEnrollment();
    const offsetSeconds = input?.offset === undefined ? 0 : parseClockOffset(input.offset);
    const durationSeconds = input?.durationSeconds === undefined ? undefined : checkSessionDuration(input.durationSeconds);
    let dataKey: Uint8Array;
    let docs: StoreDocuments;
    let parsed: ParsedContainer;
    let present: readonly string[];
    const open = this.unlocked.get('mfa-seeds');
    if (input.secret === undefined) {
      if (!open) throw lockedError('mfa-seeds');
      dataKey = open.dataKey.slice();
      ({ docs, parsed } = open);
      present = input.actors ?? open.actors;
    } else {
      const opened = await this.openStoreKey('mfa-seeds', input.secret, input.actors);
      ({ dataKey, docs, parsed } = opened);
      present = opened.present;
    }
    const generation = parsed.header.generation;
    let seed: Uint8Array;
    let device: MfaDevice;
    try {
      if (docs.kind !== 'mfa-seeds') throw new Error('unreachable');
      device = findDevice(docs.seeds.metadata, input.accountId, input.device);
      seed = openSeed(docs.seeds.secrets, device, { dataKey, setId: parsed.header.setId });
    } finally {
      wipe(dataKey);
    }
    if (device.type !== 'virtual') throw new Error('unreachable');
    const virtual = device;
    const accountId = input.accountId.trim();
    const session = this.totp.start(
      () =>
        new TotpSession({
          seed,
          device: { accountId, name: virtual.name, algorithm: virtual.algorithm, digits: virtual.digits, period: virtual.period },
          clock: this.ports.clock,
          offsetSeconds,
          ...(durationSeconds !== undefined ? { durationSeconds } : {}),
        }),
    );
    session.onEnd((summary) => {
      if (this.totpExpiry) clearTimeout(this.totpExpiry);
      this.queueAudit({
        event: 'totp.session-end',
        actors: present,
        store: 'mfa-seeds',
        generation,
        details: { accountId: summary.accountId, device: summary.device, reason: summary.reason, startedAt: summary.startedAt, offsetSeconds: summary.offsetSeconds },
      });
    });
    // Nobody may be looking when the session expires: end it (and wipe the seed) on time anyway.
    if (this.totpExpiry) clearTimeout(this.totpExpiry);
    this.totpExpiry = setTimeout(() => void session.isActive(), Math.max(0, session.expiresAtMs - this.ports.clock.now()) + 50);
    this.totpExpiry.unref?.();
    await this.audit({
      event: 'totp.session-start',
      actors: present,
      store: 'mfa-seeds',
      generation,
      details: { accountId, device: virtual.name, expiresInSeconds: Math.round((session.expiresAtMs - session.startedAtMs) / 1000), offsetSeconds },
    });
    if (offsetSeconds !== 0) {
      await this.audit({ event: 'totp.clock-offset', actors: present, store: 'mfa-seeds', generation, details: { accountId, offsetSeconds } });
    }
    return this.sessionView(session);
  }

  async getTotpCodes(): Promise<TotpSessionView> {
    const session = this.totp.current;
    await this.flushAudit();
    return this.sessionView(session ?? this.runningSession());
  }

  async setTotpOffset(input: { readonly offset: string }): Promise<TotpSessionView> {
    const session = this.runningSession();
    const offsetSeconds = parseClockOffset(input?.offset);
    session.setOffset(offsetSeconds);
    await this.audit({ event: 'totp.clock-offset', store: 'mfa-seeds', details: { accountId: session.device.accountId, offsetSeconds } });
    return this.sessionView(session);
  }

  async endTotpSession(): Promise<TotpSessionEnd | null> {
    const summary = this.totp.end('ended') ?? null;
    await this.flushAudit();
    return summary;
  }

  private enrollmentView(pending: PendingEnrollment): EnrollmentView {
    const codes = enrollmentCodes(pending.seed, pending.params, this.ports.clock.now(), pending.offsetSeconds);
    return {
      accountId: pending.accountId,
      device: pending.device,
      serialArn: virtualMfaArn(pending.accountId, pending.device),
      algorithm: pending.params.algorithm,
      digits: pending.params.digits,
      period: pending.params.period,
      mfaCode1: codes.mfaCode1,
      mfaCode2: codes.mfaCode2,
      secondsLeft: codes.secondsLeft,
      waitForFreshWindow: codes.waitForFreshWindow,
      ...(codes.advice ? { advice: codes.advice } : {}),
      ...(pending.generated ? { generated: pending.generated } : {}),
    };
  }

  async prepareEnrollment(input: PrepareEnrollmentInput): Promise<EnrollmentView> {
    const accountId = checkAccountId(input?.accountId);
    const device = checkDeviceName(input.device);
    if ((input.secret === undefined) === (input.generate !== true)) {
      throw new BreakglassError('VALIDATION', 'Paste the secret key AWS shows ("Show secret key"), or ask for a generated seed — one of the two.', {
        field: 'seed',
      });
    }
    const offsetSeconds = input.offset === undefined ? 0 : parseClockOffset(input.offset);
    const metadata = await this.seedMetadataOrThrow();
    if (metadata.accounts.find((a) => a.accountId === accountId)?.devices.some((d) => d.name === device)) {
      throw new BreakglassError('CONFLICT', `Account ${accountId} already has an MFA device named ${JSON.stringify(device)}: choose another name.`, {
        field: 'device',
      });
    }
    this.totp.end('replaced');
    await this.cancelEnrollment();
    let pending: PendingEnrollment;
    if (input.generate === true) {
      const seed = createRandomSeed(this.ports.rng);
      const uri = otpauthUri({ seed, accountId, deviceName: device });
      pending = { accountId, device, seed, params: DEFAULT_TOTP_PARAMS, offsetSeconds, generated: { base32: uri.base32, otpauthUri: uri.uri } };
    } else {
      const parsed = parseEnrollmentSecret(String(input.secret));
      pending = { accountId, device, seed: parsed.seed, params: { algorithm: parsed.algorithm, digits: parsed.digits, period: parsed.period }, offsetSeconds };
    }
    this.enrollment = pending;
    return this.enrollmentView(pending);
  }

  async getEnrollmentCodes(): Promise<EnrollmentView> {
    if (!this.enrollment) throw new BreakglassError('SESSION', 'No MFA enrollment is in progress: start one by pasting the secret key.');
    return this.enrollmentView(this.enrollment);
  }

  async confirmEnrollment(input: { readonly enabledAt?: string; readonly actors?: readonly string[] } = {}): Promise<MfaDeviceSummary> {
    const pending = this.enrollment;
    if (!pending) throw new BreakglassError('SESSION', 'No MFA enrollment is in progress: start one by pasting the secret key.');
    const { store, docs } = this.seeds();
    const { docs: next, device } = addMfaDevice(
      docs,
      { type: 'virtual', accountId: pending.accountId, name: pending.device, ...pending.params, ...(input.enabledAt ? { enabledAt: input.enabledAt } : {}) },
      pending.seed,
      this.sealContext(store),
    );
    const saved = await this.save(store, { kind: 'mfa-seeds', seeds: next, custody: store.docs.custody });
    await this.cancelEnrollment();
    await this.audit({
      event: 'mfa.enroll',
      actors: input.actors,
      store: 'mfa-seeds',
      generation: saved.generation,
      details: { accountId: pending.accountId, device: device.name, generatedHere: pending.generated !== undefined },
    });
    return summarizeDevice(pending.accountId, device);
  }

  async cancelEnrollment(): Promise<void> {
    if (this.enrollment) wipe(this.enrollment.seed);
    this.enrollment = undefined;
  }

  // ---- printing and paper ---------------------------------------------------------------------------

  private readonly issuedShares = new Map<StoreKind, IssuedShare[]>();

  private rememberIssuedShares(shares: readonly IssuedShare[]): void {
    for (const kind of STORE_KINDS) {
      const mine = shares.filter((s) => s.store === kind);
      if (mine.length > 0) this.issuedShares.set(kind, mine);
    }
  }

  async discardIssuedShares(): Promise<void> {
    this.issuedShares.clear();
  }

  /** Share sheets: the shares given (each verified against the store), or those issued in this session. */
  private async shareSheetInputs(kind: StoreKind, parsed: ParsedContainer, texts: readonly string[] | undefined): Promise<ShareSheetInput[]> {
    const custody = readCustody(parsed);
    const common = { generation: parsed.header.generation, fingerprint: bytesToHex(parsed.fingerprint) };
    if (texts === undefined) {
      const issued = this.issuedShares.get(kind);
      if (!issued || issued.length === 0) {
        throw new BreakglassError('NOT_FOUND', `No ${storeKindLabel(kind)} shares were issued in this session: give the shares to print (each custodian types theirs).`);
      }
      if (issued[0]?.shareSetId !== bytesToHex(findSlot(parsed.header, 'shares')?.shareSetId ?? new Uint8Array())) {
        throw new BreakglassError('CONFLICT', 'The shares issued in this session belong to an older share set of this store: they were revoked. Nothing was printed.');
      }
      return issued.map((share) => ({ ...share, ...common, contact: custody.custodians.find((c) => c.shareIndex === share.index)?.contact ?? '' }));
    }
    return texts.map((text, i) => {
      const { share } = verifyShareText(parsed.header, text, `share ${i + 1}`);
      const holder = custody.custodians.find((c) => c.shareIndex === share.index);
      const sheet: ShareSheetInput = {
        store: kind,
        setId: bytesToHex(share.setId),
        shareSetId: bytesToHex(share.shareSetId),
        index: share.index,
        count: share.count,
        threshold: share.threshold,
        custodian: holder?.name ?? `custodian #${share.index}`,
        role: holder?.role ?? '',
        contact: holder?.contact ?? '',
        issuedAt: holder?.issuedAt ?? this.now(),
        words: shareToWords(share),
        qrText: shareToQrText(share),
        ...common,
      };
      share.value.fill(0);
      return sheet;
    });
  }

  private async emergencyInput(kind: StoreKind, parsed: ParsedContainer, input: PrintInput): Promise<EmergencySheetInput> {
    const dir = this.requireDir();
    const custody = readCustody(parsed);
    const shares = findSlot(parsed.header, 'shares');
    const vault = this.unlocked.get('password-vault');
    const names = new Map(vault?.docs.kind === 'password-vault' ? vault.docs.vault.accounts.map((a) => [a.accountId, a] as const) : []);
    const metadata = await this.seedMetadata();
    let accounts: EmergencySheetInput['accounts'];
    if (kind === 'password-vault') {
      if (!vault || vault.docs.kind !== 'password-vault') {
        throw new BreakglassError('AUTH', 'The emergency sheet of the password vault lists its accounts: unlock the password vault first.');
      }
      accounts = vault.docs.vault.accounts.map((a) => ({
        accountId: a.accountId,
        name: a.name,
        accountClass: a.accountClass,
        mfaDevices: (metadata?.accounts.find((m) => m.accountId === a.accountId)?.devices ?? []).map((d) => `${d.name} (${d.type})`),
      }));
    } else {
      accounts = (metadata?.accounts ?? []).map((a) => ({
        accountId: a.accountId,
        ...(names.get(a.accountId) ? { name: names.get(a.accountId)!.name } : {}),
        mfaDevices: a.devices.map((d) => `${d.name} (${d.type})`),
      }));
    }
    const register = await readRegisterFile(dir);
    const setId = bytesToHex(parsed.header.setId);
    const copies = register.drives
      .filter((d) => d.holds?.setId === setId && d.holds.storeKind === kind)
      .map((d) => ({ label: d.name, location: d.location, generation: d.holds?.generation ?? null, serial: d.serial, verifiedAt: d.lastVerifiedAt }));
    const drills = (await this.listAuditLog()).entries.filter((e) => e.event === 'drill');
    const lastDrill = drills.at(-1);
    return {
      store: kind,
      setId,
      generation: parsed.header.generation,
      sealedAt: formatTimestamp(parsed.header.sealedAt * 1000),
      fingerprint: bytesToHex(parsed.fingerprint),
      fileSize: parsed.fileLength,
      opensWith: {
        passphrase: findSlot(parsed.header, 'passphrase') !== undefined,
        ...(shares ? { shares: { threshold: shares.threshold, count: shares.commitments.length, shareSetId: bytesToHex(shares.shareSetId) } } : {}),
      },
      custodians: custody.custodians.map((c) => ({ name: c.name, role: c.role, contact: c.contact, shareIndex: c.shareIndex })),
      accounts,
      copies,
      ...(input.locations ? { locations: input.locations } : {}),
      ...(input.paperBackupLocation ? { paperBackupLocation: input.paperBackupLocation } : {}),
      lastDrill: lastDrill ? { at: lastDrill.at, ...(typeof lastDrill.details.result === 'string' ? { result: lastDrill.details.result } : {}) } : null,
    };
  }

  async printDocument(input: PrintInput): Promise<PrintResult> {
    const kind = input?.store;
    if (!STORE_KINDS.includes(kind)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const documentKind = input.document;
    if (!['shares', 'emergency', 'paper-backup', 'spec'].includes(documentKind)) throw new TypeError('document must be shares, emergency, paper-backup or spec');
    const outFile = input.outFile;
    if (outFile !== undefined) {
      if (typeof outFile !== 'string' || outFile === '') throw new TypeError('outFile must be a path');
      if (!isAbsolute(outFile)) {
        throw new BreakglassError('VALIDATION', `The output file must be a full path (starting with /), not "${outFile}": nothing was written.`, { field: 'outFile' });
      }
    }
    const options = { paper: input.paper ?? 'A4', printedAt: this.now() } as const;
    const dir = this.requireDir();
    const file = await readStoreFile(storePath(dir, kind));
    const parsed = parseContainer(file, kind);
    const sheets = documentKind === 'shares' ? await this.shareSheetInputs(kind, parsed, input.shares) : [];
    // Share sheets go to a file each (one custodian's share a file); the other documents to one file.
    const targets = outFile === undefined ? [] : documentKind === 'shares' ? shareSheetFiles(outFile, sheets) : [resolve(outFile)];
    for (const target of targets) {
      checkPrintTarget(target, dir, { folder: await probeFolder(dirname(target)), vaultSetRealPath: await realPathOrSelf(dir), target: await probePath(target) });
    }
    let pdf: Uint8Array;
    let pages: number | undefined;
    const pdfs: Uint8Array[] = [];
    if (documentKind === 'shares') {
      for (const sheet of outFile !== undefined ? sheets : []) pdfs.push(await renderShareSheets([sheet], options));
      pdf = outFile !== undefined && input.printer === undefined ? new Uint8Array() : await renderShareSheets(sheets, options);
      pages = sheets.length;
    } else if (documentKind === 'emergency') pdf = await renderEmergencySheet(await this.emergencyInput(kind, parsed, input), options);
    else if (documentKind === 'paper-backup') ({ pdf, pages } = await renderPaperBackup(file, undefined, options));
    else {
      const markdown = await formatSpecText();
      pdf = await renderSpecification(markdown, { ...options, fileName: 'FORMAT.md', versionLabel: `format version ${parsed.header.version}` });
    }
    if (documentKind !== 'shares' && targets.length > 0) pdfs.push(pdf);
    pages ??= (new TextDecoder('latin1').decode(pdf).match(/\/Type \/Page[^s]/g) ?? []).length;
    const bytes = documentKind === 'shares' && pdfs.length > 0 ? pdfs.reduce((sum, p) => sum + p.length, 0) : pdf.length;
    // The printer goes first: when it refuses, nothing has been written, so no copy of a document (a share
    // sheet above all) is left on disk to be shredded, and nothing happened that the audit log lacks.
    let sent: PrintJob | undefined;
    if (input.printer !== undefined) {
      if (!this.ports.printer) throw new BreakglassError('IO', 'No printing system is available here: save the PDF to a file instead.');
      sent = await this.ports.printer.print(pdf, input.printer, `Breakglass ${documentKind} ${storeKindLabel(kind)} gen ${parsed.header.generation}`);
    }
    // The audit entry names the queue that got the document, also when "default" was asked for.
    const printer = sent === undefined ? undefined : sent.queue === input.printer ? sent.queue : `${sent.queue} (${input.printer})`;
    const record = (files: number) =>
      this.audit({
        event: 'print',
        actors: input.actors,
        store: kind,
        generation: parsed.header.generation,
        details: {
          document: documentKind,
          pages,
          destination: [files > 0 ? 'file' : '', printer ? `printer ${printer}` : ''].filter(Boolean).join(' + ') || 'preview',
          ...(files > 0 ? { files } : {}),
          ...(documentKind === 'shares' ? { sheets: sheets.length } : {}),
        },
      });
    const written: string[] = [];
    try {
      for (const [i, target] of targets.entries()) {
        await writeNewFile(target, pdfs[i]!);
        written.push(target);
      }
    } catch (error) {
      // Never leave some custodians' sheets on disk and not the others: all files, or none.
      await removeFiles(written);
      if (sent === undefined) throw error;
      // The printer has the job: that much happened, and is recorded.
      const recorded = await record(0).then(
        () => 'that print is in the audit log',
        () => 'recording that print in the audit log failed too',
      );
      const message = error instanceof Error ? error.message : String(error);
      throw new BreakglassError(error instanceof BreakglassError ? error.code : 'IO', `${message} The printer did get the document (job ${sent.job}); ${recorded}.`, { cause: error });
    }
    await record(written.length);
    const saved = documentKind === 'shares' ? (written.length > 0 ? { files: written } : {}) : written.length > 0 ? { file: written[0]! } : {};
    return {
      document: documentKind,
      store: kind,
      generation: parsed.header.generation,
      pages,
      bytes,
      ...saved,
      ...(sent !== undefined ? { printer: sent.queue, job: sent.job } : {}),
      ...(written.length === 0 && input.printer === undefined && documentKind !== 'shares' ? { previewPdfBase64: Buffer.from(pdf).toString('base64'), ...(await previewImages(pdf)) } : {}),
    };
  }

  async restorePaperBackup(input: PaperRestoreInput): Promise<PaperRestoreSummary> {
    if (!Array.isArray(input?.images) || input.images.length === 0) throw new TypeError('images must be a non-empty list of paths');
    if (typeof input.outFile !== 'string' || input.outFile === '') throw new TypeError('outFile must be a path');
    if (input.store !== undefined && !STORE_KINDS.includes(input.store)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const scans = [];
    for (const image of input.images) scans.push({ name: image, bytes: await readScanFile(image) });
    // With a vault set open, the backup must be of that set (a backup of another set is refused by number).
    const expect = { ...(input.store ? { kind: input.store } : {}), ...(this.dir && this.setIdHex ? { setIdHex: this.setIdHex } : {}) };
    const result = await restorePaperBackupScans(scans, { rasterizer: popplerRasterizer(), expect });
    const out = resolve(input.outFile);
    checkRestoreTarget(out, await readFileIfPresent(out), result.meta);
    await writeFileAtomic(out, result.file, { keepPrevious: true });
    if (this.dir) {
      await this.audit({
        event: 'drive.restore',
        actors: input.actors,
        store: result.meta.kind,
        generation: result.meta.generation,
        details: { source: 'paper backup', chunks: result.chunks, fingerprint: result.meta.fingerprintHex },
      });
    }
    return {
      file: out,
      kind: result.meta.kind,
      generation: result.meta.generation,
      fingerprint: result.meta.fingerprintHex,
      chunks: result.chunks,
      duplicates: result.duplicates,
      scans: result.scans,
    };
  }

  async getWorkstationStatus(): Promise<WorkstationStatus> {
    const interfaces = Object.entries(this.ports.host?.networkInterfaces() ?? {})
      .map(([name, addresses]) => ({ name, addresses: (addresses ?? []).filter((a) => !a.internal).map((a) => a.address) }))
      .filter((i) => i.addresses.length > 0);
    const now = this.ports.clock.now();
    const session = this.totp.current;
    return {
      network: { airGapped: interfaces.length === 0, interfaces },
      host: this.ports.host?.name ?? 'unknown',
      dir: this.dir ?? null,
      unlocked: [...this.unlocked.values()].map((u) => ({ store: u.kind, since: formatTimestamp(u.unlockedAt), seconds: Math.floor((now - u.unlockedAt) / 1000) })),
      totpSession: session ? { accountId: session.device.accountId, device: session.device.name, expiresInSeconds: Math.max(0, Math.ceil((session.expiresAtMs - now) / 1000)) } : null,
      issuedSharesPending: [...this.issuedShares.keys()],
      printers: this.ports.printer ? [...(await this.ports.printer.list())] : [],
      kdfProfiles: [...this.kdfProfiles()],
      lockTriggers: [...(this.ports.host?.lockTriggers?.() ?? [])],
    };
  }
}

interface PendingEnrollment {
  readonly accountId: string;
  readonly device: string;
  readonly seed: Uint8Array;
  readonly params: TotpParams;
  readonly offsetSeconds: number;
  readonly generated?: { readonly base32: string; readonly otpauthUri: string };
}

/** Pages shown on screen before a print: PNG images at 72 dpi (the UI shows data: images, never a PDF). */
const PREVIEW_MAX_PAGES = 8;
async function previewImages(pdf: Uint8Array): Promise<{ previewPages: string[] } | { previewProblem: string }> {
  try {
    const pages = await popplerRasterizer().rasterize(pdf, 72);
    return { previewPages: pages.slice(0, PREVIEW_MAX_PAGES).map((png) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`) };
  } catch (error) {
    return { previewProblem: error instanceof Error ? error.message : String(error) };
  }
}

function summarizeDevice(accountId: string, device: MfaDevice): MfaDeviceSummary {
  return { accountId, ...device };
}

export function createBreakglassApp(ports: AppPorts): BreakglassApp {
  return new BreakglassApp(ports);
}
