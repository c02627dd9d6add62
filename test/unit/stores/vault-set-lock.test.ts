// The vault-set write lock across processes: writers in separate processes lose no change, a lock held
// elsewhere is refused with BUSY, and a lock left by a killed process is taken over once stale.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VAULT_SET_LOCK_NAME, vaultSetLockPath, withVaultSetLock } from '../../../src/stores/vault-set-lock.js';
import { errorOf } from '../../support/errors.js';

const CHILD = new URL('../../../dist/test/fixtures/vault-set-lock-child.js', import.meta.url).pathname;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bg-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function child(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [CHILD, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Resolves when the child prints `line` (rejects when it exits first, with its stderr). */
function waitFor(proc: ChildProcessWithoutNullStreams, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes(line)) {
        proc.stdout.off('data', onData);
        resolve();
      }
    };
    proc.stdout.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`child exited (${code}) before "${line}": ${err}`)));
  });
}

const exited = (proc: ChildProcessWithoutNullStreams) => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.on('exit', () => resolve())));

/** Starts `writers` processes adding `each` to DIR/counter, all at once; returns the final count. */
async function runWriters(writers: number, each: number, noLock: boolean): Promise<number> {
  await writeFile(join(dir, 'counter'), '0');
  const procs = Array.from({ length: writers }, () => child(['count', dir, String(each), ...(noLock ? ['--no-lock'] : [])]));
  const done = procs.map((p) => waitFor(p, 'done'));
  // Every writer is started and waiting before any begins, so they really overlap.
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const p of procs) p.stdin.end('go\n');
  await Promise.all(done);
  await Promise.all(procs.map(exited));
  return Number(await readFile(join(dir, 'counter'), 'utf8'));
}

describe('vault-set-lock', () => {
  it('names the lock in the vault-set directory and frees it after the change', async () => {
    expect(vaultSetLockPath('/v')).toBe(`/v/${VAULT_SET_LOCK_NAME}`);
    const seen = await withVaultSetLock(dir, async (lock) => {
      lock.assertHeld();
      return (await stat(vaultSetLockPath(dir))).isDirectory();
    });
    expect(seen).toBe(true);
    await expect(stat(vaultSetLockPath(dir))).rejects.toThrow(/ENOENT/);
  });

  it('frees the lock when the change throws, and passes the error on', async () => {
    await expect(withVaultSetLock(dir, async () => Promise.reject(new RangeError('boom')))).rejects.toThrow('boom');
    await expect(stat(vaultSetLockPath(dir))).rejects.toThrow(/ENOENT/);
    expect(await withVaultSetLock(dir, async () => 'again')).toBe('again');
  });

  it('runs the changes of one process one after the other, never both at once', async () => {
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        withVaultSetLock(dir, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 5));
          order.push(i);
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('lets a change that holds the lock call code that takes it again (no deadlock)', async () => {
    const result = await withVaultSetLock(dir, async (outer) => withVaultSetLock(dir, async (inner) => (inner === outer ? 'same lock' : 'other')));
    expect(result).toBe('same lock');
    // A task that outlives its change does not inherit the freed lock: it takes the lock anew.
    let late: Promise<string> | undefined;
    await withVaultSetLock(dir, async () => {
      late = new Promise((resolve) => setTimeout(resolve, 20)).then(() => withVaultSetLock(dir, async (lock) => (lock.assertHeld(), 'taken anew')));
    });
    expect(await late).toBe('taken anew');
  });

  it('loses no change when 8 processes add 10 each at the same time (and does without the lock)', async () => {
    expect(await runWriters(8, 10, false)).toBe(80);
    // The same writers without the lock overwrite each other: the test can see a lost update.
    expect(await runWriters(8, 10, true)).toBeLessThan(80);
  });

  it('refuses with BUSY while another process holds the lock, and takes it once that process is done', async () => {
    const holder = child(['hold', dir, '10000']);
    await waitFor(holder, 'locked');
    let ran = false;
    const error = await errorOf(withVaultSetLock(dir, async () => void (ran = true), { waitMs: 200 }));
    expect(error.code).toBe('BUSY');
    expect(error.message).toMatch(/^Another Breakglass process is changing this vault set \(.*\)\. Nothing was changed: wait for it to finish, then retry\./);
    expect(error.message).toContain(vaultSetLockPath(dir));
    expect(ran).toBe(false);
    const released = waitFor(holder, 'released');
    holder.stdin.end();
    await released;
    expect(await withVaultSetLock(dir, async () => 'mine', { waitMs: 0 })).toBe('mine');
  });

  it('waits a short while for a lock that is freed meanwhile', async () => {
    const holder = child(['hold', dir, '10000']);
    await waitFor(holder, 'locked');
    setTimeout(() => holder.stdin.end(), 300);
    expect(await withVaultSetLock(dir, async () => 'after the wait', { waitMs: 20_000 })).toBe('after the wait');
  });

  it('takes over a lock left by a process killed with SIGKILL once it is stale', async () => {
    const holder = child(['hold', dir, '2000']);
    await waitFor(holder, 'locked');
    holder.kill('SIGKILL');
    await exited(holder);
    expect((await stat(vaultSetLockPath(dir))).isDirectory()).toBe(true);
    // Fresh (it was refreshed within the last second): still refused under a long stale interval.
    expect((await errorOf(withVaultSetLock(dir, async () => 'x', { waitMs: 0, staleMs: 60_000 }))).code).toBe('BUSY');
    // With the holder's own 2 s interval it is taken over once no refresh came for 2 s.
    expect(await withVaultSetLock(dir, async (lock) => (lock.assertHeld(), 'taken over'), { waitMs: 30_000, staleMs: 2000 })).toBe('taken over');
    await expect(stat(vaultSetLockPath(dir))).rejects.toThrow(/ENOENT/);
  });

  it('reports a lock that was removed under it as lost, so a change can stop before its commit', async () => {
    const error = await errorOf(
      withVaultSetLock(
        dir,
        async (lock) => {
          await rm(vaultSetLockPath(dir), { recursive: true });
          await new Promise((resolve) => setTimeout(resolve, 1800));
          lock.assertHeld();
        },
        { staleMs: 2000 },
      ),
    );
    expect(error.code).toBe('BUSY');
    expect(error.message).toMatch(/lock .* was lost/);
  });

  it('refuses a missing directory with NOT_FOUND and bad arguments with TypeError or RangeError', async () => {
    expect((await errorOf(withVaultSetLock(join(dir, 'missing'), async () => 1))).code).toBe('NOT_FOUND');
    await writeFile(join(dir, 'file'), '');
    expect((await errorOf(withVaultSetLock(join(dir, 'file'), async () => 1))).code).toBe('NOT_FOUND');
    await expect(withVaultSetLock('', async () => 1)).rejects.toThrow(TypeError);
    await expect(withVaultSetLock(dir, 'not a function' as never)).rejects.toThrow(TypeError);
    await expect(withVaultSetLock(dir, async () => 1, { waitMs: -1 })).rejects.toThrow(RangeError);
    await expect(withVaultSetLock(dir, async () => 1, { staleMs: 1000 })).rejects.toThrow(RangeError);
  });
});
