// The audit log in words: each event as one sentence naming who did what, from the entry's own fields,
// and every event the log can hold said as more than its raw name.

import { describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../../src/app/api.js';
import { AUDIT_EVENTS } from '../../../src/audit/audit-events.js';
import { auditSentence, whoDidIt } from '../../../renderer/src/screens/audit/audit-words.js';

function entry(event: string, fields: Partial<AuditEntryView> = {}): AuditEntryView {
  return { seq: 7, at: '2026-12-01T09:00:00Z', event, actor: ['Ana Lima'], store: null, generation: null, setId: null, details: {}, text: '', ...fields } as AuditEntryView;
}

describe('audit log in words', () => {
  it('names the people, the action, the store and what the details say', () => {
    expect(auditSentence(entry('drive.export', { store: 'password-vault', generation: 3, details: { drive: 'PW-A onsite', serial: 'X1' } }))).toBe(
      'Ana Lima exported the password vault to PW-A onsite.',
    );
    expect(auditSentence(entry('mfa.enroll', { actor: ['Dana Kim', 'Eli Cohen'], store: 'mfa-seeds', details: { accountId: '111122223333', device: 'root-mfa-1' } }))).toBe(
      'Dana Kim and Eli Cohen enrolled the MFA device "root-mfa-1" of account 111122223333 and sealed its seed.',
    );
    expect(auditSentence(entry('run.close', { details: { run: 2, outcome: 'done', seedsExposed: '111122223333:root-mfa-1' } }))).toBe(
      'Ana Lima closed break-glass run 2 (done); MFA seed exposed: 111122223333:root-mfa-1.',
    );
    expect(auditSentence(entry('run.close', { details: { run: 2, outcome: 'done', seedsExposed: '' } }))).toBe('Ana Lima closed break-glass run 2 (done).');
    expect(auditSentence(entry('print', { store: 'mfa-seeds', details: { document: 'paper-backup', destination: 'file' } }))).toBe('Ana Lima printed the paper backup of the MFA seed store (file).');
    expect(auditSentence(entry('store.unaudited', { store: 'password-vault', generation: 2 }))).toBe(
      'Ana Lima found the password vault (generation 2) saved without its audit entry, and recorded it.',
    );
  });

  it('says what a drill.bags entry recorded, by its reason', () => {
    const bags = (details: Record<string, unknown>) => auditSentence(entry('drill.bags', { details: { recordSha256: 'ab'.repeat(32), intervalDays: 90, ...details } as AuditEntryView['details'] }));
    expect(bags({ reason: 'print', changed: 2 })).toBe('Ana Lima recorded 2 envelope bag numbers printed on share sheets.');
    expect(bags({ reason: 'sealed', changed: 1 })).toBe('Ana Lima recorded 1 envelope bag number of sealed share sheets.');
    expect(bags({ reason: 'drill', changed: 3 })).toBe('Ana Lima recorded the drill’s 3 new envelope bags.');
    expect(bags({ reason: 'interval', changed: 0, intervalDays: 30 })).toBe('Ana Lima set the drill interval to 30 days.');
  });

  it('says when nobody was named, and lists three or more people in a sentence', () => {
    expect(whoDidIt([])).toBe('Someone (no custodian named)');
    expect(whoDidIt(['Ana Lima', 'Ben Okafor', 'Chen Wei'])).toBe('Ana Lima, Ben Okafor and Chen Wei');
    expect(auditSentence(entry('store.lock', { actor: [], store: 'mfa-seeds' }))).toBe('Someone (no custodian named) locked the MFA seed store.');
  });

  it('has words for every event the log can hold, and still says an unknown one by its name', () => {
    for (const event of AUDIT_EVENTS) expect(auditSentence(entry(event)), event).not.toMatch(/recorded "/);
    expect(auditSentence(entry('future.event'))).toBe('Ana Lima recorded "future.event".');
  });
});
