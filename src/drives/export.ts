// Segregated export of one store to a drive: refuses the drive that holds (or ever held) the other store,
// fixed disks without --allow-fixed, read-only or full drives; writes atomically and reads every byte back
// before reporting done. FORMAT.md §14.

import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, stat, statfs } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256Digest as sha256 } from '../crypto/digest.js';
import { checkPayloadChecksum, parseContainer } from '../crypto/container.js';
import { otherStoreKind, storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { BreakglassError, type ErrorAction } from '../errors.js';
import type { Rng } from '../shared/determinism.js';
import { beginAtomicWrite, STORE_FILE_NAMES } from '../stores/files.js';
import { readsBackAs } from './read-back.js';
import {
  checkDriveName,
  decodeManifest,
  decodeMarker,
  DRIVE_FOLDER,
  encodeManifest,
  encodeMarker,
  MANIFEST_FILE,
  MANIFEST_SCHEMA,
  MARKER_FILE,
  MARKER_SCHEMA,
  type DriveFacts,
  type DriveManifest,
  type DriveMarker,
  type ManifestFile,
} from './manifest.js';
import { recordExport, segregationConflict, type DriveRegister } from './register.js';

/** What discovery knows about the target (the drives list), or what the custodian asserted. */
export interface ExportTarget {
  readonly mountPoint: string;
  readonly serial: string | null;
  readonly uuid: string | null;
  readonly label: string | null;
  /** From discovery: a removable or hot-plug disk (USB stick, SD card) — or a loop image in tests. */
  readonly removable: boolean;
}

export interface ExportRequest {
  readonly target: ExportTarget;
  /** The custodian-assigned name ("PW-A onsite"); required the first time a drive is used. */
  readonly driveName?: string;
  readonly location?: string;
  readonly allowFixed: boolean;
  readonly storeFile: Uint8Array;
  /** Further files by path relative to BREAKGLASS/ (audit log copy, recovery kit). */
  readonly extraFiles: readonly { readonly path: string; readonly bytes: Uint8Array }[];
  readonly register: DriveRegister;
  readonly appVersion: string;
  readonly now: string;
  readonly rng: Rng;
  /**
   * Called once every file is written and read back, just before the manifest: returns files to write
   * now (replacing any of the same path) — the app appends its `drive.export` audit entry here and
   * returns the audit log copy that includes it, so the drive anchors the log's last line (§10.6).
   */
  /**
   * Called once every check passed, before the first byte goes to the drive: the app records the
   * intended export in the drive register here, so a crash at any later point leaves the drive known
   * as having held this store (§14.4).
   */
  readonly beforeWrite?: (intent: { readonly facts: DriveFacts; readonly allowFixed: boolean }) => Promise<void>;
  readonly beforeManifest?: (written: { readonly facts: DriveFacts; readonly store: ManifestFile; readonly allowFixed: boolean }) => Promise<readonly { readonly path: string; readonly bytes: Uint8Array }[]>;
}

export interface ExportResult {
  readonly manifest: DriveManifest;
  readonly register: DriveRegister;
  readonly facts: DriveFacts;
  readonly bytesWritten: number;
  readonly folder: string;
}

const SPACE_MARGIN = 1024 * 1024;

function driveError(message: string, action?: ErrorAction): BreakglassError {
  return new BreakglassError('DRIVE', message, action ? { action } : {});
}

async function readOptional(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw driveError(`Cannot read ${path}: ${(error as Error).message}. Check the drive is mounted and readable.`);
  }
}

/** Reads the drive's marker (or makes a new one) and its facts. */
export async function readDriveFacts(target: ExportTarget, driveName: string | undefined, now: string, rng: Rng): Promise<{ facts: DriveFacts; marker: DriveMarker; isNew: boolean }> {
  const folder = join(target.mountPoint, DRIVE_FOLDER);
  const bytes = await readOptional(join(folder, MARKER_FILE));
  let marker: DriveMarker;
  let isNew = false;
  if (bytes) {
    try {
      marker = decodeMarker(bytes);
    } catch {
      throw driveError(`${join(folder, MARKER_FILE)} is damaged. Verify the drive, or clear its BREAKGLASS folder.`, { kind: 'verify-drive', mountPoint: target.mountPoint });
    }
    if (driveName !== undefined && checkDriveName(driveName) !== marker.name) {
      marker = { ...marker, name: checkDriveName(driveName) };
    }
  } else {
    const name = checkDriveName(driveName ?? target.label ?? basename(target.mountPoint));
    marker = { schema: MARKER_SCHEMA, markerId: bytesToHex(rng.bytes(16)), name, createdAt: now };
    isNew = true;
  }
  return { facts: { markerId: marker.markerId, serial: target.serial, uuid: target.uuid, label: target.label, name: marker.name }, marker, isNew };
}

/** Any store files already in BREAKGLASS/, by kind, with their set ids (read from their headers). */
async function storesOnDrive(folder: string): Promise<{ kind: StoreKind; setId: string; generation: number }[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const found: { kind: StoreKind; setId: string; generation: number }[] = [];
  for (const name of names) {
    // The temp file of an export cut short (a crash) still shows which store the drive began to receive.
    const cut = /^\.([\w-]+\.bgv)\.tmp-/.exec(name)?.[1];
    const cutKind = cut === undefined ? undefined : (Object.keys(STORE_FILE_NAMES) as StoreKind[]).find((k) => STORE_FILE_NAMES[k] === cut);
    if (cutKind) found.push({ kind: cutKind, setId: 'unknown', generation: 0 });
  }
  for (const name of names.filter((n) => n.endsWith('.bgv'))) {
    const bytes = await readOptional(join(folder, name));
    if (!bytes) continue;
    try {
      const { header } = parseContainer(bytes);
      found.push({ kind: header.kind, setId: bytesToHex(header.setId), generation: header.generation });
    } catch {
      // A damaged file still says, by its name, which store it was meant to be.
      const kind = (Object.keys(STORE_FILE_NAMES) as StoreKind[]).find((k) => STORE_FILE_NAMES[k] === name);
      if (kind) found.push({ kind, setId: 'unknown', generation: 0 });
    }
  }
  return found;
}

function writeFailure(path: string, error: unknown): BreakglassError {
  const code = ((error as BreakglassError).cause as NodeJS.ErrnoException | undefined)?.code ?? (error as NodeJS.ErrnoException).code;
  if (code === 'EROFS') return driveError(`The drive is read-only (${path}): unlock its write-protect switch or use another drive. Nothing was reported as exported.`);
  if (code === 'ENOSPC') return driveError(`The drive filled up while writing ${path}: free space or use a larger drive.`);
  return driveError(`Writing ${path} failed: ${(error as Error).message}`);
}

/**
 * Writes `bytes` atomically to `path` — computing their SHA-256 (and running `checkWhileWriting`) while
 * the disk works — then reads the file back and compares every byte before returning.
 */
async function writeAndVerify(path: string, bytes: Uint8Array, checkWhileWriting: () => void = () => undefined): Promise<ManifestFile> {
  let pending;
  try {
    pending = await beginAtomicWrite(path, bytes);
  } catch (error) {
    throw writeFailure(path, error);
  }
  let expected: Uint8Array;
  try {
    checkWhileWriting();
    expected = sha256(bytes);
    await pending.commit();
  } catch (error) {
    await pending.abort();
    throw error instanceof BreakglassError ? error : writeFailure(path, error);
  }
  let same: boolean;
  try {
    same = await readsBackAs(path, bytes);
  } catch (error) {
    throw driveError(`Cannot read ${path} back: ${(error as Error).message}. Check the drive is mounted and readable, then export again.`);
  }
  if (!same) {
    throw driveError(`Read-back of ${path} does not match what was written: the drive is failing. Do not use it; export to another drive.`);
  }
  return { sha256: bytesToHex(expected), size: bytes.length };
}

/**
 * Why a drive that has neither a disk serial nor a filesystem UUID must not be used, or undefined. Its
 * only identity would be the marker in BREAKGLASS/, which a wipe removes: the register could not recognise
 * it later, and the other store could then land on it. No override: segregation must hold (§14.4).
 */
export function unidentifiableReason(target: Pick<ExportTarget, 'mountPoint' | 'serial' | 'uuid'>, name?: string): string | undefined {
  if ((target.serial ?? '') !== '' || (target.uuid ?? '') !== '') return undefined;
  return (
    `${name ? `Drive "${name}" at ` : 'The drive at '}${target.mountPoint} cannot be identified (no serial number, no filesystem UUID), ` +
    'so the register could not recognise it later: use another drive, or format it with a filesystem that has a UUID. ' +
    'Known limit: a drive without a serial number is known only by its filesystem UUID, which a reformat changes, ' +
    'so such a drive must be labelled by hand (see THREAT-MODEL.md, "Drive identity").'
  );
}

/** The warning for a drive known only by its filesystem UUID (no disk serial), or undefined. */
export function noSerialWarning(target: Pick<ExportTarget, 'serial' | 'uuid'>, name: string, kind: StoreKind): string | undefined {
  if ((target.serial ?? '') !== '' || (target.uuid ?? '') === '') return undefined;
  return (
    `Drive "${name}" has no serial number: it is known by its filesystem UUID only, which a reformat changes. ` +
    `If it is ever reformatted, Breakglass cannot tell that it held the ${storeKindLabel(kind)}: label it by hand.`
  );
}

export async function exportToDrive(request: ExportRequest): Promise<ExportResult> {
  const { target, storeFile } = request;
  // The payload checksum (a full pass over the file) is checked while the file is being written.
  const parsed = parseContainer(storeFile, undefined, { deferPayloadChecksum: true });
  const kind = parsed.header.kind;
  const setId = bytesToHex(parsed.header.setId);
  const label = storeKindLabel(kind);
  let info;
  try {
    info = await stat(target.mountPoint);
  } catch {
    throw driveError(`${target.mountPoint} does not exist: plug the drive in, mount it and retry.`, { kind: 'list-drives' });
  }
  if (!info.isDirectory()) throw driveError(`${target.mountPoint} is not a directory: give the drive's mount point.`);
  if (!target.removable && !request.allowFixed) {
    throw driveError(
      `${target.mountPoint} is not on a removable drive. Store copies belong on USB drives kept apart; ` +
        'export to it only if you really mean a fixed disk (it is recorded).',
      { kind: 'allow-fixed' },
    );
  }
  const folder = join(target.mountPoint, DRIVE_FOLDER);
  const { facts, marker } = await readDriveFacts(target, request.driveName, request.now, request.rng);

  const manifestBytes = await readOptional(join(folder, MANIFEST_FILE));
  let manifest: DriveManifest | undefined;
  if (manifestBytes) {
    try {
      manifest = decodeManifest(manifestBytes);
    } catch {
      manifest = undefined;
    }
  }
  const conflict = segregationConflict(request.register, facts, manifest, kind, setId);
  if (conflict) {
    throw new BreakglassError(
      'SEGREGATION',
      `Refused: ${conflict}. The ${label} must go to different drives than the ${storeKindLabel(otherStoreKind(kind))}; use a drive of its own.`,
    );
  }
  for (const found of await storesOnDrive(folder)) {
    if (found.kind !== kind && (found.setId === setId || found.setId === 'unknown')) {
      throw new BreakglassError(
        'SEGREGATION',
        `Refused: drive "${facts.name}" already holds a ${storeKindLabel(found.kind)} file${found.setId === setId ? ' of this vault set' : ''}. ` +
          `The ${label} must go to a drive of its own.`,
      );
    }
    if (found.setId !== setId && found.setId !== 'unknown') {
      throw driveError(`Drive "${facts.name}" holds a store of another vault set (${found.setId}): use a drive dedicated to this vault set.`);
    }
    if (found.kind === kind && found.generation > parsed.header.generation) {
      throw driveError(
        `Drive "${facts.name}" already holds generation ${found.generation} of the ${label}, newer than this one (${parsed.header.generation}). ` +
          'Restore from it instead, or check which copy is current.',
      );
    }
  }

  const unidentifiable = unidentifiableReason(target, facts.name);
  if (unidentifiable) throw driveError(`${unidentifiable} Nothing was written.`);

  try {
    await access(target.mountPoint, constants.W_OK);
  } catch {
    throw driveError(`The drive at ${target.mountPoint} is read-only or not writable by this user: use another drive. Nothing was written.`);
  }
  const files = [
    { path: STORE_FILE_NAMES[kind], bytes: storeFile },
    ...request.extraFiles,
    // Rewritten at every export (a renamed drive gets its new name), and listed in the manifest.
    { path: MARKER_FILE, bytes: encodeMarker(marker) },
  ];
  const needed = files.reduce((sum, f) => sum + f.bytes.length, 0) + SPACE_MARGIN;
  const space = await statfs(target.mountPoint);
  const free = Number(space.bavail) * Number(space.bsize);
  if (free < needed) {
    throw driveError(
      `The drive at ${target.mountPoint} has ${(free / 1024 / 1024).toFixed(1)} MiB free; this export needs ${(needed / 1024 / 1024).toFixed(1)} MiB. ` +
        'Free space or use a larger drive. Nothing was written.',
    );
  }

  if (request.beforeWrite) await request.beforeWrite({ facts, allowFixed: !target.removable && request.allowFixed });
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await mkdir(join(folder, 'recovery'), { recursive: true, mode: 0o700 });
  const written: Record<string, ManifestFile> = {};
  let storeEntry: ManifestFile | undefined;
  for (const file of files) {
    if (file.path.includes('..') || file.path.startsWith('/')) throw new RangeError(`bad export path ${file.path}`);
    const result = await writeAndVerify(join(folder, file.path), file.bytes, file.bytes === storeFile ? () => checkPayloadChecksum(storeFile, `${label} file`) : undefined);
    if (file.bytes === storeFile) storeEntry = result;
    else written[file.path] = result;
  }
  const allowFixed = !target.removable && request.allowFixed;
  let lateBytes = 0;
  if (request.beforeManifest) {
    for (const file of await request.beforeManifest({ facts, store: storeEntry as ManifestFile, allowFixed })) {
      if (file.path.includes('..') || file.path.startsWith('/') || file.path === MARKER_FILE || file.path === STORE_FILE_NAMES[kind]) {
        throw new RangeError(`bad export path ${file.path}`);
      }
      written[file.path] = await writeAndVerify(join(folder, file.path), file.bytes);
      lateBytes += file.bytes.length;
    }
  }
  const nextManifest: DriveManifest = {
    schema: MANIFEST_SCHEMA,
    storeKind: kind,
    setId,
    generation: parsed.header.generation,
    store: { file: STORE_FILE_NAMES[kind], ...(storeEntry as ManifestFile) },
    files: written,
    drive: facts,
    exportedAt: request.now,
    appVersion: request.appVersion,
    allowFixed,
  };
  const encoded = encodeManifest(nextManifest);
  await writeAndVerify(join(folder, MANIFEST_FILE), encoded);
  const register = recordExport(request.register, facts, request.location ?? '', nextManifest.allowFixed, {
    storeKind: kind,
    setId,
    generation: parsed.header.generation,
    sha256: (storeEntry as ManifestFile).sha256,
    exportedAt: request.now,
  });
  return {
    manifest: nextManifest,
    register,
    facts,
    bytesWritten: files.reduce((sum, f) => sum + f.bytes.length, 0) + lateBytes + encoded.length,
    folder,
  };
}
