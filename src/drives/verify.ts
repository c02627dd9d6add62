// Checks a drive's BREAKGLASS/ folder without any key: manifest against every file's hash and size,
// the store header against the manifest, and the drive against the local register (stale, foreign,
// unknown). FORMAT.md §14.4.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256Digest as sha256 } from '../crypto/digest.js';
import { parseContainer } from '../crypto/container.js';
import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { BreakglassError } from '../errors.js';
import { checkAuditLogExtendsCopy } from '../audit/log-prefix.js';
import { AUDIT_LOG_FILE_NAME } from '../audit/audit-file.js';
import { describeDriveCopy, readDriveAuditCopy } from './drive-audit-copy.js';
import { decodeManifest, decodeMarker, DRIVE_FOLDER, LEGACY_MANIFEST_SCHEMA, MANIFEST_FILE, MARKER_FILE, type DriveManifest } from './manifest.js';
import { findDrive, type DriveRegister } from './register.js';

export type FindingLevel = 'ok' | 'warning' | 'error';

export interface DriveFinding {
  readonly level: FindingLevel;
  /** 'intact' | 'damaged' | 'missing' | 'stale' | 'foreign' | 'unknown-drive' | 'no-manifest' | … */
  readonly kind: string;
  readonly message: string;
}

export interface DriveVerification {
  readonly mountPoint: string;
  readonly ok: boolean;
  readonly manifest?: DriveManifest;
  readonly store?: { readonly kind: StoreKind; readonly setId: string; readonly generation: number; readonly fingerprint: string };
  readonly findings: readonly DriveFinding[];
  /** The verified store file, when the drive is intact (used by restore). */
  readonly storeFile?: Uint8Array;
}

export interface VerifyOptions {
  readonly register?: DriveRegister;
  /** The vault set the workstation holds, to call other sets foreign. */
  readonly setId?: string;
  /** Current generations on the workstation, to call older copies stale. */
  readonly current?: Readonly<Partial<Record<StoreKind, number>>>;
  /**
   * The workstation's audit log (text), to check that it still begins with the drive's copy (an error
   * when it does not) and to call an older copy stale. Compared only for a drive of `setId`.
   */
  readonly auditLog?: string;
}

async function read(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    return undefined;
  }
}

export async function verifyDrive(mountPoint: string, options: VerifyOptions = {}): Promise<DriveVerification> {
  const folder = join(mountPoint, DRIVE_FOLDER);
  const findings: DriveFinding[] = [];
  const add = (level: FindingLevel, kind: string, message: string) => findings.push({ level, kind, message });
  const manifestBytes = await read(join(folder, MANIFEST_FILE));
  if (!manifestBytes) {
    add('error', 'no-manifest', `${folder} has no ${MANIFEST_FILE}: this drive holds no Breakglass export (or it was removed).`);
    return { mountPoint, ok: false, findings };
  }
  let manifest: DriveManifest;
  try {
    manifest = decodeManifest(manifestBytes);
  } catch (error) {
    add('error', 'damaged', `${MANIFEST_FILE} is damaged (${(error as Error).message}). Re-export to this drive from a verified copy.`);
    return { mountPoint, ok: false, findings };
  }
  if (manifest.schema === LEGACY_MANIFEST_SCHEMA) {
    add(
      'warning',
      'unchecked-metadata',
      `${MANIFEST_FILE} has the first manifest schema: its drive identity and metadata fields carry no checksum and ${MARKER_FILE} is not covered, so damage to them cannot be detected. Export to this drive again to upgrade it.`,
    );
  }
  const label = storeKindLabel(manifest.storeKind);
  const storeFile = await read(join(folder, manifest.store.file));
  let store: DriveVerification['store'];
  if (!storeFile) {
    add('error', 'missing', `The ${label} file ${manifest.store.file} is missing from the drive.`);
  } else if (storeFile.length !== manifest.store.size || bytesToHex(sha256(storeFile)) !== manifest.store.sha256) {
    add('error', 'damaged', `The ${label} file on this drive does not match its manifest (SHA-256 or size differs): it is damaged. Use another copy.`);
  } else {
    try {
      const parsed = parseContainer(storeFile, manifest.storeKind);
      store = {
        kind: parsed.header.kind,
        setId: bytesToHex(parsed.header.setId),
        generation: parsed.header.generation,
        fingerprint: bytesToHex(parsed.fingerprint),
      };
      if (store.setId !== manifest.setId || store.generation !== manifest.generation) {
        add('error', 'damaged', `The ${label} header (set ${store.setId}, generation ${store.generation}) disagrees with the manifest.`);
      } else {
        add('ok', 'intact', `The ${label}, generation ${store.generation}, matches its manifest (SHA-256 ${store.fingerprint}).`);
      }
    } catch (error) {
      const code = error instanceof BreakglassError ? ` [${error.code}]` : '';
      add('error', 'damaged', `The ${label} file matches its manifest but is not a sound store: ${(error as Error).message}${code}`);
    }
  }
  const badFiles = new Set<string>();
  for (const [path, expected] of Object.entries(manifest.files)) {
    const bytes = await read(join(folder, path));
    if (!bytes) add('error', 'missing', `${path} is missing from the drive (the recovery kit or audit copy is incomplete).`);
    else if (bytes.length !== expected.size || bytesToHex(sha256(bytes)) !== expected.sha256) {
      const why = path === MARKER_FILE ? ' (the drive marker: its identity can no longer be trusted; re-export to this drive from a verified copy)' : '';
      add('error', 'damaged', `${path} does not match its manifest: it is damaged${why}.`);
    }
    else continue;
    badFiles.add(path);
  }
  if (options.auditLog !== undefined && options.setId !== undefined && manifest.setId === options.setId && !badFiles.has(AUDIT_LOG_FILE_NAME)) {
    await compareAuditCopy(mountPoint, manifest, options.auditLog, add);
  }
  const markerBytes = await read(join(folder, MARKER_FILE));
  let markerId: string | undefined;
  try {
    markerId = markerBytes ? decodeMarker(markerBytes).markerId : undefined;
  } catch {
    markerId = undefined;
  }
  if (manifest.schema === LEGACY_MANIFEST_SCHEMA) {
    if (markerId !== manifest.drive.markerId) {
      add('warning', 'copied', 'This folder was written for another drive (its marker differs from the manifest): it was copied, not exported here.');
    }
  } else if (!badFiles.has(MARKER_FILE) && markerId !== manifest.drive.markerId) {
    // drive.json matches its SHA-256 in the manifest, yet names another marker: the manifest contradicts itself.
    add('error', 'damaged', `${MARKER_FILE} and ${MANIFEST_FILE} name different drive markers: the drive's bookkeeping is damaged. Re-export to this drive from a verified copy.`);
  }
  if (options.setId !== undefined && manifest.setId !== options.setId) {
    add('error', 'foreign', `This drive holds a store of another vault set (${manifest.setId}), not this one (${options.setId}).`);
  }
  const current = options.current?.[manifest.storeKind];
  if (current !== undefined && options.setId === manifest.setId) {
    if (manifest.generation < current) {
      const behind = current - manifest.generation;
      add('warning', 'stale', `"${manifest.drive.name}" holds generation ${manifest.generation}: ${behind} generation${behind === 1 ? '' : 's'} older than the workstation's ${current}. Export to it again.`);
    } else if (manifest.generation > current) {
      add('warning', 'newer', `"${manifest.drive.name}" holds generation ${manifest.generation}, newer than the workstation's ${current}: restore from it if it is verified.`);
    }
  }
  if (options.register) {
    const entry = findDrive(options.register, manifest.drive);
    if (!entry) add('warning', 'unknown-drive', `"${manifest.drive.name}" is not in this workstation's drive register.`);
    else if (entry.holds && entry.holds.generation !== manifest.generation) {
      add('warning', 'register-mismatch', `The register says "${entry.name}" holds generation ${entry.holds.generation}, but it holds ${manifest.generation}.`);
    }
  }
  const ok = findings.every((f) => f.level !== 'error');
  return { mountPoint, ok, manifest, ...(store ? { store } : {}), findings, ...(ok && storeFile ? { storeFile } : {}) };
}

/** Findings about the drive's audit-log copy against the workstation's log (FORMAT.md §10.6). */
async function compareAuditCopy(
  mountPoint: string,
  manifest: DriveManifest,
  log: string,
  add: (level: FindingLevel, kind: string, message: string) => void,
): Promise<void> {
  if (manifest.files[AUDIT_LOG_FILE_NAME] === undefined) {
    add('warning', 'audit-log-absent', `"${manifest.drive.name}" holds no audit-log copy, so it cannot vouch for the workstation's log. Export to it again.`);
    return;
  }
  const copy = await readDriveAuditCopy(manifest, mountPoint);
  if ('problem' in copy) {
    add('error', 'damaged', copy.problem);
    return;
  }
  const result = checkAuditLogExtendsCopy(log, copy.text, describeDriveCopy(manifest));
  if (!result.ok) {
    add('error', result.problem === 'copy-broken' ? 'damaged' : 'audit-log-diverged', `${result.message}${result.problem === 'copy-broken' ? '' : ' Keep the log and this drive as evidence.'}`);
    return;
  }
  const since = result.newerEntries;
  if (since > 0) {
    add(
      'warning',
      'audit-log-stale',
      `The audit-log copy on "${manifest.drive.name}" holds ${result.copyEntries} entries; the workstation's log has ${since} newer ` +
        `entr${since === 1 ? 'y' : 'ies'} since that export (the copy itself matches). Export to it again to refresh the copy.`,
    );
  } else {
    add('ok', 'audit-log', `The audit-log copy (${result.copyEntries} entries) matches the start of the workstation's audit log.`);
  }
}
