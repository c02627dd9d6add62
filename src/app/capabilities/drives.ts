// Drives: what is mounted (with the register's knowledge and segregation refusals), a store exported with
// read-back, a drive verified without any key, a store restored from one. FORMAT.md §14; DESIGN §3.3 and §3.6.

import { bytesToHex } from '@noble/hashes/utils.js';
import { resolve } from 'node:path';
import { AUDIT_LOG_FILE_NAME, auditLogPath, readAuditLog } from '../../audit/audit-file.js';
import { sha256Digest as sha256 } from '../../crypto/digest.js';
import { STORE_KINDS, storeKindLabel, type StoreKind } from '../../shared/store-kind.js';
import { filesystemSpace } from '../../drives/discover.js';
import { checkedDriveAuditLog, type CheckedDriveAuditCopy } from '../../drives/drive-audit-copy.js';
import { readDriveManifest, readRegisterFile, registerWithLoggedExports, writeRegisterFile } from '../../drives/drive-files.js';
import { exportToDrive, noSerialWarning, unidentifiableReason, type ExportTarget } from '../../drives/export.js';
import { MANIFEST_FILE, type DriveManifest } from '../../drives/manifest.js';
import { loggedExportsInLog, registerAfterRestore, registerAfterVerify } from '../../drives/register-merge.js';
import { driveFreshness, EMPTY_REGISTER, findDrive, recordFailedVerification, recordIntendedExport, registerFromExports, segregationConflict, type DriveRegister } from '../../drives/register.js';
import { verifyDrive } from '../../drives/verify.js';
import { BreakglassError } from '../../errors.js';
import { withVaultSetLock } from '../../stores/vault-set-lock.js';
import { fileSizeIfPresent, makePrivateDirectory, readStoreFile, storePath, writeFileAtomic } from '../../stores/files.js';
import type { DriveVerificationView, DrivesReport, DriveView, ExportInput, ExportSummary, RestoreInput, RestoreSummary } from '../api.js';
import type { DiscoveredDrive } from '../ports.js';
import { appVersion, recoveryKitFiles } from '../installed-package.js';
import type { VaultSession } from '../session.js';

export class DrivesCapability {
  constructor(private readonly session: VaultSession) {}

  /** Discovery's view of the drive mounted at `mountPoint` (or the filesystem holding it). */
  private async targetFor(mountPoint: string): Promise<ExportTarget> {
    const { session } = this;
    const path = resolve(mountPoint);
    const drives = await session.discoveredDrives();
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

  /** The register with the exports the audit log records, read only: a listing repairs nothing (export does). */
  private async registerForListing(dir: string, setId: string | undefined): Promise<DriveRegister> {
    let register: DriveRegister;
    try {
      register = await readRegisterFile(dir);
    } catch {
      register = EMPTY_REGISTER;
    }
    if (!setId) return register;
    try {
      return registerFromExports(register, loggedExportsInLog(await readAuditLog(dir), setId));
    } catch {
      return register; // an unreadable log is reported by "audit verify"
    }
  }

  async listDrives(): Promise<DrivesReport> {
    const { session } = this;
    const dir = session.dir;
    const setId = session.setIdHex;
    const register = dir ? await this.registerForListing(dir, setId) : EMPTY_REGISTER;
    const views: DriveView[] = [];
    for (const drive of await session.discoveredDrives()) {
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
                ...(entry.damaged ? { damaged: entry.damaged } : {}),
              },
            }
          : {}),
        refused,
      });
    }
    const current = await this.currentGenerations();
    return {
      drives: views,
      hotplug: session.ports.drives ? session.ports.drives.hotplug() : { active: false, reason: 'no drive discovery on this host: use Rescan' },
      freshness: setId ? driveFreshness(register, setId, current) : [],
    };
  }

  /** Holds the vault-set lock from reading the store, log and register through the register write. */
  async exportStore(input: ExportInput): Promise<ExportSummary> {
    return this.session.withLock(() => this.exportHoldingLock(input));
  }

  private async exportHoldingLock(input: ExportInput): Promise<ExportSummary> {
    const { session } = this;
    const kind = input?.store;
    if (!STORE_KINDS.includes(kind)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    if (typeof input.mountPoint !== 'string' || input.mountPoint === '') throw new TypeError('mountPoint must be a non-empty string');
    const dir = session.requireDir();
    const { parsed } = await session.readStore(kind);
    const storeFile = await readStoreFile(storePath(dir, kind));
    const audit = await readAuditLog(dir);
    const setId = bytesToHex(parsed.header.setId);
    // The register, completed from the exports the audit log records (rebuilt, and saved, when missing or damaged).
    const { register, notices: registerNotices } = await registerWithLoggedExports(dir, setId, audit);
    const notices = [...registerNotices];
    const target = await this.targetFor(input.mountPoint);
    const fingerprint = bytesToHex(sha256(storeFile));
    const result = await exportToDrive({
      target,
      ...(input.driveName !== undefined ? { driveName: input.driveName } : {}),
      ...(input.location !== undefined ? { location: input.location } : {}),
      allowFixed: input.allowFixed === true,
      storeFile,
      // The log as it is now (counted in the space check); rewritten below with the export's own entry.
      extraFiles: [{ path: AUDIT_LOG_FILE_NAME, bytes: new TextEncoder().encode(audit) }, ...(await recoveryKitFiles())],
      register,
      appVersion: appVersion(),
      now: session.now(),
      rng: session.ports.rng,
      // The export's own entry goes into the drive's copy, so the copy ends where the log ends and
      // anchors its last line (FORMAT.md §10.6): a later edit or removal of it disagrees with the drive.
      beforeWrite: async ({ facts, allowFixed }) => {
        const held = { storeKind: kind, setId, generation: parsed.header.generation, sha256: fingerprint, exportedAt: session.now() };
        await writeRegisterFile(dir, recordIntendedExport(register, facts, input.location ?? '', allowFixed, held));
      },
      beforeManifest: async ({ facts, store, allowFixed }) => {
        await session.audit({
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
    const noSerial = noSerialWarning(target, result.facts.name, kind);
    if (noSerial) notices.push(noSerial);
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
      notices,
    };
  }

  private async currentGenerations(): Promise<Partial<Record<StoreKind, number>>> {
    const { session } = this;
    const current: Partial<Record<StoreKind, number>> = {};
    if (!session.dir) return current;
    for (const kind of STORE_KINDS) {
      try {
        current[kind] = (await session.readStore(kind)).parsed.header.generation;
      } catch {
        // absent or unreadable: no comparison
      }
    }
    return current;
  }

  /** Verifies a drive; with a vault set open, under its write lock, since the verdict goes into its register. */
  async verifyDrive(input: { readonly mountPoint: string }): Promise<DriveVerificationView> {
    return this.session.dir ? this.session.withLock(() => this.verifyDriveLocked(input)) : this.verifyDriveLocked(input);
  }

  private async verifyDriveLocked(input: { readonly mountPoint: string }): Promise<DriveVerificationView> {
    const { session } = this;
    if (typeof input?.mountPoint !== 'string' || input.mountPoint === '') throw new TypeError('mountPoint must be a non-empty string');
    const register = session.dir ? await readRegisterFile(session.dir) : undefined;
    let auditLog: string | undefined;
    try {
      auditLog = session.dir ? await readAuditLog(session.dir) : undefined;
    } catch {
      auditLog = undefined; // an unreadable log is reported by "audit verify", not held against the drive
    }
    const result = await verifyDrive(resolve(input.mountPoint), {
      ...(register ? { register } : {}),
      ...(session.setIdHex ? { setId: session.setIdHex } : {}),
      current: await this.currentGenerations(),
      ...(auditLog !== undefined ? { auditLog } : {}),
    });
    const findings = [...result.findings];
    const problem = result.findings.find((f) => f.level === 'error')?.message;
    if (session.dir && register && result.manifest && result.manifest.setId === session.setIdHex) {
      // The drive's log copy may record exports this workstation has not seen — after a rebuild — and so
      // drives segregation must know.
      const copy = result.store ? await checkedDriveAuditLog(resolve(input.mountPoint), result.manifest, session.setIdHex) : undefined;
      const { register: next, learned } = registerAfterVerify(register, {
        copyEntries: copy?.state === 'good' ? copy.entries : undefined,
        manifest: result.manifest,
        verified: result.ok,
        at: session.now(),
        ...(problem ? { problem } : {}),
      });
      if (learned.length > 0) {
        const names = learned.map((name) => `"${name}"`).join(', ');
        findings.push({ level: 'ok', kind: 'register-learned', message: `Added to the drive register from the exports this drive's audit-log copy records: ${names}.` });
      }
      if (next !== register) await writeRegisterFile(session.dir, next);
    } else if (session.dir && register && !result.ok && problem) {
      // No readable manifest of this set (removed, damaged, another set's): a drive the register knows by its
      // serial or UUID no longer holds a sound copy, and shows as damaged until it is exported to again.
      const target = await this.targetFor(input.mountPoint);
      const facts = { markerId: '', serial: target.serial, uuid: target.uuid, label: target.label, name: target.mountPoint };
      const next = target.serial || target.uuid ? recordFailedVerification(register, facts, session.now(), problem) : register;
      if (next !== register) await writeRegisterFile(session.dir, next);
    }
    return {
      mountPoint: result.mountPoint,
      ok: result.ok,
      ...(result.manifest ? { driveName: result.manifest.drive.name, exportedAt: result.manifest.exportedAt } : {}),
      ...(result.store ? { store: result.store } : {}),
      findings,
    };
  }

  /** Holds the vault-set lock from reading the workstation's generations through the audit entry. */
  async restoreStore(input: RestoreInput): Promise<RestoreSummary> {
    if (typeof input?.dir !== 'string' || input.dir === '') throw new TypeError('dir must be a non-empty string');
    const dir = resolve(input.dir);
    await makePrivateDirectory(dir);
    return withVaultSetLock(dir, () => this.restoreHoldingLock(input));
  }

  private async restoreHoldingLock(input: RestoreInput): Promise<RestoreSummary> {
    const { session } = this;
    const kind = input?.store;
    if (!STORE_KINDS.includes(kind)) throw new TypeError('store must be "password-vault" or "mfa-seeds"');
    if (typeof input.dir !== 'string' || input.dir === '') throw new TypeError('dir must be a non-empty string');
    const dir = resolve(input.dir);
    await makePrivateDirectory(dir);
    await session.switchTo(dir);
    session.setIdHex = undefined;
    const current = await this.currentGenerations();
    for (const other of STORE_KINDS) {
      if (current[other] !== undefined) session.setIdHex ??= bytesToHex((await session.readStore(other)).parsed.header.setId);
    }
    const register = await readRegisterFile(dir);
    const result = await verifyDrive(resolve(input.mountPoint), { register, ...(session.setIdHex ? { setId: session.setIdHex } : {}), current });
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
          'Nothing was restored. Replace it with the older copy only if the workstation copy is known bad.',
        { action: { kind: 'allow-older' } },
      );
    }
    if (session.unlocked.has(kind)) session.forget(kind);
    const path = storePath(dir, kind);
    await writeFileAtomic(path, result.storeFile, { keepPrevious: true });
    const back = await readStoreFile(path);
    if (bytesToHex(sha256(back)) !== result.manifest.store.sha256) {
      throw new BreakglassError('IO', `The restored ${path} does not read back as written: check this workstation's disk. The previous file is ${path}.prev.`);
    }
    session.setIdHex = result.store.setId;
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
      at: session.now(),
    });
    if (learned > 0) {
      auditLog = {
        ...auditLog,
        message: `${auditLog.message} The drive register learnt ${learned} drive${learned === 1 ? '' : 's'} from the exports this drive's log copy records.`,
      };
    }
    await writeRegisterFile(dir, next);
    await session.audit({
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
}
