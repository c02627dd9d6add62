// An audit append on a full disk, at every fill level across one line: either the whole line is there or
// none of it, and the log still ends with a complete line. FORMAT.md §10; DESIGN §3 (invariant 9).

import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEntry, auditLogPath } from '../../../src/audit/audit-file.js';
import { createAuditEntry, hashAuditLine, verifyAuditChain, type AuditHead } from '../../../src/audit/audit-log.js';
import { BreakglassError } from '../../../src/errors.js';

const isRoot = process.getuid?.() === 0;
const inCi = process.env.CI === 'true';
const PAGE = 4096;
const clock = { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) };
let mountPoint: string;

beforeAll(async () => {
  if (!isRoot) {
    if (inCi) throw new Error('the full-disk audit test mounts a tmpfs and must run as root in CI');
    return;
  }
  mountPoint = await mkdtemp(join(tmpdir(), 'bg-fulldisk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint]);
});
afterAll(async () => {
  if (!mountPoint) return;
  execFileSync('umount', [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

/** A valid log of exactly `size` bytes (at least 600): padding entries, the last one sized to fit. */
function logOfSize(size: number): string {
  let log = '';
  let head: AuditHead | undefined;
  const line = (pad: string) => createAuditEntry(head, { event: 'vault-set.create', details: { pad } }, clock).line;
  for (;;) {
    const left = size - Buffer.byteLength(log);
    const base = Buffer.byteLength(line(''));
    const pad = left - base <= 900 ? left - base : Math.min(900, left - base - 400);
    const next = line('x'.repeat(pad));
    head = { seq: (head?.seq ?? 0) + 1, hash: hashAuditLine(next) };
    log += next;
    if (pad === left - base) return log;
  }
}

/** Fills the file system until it refuses another byte. */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(PAGE, 0x61);
  try {
    for (;;) {
      if (writeSync(fd, block) === 0) break;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!isRoot && !inCi)('appendAuditEntry on a full disk', () => {
  it('leaves only complete lines for every number of free bytes across one line', async () => {
    const input = { event: 'account.add' as const, store: 'password-vault' as const, generation: 2, details: { accountId: '123456789012' } };
    const dir = join(mountPoint, 'set');
    const lineLength = Buffer.byteLength(createAuditEntry({ seq: 9, hash: 'a'.repeat(64) }, input, clock).line);
    let failures = 0;
    for (let free = 0; free <= lineLength; free++) {
      // A log whose last page has exactly `free` bytes left, then a full disk.
      await rm(dir, { recursive: true, force: true });
      execFileSync('mkdir', ['-p', dir]);
      const target = 2 * PAGE - free;
      const before = logOfSize(target);
      await writeFile(auditLogPath(dir), before);
      expect((await stat(auditLogPath(dir))).size).toBe(target);
      fill(join(mountPoint, 'filler'));
      let failed = false;
      try {
        await appendAuditEntry(dir, input, clock);
      } catch (error) {
        failed = true;
        expect(error).toBeInstanceOf(BreakglassError);
        expect((error as BreakglassError).code).toBe('IO');
        expect((error as BreakglassError).message).toMatch(/disk .*full/);
      }
      const log = await readFile(auditLogPath(dir), 'utf8');
      expect(log.endsWith('\n')).toBe(true);
      const chain = verifyAuditChain(log);
      expect(chain.ok).toBe(true);
      expect(log.startsWith(before)).toBe(true);
      expect(log.split('\n').length - before.split('\n').length).toBe(failed ? 0 : 1);
      if (failed) failures++;
      // Space freed: the next append works and chains on.
      await rm(join(mountPoint, 'filler'));
      await appendAuditEntry(dir, input, clock);
      expect(verifyAuditChain(await readFile(auditLogPath(dir), 'utf8')).ok).toBe(true);
    }
    // The fill levels below one line really hit the disk limit.
    expect(failures).toBeGreaterThan(0);
    await writeFile(join(mountPoint, 'done'), '');
  }, 120_000);
});
