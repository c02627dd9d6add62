import { describe, expect, it } from 'vitest';
import { parseContainer } from '../../../src/crypto/container.js';
import { decodeCanonicalJson, encodeCanonicalJson } from '../../../src/crypto/canonical-json.js';
import { BreakglassError } from '../../../src/errors.js';
import { decryptVault } from '../../../src/stores/store-codec.js';
import {
  addVaultAccount,
  decodeVaultDocument,
  EMPTY_VAULT,
  findAccount,
  openVaultPassword,
  removeVaultAccount,
  resealVaultDocument,
  updateVaultAccount,
  type SealContext,
} from '../../../src/stores/vault.js';
import { seededRng } from '../../support/ports.js';
import { buildVault, SAMPLE_ACCOUNTS } from '../../support/stores.js';

const rng = seededRng('vault');
const context: SealContext = { setId: rng.bytes(16), dataKey: rng.bytes(32), rng, now: '2026-11-22T08:00:00Z' };
const input = { accountId: '123456789012', name: 'Prod', accountClass: 'excluded', email: 'root@example.com', notes: 'n' };

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('vault', () => {
  it('adds an account with its password sealed, not in the document', () => {
    const doc = addVaultAccount(EMPTY_VAULT, input, 'Sup3r-Secret!', context);
    expect(doc.accounts).toHaveLength(1);
    expect(text(encodeCanonicalJson(doc))).not.toContain('Sup3r-Secret!');
    expect(text(openVaultPassword(doc, '123456789012', context))).toBe('Sup3r-Secret!');
  });

  it('keeps accounts sorted by id and refuses a duplicate id with CONFLICT', () => {
    let doc = addVaultAccount(EMPTY_VAULT, input, 'Sup3r-Secret!', context);
    doc = addVaultAccount(doc, { ...input, accountId: '000000000001' }, 'Sup3r-Secret!', context);
    expect(doc.accounts.map((a) => a.accountId)).toEqual(['000000000001', '123456789012']);
    expect(() => addVaultAccount(doc, input, 'Sup3r-Secret!', context)).toThrow(/already holds account 123456789012/);
  });

  it('validates every field, the password against the name and email', () => {
    expect(() => addVaultAccount(EMPTY_VAULT, { ...input, accountId: '12' }, 'Sup3r-Secret!', context)).toThrow(/12 digits/);
    expect(() => addVaultAccount(EMPTY_VAULT, { ...input, email: 'x' }, 'Sup3r-Secret!', context)).toThrow(/root email/);
    expect(() => addVaultAccount(EMPTY_VAULT, { ...input, accountClass: 'member' }, 'Sup3r-Secret!', context)).toThrow(/management/);
    expect(() => addVaultAccount(EMPTY_VAULT, input, 'short', context)).toThrow(/AWS requires 8–128/);
    expect(() => addVaultAccount(EMPTY_VAULT, { ...input, name: 'Prod-Root-1' }, 'prod-root-1', context)).toThrow(/account name/);
  });

  it('updates fields and password, keeping createdAt and the untouched password', () => {
    const doc = addVaultAccount(EMPTY_VAULT, input, 'Sup3r-Secret!', context);
    const later = { ...context, now: '2026-12-01T00:00:00Z' };
    const renamed = updateVaultAccount(doc, '123456789012', { name: 'Production' }, undefined, later);
    expect(findAccount(renamed, '123456789012')).toMatchObject({ name: 'Production', createdAt: context.now, updatedAt: later.now });
    expect(text(openVaultPassword(renamed, '123456789012', context))).toBe('Sup3r-Secret!');
    const rotated = updateVaultAccount(renamed, '123456789012', {}, 'N3w-Secret-Pass', later);
    expect(text(openVaultPassword(rotated, '123456789012', context))).toBe('N3w-Secret-Pass');
  });

  it('removes an account and reports NOT_FOUND for an unknown one', () => {
    const doc = addVaultAccount(EMPTY_VAULT, input, 'Sup3r-Secret!', context);
    expect(removeVaultAccount(doc, '123456789012').accounts).toHaveLength(0);
    expect(() => removeVaultAccount(doc, '999999999999')).toThrow(BreakglassError);
    expect(() => findAccount(doc, '999999999999')).toThrow(/has no account 999999999999/);
  });

  it('re-seals every password under a new key (rotation)', () => {
    const doc = addVaultAccount(EMPTY_VAULT, input, 'Sup3r-Secret!', context);
    const fresh = { ...context, dataKey: rng.bytes(32) };
    const resealed = resealVaultDocument(doc, context, fresh);
    expect(text(openVaultPassword(resealed, '123456789012', fresh))).toBe('Sup3r-Secret!');
    expect(() => openVaultPassword(resealed, '123456789012', context)).toThrow(BreakglassError);
  });

  it('decodes its own documents and rejects schema deviations with FORMAT', async () => {
    const built = await buildVault({ rng, nowMs: Date.UTC(2026, 0, 1), passphrase: 'twelve chars min' });
    const doc = decryptVault(parseContainer(built.bytes), built.dataKey);
    expect(doc.accounts.map((a) => a.name)).toEqual(SAMPLE_ACCOUNTS.map((a) => a.name));
    const json = decodeCanonicalJson(encodeCanonicalJson(doc), 'x') as { accounts: Record<string, unknown>[]; schema: number };
    const bad = [
      { ...json, schema: 2 },
      { ...json, extra: true },
      { accounts: [...json.accounts].reverse(), schema: 1 },
      { accounts: [{ ...json.accounts[0], accountId: '123' }], schema: 1 },
      { accounts: [{ ...json.accounts[0], createdAt: 'yesterday' }], schema: 1 },
      { accounts: [{ ...json.accounts[0], password: 'plaintext' }], schema: 1 },
      { accounts: [{ ...json.accounts[0], name: ' padded ' }], schema: 1 },
    ];
    for (const value of bad) {
      expect(() => decodeVaultDocument(value as never), JSON.stringify(value).slice(0, 80)).toThrow(BreakglassError);
    }
  });

  it('names the account (by its place in the list) and what is wrong with it in each refusal', async () => {
    const built = await buildVault({ rng, nowMs: Date.UTC(2026, 0, 1), passphrase: 'twelve chars min' });
    const json = decodeCanonicalJson(encodeCanonicalJson(decryptVault(parseContainer(built.bytes), built.dataKey)), 'x') as { accounts: Record<string, unknown>[]; schema: number };
    expect(json.accounts.length).toBeGreaterThanOrEqual(2);
    const second = (change: (a: Record<string, unknown>) => Record<string, unknown>) => ({ schema: 1, accounts: [json.accounts[0], change({ ...json.accounts[1] })] });
    const refusal = (value: unknown): string => {
      try {
        decodeVaultDocument(value as never);
      } catch (error) {
        expect(error).toBeInstanceOf(BreakglassError);
        expect((error as BreakglassError).code).toBe('FORMAT');
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    const schema = (problem: string) => `The password vault account #2 does not match the store schema (${problem}): the store is damaged.`;
    expect(refusal(second((a) => ({ ...a, extra: 1 })))).toBe(schema('unexpected "extra"'));
    expect(refusal(second(({ notes: _, ...a }) => a))).toBe(schema('missing "notes"'));
    expect(refusal(second((a) => ({ ...a, updatedAt: '2026-02-30T00:00:00Z' })))).toBe(schema('bad timestamp'));
    expect(refusal(second((a) => ({ ...a, accountId: '123' })))).toMatch(/^The password vault account #2 does not match the store schema \(invalid [a-zA-Z]+\)/);
    expect(refusal(second((a) => ({ ...a, email: 'not an email' })))).toMatch(/^The password vault account #2 does not match the store schema \(invalid [a-zA-Z]+\)/);
    expect(refusal(second((a) => ({ ...a, name: ' padded ' })))).toMatch(/password vault account #2/);
    expect(refusal(second((a) => ({ ...a, password: 'plaintext' })))).toMatch(/password vault account #2 password/);
    expect(refusal(second((a) => ({ ...a, passwordStyle: 'emoji' })))).toMatch(/^The password vault account #2 does not match the store schema \(invalid [a-zA-Z]+\)/);
    expect(refusal({ schema: 1, accounts: [json.accounts[0], 'not an object'] })).toBe(schema('not an object'));
  });
});
