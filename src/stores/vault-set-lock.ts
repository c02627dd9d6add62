// The vault-set write lock: one exclusive, advisory lock per vault-set directory (DIR/vault-set.lock), shared
// by the CLI and the desktop hosts, held by every read-modify-write from its read to its audit append. FORMAT.md §10.7.

import { AsyncLocalStorage } from 'node:async_hooks';
import { realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { lock as lockDirectory } from 'proper-lockfile';
import { BreakglassError } from '../errors.js';
import { createSerialQueue } from './serial-queue.js';

/** The lock: a directory made with mkdir (atomic on every file system), its mtime refreshed while held. */
export const VAULT_SET_LOCK_NAME = 'vault-set.lock';
/** How long a change waits for a lock held by another live process before BUSY. */
export const DEFAULT_LOCK_WAIT_MS = 2_000;
/** A lock whose mtime was not refreshed for this long was left by a process that died: it is taken over. */
export const DEFAULT_LOCK_STALE_MS = 10_000;
/** The shortest stale interval (proper-lockfile refreshes at most once a second). */
export const MIN_LOCK_STALE_MS = 2_000;
const RETRY_STEP_MS = 50;

export interface VaultSetLockOptions {
  /** Milliseconds to wait for another process's lock before BUSY (default 2000; 0 refuses at once). */
  readonly waitMs?: number;
  /** Milliseconds without a refresh after which a lock counts as left by a dead process (default 10 000, at least 2000). */
  readonly staleMs?: number;
}

/** The lock as the change that holds it sees it. */
export interface VaultSetLock {
  /** The vault-set directory, as a real path. */
  readonly dir: string;
  /**
   * Throws BUSY when the lock was lost while held (its directory removed, or taken over after this process
   * stalled past the stale interval). Call it just before the change's commit point (the rename).
   */
  assertHeld(): void;
}

interface HeldLock extends VaultSetLock {
  released: boolean;
}

/** The locks the current async context holds, by real path: a change that calls code taking the lock again re-enters. */
const heldLocks = new AsyncLocalStorage<ReadonlyMap<string, HeldLock>>();
/** Changes from this process to one vault set wait their turn here rather than spin on the lock directory. */
const inTurn = createSerialQueue();

export function vaultSetLockPath(dir: string): string {
  if (typeof dir !== 'string' || dir === '') throw new TypeError('dir must be a non-empty directory path');
  return join(dir, VAULT_SET_LOCK_NAME);
}

function checkOptions(options: VaultSetLockOptions): { waitMs: number; staleMs: number } {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
  if (!Number.isSafeInteger(waitMs) || waitMs < 0) throw new RangeError(`options.waitMs must be an integer ≥ 0, got ${waitMs}`);
  if (!Number.isSafeInteger(staleMs) || staleMs < MIN_LOCK_STALE_MS) {
    throw new RangeError(`options.staleMs must be an integer ≥ ${MIN_LOCK_STALE_MS}, got ${staleMs}`);
  }
  return { waitMs, staleMs };
}

function notADirectory(dir: string, cause?: unknown): BreakglassError {
  return new BreakglassError('NOT_FOUND', `The vault-set directory ${dir} does not exist or is not a directory: check the path.`, { cause });
}

async function realDirectory(dir: string): Promise<string> {
  try {
    const real = await realpath(dir);
    if (!(await stat(real)).isDirectory()) throw notADirectory(dir);
    return real;
  } catch (error) {
    if (error instanceof BreakglassError) throw error;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw notADirectory(dir, error);
    throw new BreakglassError('IO', `Cannot read the vault-set directory ${dir}: ${(error as Error).message}.`, { cause: error });
  }
}

function busy(dir: string, staleMs: number): BreakglassError {
  return new BreakglassError(
    'BUSY',
    `Another Breakglass process is changing this vault set (${dir}). Nothing was changed: wait for it to finish, then retry. ` +
      `If no other Breakglass program is running, its lock ${vaultSetLockPath(dir)} was left by a crash and is taken over ` +
      `${Math.ceil(staleMs / 1000)} seconds after that program ended.`,
  );
}

function lockFailure(dir: string, staleMs: number, error: unknown): BreakglassError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ELOCKED') return busy(dir, staleMs);
  if (code === 'ENOENT' || code === 'ENOTDIR') return notADirectory(dir, error);
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied: check the directory’s owner and mode'
      : code === 'EROFS'
        ? 'the directory is on a read-only file system'
        : code === 'ENOSPC'
          ? 'the disk is full: free space and retry'
          : (error as Error | undefined)?.message ?? String(error);
  return new BreakglassError('IO', `Cannot take the vault-set lock ${vaultSetLockPath(dir)} (${why}). Nothing was changed.`, { cause: error });
}

function lostError(dir: string): BreakglassError {
  return new BreakglassError(
    'BUSY',
    `The vault-set lock ${vaultSetLockPath(dir)} was lost while this change was being made (it was removed, or taken over by another ` +
      'process after this one stalled), so the change was stopped before it was saved. Retry; if it happens again, check that no ' +
      'tool removes files from the vault-set directory.',
  );
}

async function acquire(dir: string, waitMs: number, staleMs: number): Promise<{ lock: HeldLock; release: () => Promise<void> }> {
  let lost = false;
  let release: () => Promise<void>;
  try {
    release = await lockDirectory(dir, {
      lockfilePath: vaultSetLockPath(dir),
      realpath: false,
      stale: staleMs,
      retries: waitMs === 0 ? 0 : { retries: Math.ceil(waitMs / RETRY_STEP_MS), factor: 1, minTimeout: RETRY_STEP_MS, maxTimeout: RETRY_STEP_MS },
      // The library's default throws from a timer, which would end the process: remember it instead.
      onCompromised: () => {
        lost = true;
      },
    });
  } catch (error) {
    throw lockFailure(dir, staleMs, error);
  }
  const lock: HeldLock = {
    dir,
    released: false,
    assertHeld() {
      if (lost || lock.released) throw lostError(dir);
    },
  };
  return { lock, release };
}

/**
 * Runs `fn` holding the exclusive lock of the vault set in `dir`, and frees the lock when `fn` settles
 * (also when it throws). Another process's lock is waited for up to `waitMs`, then refused with BUSY;
 * a lock not refreshed for `staleMs` (its holder died) is taken over. Calls from this process to one
 * directory run one after the other; a call made while the current async context already holds the
 * lock runs at once under it.
 */
export async function withVaultSetLock<T>(dir: string, fn: (lock: VaultSetLock) => Promise<T>, options: VaultSetLockOptions = {}): Promise<T> {
  vaultSetLockPath(dir);
  if (typeof fn !== 'function') throw new TypeError('fn must be a function');
  const { waitMs, staleMs } = checkOptions(options);
  const real = await realDirectory(dir);
  const current = heldLocks.getStore()?.get(real);
  if (current !== undefined && !current.released) return fn(current);
  return inTurn(real, async () => {
    const { lock, release } = await acquire(real, waitMs, staleMs);
    const held = new Map(heldLocks.getStore() ?? []);
    held.set(real, lock);
    try {
      return await heldLocks.run(held, () => fn(lock));
    } finally {
      lock.released = true;
      // A lock already lost has nothing left to free; any other failure leaves a lock that goes stale.
      await release().catch(() => undefined);
    }
  });
}
