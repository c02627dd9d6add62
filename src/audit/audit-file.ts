// The audit log file beside the stores: reading it, and appending one entry at a time (O_APPEND, one
// write, fsync) without ever rewriting it. Spec: docs/FORMAT.md §10.

import { constants } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BreakglassError } from '../errors.js';
import type { Clock } from '../shared/determinism.js';
import { fsyncDirectory } from '../stores/files.js';
import { createSerialQueue } from '../stores/serial-queue.js';
import {
  auditLineProblem,
  checkAuditEntryInput,
  createAuditEntry,
  hashAuditLine,
  MAX_AUDIT_LINE_BYTES,
  parseAuditLine,
  type AuditEntryInput,
  type AuditHead,
  type AuditRecord,
} from './audit-log.js';

export type { AuditEntryInput, AuditRecord } from './audit-log.js';

export const AUDIT_LOG_FILE_NAME = 'audit-log.jsonl';

const NEWLINE = 0x0a;

export function auditLogPath(dir: string): string {
  if (typeof dir !== 'string' || dir === '') throw new TypeError('dir must be a non-empty directory path');
  return join(dir, AUDIT_LOG_FILE_NAME);
}

function ioError(action: string, path: string, error: unknown): BreakglassError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const because =
    code === 'ENOENT'
      ? `the directory of ${path} does not exist. Check the vault-set directory`
      : code === 'EACCES' || code === 'EPERM'
        ? `permission denied for ${path}. Check the file's owner and mode`
        : code === 'ENOSPC'
          ? `the disk holding ${path} is full. Free space and retry`
          : code === 'EROFS'
            ? `${path} is on a read-only file system`
            : code === 'ELOOP'
              ? `${path} is a symbolic link; the audit log must be a plain file. Remove the link and keep what it points to as evidence`
              : code === 'EISDIR'
                ? `${path} is a directory, not the audit log`
                : `${path}: ${(error as Error | undefined)?.message ?? String(error)}`;
  return new BreakglassError('IO', `${action}: ${because}.`, { cause: error });
}

/** Per-file queue: appends from this process never read the same head twice. */
const serialize = createSerialQueue();

function damaged(dir: string, path: string, reason: string): BreakglassError {
  return new BreakglassError(
    'INTEGRITY',
    `The audit log ${path} ends with a damaged line (${reason}), so nothing was appended. Verify the audit log to find the damage, and keep the file as evidence.`,
    { action: { kind: 'verify-audit-log', dir } },
  );
}

function torn(dir: string, path: string, reason: string): BreakglassError {
  return new BreakglassError(
    'AUDIT_TORN',
    `The last audit entry of ${path} was cut short (a crash or power cut while writing: ${reason}), so nothing was appended.`,
    { action: { kind: 'repair-audit-log', dir } },
  );
}

/** Reads only the last line of the log (at most MAX_AUDIT_LINE_BYTES from the end) for its seq and hash. */
async function readHead(handle: FileHandle, size: number, dir: string, path: string): Promise<AuditHead | undefined> {
  if (size === 0) return undefined;
  const length = Math.min(size, MAX_AUDIT_LINE_BYTES + 1);
  const tail = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(tail, read, length - read, size - length + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  if (read < length) throw damaged(dir, path, 'the file shrank while it was read');
  if (tail[length - 1] !== NEWLINE) throw torn(dir, path, 'the last line does not end with a newline');
  const start = length === 1 ? 0 : tail.lastIndexOf(NEWLINE, length - 2) + 1;
  if (start === 0 && length < size) throw damaged(dir, path, `the last line is longer than ${MAX_AUDIT_LINE_BYTES} bytes`);
  let line: string;
  try {
    line = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(tail.subarray(start));
    JSON.parse(line);
  } catch {
    // Not text, or not JSON at all: the garbage a crash or power cut leaves, not a hand edit.
    throw torn(dir, path, 'the last line is not a readable entry');
  }
  const problem = auditLineProblem(line);
  if (problem !== undefined) throw damaged(dir, path, `the last line is malformed: ${problem}`);
  return { seq: parseAuditLine(line).seq, hash: hashAuditLine(line) };
}

/** Truncates the log back to `size` (its length before a failed append) and flushes; says so when even that fails. */
async function cutBack(handle: FileHandle, size: number, path: string, cause: unknown): Promise<void> {
  try {
    await handle.truncate(size);
    await handle.sync();
  } catch (error) {
    throw new BreakglassError(
      'IO',
      `An append to the audit log ${path} failed (${(cause as Error | undefined)?.message ?? String(cause)}) and its partial line could not be removed ` +
        `(${(error as Error | undefined)?.message ?? String(error)}). Free space, then verify the audit log.`,
      { cause },
    );
  }
}

/**
 * Appends one entry to DIR/audit-log.jsonl (created with mode 0600), chained to the file's last line,
 * stamped by `clock`, written with one write on an O_APPEND descriptor and flushed. Appends from this
 * process to one directory run one at a time. Refuses (INTEGRITY) when the last line is damaged; the
 * whole chain is checked only by verifyAuditChain.
 */
export async function appendAuditEntry(dir: string, input: AuditEntryInput, clock: Clock): Promise<AuditRecord> {
  const path = auditLogPath(dir);
  checkAuditEntryInput(input);
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') throw new TypeError('clock must have a now() method');
  return serialize(resolve(path), async () => {
    let handle: FileHandle;
    try {
      handle = await open(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    } catch (error) {
      throw ioError('Cannot open the audit log', path, error);
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new BreakglassError('IO', `Cannot append to the audit log: ${path} is not a regular file.`);
      const record = createAuditEntry(await readHead(handle, info.size, dir, path), input, clock);
      const bytes = new TextEncoder().encode(record.line);
      try {
        const { bytesWritten } = await handle.write(bytes, 0, bytes.length, null);
        if (bytesWritten !== bytes.length) {
          throw new BreakglassError(
            'IO',
            `Only ${bytesWritten} of ${bytes.length} bytes reached the audit log ${path} (is the disk full?). Free space, then verify the audit log.`,
            { action: { kind: 'verify-audit-log', dir } },
          );
        }
        await handle.sync();
      } catch (error) {
        // All or nothing: a partial line is cut back off, so the log still ends with a complete line.
        await cutBack(handle, info.size, path, error);
        throw error;
      }
      if (info.size === 0) await fsyncDirectory(dir);
      return record;
    } catch (error) {
      if (error instanceof BreakglassError || error instanceof TypeError || error instanceof RangeError) throw error;
      throw ioError('Cannot append to the audit log', path, error);
    } finally {
      await handle.close().catch(() => undefined);
    }
  });
}

/**
 * Refuses, as the next append would (AUDIT_TORN, INTEGRITY or IO), when the log's last line could not be
 * chained to: a save checks this before its rename, so a change is never saved without room for its entry.
 */
export async function checkAuditAppendable(dir: string): Promise<void> {
  const path = auditLogPath(dir);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return;
    throw ioError('Cannot open the audit log', path, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new BreakglassError('IO', `Cannot append to the audit log: ${path} is not a regular file.`);
    await readHead(handle, info.size, dir, path);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Where the log's complete part ends when its last line is torn — no final newline, or a last line that is
 * not UTF-8 JSON at all (what a crash or power cut leaves) — else undefined (FORMAT.md §10.1).
 */
export function tornTailStart(bytes: Uint8Array): number | undefined {
  if (bytes.length === 0) return undefined;
  if (bytes[bytes.length - 1] !== NEWLINE) return bytes.lastIndexOf(NEWLINE) + 1;
  const start = bytes.lastIndexOf(NEWLINE, bytes.length - 2) + 1;
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start, bytes.length - 1)));
    return undefined;
  } catch {
    return start;
  }
}

/** True when the log's last line is torn (tornTailStart); false for no log or one that ends well. */
export async function isAuditLogTorn(dir: string): Promise<boolean> {
  const path = auditLogPath(dir);
  try {
    return tornTailStart(await readFile(path, { flag: constants.O_RDONLY | constants.O_NOFOLLOW })) !== undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return false;
    throw ioError('Cannot read the audit log', path, error);
  }
}

/** The log's text ('' when there is no log yet); FORMAT naming the line when it is not valid UTF-8. */
export async function readAuditLog(dir: string): Promise<string> {
  const path = auditLogPath(dir);
  let bytes: Buffer;
  try {
    bytes = await readFile(path, { flag: constants.O_RDONLY | constants.O_NOFOLLOW });
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return '';
    throw ioError('Cannot read the audit log', path, error);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return decoder.decode(bytes);
  } catch {
    let start = 0;
    for (let line = 1; ; line += 1) {
      const end = bytes.indexOf(NEWLINE, start);
      try {
        decoder.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
      } catch {
        if (end === -1 || end === bytes.length - 1) throw torn(dirname(path), path, 'the last line is not valid UTF-8');
        throw new BreakglassError(
          'FORMAT',
          `Audit log line ${line} of ${path} is not valid UTF-8: the log was damaged or altered. Keep it as evidence; the lines before it can still be checked.`,
        );
      }
      start = end + 1;
    }
  }
}
