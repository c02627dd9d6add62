import { appendFile, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEntry, AUDIT_LOG_FILE_NAME, auditLogPath, readAuditLog } from '../../../src/audit/audit-file.js';
import { verifyAuditChain, type AuditEntryInput } from '../../../src/audit/audit-log.js';
import { errorOf } from '../../support/errors.js';

const START = Date.UTC(2026, 10, 22, 10, 0, 0);
const clock = { now: () => START };
const unlock: AuditEntryInput = { event: 'store.unlock', actor: ['Alice', 'Bob'], store: 'password-vault', generation: 3, details: { method: 'shares' } };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bg-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('audit-file', () => {
  it('names the log file in the vault-set directory', () => {
    expect(AUDIT_LOG_FILE_NAME).toBe('audit-log.jsonl');
    expect(auditLogPath('/v')).toBe('/v/audit-log.jsonl');
    expect(() => auditLogPath('')).toThrow(TypeError);
  });

  it('reads an empty log when no log exists yet', async () => {
    expect(await readAuditLog(dir)).toBe('');
  });

  it('creates the log with mode 0600 when appending the first entry', async () => {
    const record = await appendAuditEntry(dir, unlock, clock);
    expect(record.entry.seq).toBe(1);
    expect((await stat(auditLogPath(dir))).mode & 0o777).toBe(0o600);
    expect(await readFile(auditLogPath(dir), 'utf8')).toBe(record.line);
  });

  it('keeps every append across re-reads and never rewrites earlier lines', async () => {
    for (let i = 0; i < 3; i += 1) await appendAuditEntry(dir, { event: 'password.reveal', store: 'password-vault', generation: 3, details: { n: i } }, clock);
    const before = await readAuditLog(dir);
    const record = await appendAuditEntry(dir, { event: 'store.lock', store: 'password-vault', generation: 3 }, { now: () => START + 60_000 });
    const after = await readAuditLog(dir);
    expect(after).toBe(before + record.line);
    const result = verifyAuditChain(after);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    expect(result.head).toEqual({ seq: 4, hash: record.hash });
    expect(result.entries[3]!.at).toBe('2026-11-22T10:01:00Z');
  });

  it('produces a valid chain when 20 appends run concurrently in one process', async () => {
    const records = await Promise.all(
      Array.from({ length: 20 }, (_, i) => appendAuditEntry(dir, { event: 'shares.verify', store: 'mfa-seeds', generation: 1, details: { index: i } }, clock)),
    );
    const result = verifyAuditChain(await readAuditLog(dir));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(result.entries.map((entry) => entry.details.index))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => i)));
    expect(records.map((record) => record.entry.seq).sort((a, b) => a - b)).toEqual(result.entries.map((entry) => entry.seq));
  });

  it('refuses to append with AUDIT_TORN when the last line was cut short, INTEGRITY when it is a malformed entry, changing nothing', async () => {
    await appendAuditEntry(dir, unlock, clock);
    const good = await readAuditLog(dir);
    for (const damage of ['garbage\n', '{"seq":2', '\n', '\0\0\0\0']) {
      await writeFile(auditLogPath(dir), good + damage);
      const error = await errorOf(appendAuditEntry(dir, unlock, clock));
      expect(error.code, damage).toBe('AUDIT_TORN');
      expect(error.message).toMatch(/cut short \(a crash or power cut while writing.*nothing was appended/);
      expect(error.action).toEqual({ kind: 'repair-audit-log', dir });
      expect(await readAuditLog(dir)).toBe(good + damage);
    }
    for (const damage of ['{"seq":2}\n', '[1,2]\n']) {
      await writeFile(auditLogPath(dir), good + damage);
      const error = await errorOf(appendAuditEntry(dir, unlock, clock));
      expect(error.code, damage).toBe('INTEGRITY');
      expect(error.message).toMatch(/nothing was appended/);
      expect(error.message).toMatch(/Verify the audit log/);
      expect(error.action).toEqual({ kind: 'verify-audit-log', dir });
      expect(await readAuditLog(dir)).toBe(good + damage);
    }
    await writeFile(auditLogPath(dir), good);
    expect((await appendAuditEntry(dir, unlock, clock)).entry.seq).toBe(2);
  });

  it('refuses to append when the last line is longer than any entry can be', async () => {
    await writeFile(auditLogPath(dir), `${'x'.repeat(70_000)}\n`);
    expect((await errorOf(appendAuditEntry(dir, unlock, clock))).message).toMatch(/longer than 65536 bytes/);
  });

  it('continues the chain after a well-formed last line written earlier', async () => {
    await appendAuditEntry(dir, unlock, clock);
    await appendAuditEntry(dir, { event: 'store.lock' }, clock);
    const record = await appendAuditEntry(dir, { event: 'drill' }, clock);
    expect(record.entry.seq).toBe(3);
    expect(verifyAuditChain(await readAuditLog(dir), { expectedHead: record.hash }).ok).toBe(true);
  });

  it('throws before touching the disk when the input is invalid', async () => {
    await expect(appendAuditEntry(dir, { event: 'drill', details: { rootPassword: 'hunter2' } }, clock)).rejects.toThrow(TypeError);
    await expect(appendAuditEntry(dir, { event: 'drill' }, {} as never)).rejects.toThrow(/clock/);
    await expect(stat(auditLogPath(dir))).rejects.toThrow();
  });

  it('reports IO when the directory does not exist', async () => {
    const error = await errorOf(appendAuditEntry(join(dir, 'missing'), unlock, clock));
    expect(error.code).toBe('IO');
    expect(error.message).toMatch(/does not exist/);
  });

  it('refuses a symbolic link in place of the log', async () => {
    await mkdir(join(dir, 'elsewhere'));
    await writeFile(join(dir, 'elsewhere', 'log'), '');
    await symlink(join(dir, 'elsewhere', 'log'), auditLogPath(dir));
    expect((await errorOf(appendAuditEntry(dir, unlock, clock))).code).toBe('IO');
    expect((await errorOf(readAuditLog(dir))).code).toBe('IO');
  });

  it('throws FORMAT naming the line when the log is not valid UTF-8', async () => {
    await appendAuditEntry(dir, unlock, clock);
    await appendFile(auditLogPath(dir), Buffer.from([0x7b, 0xff, 0x7d, 0x0a, 0x7b, 0x7d, 0x0a]));
    const error = await errorOf(readAuditLog(dir));
    expect(error.code).toBe('FORMAT');
    expect(error.message).toMatch(/line 2 .*not valid UTF-8/);
    // Not UTF-8 in the last line only: what a power cut leaves.
    await writeFile(auditLogPath(dir), Buffer.from([0x7b, 0x7d, 0x0a, 0x7b, 0xff]));
    expect((await errorOf(readAuditLog(dir))).code).toBe('AUDIT_TORN');
  });

  it('keeps a byte-order mark so that verify reports it when one was added', async () => {
    await appendAuditEntry(dir, unlock, clock);
    await writeFile(auditLogPath(dir), '\uFEFF' + (await readAuditLog(dir)));
    const result = verifyAuditChain(await readAuditLog(dir));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.brokenAt.line).toBe(1);
  });
});
