// The audit log: its entries for people, and its verification — the hash chain, then the drives' copies
// that anchor it (the log must still begin with each). FORMAT.md §10.5 and §10.6.

import { resolve } from 'node:path';
import { auditLogPath, isAuditLogTorn, readAuditLog } from '../../audit/audit-file.js';
import { repairAuditLog } from '../../audit/audit-repair.js';
import { formatAuditEntry, verifyAuditChain } from '../../audit/audit-log.js';
import { anchorAuditLog, type AuditAnchor } from '../../drives/drive-audit-copy.js';
import { readDriveManifest } from '../../drives/drive-files.js';
import type { DriveManifest } from '../../drives/manifest.js';
import type { AuditEntryView, AuditRepairSummary, AuditVerification } from '../api.js';
import type { DiscoveredDrive } from '../ports.js';
import type { VaultSession } from '../session.js';

export class AuditCapability {
  constructor(private readonly session: VaultSession) {}

  async repairAuditLog(input: { readonly actors?: readonly string[] } = {}): Promise<AuditRepairSummary> {
    const dir = this.session.requireDir();
    const actors = input?.actors ?? [];
    if (!Array.isArray(actors) || actors.some((a) => typeof a !== 'string')) throw new TypeError('actors must be a list of names');
    const repair = await repairAuditLog(dir, { actors, setId: this.session.setIdHex ?? null }, this.session.ports.clock);
    return { file: auditLogPath(dir), sideFile: repair.sideFile, bytes: repair.bytes, sha256: repair.sha256, entriesKept: repair.entriesKept, seq: repair.record.entry.seq };
  }

  async verifyAuditLog(input: { readonly expectedHead?: string; readonly againstDrives?: readonly string[] } = {}): Promise<AuditVerification> {
    const dir = this.session.requireDir();
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
      : { ok: false, file, entries: result.entriesBefore.length, brokenAt: result.brokenAt, anchors, ...((await isAuditLogTorn(dir)) ? { torn: true } : {}) };
  }

  /**
   * The drives' audit-log copies checked against `log`: the given mount points, or every mounted drive
   * whose BREAKGLASS folder holds an export of this vault set (FORMAT.md §10.6).
   */
  private async auditAnchors(log: string, against: readonly string[] | undefined): Promise<AuditAnchor[]> {
    const setId = this.session.setIdHex;
    const options = setId ? { setId } : {};
    if (against !== undefined) return Promise.all([...new Set(against.map((m) => resolve(m)))].map((m) => anchorAuditLog(log, m, options)));
    let drives: readonly DiscoveredDrive[];
    try {
      drives = await this.session.discoveredDrives();
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
    const dir = this.session.requireDir();
    const result = verifyAuditChain(await readAuditLog(dir));
    const entries = result.ok ? result.entries : result.entriesBefore;
    const file = auditLogPath(dir);
    const torn = !result.ok && (await isAuditLogTorn(dir)) ? { torn: true } : {};
    return {
      entries: entries.map((entry) => ({ ...entry, actor: [...entry.actor], details: { ...entry.details }, text: formatAuditEntry(entry) })),
      verification: result.ok
        ? { ok: true, file, entries: result.entries.length, head: result.head }
        : { ok: false, file, entries: result.entriesBefore.length, brokenAt: result.brokenAt, ...torn },
    };
  }
}
