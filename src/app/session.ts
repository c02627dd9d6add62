// The unlocked-session state every capability shares: the open vault set, the unlocked stores with their data
// keys, the audit writer and its backlog, the save of a new generation, and what a lock must wipe. DESIGN §2 and §3.

import { equalBytes } from '@noble/ciphers/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { dirname } from 'node:path';
import { appendAuditEntry, checkAuditAppendable, type AuditEntryInput } from '../audit/audit-file.js';
import { MAX_GENERATION, parseContainer, type KeySlot, type ParsedContainer } from '../crypto/container.js';
import type { KdfProfileName } from '../crypto/kdf.js';
import { STORE_KINDS, storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { wipe } from '../crypto/wipe.js';
import type { IssuedShare } from '../custody/custody-setup.js';
import { readRegisterFile } from '../drives/drive-files.js';
import { highestGeneration } from '../drives/register.js';
import { BreakglassError } from '../errors.js';
import { readStoreFile, storePath, writeFileAtomic } from '../stores/files.js';
import { withVaultSetLock, type VaultSetLock } from '../stores/vault-set-lock.js';
import type { SeedMetadata, SeedStoreDocuments } from '../stores/seeds.js';
import { nextGeneration, readSeedMetadata, sealStore, type StoreDocuments } from '../stores/store-codec.js';
import { formatTimestamp } from '../shared/timestamps.js';
import type { SealContext, VaultDocument } from '../stores/vault.js';
import type { TotpParams } from '../totp/codes.js';
import { wipePlan, type ImportPlan } from '../migration/import-plan.js';
import { TotpSessionSlot } from '../totp/session.js';
import type { SavedGeneration } from './api.js';
import { PendingClipboardClear } from './clipboard-copy.js';
import type { AppPorts, DiscoveredDrive } from './ports.js';
import { notSavedForAudit, unrecordedSave } from './unaudited-saves.js';

/** A store opened in this session: its file, parsed generation, data key and documents. */
export interface UnlockedStore {
  readonly kind: StoreKind;
  readonly path: string;
  parsed: ParsedContainer;
  dataKey: Uint8Array;
  docs: StoreDocuments;
  readonly unlockedAt: number;
  /** Who unlocked it (as entered, plus the holders of the shares used): the actors of its audit entries. */
  readonly actors: readonly string[];
}

/** A virtual MFA device being enrolled: its seed until it is sealed or the enrollment is cancelled. */
export interface PendingEnrollment {
  readonly accountId: string;
  readonly device: string;
  readonly seed: Uint8Array;
  readonly params: TotpParams;
  readonly offsetSeconds: number;
  readonly generated?: { readonly base32: string; readonly otpauthUri: string };
}

/** A previewed import (FORMAT.md §16): its plan and secrets until each store's part is confirmed or it is cancelled. */
export interface PendingImport {
  readonly source: 'keepass' | 'seeds';
  readonly file: string;
  readonly sha256: string;
  readonly format: string;
  readonly recycled: number;
  readonly unmapped: number;
  readonly warnings: readonly string[];
  readonly plan: ImportPlan;
  readonly done: Set<StoreKind>;
}

/** What one audit entry says; the session adds the actors of the store's unlock and the vault set's id. */
export interface SessionAuditEntry {
  readonly event: AuditEntryInput['event'];
  readonly actors?: readonly string[] | undefined;
  readonly store?: StoreKind;
  readonly generation?: number;
  readonly details?: AuditEntryInput['details'];
}

export function lockedError(kind: StoreKind): BreakglassError {
  return new BreakglassError(
    'AUTH',
    `The ${storeKindLabel(kind)} is locked: unlock it first with its ${kind === 'password-vault' ? 'password' : 'MFA'} custodians' passphrase.`,
  );
}

export class VaultSession {
  /** The open vault set's directory, and its set id (hex) once a store in it was read. */
  dir: string | undefined;
  setIdHex: string | undefined;
  readonly unlocked = new Map<StoreKind, UnlockedStore>();
  readonly clipboard: PendingClipboardClear;
  /** Shares issued in this session (creation or rotation), per store, until printed and discarded. */
  readonly issuedShares = new Map<StoreKind, IssuedShare[]>();
  /**
   * Stores whose issued share sheets were saved to files or sent to a printer: no longer "to print" (the
   * status bar's reminder ends), though the shares stay in memory for a reprint until discarded.
   */
  readonly issuedSharesDelivered = new Set<StoreKind>();
  /** The one TOTP login session (one seed, then wiped) and its expiry timer. */
  readonly totp = new TotpSessionSlot();
  totpExpiry: ReturnType<typeof setTimeout> | undefined;
  /** Who was present when the running TOTP session started: recorded on its later entries (clock offset). */
  totpActors: readonly string[] = [];
  enrollment: PendingEnrollment | undefined;
  pendingImport: PendingImport | undefined;
  private auditBacklog: Promise<void> = Promise.resolve();
  private auditFailure: unknown;

  constructor(readonly ports: AppPorts) {
    this.clipboard = new PendingClipboardClear(ports.clipboard);
  }

  now(): string {
    return formatTimestamp(this.ports.clock.now());
  }

  requireDir(): string {
    if (!this.dir) throw new BreakglassError('NOT_FOUND', 'No vault set is open: open or create one first.');
    return this.dir;
  }

  requireUnlocked(kind: StoreKind): UnlockedStore {
    this.requireDir();
    const store = this.unlocked.get(kind);
    if (!store) throw lockedError(kind);
    return store;
  }

  /**
   * Runs `fn` holding the vault set's write lock (shared with every other Breakglass process; re-entrant in
   * this one). Every read-modify-write runs inside one call: the re-read in `save`, the rename, the audit append.
   */
  async withLock<T>(fn: (lock: VaultSetLock) => Promise<T>): Promise<T> {
    return withVaultSetLock(this.requireDir(), fn);
  }

  /** Appends one entry to the vault set's audit log (never a secret: the log refuses secret-like keys), under the lock. */
  async audit(entry: SessionAuditEntry): Promise<void> {
    const dir = this.requireDir();
    try {
      await this.withLock(() => this.appendAudit(dir, entry));
    } catch (error) {
      throw unrecordedSave(entry, error);
    }
  }

  private async appendAudit(dir: string, entry: SessionAuditEntry): Promise<void> {
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

  /** Audit entries written from synchronous callbacks (a session ending) are queued here. */
  queueAudit(entry: SessionAuditEntry): void {
    this.auditBacklog = this.auditBacklog.then(() => this.audit(entry)).catch((error: unknown) => {
      this.auditFailure ??= error;
    });
  }

  /** Waits for queued audit entries; reports a failed one (the log must not silently miss an entry). */
  async flushAudit(): Promise<void> {
    await this.auditBacklog;
    if (this.auditFailure !== undefined) {
      const failure = this.auditFailure;
      this.auditFailure = undefined;
      throw failure;
    }
  }

  /** The KDF profiles new vault sets may use here (the desktop hosts offer only "strong"). */
  kdfProfiles(): readonly KdfProfileName[] {
    return this.ports.kdfProfiles ?? ['strong', 'test'];
  }

  sealContext(store: UnlockedStore): SealContext {
    return { setId: store.parsed.header.setId, dataKey: store.dataKey, rng: this.ports.rng, now: this.now() };
  }

  async readStore(kind: StoreKind): Promise<{ path: string; parsed: ParsedContainer }> {
    const path = storePath(this.requireDir(), kind);
    const parsed = parseContainer(await readStoreFile(path), kind);
    return { path, parsed };
  }

  /**
   * Seals the next generation of an unlocked store and saves it atomically, keeping the previous one.
   * With `rekey`, the generation gets new slots, revocations and data key (rotation); the old key is wiped.
   * The caller holds `lock` (from `withLock`) from before this call through the change's audit append, so no
   * other process can save between the re-read below and that append.
   */
  async save(
    lock: VaultSetLock,
    store: UnlockedStore,
    docs: StoreDocuments,
    rekey?: { slots: KeySlot[]; revokedShareSets: Uint8Array[]; dataKey: Uint8Array },
  ): Promise<SavedGeneration> {
    lock.assertHeld();
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
    // The change's audit entry must be able to follow it: a torn or damaged last line refuses it first.
    await checkAuditAppendable(dirname(store.path)).catch((error: unknown) => {
      throw notSavedForAudit(error);
    });
    lock.assertHeld();
    await writeFileAtomic(store.path, bytes, { keepPrevious: true });
    if (rekey) {
      wipe(store.dataKey);
      store.dataKey = rekey.dataKey;
    }
    store.parsed = parsed;
    store.docs = docs;
    return { kind: store.kind, generation: parsed.header.generation };
  }

  vault(): { store: UnlockedStore; doc: VaultDocument } {
    const store = this.requireUnlocked('password-vault');
    if (store.docs.kind !== 'password-vault') throw new Error('unreachable');
    return { store, doc: store.docs.vault };
  }

  seeds(): { store: UnlockedStore; docs: SeedStoreDocuments } {
    const store = this.requireUnlocked('mfa-seeds');
    if (store.docs.kind !== 'mfa-seeds') throw new Error('unreachable');
    return { store, docs: store.docs.seeds };
  }

  /** MFA metadata for cross-reference, from the unlocked store or the file's public document. */
  async seedMetadata(): Promise<SeedMetadata | undefined> {
    try {
      return await this.seedMetadataOrThrow();
    } catch {
      return undefined;
    }
  }

  /** MFA metadata from the unlocked store or the file's public document; the read error when there is none. */
  async seedMetadataOrThrow(): Promise<SeedMetadata> {
    const open = this.unlocked.get('mfa-seeds');
    if (open?.docs.kind === 'mfa-seeds') return open.docs.seeds.metadata;
    return readSeedMetadata((await this.readStore('mfa-seeds')).parsed);
  }

  /** Refuses a store whose set id differs from the other, already unlocked store's. */
  checkSameSet(parsed: ParsedContainer): void {
    for (const other of this.unlocked.values()) {
      if (other.kind !== parsed.header.kind && !equalBytes(other.parsed.header.setId, parsed.header.setId)) {
        throw new BreakglassError(
          'WRONG_STORE',
          `This ${storeKindLabel(parsed.header.kind)} belongs to another vault set than the unlocked ${storeKindLabel(other.kind)}.`,
        );
      }
    }
  }

  /** Wipes an unlocked store's key and forgets it (and the password on the clipboard with the vault). */
  forget(kind: StoreKind): void {
    const store = this.unlocked.get(kind);
    if (store) wipe(store.dataKey);
    this.unlocked.delete(kind);
    if (kind === 'password-vault') void this.clipboard.clear();
  }

  async lockStore(kind: StoreKind): Promise<void> {
    const store = this.unlocked.get(kind);
    const clearing = kind === 'password-vault' ? this.clipboard.clear() : undefined;
    this.forget(kind);
    await clearing;
    if (store) await this.audit({ event: 'store.lock', actors: store.actors, store: store.kind, generation: store.parsed.header.generation });
  }

  /** Ends the login session, drops a pending enrollment and locks every store: nothing secret stays. */
  async lockAll(): Promise<void> {
    this.totp.end('locked');
    await this.cancelEnrollment();
    this.dropPendingImport();
    // Every store is forgotten (its key wiped) whatever happens; the first audit failure is then reported.
    let failure: unknown;
    await this.flushAudit().catch((error: unknown) => {
      failure ??= error;
    });
    for (const kind of STORE_KINDS) {
      if (this.unlocked.has(kind)) {
        await this.lockStore(kind).catch((error: unknown) => {
          this.forget(kind);
          failure ??= error;
        });
      }
    }
    if (failure !== undefined) throw failure;
  }

  /** Makes `dir` the open vault set, locking everything first when it is another one. */
  async switchTo(dir: string): Promise<void> {
    if (this.dir !== dir) await this.lockAll();
    this.dir = dir;
  }

  async cancelEnrollment(): Promise<void> {
    if (this.enrollment) wipe(this.enrollment.seed);
    this.enrollment = undefined;
  }

  /** Forgets a previewed import, wiping the passwords and seeds it held. */
  dropPendingImport(): void {
    if (this.pendingImport) wipePlan(this.pendingImport.plan);
    this.pendingImport = undefined;
  }

  rememberIssuedShares(shares: readonly IssuedShare[]): void {
    for (const kind of STORE_KINDS) {
      const mine = shares.filter((s) => s.store === kind);
      if (mine.length > 0) {
        this.issuedShares.set(kind, mine);
        this.issuedSharesDelivered.delete(kind);
      }
    }
  }

  /** The stores whose issued share sheets are still to be saved or printed. */
  issuedSharesPending(): StoreKind[] {
    return [...this.issuedShares.keys()].filter((kind) => !this.issuedSharesDelivered.has(kind));
  }

  /** Forgets every issued share (and which were delivered). */
  discardIssuedShares(): void {
    this.issuedShares.clear();
    this.issuedSharesDelivered.clear();
  }

  /** The drives discovery sees (none without a drives port). */
  async discoveredDrives(): Promise<readonly DiscoveredDrive[]> {
    return this.ports.drives ? this.ports.drives.list() : [];
  }
}
