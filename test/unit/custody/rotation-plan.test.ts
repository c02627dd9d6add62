// The rotation plan (FORMAT.md §12.5): what a rotation decides before any key exists — the new register and
// overrides, the share set it revokes, segregation against the other store — as data, with its refusals.

import { describe, expect, it } from 'vitest';
import type { ContainerHeader, KeySlot } from '../../../src/crypto/container.js';
import type { Custodian, CustodyRecord } from '../../../src/custody/custodians.js';
import { MAX_REVOKED_SHARE_SETS, planRotation, type RotationPlanInput } from '../../../src/custody/rotation-plan.js';
import { errorOf } from '../../support/errors.js';

const AT = '2026-11-22T08:00:00Z';
const refusal = (decide: () => unknown) => errorOf(Promise.resolve().then(decide));
const bytes = (fill: number, length = 16) => new Uint8Array(length).fill(fill);
const sharesSlot = (fill: number): KeySlot => ({
  type: 'shares',
  shareSetId: bytes(fill),
  threshold: 2,
  commitments: [bytes(1, 32), bytes(2, 32), bytes(3, 32)],
  nonce: bytes(0, 24),
  wrappedKey: bytes(0, 48),
});
const passphraseSlot: KeySlot = {
  type: 'passphrase',
  kdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 },
  salt: bytes(9),
  nonce: bytes(0, 24),
  wrappedKey: bytes(0, 48),
} as KeySlot;

function header(slots: readonly KeySlot[], revoked: readonly Uint8Array[] = []): ContainerHeader {
  return {
    version: 1,
    kind: 'password-vault',
    setId: bytes(0xab),
    generation: 3,
    sealedAt: 1_800_000_000,
    slots,
    revokedShareSets: revoked,
    publicDocument: new Uint8Array(),
    payloadNonce: bytes(0, 24),
  };
}

const person = (name: string, shareIndex: number | null = null): Custodian => ({ name, role: '', contact: '', shareIndex, issuedAt: AT });
const EARLIER_OVERRIDE = { at: '2026-01-01T00:00:00Z', reason: 'the only two people on site', custodians: ['Zoe'] };
const CURRENT: CustodyRecord = { custodians: [person('Old Holder', 1)], overrides: [EARLIER_OVERRIDE] };

function input(over: Partial<RotationPlanInput> = {}): RotationPlanInput {
  return {
    kind: 'password-vault',
    header: header([sharesSlot(0x11), passphraseSlot], [bytes(0x01), bytes(0x02)]),
    current: CURRENT,
    planned: [person('Alice', 1), person('Bob', 2), person('Carol', 3)],
    otherCustodians: [person('Mallory', 1), person('Trent', 2)],
    custody: { passphrase: 'a new passphrase of the password custodians', shares: { threshold: 2, custodians: [{ name: 'Alice' }, { name: 'Bob' }, { name: 'Carol' }] } },
    overrideReason: undefined,
    issuedAt: AT,
    ...over,
  };
}

describe('planRotation', () => {
  it('revokes the current share set after the earlier ones and keeps the overrides when the groups are apart', () => {
    const plan = planRotation(input());
    expect(plan.revokedShareSet).toBe('11'.repeat(16));
    expect(plan.revokedShareSets).toEqual([bytes(0x01), bytes(0x02), bytes(0x11)]);
    expect(plan.custody).toEqual({ custodians: input().planned, overrides: [EARLIER_OVERRIDE] });
    expect(plan.sharedCustodians).toEqual([]);
    expect(plan.override).toBeUndefined();
    expect(plan.description).toBe('2-of-3 shares + passphrase');
  });

  it('revokes nothing new for a store opened by a passphrase only, and leaves the input header as it was', () => {
    const before = header([passphraseSlot], [bytes(0x05)]);
    const plan = planRotation(input({ header: before, custody: { passphrase: 'another long passphrase here' } }));
    expect(plan.revokedShareSet).toBeNull();
    expect(plan.revokedShareSets).toEqual([bytes(0x05)]);
    expect(plan.revokedShareSets).not.toBe(before.revokedShareSets);
    expect(before.revokedShareSets).toEqual([bytes(0x05)]);
    expect(plan.description).toBe('passphrase');
  });

  it('describes a shares-only custody without a passphrase', () => {
    const plan = planRotation(input({ custody: { shares: { threshold: 3, custodians: [{ name: 'A' }, { name: 'B' }, { name: 'C' }, { name: 'D' }, { name: 'E' }] } } }));
    expect(plan.description).toBe('3-of-5 shares');
  });

  it('refuses a person in both groups with SEGREGATION when no override reason is given, or a reason too short', async () => {
    const shared = { otherCustodians: [person('bob ', 1)] };
    for (const overrideReason of [undefined, '', 'too short']) {
      const error = await refusal(() => planRotation(input({ ...shared, overrideReason })));
      expect(error.code, String(overrideReason)).toBe('SEGREGATION');
      expect(error.message).toMatch(/^Bob would be a custodian of both the password vault and the MFA seed store/);
    }
  });

  it('records an override with the trimmed reason, after the earlier ones, when people are shared', () => {
    const plan = planRotation(input({ otherCustodians: [person('BOB', 1)], overrideReason: '  two-person office, approved by the CISO  ' }));
    const override = { at: AT, reason: 'two-person office, approved by the CISO', custodians: ['Bob'] };
    expect(plan.sharedCustodians).toEqual(['Bob']);
    expect(plan.override).toEqual(override);
    expect(plan.custody.overrides).toEqual([EARLIER_OVERRIDE, override]);
    expect(CURRENT.overrides).toEqual([EARLIER_OVERRIDE]);
  });

  it('names shared people as the password vault register writes them, whichever store rotates', () => {
    const plan = planRotation(input({ kind: 'mfa-seeds', planned: [person('ALICE', 1)], otherCustodians: [person('Alice', 1)], overrideReason: 'a reason of enough length' }));
    expect(plan.sharedCustodians).toEqual(['Alice']);
  });

  it('refuses a rotation with CONFLICT once the header could list no more revoked share sets', async () => {
    const full = Array.from({ length: MAX_REVOKED_SHARE_SETS }, (_, i) => bytes(i));
    const error = await refusal(() => planRotation(input({ header: header([sharesSlot(0xee)], full) })));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('This store has been rotated 255 times: create a new vault set and move the accounts.');
    expect(planRotation(input({ header: header([sharesSlot(0xee)], full.slice(1)) })).revokedShareSets).toHaveLength(MAX_REVOKED_SHARE_SETS);
    expect(planRotation(input({ header: header([passphraseSlot], full) })).revokedShareSets).toHaveLength(MAX_REVOKED_SHARE_SETS);
  });

  it('checks segregation before the revocation limit', async () => {
    const full = Array.from({ length: MAX_REVOKED_SHARE_SETS }, (_, i) => bytes(i));
    const error = await refusal(() => planRotation(input({ header: header([sharesSlot(0xee)], full), otherCustodians: [person('Carol', 1)] })));
    expect(error.code).toBe('SEGREGATION');
  });
});
