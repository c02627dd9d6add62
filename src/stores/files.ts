// Files on disk: store files read with a size cap, atomic saves (temp file, fsync, rename, fsync the directory)
// keeping the previous generation as FILE.prev, and the checks before other writes. FORMAT.md §6; DESIGN §3.6.

import { constants } from 'node:fs';
import { copyFile, type FileHandle, link, lstat, mkdir, open, readdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  CHECKSUM_LENGTH,
  checkDeclaredLength,
  checkFixedHeader,
  checkHeaderChecksum,
  FIXED_HEADER_LENGTH,
  MAX_HEADER_LENGTH,
  MAX_PAYLOAD_LENGTH,
  TRAILER_LENGTH,
} from '../crypto/container-frame.js';
import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { BreakglassError } from '../errors.js';

export const STORE_FILE_NAMES: Readonly<Record<StoreKind, string>> = {
  'password-vault': 'password-vault.bgv',
  'mfa-seeds': 'mfa-seeds.bgv',
};
export const PREVIOUS_SUFFIX = '.prev';
const TEMP_MARKER = '.tmp-';
let tempCounter = 0;

/** A temp name unique to this process; O_EXCL guards against any leftover of the same name. */
function tempName(path: string, tag: string): string {
  tempCounter += 1;
  return join(dirname(path), `.${basename(path)}${TEMP_MARKER}${process.pid}-${tag}${tempCounter}`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
export const MAX_STORE_FILE_SIZE = MAX_HEADER_LENGTH + MAX_PAYLOAD_LENGTH + TRAILER_LENGTH;

export function storePath(dir: string, kind: StoreKind): string {
  return join(dir, STORE_FILE_NAMES[kind]);
}

export function previousPath(path: string): string {
  return path + PREVIOUS_SUFFIX;
}

function ioError(action: string, path: string, error: unknown): BreakglassError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new BreakglassError('NOT_FOUND', `${action}: ${path} does not exist. Check the path.`, {
      cause: error,
      action: { kind: 'create-vault-set' },
    });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new BreakglassError('IO', `${action}: permission denied for ${path}. Check the file's owner and mode.`, { cause: error });
  }
  if (code === 'ENOSPC') {
    return new BreakglassError('IO', `${action}: the disk holding ${path} is full. Free space and retry; nothing was replaced.`, { cause: error });
  }
  if (code === 'EROFS') {
    return new BreakglassError('IO', `${action}: ${path} is on a read-only file system.`, { cause: error });
  }
  return new BreakglassError('IO', `${action}: ${path}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

/** Reads `length` bytes at `position` (fewer only at the end of the file). */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let offset = 0;
  while (offset < length) {
    const { bytesRead } = await handle.read(bytes, offset, length - offset, position + offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
  }
  return offset === length ? bytes : bytes.subarray(0, offset);
}

/**
 * Reads a whole store file, refusing anything larger than a store can be (no huge allocation) and judging
 * it from its fixed header first (FORMAT.md §2.4 steps 1–9): magic, version and the declared lengths are
 * checked against the file's size before more than a few bytes are read, so a large file that is not a
 * store, or declares another length, is refused at once. Steps 10 onwards are parseContainer's.
 */
export async function readStoreFile(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new BreakglassError('FORMAT', `${path} is not a regular file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof BreakglassError) throw error;
    throw ioError('Cannot read the store', path, error);
  }
  if (size > MAX_STORE_FILE_SIZE) {
    throw new BreakglassError('FORMAT', `${path} is ${size} bytes, larger than any Breakglass store can be: it is not a store.`);
  }
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY);
  } catch (error) {
    throw ioError('Cannot read the store', path, error);
  }
  const what = `store file ${path}`;
  try {
    // The size of the file opened, not of the path stat'ed: a save may have renamed a new generation over it in between.
    size = (await handle.stat()).size;
    if (size > MAX_STORE_FILE_SIZE) {
      throw new BreakglassError('FORMAT', `${path} is ${size} bytes, larger than any Breakglass store can be: it is not a store.`);
    }
    const { headerLength } = checkFixedHeader(await readAt(handle, 0, Math.min(size, FIXED_HEADER_LENGTH)), size, what);
    const payloadLength = new DataView((await readAt(handle, headerLength - 4, 4)).buffer).getUint32(0);
    const expected = checkDeclaredLength(headerLength, payloadLength, size, what);
    if (size > expected) {
      // Trailing bytes: the header checksum is still judged first (step 8), without reading the rest.
      checkHeaderChecksum(await readAt(handle, 0, headerLength), await readAt(handle, headerLength + payloadLength, CHECKSUM_LENGTH), size - expected, what);
    }
    return await readAt(handle, 0, size);
  } catch (error) {
    if (error instanceof BreakglassError) throw error;
    throw ioError('Cannot read the store', path, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Bytes per write(2). One 50 MB write took ~115 ms on ext4 here against ~35 ms in 1 MiB pieces (the kernel
 * throttles one huge dirtying write); `npm run bench`'s export row measures it against cp.
 */
const WRITE_CHUNK = 1 << 20;

/** Writes every byte through `handle`, a MiB at a time, and flushes it to disk. */
async function writeAllAndSync(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, Math.min(WRITE_CHUNK, bytes.length - offset));
    offset += bytesWritten;
  }
  await handle.sync();
}

/** Creates `path` (which must not exist) with mode 0600 and writes `bytes`, flushed; removes it on failure. */
async function writeExclusive(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await writeAllAndSync(handle, bytes);
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

/** Writes `bytes` to a new file in the same directory, flushed to disk; returns its path. */
async function writeTempFile(path: string, bytes: Uint8Array): Promise<string> {
  const temp = tempName(path, 'new');
  await writeExclusive(temp, bytes);
  return temp;
}

/**
 * Removes temp files that an interrupted save of `path` left behind (they hold only ciphertext): those
 * whose writing process no longer runs, never another live writer's.
 */
export async function removeStaleTempFiles(path: string): Promise<void> {
  const prefix = `.${basename(path)}${TEMP_MARKER}`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  const stale = names.filter((name) => {
    if (!name.startsWith(prefix)) return false;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    return !Number.isInteger(pid) || (pid !== process.pid && !processIsAlive(pid));
  });
  await Promise.all(stale.map((name) => unlink(join(dirname(path), name)).catch(() => undefined)));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Replaces `path` with `bytes` atomically: at every instant `path` holds the old or the new content in
 * full. With `keepPrevious`, the old content becomes `path.prev` (replacing an older .prev) first.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array, options: { keepPrevious: boolean }): Promise<void> {
  const dir = dirname(path);
  try {
    await removeStaleTempFiles(path);
    const temp = await writeTempFile(path, bytes);
    try {
      if (options.keepPrevious && (await exists(path))) {
        const prevTemp = await linkOrCopy(path);
        await rename(prevTemp, previousPath(path));
      }
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await fsyncDirectory(dir);
  } catch (error) {
    throw ioError('Cannot save the store', path, error);
  }
}

/**
 * Writes `bytes` to `path`, which must not exist yet (mode 0600): a flushed temp file is hard-linked to
 * `path` — the link fails rather than replace a file that appeared meanwhile — so `path` never holds a
 * partial file. On a file system without hard links (FAT, exFAT), the file is created exclusively instead.
 * Errors: CONFLICT when `path` exists, NOT_FOUND when its folder does not; nothing is left behind.
 */
export async function writeNewFile(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  try {
    await removeStaleTempFiles(path);
    const temp = await writeTempFile(path, bytes);
    try {
      await link(temp, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EMLINK') throw error;
      await writeExclusive(path, bytes);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    await fsyncDirectory(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EEXIST') throw new BreakglassError('CONFLICT', `${path} already exists: choose a new file name; nothing was written.`, { cause: error });
    if (code === 'ENOENT') throw new BreakglassError('NOT_FOUND', `The folder ${dir} does not exist: choose an existing folder; nothing was written.`, { cause: error });
    throw ioError('Cannot save the file', path, error);
  }
}

export interface PendingAtomicWrite {
  /** Resolves when the temp file is written and flushed. */
  readonly written: Promise<void>;
  /** Renames the flushed temp file over `path` and flushes the directory. */
  commit(): Promise<void>;
  /** Removes the temp file (after a failed check); safe to call after a failure. */
  abort(): Promise<void>;
}

/**
 * Starts an atomic replacement of `path` (no .prev) and returns at once, so the caller can hash or
 * check the same bytes while the disk works; nothing replaces `path` until commit().
 */
export async function beginAtomicWrite(path: string, bytes: Uint8Array): Promise<PendingAtomicWrite> {
  await removeStaleTempFiles(path);
  const temp = tempName(path, 'new');
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  const written = (async () => {
    try {
      await writeAllAndSync(handle, bytes);
    } finally {
      await handle.close();
    }
  })();
  written.catch(() => undefined);
  return {
    written,
    async commit() {
      await written;
      await rename(temp, path);
      await fsyncDirectory(dirname(path));
    },
    async abort() {
      await written.catch(() => undefined);
      await unlink(temp).catch(() => undefined);
    },
  };
}

/** A second name for the current file (hard link, or a flushed copy where links are not supported). */
async function linkOrCopy(path: string): Promise<string> {
  const target = tempName(path, 'prev');
  try {
    await link(path, target);
  } catch {
    await copyFile(path, target, constants.COPYFILE_EXCL);
    const handle = await open(target, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  return target;
}

/** Refuses to create a store where one already exists. */
export async function assertNoStore(path: string, kind: StoreKind): Promise<void> {
  if (await exists(path)) {
    throw new BreakglassError(
      'CONFLICT',
      `A ${storeKindLabel(kind)} already exists at ${path}. Nothing was overwritten; choose an empty directory.`,
    );
  }
}

/** Creates `dir` and any missing parents with mode 0700 (an existing folder is fine). */
export async function makePrivateDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/** Removes files written by a step that then failed; a file already gone (or not removable) is left as it is. */
export async function removeFiles(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((path) => unlink(path).catch(() => undefined)));
}

/** Why a path could not be checked: the error code (EACCES, ELOOP, …), else the error's message. */
function reasonOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** What is at a path, its final symbolic link not followed: for checks before a new file is written there. */
export type PathProbe = { readonly state: 'absent' } | { readonly state: 'present' } | { readonly state: 'unreadable'; readonly reason: string };

export async function probePath(path: string): Promise<PathProbe> {
  try {
    await lstat(path);
    return { state: 'present' };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { state: 'absent' } : { state: 'unreadable', reason: reasonOf(error) };
  }
}

/** A folder about to receive a file: its real path (symbolic links resolved), or why it cannot. */
export type FolderProbe =
  | { readonly state: 'folder'; readonly realPath: string }
  | { readonly state: 'not-folder' }
  | { readonly state: 'absent' }
  | { readonly state: 'unreadable'; readonly reason: string };

export async function probeFolder(path: string): Promise<FolderProbe> {
  try {
    if (!(await stat(path)).isDirectory()) return { state: 'not-folder' };
    return { state: 'folder', realPath: await realpath(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { state: 'absent' } : { state: 'unreadable', reason: reasonOf(error) };
  }
}

/** The real path of `path` (symbolic links resolved), or the path itself, made absolute, when it cannot be resolved. */
export async function realPathOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

/** A whole file given by the custodian (a scan, an existing output file), or why it could not be read. */
export type FileRead = { readonly state: 'absent' } | { readonly state: 'read'; readonly bytes: Uint8Array } | { readonly state: 'unreadable'; readonly reason: string };

export async function readFileIfPresent(path: string): Promise<FileRead> {
  try {
    return { state: 'read', bytes: new Uint8Array(await readFile(path)) };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { state: 'absent' } : { state: 'unreadable', reason: reasonOf(error) };
  }
}

/** The size of the file at `path`, or undefined when there is none; any other failure is thrown as it is. */
export async function fileSizeIfPresent(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
