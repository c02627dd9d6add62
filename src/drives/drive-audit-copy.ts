// A drive's audit-log copy (BREAKGLASS/audit-log.jsonl, hashed in its manifest): read and checked, as an anchor
// for the workstation's log (which must still begin with it) and as the log a restore brings back. FORMAT.md §10.6 and §14.1.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { checkAuditLogExtendsCopy } from '../audit/log-prefix.js';
import { AUDIT_LOG_FILE_NAME } from '../audit/audit-file.js';
import { verifyAuditChain, type AuditEntry } from '../audit/audit-log.js';
import { sha256Digest as sha256 } from '../crypto/digest.js';
import { readDriveManifest } from './drive-files.js';
import { DRIVE_FOLDER, MANIFEST_FILE, type DriveManifest } from './manifest.js';

/** One drive's verdict on the workstation's audit log. */
export interface AuditAnchor {
  readonly mountPoint: string;
  /** The custodian-assigned name from the drive's manifest, when it has one. */
  readonly driveName?: string;
  readonly exportedAt?: string;
  /** Entries in the drive's copy (0 when it could not be read). */
  readonly entries: number;
  /** The log still begins with the copy, unchanged. */
  readonly ok: boolean;
  readonly message: string;
}

/** 'drive "PW-A onsite" (exported 2026-11-22T08:00:00Z)': how messages name a drive's copy. */
export function describeDriveCopy(manifest: Pick<DriveManifest, 'drive' | 'exportedAt'>): string {
  return `drive "${manifest.drive.name}" (exported ${manifest.exportedAt})`;
}

/**
 * The drive's audit-log copy as text, checked against the SHA-256 and size its manifest records, or
 * why it cannot serve as an anchor (a problem for people).
 */
export async function readDriveAuditCopy(manifest: DriveManifest, mountPoint: string): Promise<{ text: string } | { problem: string }> {
  const source = describeDriveCopy(manifest);
  const expected = manifest.files[AUDIT_LOG_FILE_NAME];
  if (expected === undefined) {
    return { problem: `${source} holds no audit-log copy (its manifest lists none), so it cannot vouch for the workstation's log. Export to it again.` };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(join(mountPoint, DRIVE_FOLDER, AUDIT_LOG_FILE_NAME)));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read (${(error as Error).message})`;
    return { problem: `The audit-log copy on ${source} ${why}: verify the drive.` };
  }
  if (bytes.length !== expected.size || bytesToHex(sha256(bytes)) !== expected.sha256) {
    return {
      problem: `The audit-log copy on ${source} does not match its manifest (SHA-256 or size differs): it was damaged or altered on the drive. Keep it as evidence and verify the drive.`,
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { problem: `The audit-log copy on ${source} is not valid UTF-8 text, so it cannot vouch for the workstation's log.` };
  }
}

/**
 * Checks `log` (the workstation's audit log) against the copy on the drive at `mountPoint`. With `setId`,
 * a drive of another vault set is reported, not compared.
 */
export async function anchorAuditLog(log: string, mountPoint: string, options: { readonly setId?: string } = {}): Promise<AuditAnchor> {
  let manifest: DriveManifest;
  try {
    manifest = await readDriveManifest(mountPoint);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      mountPoint,
      entries: 0,
      ok: false,
      message: missing
        ? `${mountPoint} holds no Breakglass export (no ${DRIVE_FOLDER}/${MANIFEST_FILE}), so it cannot vouch for the audit log. Check the mount point.`
        : `The manifest on ${mountPoint} cannot be read (${(error as Error).message}), so its audit-log copy cannot be trusted. Verify the drive.`,
    };
  }
  const named = { mountPoint, driveName: manifest.drive.name, exportedAt: manifest.exportedAt };
  if (options.setId !== undefined && manifest.setId !== options.setId) {
    return {
      ...named,
      entries: 0,
      ok: false,
      message: `${describeDriveCopy(manifest)} holds an export of another vault set (${manifest.setId}), not this one (${options.setId}): its audit log is not this log's.`,
    };
  }
  const copy = await readDriveAuditCopy(manifest, mountPoint);
  if ('problem' in copy) return { ...named, entries: 0, ok: false, message: copy.problem };
  const result = checkAuditLogExtendsCopy(log, copy.text, describeDriveCopy(manifest));
  return { ...named, entries: result.copyEntries, ok: result.ok, message: result.message };
}

/** A drive's audit-log copy as a restore or a verify may use it: absent, unusable (and why), or good. */
export type CheckedDriveAuditCopy =
  | { readonly state: 'absent' }
  | { readonly state: 'bad'; readonly path: string; readonly why: string }
  | { readonly state: 'good'; readonly path: string; readonly bytes: Uint8Array; readonly entries: readonly AuditEntry[] };

/**
 * A drive's audit-log copy, read and checked: its manifest's SHA-256 and size and UTF-8 (readDriveAuditCopy),
 * then an unbroken hash chain and nothing of another vault set.
 */
export async function checkedDriveAuditLog(mountPoint: string, manifest: DriveManifest, setId: string): Promise<CheckedDriveAuditCopy> {
  if (manifest.files[AUDIT_LOG_FILE_NAME] === undefined) return { state: 'absent' };
  const path = join(mountPoint, DRIVE_FOLDER, AUDIT_LOG_FILE_NAME);
  const copy = await readDriveAuditCopy(manifest, mountPoint);
  if ('problem' in copy) return { state: 'bad', path, why: copy.problem.replace(/\.$/, '') };
  const chain = verifyAuditChain(copy.text);
  if (!chain.ok) return { state: 'bad', path, why: `its hash chain is broken (${chain.brokenAt.reason})` };
  const foreign = chain.entries.find((e) => e.setId !== null && e.setId !== setId);
  if (foreign) return { state: 'bad', path, why: `entry ${foreign.seq} belongs to another vault set (${foreign.setId})` };
  return { state: 'good', path, bytes: new TextEncoder().encode(copy.text), entries: chain.entries };
}
