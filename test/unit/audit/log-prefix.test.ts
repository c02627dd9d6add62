// The audit log against an earlier copy (a drive's export): the log must still begin with the copy,
// line for line. What the chain alone misses — a changed or removed last line, a log cut short — shows here.

import { describe, expect, it } from 'vitest';
import { checkAuditLogExtendsCopy } from '../../../src/audit/log-prefix.js';
import { createAuditEntry, hashAuditLine, verifyAuditChain, type AuditEntryInput, type AuditRecord } from '../../../src/audit/audit-log.js';

const START = Date.UTC(2026, 10, 22, 10, 0, 0);
const SOURCE = 'drive "PW-A onsite" (exported 2026-11-22T10:05:00Z)';

function input(i: number): AuditEntryInput {
  return { event: 'store.unlock', actor: ['Alice'], store: 'password-vault', generation: 1, details: { method: 'passphrase', n: i } };
}

/** A valid log of `count` entries, one minute apart from `start`, continuing `from` when given. */
function chain(count: number, from: AuditRecord[] = [], start = START): AuditRecord[] {
  const records = [...from];
  for (let i = 0; i < count; i += 1) {
    const last = records.at(-1);
    records.push(createAuditEntry(last && { seq: last.entry.seq, hash: last.hash }, input(records.length), { now: () => start + records.length * 60_000 }));
  }
  return records;
}

const text = (records: readonly AuditRecord[]) => records.map((r) => r.line).join('');

describe('checkAuditLogExtendsCopy', () => {
  const exported = chain(5);
  const copy = text(exported);

  it('accepts a log identical to the copy', () => {
    const result = checkAuditLogExtendsCopy(copy, copy, SOURCE);
    expect(result).toMatchObject({ ok: true, copyEntries: 5, logEntries: 5, newerEntries: 0 });
    expect(result.message).toMatch(/lines 1–5 of the workstation's audit log match it exactly \(no entries since\)/);
  });

  it('accepts a longer log that grew after the export', () => {
    const later = text(chain(3, exported));
    expect(verifyAuditChain(later).ok).toBe(true);
    const result = checkAuditLogExtendsCopy(later, copy, SOURCE);
    expect(result).toMatchObject({ ok: true, copyEntries: 5, logEntries: 8, newerEntries: 3 });
    expect(result.message).toMatch(/3 newer entries since/);
  });

  it('names the line when the last line of the copy was edited in the log (the chain alone cannot see it)', () => {
    const lines = exported.map((r) => r.line);
    lines[4] = lines[4]!.replace('"n":4', '"n":9');
    const log = lines.join('');
    expect(verifyAuditChain(log).ok).toBe(true);
    const result = checkAuditLogExtendsCopy(log, copy, SOURCE);
    expect(result).toMatchObject({ ok: false, problem: 'differs', line: 5 });
    expect(result.message).toBe(
      `Line 5 of the workstation's audit log differs from the copy on ${SOURCE}: the log was edited after that export.`,
    );
  });

  it('names the line when an edited last line is followed by newer, correctly chained entries', () => {
    const lines = exported.map((r) => r.line);
    lines[4] = lines[4]!.replace('"actor":["Alice"]', '"actor":["Mallory"]');
    const next = createAuditEntry({ seq: 5, hash: hashAuditLine(lines[4]!) }, input(5), { now: () => START + 3_600_000 });
    const forged = lines.join('') + next.line;
    expect(verifyAuditChain(forged).ok).toBe(true);
    const result = checkAuditLogExtendsCopy(forged, copy, SOURCE);
    expect(result).toMatchObject({ ok: false, problem: 'differs', line: 5 });
  });

  it('reports a removed last line as entries removed, naming how many the drive holds', () => {
    const log = text(exported.slice(0, 4));
    expect(verifyAuditChain(log).ok).toBe(true);
    const result = checkAuditLogExtendsCopy(log, copy, SOURCE);
    expect(result).toMatchObject({ ok: false, problem: 'truncated', line: 5, copyEntries: 5, logEntries: 4 });
    expect(result.message).toBe(`The workstation's audit log ends at entry 4, but ${SOURCE} holds 5 entries: entry 5 was removed.`);
  });

  it('reports a log cut short by several entries, and an emptied log', () => {
    const cut = checkAuditLogExtendsCopy(text(exported.slice(0, 2)), copy, SOURCE);
    expect(cut.message).toMatch(/ends at entry 2, but drive "PW-A onsite" .* holds 5 entries: entries 3–5 were removed/);
    const empty = checkAuditLogExtendsCopy('', copy, SOURCE);
    expect(empty).toMatchObject({ ok: false, problem: 'truncated', line: 1, logEntries: 0 });
    expect(empty.message).toMatch(/is empty, but drive "PW-A onsite" .* holds 5 entries: the log was deleted or replaced/);
  });

  it('reports a last line cut in the middle (no newline) at that line', () => {
    const result = checkAuditLogExtendsCopy(copy.slice(0, -20), copy, SOURCE);
    expect(result).toMatchObject({ ok: false, problem: 'differs', line: 5 });
    expect(result.message).toMatch(/cut short or edited after that export/);
  });

  it('reports reordered lines at the first line out of place', () => {
    const lines = exported.map((r) => r.line);
    [lines[2], lines[3]] = [lines[3]!, lines[2]!];
    const result = checkAuditLogExtendsCopy(lines.join(''), copy, SOURCE);
    expect(result).toMatchObject({ ok: false, problem: 'differs', line: 3 });
    expect(result.message).toMatch(/^Line 3 of the workstation's audit log differs from the copy on drive "PW-A onsite" .*: lines were reordered after that export\.$/);
  });

  it('reports a line removed in the middle, and a line inserted', () => {
    const lines = exported.map((r) => r.line);
    const removed = checkAuditLogExtendsCopy([...lines.slice(0, 2), ...lines.slice(3)].join(''), copy, SOURCE);
    expect(removed).toMatchObject({ ok: false, problem: 'differs', line: 3 });
    expect(removed.message).toMatch(/entries were removed after that export/);
    const inserted = checkAuditLogExtendsCopy([...lines.slice(0, 2), chain(1)[0]!.line.replace('"n":0', '"n":7'), ...lines.slice(2)].join(''), copy, SOURCE);
    expect(inserted).toMatchObject({ ok: false, problem: 'differs', line: 3 });
    expect(inserted.message).toMatch(/lines were inserted before entry 3/);
  });

  it('finds a log rewritten from scratch with fresh, consistent hashes', () => {
    const rewritten = text(chain(6, [], START - 3_600_000));
    expect(verifyAuditChain(rewritten).ok).toBe(true);
    const result = checkAuditLogExtendsCopy(rewritten, copy, SOURCE);
    expect(result).toMatchObject({ ok: false, problem: 'differs', line: 1 });
  });

  it('says when the log was restored from an older copy after the export (entries the drive holds are lost)', () => {
    const older = exported.slice(0, 3);
    const last = older.at(-1)!;
    const restore = createAuditEntry(
      { seq: last.entry.seq, hash: last.hash },
      { event: 'drive.restore', store: 'password-vault', generation: 1, details: { drive: 'PW-B offsite', auditLog: 'restored' } },
      { now: () => START + 3_600_000 },
    );
    const result = checkAuditLogExtendsCopy(text(older) + restore.line, copy, SOURCE);
    expect(result).toMatchObject({ ok: false, problem: 'differs', line: 4 });
    expect(result.message).toMatch(/restored from an older copy \(from drive "PW-B offsite"\) after that export, so the 2 entries the copy holds from line 4 on are not in the log\. Keep this drive: it is their only record\./);
  });

  it('refuses to vouch with a copy whose own chain is broken', () => {
    const lines = exported.map((r) => r.line);
    const brokenCopy = [...lines.slice(0, 1), ...lines.slice(2)].join('');
    const result = checkAuditLogExtendsCopy(copy, brokenCopy, SOURCE);
    expect(result).toMatchObject({ ok: false, problem: 'copy-broken', line: 2 });
    expect(result.message).toMatch(/copy on drive "PW-A onsite" .* is itself broken .* cannot vouch/);
  });

  it('accepts any log against an empty copy, and checks its arguments', () => {
    expect(checkAuditLogExtendsCopy(copy, '', SOURCE)).toMatchObject({ ok: true, copyEntries: 0, newerEntries: 5 });
    expect(() => checkAuditLogExtendsCopy(1 as unknown as string, copy, SOURCE)).toThrow(TypeError);
    expect(() => checkAuditLogExtendsCopy(copy, null as unknown as string, SOURCE)).toThrow(/copy must be a string/);
    expect(() => checkAuditLogExtendsCopy(copy, copy, '')).toThrow(/source/);
  });
});
