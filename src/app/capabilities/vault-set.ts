// The vault set and its unlock: create both stores, open a vault set, its status, unlock and lock a store
// with a passphrase or k custodians' shares. FORMAT.md §2.4, §4 and §12.4; DESIGN §3.3.

import { resolve } from 'node:path';
import { DATA_KEY_LENGTH, parseContainer, SET_ID_LENGTH, type ParsedContainer } from '../../crypto/container.js';
import { isKdfProfileName, resolveKdfProfile } from '../../crypto/kdf.js';
import { checkNewPassphrase, unlockWithPassphrase } from '../../crypto/passphrase-slot.js';
import { STORE_KINDS, type StoreKind } from '../../shared/store-kind.js';
import { wipe } from '../../crypto/wipe.js';
import { checkCustodyInput, plannedCustodians, setUpCustody, type IssuedShare } from '../../custody/custody-setup.js';
import { checkSegregation, recordOverride } from '../../custody/segregation.js';
import { parseShareText } from '../../custody/share-codec.js';
import { unlockWithShares } from '../../custody/shares-slot.js';
import { BreakglassError } from '../../errors.js';
import { EMPTY_RUNS_RECORD, setRunRequirement, writeRunsFile } from '../../runs/index.js';
import type { CustodyRecord } from '../../stores/custody-record.js';
import { assertNoStore, makePrivateDirectory, readStoreFile, removeFiles, storePath, writeFileAtomic } from '../../stores/files.js';
import { EMPTY_SEED_METADATA, EMPTY_SEED_SECRETS } from '../../stores/seeds.js';
import { decryptSeedStore, decryptVault, readCustody, sealStore, type GenerationFrame, type StoreDocuments } from '../../stores/store-codec.js';
import { formatTimestamp } from '../../shared/timestamps.js';
import { EMPTY_VAULT } from '../../stores/vault.js';
import type { CreateVaultSetInput, StoreInspection, StoreStatus, UnlockSecret, UnlockStoreInput, VaultSetStatus } from '../api.js';
import { describeStore } from '../inspection.js';
import type { VaultSession } from '../session.js';
import { withVaultSetLock } from '../../stores/vault-set-lock.js';
import { recordUnauditedGeneration } from '../unaudited-saves.js';

/** A store's key opened with its passphrase or shares, its documents decrypted, and who was present. */
export interface OpenedStoreKey {
  readonly path: string;
  readonly parsed: ParsedContainer;
  /** The caller keeps it (an unlock) or wipes it (a one-login TOTP session). */
  readonly dataKey: Uint8Array;
  readonly docs: StoreDocuments;
  readonly present: string[];
  readonly method: 'shares' | 'passphrase';
}

/** Opens a store's key with a passphrase or shares and decrypts its documents; audits a refusal. */
export async function openStoreKey(
  session: VaultSession,
  kind: StoreKind,
  secretInput: UnlockSecret | undefined,
  actors: readonly string[] | undefined,
): Promise<OpenedStoreKey> {
  const secret = secretInput as { passphrase?: unknown; shares?: unknown } | undefined;
  const { path, parsed } = await session.readStore(kind);
  session.checkSameSet(parsed);
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
      await session.audit({
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
          const share = parseShareText(text);
          const index = share.index;
          wipe(share.value);
          return docs.custody.custodians.find((c) => c.shareIndex === index)?.name ?? `share #${index}`;
        })
      : [];
  return { path, parsed, dataKey, docs, present: [...new Set([...(actors ?? []), ...holders])], method };
}

export class VaultSetCapability {
  constructor(private readonly session: VaultSession) {}

  async createVaultSet(input: CreateVaultSetInput): Promise<VaultSetStatus & { issuedShares: IssuedShare[] }> {
    const { session } = this;
    const { ports } = session;
    if (typeof input?.dir !== 'string' || input.dir.length === 0) throw new TypeError('dir must be a non-empty string');
    if (!isKdfProfileName(input.kdfProfile)) {
      throw new BreakglassError('VALIDATION', `Unknown KDF profile ${JSON.stringify(input.kdfProfile)}: use "strong" (or "test" in tests only).`, {
        field: 'kdfProfile',
      });
    }
    if (!session.kdfProfiles().includes(input.kdfProfile)) {
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
    const issuedAt = session.now();
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
    // Under the vault-set lock, like every other write: two creations in one directory cannot interleave.
    return withVaultSetLock(dir, async () => {
      for (const kind of STORE_KINDS) await assertNoStore(storePath(dir, kind), kind);
      const kdf = resolveKdfProfile(input.kdfProfile, ports.totalMemoryBytes());
      const setId = ports.rng.bytes(SET_ID_LENGTH);
      const created: string[] = [];
      const issuedShares: IssuedShare[] = [];
      try {
        for (const kind of STORE_KINDS) {
          const dataKey = ports.rng.bytes(DATA_KEY_LENGTH);
          try {
            const setup = await setUpCustody(kind, setId, dataKey, custody[kind], kdf, ports.rng, issuedAt);
            const frame: GenerationFrame = { kind, setId, generation: 1, slots: setup.slots, revokedShareSets: [] };
            const record: CustodyRecord = { custodians: setup.custodians, overrides };
            const docs: StoreDocuments =
              kind === 'password-vault'
                ? { kind, vault: EMPTY_VAULT, custody: record }
                : { kind, seeds: { metadata: EMPTY_SEED_METADATA, secrets: EMPTY_SEED_SECRETS }, custody: record };
            const bytes = sealStore(frame, docs, dataKey, ports.clock.now(), ports.rng);
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
      // The break-glass run setting of a new vault set is recorded with its creation (FORMAT.md §15.2).
      // The stores exist now and their shares are only in memory: a runs record that cannot be written leaves
      // the setting undecided (asked once later) rather than losing the shares.
      const runs = input.requireRun === undefined ? undefined : await writeRunsFile(dir, setRunRequirement(EMPTY_RUNS_RECORD, input.requireRun)).catch(() => undefined);
      await session.audit({
        event: 'vault-set.create',
        actors: input.actors,
        details: { sharedCustodians: shared.length, ...(runs ? { requireRun: input.requireRun ?? null, runsSha256: runs.sha256 } : {}) },
      });
      if (overrides.length > 0) {
        await session.audit({
          event: 'custody.override',
          actors: input.actors,
          details: { reason: overrides[0]!.reason, custodians: shared.join(', ') },
        });
      }
      session.rememberIssuedShares(issuedShares);
      return { ...status, issuedShares };
    });
  }

  async openVaultSet(input: { readonly dir: string }): Promise<VaultSetStatus> {
    if (typeof input?.dir !== 'string' || input.dir.length === 0) throw new TypeError('dir must be a non-empty string');
    const dir = resolve(input.dir);
    await this.session.switchTo(dir);
    const status = await this.getStatus();
    if (!status.stores['password-vault'].present && !status.stores['mfa-seeds'].present) {
      this.session.dir = undefined;
      throw new BreakglassError(
        'NOT_FOUND',
        `${dir} holds no Breakglass stores (password-vault.bgv, mfa-seeds.bgv). Check the directory, or create a vault set there.`,
        { action: { kind: 'create-vault-set' } },
      );
    }
    return status;
  }

  async getStatus(): Promise<VaultSetStatus> {
    const dir = this.session.requireDir();
    const stores = {} as Record<StoreKind, StoreStatus>;
    for (const kind of STORE_KINDS) stores[kind] = await this.storeStatus(dir, kind);
    const setIds = new Set(STORE_KINDS.map((k) => stores[k].inspection?.setId).filter((id) => id !== undefined));
    if (setIds.size > 1) {
      throw new BreakglassError(
        'WRONG_STORE',
        `The two stores in ${dir} belong to different vault sets (${[...setIds].join(' and ')}). Restore the matching store from its drives.`,
      );
    }
    this.session.setIdHex = [...setIds][0];
    return { dir, setId: this.session.setIdHex, stores };
  }

  private async storeStatus(dir: string, kind: StoreKind): Promise<StoreStatus> {
    const file = storePath(dir, kind);
    const unlocked = this.session.unlocked.get(kind);
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

  async inspectStore(input: { readonly file: string }): Promise<StoreInspection> {
    if (typeof input?.file !== 'string' || input.file.length === 0) throw new TypeError('file must be a non-empty string');
    const file = resolve(input.file);
    return describeStore(file, parseContainer(await readStoreFile(file)));
  }

  async unlockStore(input: UnlockStoreInput): Promise<StoreStatus> {
    const { session } = this;
    const kind = input?.store;
    if (!STORE_KINDS.includes(kind)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const { path, parsed, dataKey, docs, present, method } = await openStoreKey(session, kind, input.secret, input.actors);
    session.forget(kind);
    session.unlocked.set(kind, { kind, path, parsed, dataKey, docs, unlockedAt: session.ports.clock.now(), actors: present });
    const unaudited = await recordUnauditedGeneration(session, kind);
    await session.audit({ event: 'store.unlock', actors: present, store: kind, generation: parsed.header.generation, details: { method } });
    const status = await this.storeStatus(session.requireDir(), kind);
    return unaudited ? { ...status, unaudited } : status;
  }

  async lockStore(input: { readonly store: StoreKind }): Promise<void> {
    await this.session.lockStore(input?.store);
  }

  async lockAll(): Promise<void> {
    await this.session.lockAll();
  }
}
