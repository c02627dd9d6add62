// A store generation and its audit entry (FORMAT.md §10.9): which entries record a save, a save refused
// before its rename when its entry could not follow, and the IO wording when the append fails after it.

import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditEntry } from '../../../src/audit/audit-log.js';
import { isGenerationAudited } from '../../../src/audit/generation-coverage.js';
import { createBreakglassApp } from '../../../src/app/index.js';
import { unrecordedSave } from '../../../src/app/unaudited-saves.js';
import { BreakglassError } from '../../../src/errors.js';
import { outcomeOf } from '../../support/errors.js';
import { testPorts } from '../../support/ports.js';

const SET = 'ab'.repeat(16);
const clock = { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) };
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bg-unaudited-unit-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const line = (event: Parameters<typeof createAuditEntry>[1]['event'], generation: number | null, setId = SET, store: 'password-vault' | 'mfa-seeds' | null = 'password-vault') =>
  createAuditEntry(undefined, { event, store: generation === null ? null : store, generation, setId }, clock).line;

describe('isGenerationAudited', () => {
  it('counts the entries that save a generation, and the creation for generation 1', () => {
    expect(isGenerationAudited(line('vault-set.create', null), 'password-vault', 1, SET)).toBe(true);
    expect(isGenerationAudited(line('vault-set.create', null), 'password-vault', 2, SET)).toBe(false);
    expect(isGenerationAudited(line('account.add', 12), 'password-vault', 12, SET)).toBe(true);
    expect(isGenerationAudited(line('account.add', 12), 'password-vault', 1, SET)).toBe(false);
    expect(isGenerationAudited(line('mfa.enroll', 3, SET, 'mfa-seeds'), 'mfa-seeds', 3, SET)).toBe(true);
    expect(isGenerationAudited(line('store.unaudited', 4), 'password-vault', 4, SET)).toBe(true);
  });

  it('does not count an unlock, a lock or a failed unlock of the generation, another store, or another vault set', () => {
    for (const event of ['store.unlock', 'store.lock', 'store.unlock-failed', 'password.reveal', 'drive.export'] as const) {
      expect(isGenerationAudited(line(event, 5), 'password-vault', 5, SET), event).toBe(false);
    }
    expect(isGenerationAudited(line('account.add', 5, SET, 'mfa-seeds'), 'password-vault', 5, SET)).toBe(false);
    expect(isGenerationAudited(line('account.add', 5, 'cd'.repeat(16)), 'password-vault', 5, SET)).toBe(false);
    expect(isGenerationAudited(`${line('account.add', 50)}{"damaged":"generation":5}\n`, 'password-vault', 5, SET)).toBe(false);
  });
});

describe('unrecordedSave', () => {
  it("says what was saved when a save's entry could not be written, and leaves other failures alone", () => {
    const cause = new BreakglassError('IO', 'Cannot append to the audit log: the disk holding /v/audit-log.jsonl is full. Free space and retry.');
    const error = unrecordedSave({ event: 'account.add', store: 'password-vault', generation: 7 }, cause) as BreakglassError;
    expect(error.code).toBe('IO');
    expect(error.message).toMatch(/^The change was saved as generation 7 of the password vault, but its audit entry could not be written: Cannot append .* full\. .*next unlock of this store records the missing entry/);
    expect(unrecordedSave({ event: 'store.unlock', store: 'password-vault', generation: 7 }, cause)).toBe(cause);
    expect(unrecordedSave({ event: 'store.unaudited', store: 'password-vault', generation: 7 }, cause)).toBe(cause);
  });
});

describe('a save whose audit entry could not follow it', () => {
  it('is refused before the rename when the log ends torn: nothing is saved', async () => {
    const dir = join(root, 'torn');
    const app = createBreakglassApp(testPorts('unaudited torn'));
    await app.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'torn unit vault pass' }, mfa: { passphrase: 'torn unit mfa pass' } });
    await app.unlockStore({ store: 'password-vault', secret: { passphrase: 'torn unit vault pass' } });
    const before = (await app.getStatus()).stores['password-vault'].inspection?.generation;
    await appendFile(join(dir, 'audit-log.jsonl'), '{"actor":[],"at":"2026-');
    const outcome = await outcomeOf(app.addAccount({ accountId: '123456789012', accountClass: 'excluded', name: 'Torn', email: 'root@example.com', generatePassword: true }));
    expect(outcome).toMatch(/^AUDIT_TORN: .*cut short.*The change was not saved either: nothing changed\.$/);
    expect((await app.getStatus()).stores['password-vault'].inspection?.generation).toBe(before);
  });
});

describe('a TOTP login that opens the MFA seed store', () => {
  it('says so when it found a generation saved without its audit entry, and recorded it once', async () => {
    const dir = join(root, 'totp');
    const first = createBreakglassApp(testPorts('unaudited totp 1'));
    await first.createVaultSet({ dir, kdfProfile: 'test', password: { passphrase: 'totp unit vault pass' }, mfa: { passphrase: 'totp unit mfa pass' } });
    await first.unlockStore({ store: 'mfa-seeds', secret: { passphrase: 'totp unit mfa pass' } });
    await first.prepareEnrollment({ accountId: '123456789012', device: 'root-mfa-1', secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' });
    await first.confirmEnrollment({});
    // A crash between the save and its entry: the log ends just before the mfa.enroll line.
    const log = await readFile(join(dir, 'audit-log.jsonl'), 'utf8');
    const lines = log.trimEnd().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ event: 'mfa.enroll' });
    await writeFile(join(dir, 'audit-log.jsonl'), `${lines.slice(0, -1).join('\n')}\n`);

    const second = createBreakglassApp(testPorts('unaudited totp 2'));
    await second.openVaultSet({ dir });
    const view = await second.startTotpSession({ accountId: '123456789012', secret: { passphrase: 'totp unit mfa pass' } });
    expect(view.unaudited).toMatchObject({ generation: 2, message: expect.stringMatching(/^Generation 2 of the MFA seed store was saved without its audit entry/) });
    await second.endTotpSession();
    const again = await second.startTotpSession({ accountId: '123456789012', secret: { passphrase: 'totp unit mfa pass' } });
    expect(again.unaudited).toBeUndefined();
    await second.endTotpSession();
    const events = (await readFile(join(dir, 'audit-log.jsonl'), 'utf8')).trimEnd().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events.filter((e) => e === 'store.unaudited')).toHaveLength(1);
  });
});
