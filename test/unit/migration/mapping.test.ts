// The mapping rules of a KeePass import: account id sources, account names, TOTP fields (FORMAT.md §18.2, §18.3).

import { base32nopad, base64, hex } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { accountNameFor, findAccountId } from '../../../src/migration/account-mapping.js';
import { planKeepassImport } from '../../../src/migration/import-plan.js';
import type { SourceEntry } from '../../../src/migration/kdbx-read.js';
import { findEntryTotp } from '../../../src/migration/otp-fields.js';
import { EMPTY_SEED_METADATA } from '../../../src/stores/seeds.js';

const SEED = new Uint8Array(20).map((_, i) => i + 1);

function entry(partial: Partial<Omit<SourceEntry, 'fields' | 'password'>> & { fields?: Record<string, string>; password?: string; hidden?: Record<string, string> }): SourceEntry {
  return {
    index: partial.index ?? 1,
    uuid: 'u',
    groupPath: 'Root',
    title: partial.title ?? '',
    userName: partial.userName ?? '',
    url: partial.url ?? '',
    notes: partial.notes ?? '',
    password: new TextEncoder().encode(partial.password ?? ''),
    fields: new Map(Object.entries(partial.fields ?? {})),
    protectedFields: new Map(Object.entries(partial.hidden ?? {}).map(([k, v]) => [k, new TextEncoder().encode(v)])),
  };
}

describe('findAccountId', () => {
  it('reads the id from AccountId, AWS Account or Account # in any case, with dashes or spaces', () => {
    expect(findAccountId(entry({ fields: { accountid: '123456789012' } }))).toMatchObject({ kind: 'found', accountId: '123456789012', from: 'field' });
    expect(findAccountId(entry({ fields: { 'AWS ACCOUNT': '1234-5678-9012' } }))).toMatchObject({ accountId: '123456789012' });
    expect(findAccountId(entry({ fields: { 'account #': '1234 5678 9012' } }))).toMatchObject({ accountId: '123456789012' });
  });

  it('falls back to the title, then the sign-in URL', () => {
    expect(findAccountId(entry({ title: 'prod (012345678901)' }))).toMatchObject({ accountId: '012345678901', from: 'title' });
    expect(findAccountId(entry({ title: 'prod', url: 'https://012345678901.signin.aws.amazon.com/console' }))).toMatchObject({ accountId: '012345678901', from: 'url' });
  });

  it('calls sources that disagree, a bad field value and two ids in a title ambiguous; none when nothing names one', () => {
    expect(findAccountId(entry({ title: '111111111111', url: 'https://222222222222.signin.aws.amazon.com/' }))).toMatchObject({ kind: 'ambiguous' });
    expect(findAccountId(entry({ fields: { AccountId: 'prod' } }))).toMatchObject({ kind: 'ambiguous' });
    expect(findAccountId(entry({ title: '111111111111 and 222222222222' }))).toMatchObject({ kind: 'ambiguous' });
    expect(findAccountId(entry({ title: 'phone 1234567890123', url: 'https://example.com/111111111111' }))).toEqual({ kind: 'none' });
  });

  it('names the account from the title without its id', () => {
    expect(accountNameFor('Prod – 123456789012', '123456789012')).toBe('Prod');
    expect(accountNameFor('123456789012', '123456789012')).toBe('AWS account 123456789012');
  });
});

describe('findEntryTotp', () => {
  it('reads a KeePassXC otp URI with %3D padding, its algorithm, digits and period, and the AWS device name', () => {
    const b32 = base32nopad.encode(SEED);
    const found = findEntryTotp(entry({ hidden: { otp: `otpauth://totp/Amazon%20Web%20Services:ops-mfa@123456789012?secret=${b32}%3D%3D%3D%3D&algorithm=SHA256&digits=8&period=60` } }));
    expect(found).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60, deviceName: 'ops-mfa', labelAccountId: '123456789012', source: 'otp' });
    expect(found?.seed.length).toBe(20);
  });

  it('reads the legacy TOTP Seed with TOTP Settings "30;6", and refuses "30;S" (Steam)', () => {
    expect(findEntryTotp(entry({ fields: { 'TOTP Seed': base32nopad.encode(SEED), 'TOTP Settings': '60;8' } }))).toMatchObject({ period: 60, digits: 8, source: 'TOTP Seed' });
    expect(() => findEntryTotp(entry({ fields: { 'TOTP Seed': base32nopad.encode(SEED), 'TOTP Settings': '30;S' } }))).toThrow(/Steam/);
  });

  it("reads KeePass 2's TimeOtp-* fields in hex, base64 and base32, with their algorithm", () => {
    expect(findEntryTotp(entry({ fields: { 'TimeOtp-Secret-Hex': hex.encode(SEED), 'TimeOtp-Algorithm': 'HMAC-SHA-512', 'TimeOtp-Length': '8' } }))).toMatchObject({ algorithm: 'SHA512', digits: 8, source: 'TimeOtp' });
    expect(findEntryTotp(entry({ fields: { 'TimeOtp-Secret-Base64': base64.encode(SEED) } }))?.seed).toEqual(SEED);
    expect(findEntryTotp(entry({ fields: { 'TimeOtp-Secret-Base32': base32nopad.encode(SEED) } }))?.seed).toEqual(SEED);
    expect(() => findEntryTotp(entry({ fields: { 'TimeOtp-Secret-Hex': 'zz' } }))).toThrow(/not valid hex/);
  });

  it('finds nothing in an entry without TOTP fields', () => {
    expect(findEntryTotp(entry({ fields: { Other: 'x' } }))).toBeUndefined();
  });
});

describe('planKeepassImport', () => {
  it('flags a weak password "rotate" but imports it, keeps an unreadable TOTP as a skipped MFA step, and never drops an entry', () => {
    const plan = planKeepassImport(
      [
        entry({ index: 1, title: 'a 111111111111', userName: 'root@example.com', password: 'short' }),
        entry({ index: 2, title: 'b 222222222222', userName: 'root2@example.com', password: 'Ok!Passw0rd#1', fields: { 'TOTP Seed': 'not base32 !!' } }),
        entry({ index: 3, title: 'no id', userName: 'x@example.com', password: 'Ok!Passw0rd#1' }),
        entry({ index: 4, title: 'dup 111111111111', userName: 'root@example.com', password: 'Ok!Passw0rd#1' }),
      ],
      new Map(),
      EMPTY_SEED_METADATA,
      { defaultClass: 'excluded' },
    );
    expect(plan.rows.map((r) => [r.index, r.vault.action, r.rotate, r.mfa.action])).toEqual([
      [1, 'add', true, 'none'],
      [2, 'add', false, 'skip'],
      [3, 'skip', false, 'none'],
      [4, 'skip', false, 'none'],
    ]);
    expect(plan.rows[1]?.mfa.reason).toMatch(/TOTP not readable: The MFA secret contains/);
    expect(plan.rows[3]?.vault.reason).toBe('entry #1 is the same account');
    expect(plan.accounts.map((a) => a.accountId)).toEqual(['111111111111', '222222222222']);
  });

  it('asks for a class when none is known, and takes the per-account choice over the default', () => {
    const entries = [entry({ title: 'a 111111111111', userName: 'root@example.com', password: 'Ok!Passw0rd#1' })];
    expect(planKeepassImport(entries, new Map(), EMPTY_SEED_METADATA).needsClass).toBe(1);
    const chosen = planKeepassImport(entries, new Map(), EMPTY_SEED_METADATA, { defaultClass: 'excluded', classes: { '111111111111': 'management' } });
    expect(chosen.accounts[0]?.accountClass).toBe('management');
  });
});
