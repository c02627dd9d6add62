import { describe, expect, it } from 'vitest';
import { base32nopad } from '@scure/base';
import { encodeCanonicalJson } from '../../../src/crypto/canonical-json.js';
import { parseContainer } from '../../../src/crypto/container.js';
import { BreakglassError } from '../../../src/errors.js';
import {
  addMfaDevice,
  decodeSeedMetadata,
  decodeSeedSecrets,
  EMPTY_SEED_METADATA,
  EMPTY_SEED_SECRETS,
  findDevice,
  openSeed,
  removeMfaDevice,
  resealSeedSecrets,
  type SeedStoreDocuments,
} from '../../../src/stores/seeds.js';
import { readSeedMetadata } from '../../../src/stores/store-codec.js';
import type { SealContext } from '../../../src/stores/vault.js';
import { seededRng } from '../../support/ports.js';
import { buildSeedStore } from '../../support/stores.js';

const rng = seededRng('seeds');
const context: SealContext = { setId: rng.bytes(16), dataKey: rng.bytes(32), rng, now: '2026-11-22T08:00:00Z' };
const empty: SeedStoreDocuments = { metadata: EMPTY_SEED_METADATA, secrets: EMPTY_SEED_SECRETS };
const seed = base32nopad.decode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
const virtual = { type: 'virtual' as const, accountId: '123456789012', name: 'root-mfa' };

describe('seeds', () => {
  it('records a virtual device with its serial ARN and AWS defaults, seed sealed on its own', () => {
    const { docs, device } = addMfaDevice(empty, virtual, seed, context);
    expect(device).toMatchObject({ type: 'virtual', serialArn: 'arn:aws:iam::123456789012:mfa/root-mfa', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(new TextDecoder().decode(encodeCanonicalJson(docs.metadata))).not.toContain('JBSWY3DP');
    expect(openSeed(docs.secrets, device, context)).toEqual(seed);
  });

  it('records hardware tokens and security keys as metadata only', () => {
    const { docs, device } = addMfaDevice(
      empty,
      { type: 'security-key', accountId: '123456789012', name: 'yubikey-5', serial: 'YK 1234', location: 'Safe B' },
      undefined,
      context,
    );
    expect(Object.keys(docs.secrets.seeds)).toHaveLength(0);
    expect(() => openSeed(docs.secrets, device, context)).toThrow(/Fetch the physical device \(kept: Safe B\)/);
    expect(() =>
      addMfaDevice(empty, { type: 'hardware-totp', accountId: '123456789012', name: 't', serial: 'S', location: 'L' }, seed, context),
    ).toThrow(/metadata only/);
  });

  it('allows at most 8 devices per root user and unique names', () => {
    let docs = empty;
    for (let i = 0; i < 8; i++) docs = addMfaDevice(docs, { ...virtual, name: `mfa-${i}` }, seed, context).docs;
    expect(() => addMfaDevice(docs, { ...virtual, name: 'mfa-9' }, seed, context)).toThrow(/already has 8 MFA devices/);
    const once = addMfaDevice(empty, virtual, seed, context).docs;
    expect(() => addMfaDevice(once, virtual, seed, context)).toThrow(/already has an MFA device/);
  });

  it('validates names, TOTP parameters and seed length', () => {
    expect(() => addMfaDevice(empty, { ...virtual, name: 'has space' }, seed, context)).toThrow(/device name/);
    expect(() => addMfaDevice(empty, { ...virtual, algorithm: 'MD5' }, seed, context)).toThrow(/SHA1/);
    expect(() => addMfaDevice(empty, { ...virtual, digits: 7 }, seed, context)).toThrow(/6 \(AWS\) or 8/);
    expect(() => addMfaDevice(empty, { ...virtual, period: 5 }, seed, context)).toThrow(/10 to 300/);
    expect(() => addMfaDevice(empty, virtual, seed.slice(0, 10), context)).toThrow(/needs its TOTP seed/);
    expect(() => addMfaDevice(empty, { ...virtual, accountId: '1' }, seed, context)).toThrow(/12 digits/);
  });

  it('finds the one virtual device when no name is given, and asks for one when ambiguous', () => {
    let docs = addMfaDevice(empty, virtual, seed, context).docs;
    expect(findDevice(docs.metadata, '123456789012').name).toBe('root-mfa');
    docs = addMfaDevice(docs, { ...virtual, name: 'backup' }, seed, context).docs;
    expect(() => findDevice(docs.metadata, '123456789012')).toThrow(/say which one is meant/);
    expect(() => findDevice(docs.metadata, '123456789012')).toThrow(expect.objectContaining({ action: { kind: 'choose-device', devices: ['backup', 'root-mfa'] } }));
    expect(() => findDevice(docs.metadata, '123456789012', 'nope')).toThrow(/no MFA device named "nope"/);
    expect(() => findDevice(docs.metadata, '999999999999')).toThrow(/no devices for account 999999999999/);
  });

  it('removes a device with its seed and drops the empty account', () => {
    const docs = addMfaDevice(empty, virtual, seed, context).docs;
    const after = removeMfaDevice(docs, '123456789012', 'root-mfa');
    expect(after.metadata.accounts).toHaveLength(0);
    expect(after.secrets.seeds).toEqual({});
  });

  it('re-seals every seed under a new key (rotation)', () => {
    const { docs, device } = addMfaDevice(empty, virtual, seed, context);
    const fresh = { ...context, dataKey: rng.bytes(32) };
    const secrets = resealSeedSecrets(docs, context, fresh);
    expect(openSeed(secrets, device, fresh)).toEqual(seed);
  });

  it('reads metadata from the file without any key, and rejects inconsistent documents', async () => {
    const built = await buildSeedStore({ rng, nowMs: Date.UTC(2026, 0, 1), passphrase: 'twelve chars min' });
    const metadata = readSeedMetadata(parseContainer(built.bytes));
    expect(metadata.accounts.flatMap((a) => a.devices.map((d) => d.name))).toEqual(['gemalto-token', 'root-mfa-1', 'root-mfa']);
    const first = metadata.accounts[0]!;
    expect(() => decodeSeedMetadata({ schema: 1, accounts: [{ ...first, devices: [] }] } as never)).toThrow(BreakglassError);
    expect(() =>
      decodeSeedMetadata({ schema: 1, accounts: [{ ...first, devices: [{ ...first.devices[1], serialArn: 'arn:aws:iam::1:mfa/x' }] }] } as never),
    ).toThrow(/serial ARN/);
    expect(() => decodeSeedSecrets({ schema: 1, seeds: {} } as never, metadata)).toThrow(/seeds do not match/);
  });
});
