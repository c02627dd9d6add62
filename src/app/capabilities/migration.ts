// Migration: preview a KeePass database or a seed table against the stores, then write each store's part
// in one atomic save with one audit entry; export one store to a new KDBX file. FORMAT.md §18.

import { bytesToHex } from '@noble/hashes/utils.js';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';
import { sha256Digest } from '../../crypto/digest.js';
import { isKdfProfileName, resolveKdfProfile } from '../../crypto/kdf.js';
import { wipe } from '../../crypto/wipe.js';
import { readDriveManifest, readRegisterFile } from '../../drives/drive-files.js';
import { readDriveFacts } from '../../drives/export.js';
import { segregationConflict } from '../../drives/register.js';
import type { VaultSetLock } from '../../stores/vault-set-lock.js';
import { BreakglassError } from '../../errors.js';
import { seedExportEntries, vaultExportEntries, wipeExportEntries } from '../../migration/export-entries.js';
import { countSteps, planKeepassImport, type ImportPlan } from '../../migration/import-plan.js';
import { readKdbx, wipeSourceEntries } from '../../migration/kdbx-read.js';
import { writeKdbx } from '../../migration/kdbx-write.js';
import { parseSeedTable, planSeedImport } from '../../migration/seed-table.js';
import { otherStoreKind, storeKindLabel, type StoreKind } from '../../shared/store-kind.js';
import { readFileIfPresent, realPathOrSelf, writeNewFile } from '../../stores/files.js';
import { addMfaDevice, removeMfaDevice, type SeedStoreDocuments } from '../../stores/seeds.js';
import { putImportedAccounts, type VaultDocument } from '../../stores/vault.js';
import type { ConfirmImportInput, ImportPreview, ImportResult, KdbxExportInput, KdbxExportResult, KeepassImportInput, SeedImportInput } from '../api.js';
import { nativeArgon2 } from '../argon2-raw.js';
import type { PendingImport, VaultSession } from '../session.js';

export const BOTH_FACTORS_WARNING =
  'This KeePass database kept both factors together: root passwords and their MFA (TOTP) seeds. The seeds go only to the MFA seed store, ' +
  'in a second step that needs the MFA custodians to unlock their store, in their presence (it is recorded). Once both stores are exported ' +
  'to their own drives, destroy the source file and every copy of it.';

async function readNamedFile(file: unknown, what: string): Promise<{ path: string; bytes: Uint8Array }> {
  if (typeof file !== 'string' || file.trim() === '') throw new BreakglassError('VALIDATION', `Choose the ${what}.`, { field: 'file' });
  const path = resolve(file);
  const read = await readFileIfPresent(path);
  if (read.state === 'read') return { path, bytes: read.bytes };
  throw new BreakglassError(
    'NOT_FOUND',
    read.state === 'absent' ? `The ${what} ${path} does not exist: check the file name. Nothing was imported.` : `Cannot read the ${what} ${path} (${read.reason}). Nothing was imported.`,
  );
}

function pendingView(pending: PendingImport): ImportPreview['pending'] {
  return {
    passwordVault: pending.plan.accounts.length > 0 && !pending.done.has('password-vault'),
    mfaSeeds: pending.plan.devices.length > 0 && !pending.done.has('mfa-seeds'),
  };
}

function previewOf(pending: PendingImport): ImportPreview {
  return {
    source: pending.source,
    file: pending.file,
    sha256: pending.sha256,
    format: pending.format,
    rows: pending.plan.rows,
    recycled: pending.recycled,
    unmapped: pending.unmapped,
    needsClass: pending.plan.needsClass,
    vault: countSteps(pending.plan.rows, 'vault'),
    mfa: countSteps(pending.plan.rows, 'mfa'),
    warnings: pending.warnings,
    pending: pendingView(pending),
  };
}

function kdfText(params: { memoryKiB: number; iterations: number; parallelism: number }): string {
  return `Argon2id ${params.memoryKiB / 1024} MiB × ${params.iterations} pass${params.iterations === 1 ? '' : 'es'}, ${params.parallelism} lane${params.parallelism === 1 ? '' : 's'}`;
}

export class MigrationCapability {
  constructor(private readonly session: VaultSession) {}

  private vaultIndex(): Map<string, VaultDocument['accounts'][number]['accountClass']> {
    if (!this.session.unlocked.has('password-vault')) {
      throw new BreakglassError('AUTH', 'Unlock the password vault first: the import checks which accounts it already holds. Nothing was imported.');
    }
    return new Map(this.session.vault().doc.accounts.map((a) => [a.accountId, a.accountClass]));
  }

  private hold(pending: PendingImport): ImportPreview {
    this.session.dropPendingImport();
    this.session.pendingImport = pending;
    return previewOf(pending);
  }

  async previewKeepassImport(input: KeepassImportInput): Promise<ImportPreview> {
    const { session } = this;
    session.requireDir();
    const vault = this.vaultIndex();
    if (typeof input?.masterPassword !== 'string') throw new TypeError('masterPassword must be a string');
    const source = await readNamedFile(input.file, 'KeePass database');
    const keyFile = input.keyFile !== undefined ? await readNamedFile(input.keyFile, 'key file') : undefined;
    const metadata = await session.seedMetadataOrThrow();
    const password = new TextEncoder().encode(input.masterPassword);
    let contents;
    try {
      contents = await readKdbx(source.bytes, { password, ...(keyFile ? { keyFile: keyFile.bytes } : {}) }, nativeArgon2);
    } finally {
      wipe(password, keyFile?.bytes);
    }
    let plan: ImportPlan;
    try {
      plan = planKeepassImport(contents.entries, vault, metadata, {
        defaultClass: input.defaultClass,
        ...(input.classes ? { classes: input.classes } : {}),
        ...(input.mapping ? { mapping: input.mapping } : {}),
        update: input.update === true,
      });
    } finally {
      wipeSourceEntries(contents.entries);
    }
    if (!plan.rows.some((row) => row.accountId !== null)) {
      throw new BreakglassError(
        'VALIDATION',
        `No entry of this KeePass database (${contents.entries.length} outside the recycle bin) names an AWS account: none has a 12-digit account id in a field ` +
          '(AccountId, AWS Account, Account #), its title or its sign-in URL. Add the ids in KeePassXC, or map the entries here. Nothing was imported.',
        { field: 'file' },
      );
    }
    const warnings: string[] = [];
    if (plan.rows.some((row) => row.mfa.action !== 'none')) warnings.push(BOTH_FACTORS_WARNING);
    const rotate = plan.rows.filter((row) => row.rotate).length;
    if (rotate > 0) warnings.push(`${rotate} root password${rotate === 1 ? ' is' : 's are'} below AWS' root password policy: imported unchanged and flagged "rotate". Change them in AWS soon.`);
    return this.hold({
      source: 'keepass',
      file: source.path,
      sha256: bytesToHex(sha256Digest(source.bytes)),
      format: `${contents.format} (${contents.kdf}, ${contents.cipher})`,
      recycled: contents.recycled,
      unmapped: plan.rows.filter((row) => row.accountId === null && row.vault.reason !== 'skipped as chosen').length,
      warnings,
      plan,
      done: new Set(),
    });
  }

  async previewSeedImport(input: SeedImportInput): Promise<ImportPreview> {
    const { session } = this;
    session.requireDir();
    const source = await readNamedFile(input?.file, 'seed table');
    const metadata = await session.seedMetadataOrThrow();
    const vault = session.unlocked.has('password-vault') ? new Map(session.vault().doc.accounts.map((a) => [a.accountId, a.accountClass])) : undefined;
    const sha256 = bytesToHex(sha256Digest(source.bytes));
    const table = parseSeedTable(source.bytes);
    wipe(source.bytes);
    if (table.rows.length === 0) throw new BreakglassError('VALIDATION', 'The seed table has a header but no rows: nothing to import.', { field: 'file' });
    const plan = planSeedImport(table.rows, metadata, vault, input.update === true);
    const unknown = plan.rows.filter((row) => row.mfa.reason?.startsWith('unknown account')).length;
    const warnings = [
      'A seed table is a second factor kept in plain text: once the MFA seed store is exported to its own drives, destroy the table and every copy of it.',
      ...(unknown > 0 ? [`${unknown} account${unknown === 1 ? ' is' : 's are'} unknown to the password vault: imported and flagged; check the account ids.`] : []),
    ];
    return this.hold({
      source: 'seeds',
      file: source.path,
      sha256,
      format: table.format,
      recycled: 0,
      unmapped: 0,
      warnings,
      plan,
      done: new Set(),
    });
  }

  /** Saves one store's part of the previewed import: the save and its audit entry under the vault-set lock. */
  async confirmImport(input: ConfirmImportInput): Promise<ImportResult> {
    return this.session.withLock((lock) => this.confirmImportHoldingLock(input, lock));
  }

  private async confirmImportHoldingLock(input: ConfirmImportInput, lock: VaultSetLock): Promise<ImportResult> {
    const { session } = this;
    const pending = session.pendingImport;
    if (!pending) throw new BreakglassError('SESSION', 'No import is waiting to be confirmed: preview one first.');
    const kind = input?.store;
    if (kind !== 'password-vault' && kind !== 'mfa-seeds') throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    if (pending.done.has(kind)) throw new BreakglassError('CONFLICT', `The ${storeKindLabel(kind)} part of this import is already saved.`);
    const counts = countSteps(pending.plan.rows, kind === 'password-vault' ? 'vault' : 'mfa');
    let generation: number | null = null;
    if (kind === 'password-vault') {
      if (pending.plan.needsClass > 0) {
        throw new BreakglassError('VALIDATION', `${pending.plan.needsClass} new account${pending.plan.needsClass === 1 ? ' needs' : 's need'} a class (management or excluded): choose one for all, or per entry, and preview again. Nothing was imported.`, { field: 'accountClass' });
      }
      if (pending.plan.accounts.length > 0) {
        const { store, doc } = session.vault();
        const context = session.sealContext(store);
        const next = putImportedAccounts(doc, pending.plan.accounts.map((account) => ({ input: account, password: account.password, replace: account.replace })), context);
        generation = (await session.save(lock, store, { kind: 'password-vault', vault: next, custody: store.docs.custody })).generation;
        for (const account of pending.plan.accounts) account.password.fill(0);
      }
    } else if (pending.plan.devices.length > 0) {
      const { store, docs } = session.seeds();
      const context = session.sealContext(store);
      let next: SeedStoreDocuments = docs;
      for (const device of pending.plan.devices) {
        if (device.replace) next = removeMfaDevice(next, device.accountId, device.name);
        next = addMfaDevice(next, { type: 'virtual', accountId: device.accountId, name: device.name, algorithm: device.algorithm, digits: device.digits, period: device.period }, device.seed, context).docs;
      }
      generation = (await session.save(lock, store, { kind: 'mfa-seeds', seeds: next, custody: store.docs.custody })).generation;
      for (const device of pending.plan.devices) device.seed.fill(0);
    }
    pending.done.add(kind);
    if (generation !== null) {
      await session.audit({
        event: 'migration.import',
        ...(input.actors ? { actors: input.actors } : {}),
        store: kind,
        generation,
        details: {
          source: pending.source,
          file: basename(pending.file),
          sourceSha256: pending.sha256,
          format: pending.format,
          added: counts.added,
          updated: counts.updated,
          skipped: counts.skipped,
          ...(kind === 'password-vault' ? { rotate: counts.rotate, recycled: pending.recycled, unmapped: pending.unmapped } : {}),
        },
      });
    }
    const left = pendingView(pending);
    if (!left.passwordVault && !left.mfaSeeds) session.dropPendingImport();
    return { store: kind, generation, counts, pending: left };
  }

  async cancelImport(): Promise<void> {
    this.session.dropPendingImport();
  }

  /** Refuses a target on a drive that holds, or has held, the other store of this vault set. */
  private async checkTargetDrive(outFile: string, kind: StoreKind, setIdHex: string): Promise<void> {
    const { session } = this;
    const folder = await realPathOrSelf(dirname(outFile));
    const drives = await session.discoveredDrives();
    const candidates = await Promise.all(drives.map(async (d) => ({ drive: d, real: await realPathOrSelf(d.mountPoint) })));
    const found = candidates
      .filter(({ real }) => folder === real || folder.startsWith(real.endsWith(sep) ? real : real + sep))
      .sort((a, b) => b.real.length - a.real.length)[0];
    if (!found) return;
    const { drive } = found;
    let facts;
    try {
      facts = (await readDriveFacts({ mountPoint: drive.mountPoint, serial: drive.serial, uuid: drive.uuid, label: drive.label, removable: drive.removable }, undefined, session.now(), session.ports.rng)).facts;
    } catch {
      facts = { markerId: '', serial: drive.serial, uuid: drive.uuid, label: drive.label, name: drive.mountPoint };
    }
    const manifest = await readDriveManifest(drive.mountPoint).catch(() => undefined);
    const conflict = segregationConflict(await readRegisterFile(session.requireDir()), facts, manifest, kind, setIdHex);
    if (conflict) {
      throw new BreakglassError(
        'SEGREGATION',
        `Refused: ${conflict}. An export of the ${storeKindLabel(kind)} never goes onto a drive of the ${storeKindLabel(otherStoreKind(kind))}: choose another drive or folder. Nothing was written.`,
      );
    }
  }

  async exportKdbx(input: KdbxExportInput): Promise<KdbxExportResult> {
    const { session } = this;
    const kind = input?.store;
    if (kind !== 'password-vault' && kind !== 'mfa-seeds') throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    const dir = session.requireDir();
    const store = session.requireUnlocked(kind);
    const out = input.outFile;
    if (typeof out !== 'string' || !isAbsolute(out)) {
      throw new BreakglassError('VALIDATION', `The export file must be a full path (starting with /), not ${JSON.stringify(out)}: nothing was written.`, { field: 'outFile' });
    }
    if (!out.toLowerCase().endsWith('.kdbx')) throw new BreakglassError('VALIDATION', `The export file must end in .kdbx (KeePassXC opens it), not ${basename(out)}: nothing was written.`, { field: 'outFile' });
    const realSet = await realPathOrSelf(dir);
    const realFolder = await realPathOrSelf(dirname(out));
    if (realFolder === realSet || realFolder.startsWith(realSet + sep)) {
      throw new BreakglassError('CONFLICT', `${out} is inside the vault set folder: an export goes elsewhere (its own drive). Nothing was written.`, { field: 'outFile' });
    }
    const profile = input.kdfProfile ?? 'strong';
    if (!isKdfProfileName(profile) || !session.kdfProfiles().includes(profile)) throw new BreakglassError('VALIDATION', `The key-derivation profile ${JSON.stringify(profile)} is not allowed here.`, { field: 'kdfProfile' });
    if (typeof input.masterPassword !== 'string' || [...input.masterPassword].length < 12) {
      throw new BreakglassError('VALIDATION', 'The export\'s new master password must be at least 12 characters: it protects every secret of the store. Nothing was written.', { field: 'masterPassword' });
    }
    await this.checkTargetDrive(resolve(out), kind, bytesToHex(store.parsed.header.setId));
    const kdf = resolveKdfProfile(profile, session.ports.totalMemoryBytes());
    const key = { dataKey: store.dataKey, setId: store.parsed.header.setId };
    const entries = store.docs.kind === 'password-vault' ? vaultExportEntries(store.docs.vault, key) : seedExportEntries(store.docs.seeds, key);
    const masterPassword = new TextEncoder().encode(input.masterPassword);
    let bytes: Uint8Array;
    try {
      bytes = await writeKdbx({ databaseName: `Breakglass ${storeKindLabel(kind)} export`, masterPassword, kdf, entries }, nativeArgon2);
    } finally {
      wipe(masterPassword);
      wipeExportEntries(entries);
    }
    await writeNewFile(resolve(out), bytes);
    const sha256 = bytesToHex(sha256Digest(bytes));
    await session.audit({
      event: 'migration.export',
      ...(input.actors ? { actors: input.actors } : {}),
      store: kind,
      generation: store.parsed.header.generation,
      details: { file: resolve(out), entries: entries.length, sha256, kdf: kdfText(kdf) },
    });
    return { store: kind, file: resolve(out), entries: entries.length, sha256, kdf: kdfText(kdf) };
  }
}
