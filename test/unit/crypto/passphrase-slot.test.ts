import { describe, expect, it } from 'vitest';
import { parseContainer } from '../../../src/crypto/container.js';
import { checkNewPassphrase, createPassphraseSlot, unlockWithPassphrase } from '../../../src/crypto/passphrase-slot.js';
import { TEST_PARAMS } from '../../../src/crypto/kdf.js';
import { BreakglassError } from '../../../src/errors.js';
import { seededRng } from '../../support/ports.js';
import { buildSeedStore, buildVault } from '../../support/stores.js';

const rng = seededRng('passphrase slot');

describe('passphrase-slot', () => {
  it('unlocks with the right passphrase, in any Unicode normalisation form', async () => {
    const passphrase = 'café crème brûlée ñandú';
    const { bytes, dataKey } = await buildVault({ rng, nowMs: 0, passphrase: passphrase.normalize('NFD') });
    const parsed = parseContainer(bytes);
    expect(await unlockWithPassphrase(parsed.header, passphrase.normalize('NFC'))).toEqual(dataKey);
  });

  it('says "wrong passphrase for the password vault" (AUTH) for a wrong passphrase', async () => {
    const { bytes } = await buildVault({ rng, nowMs: 0, passphrase: 'right horse battery staple' });
    await expect(unlockWithPassphrase(parseContainer(bytes).header, 'wrong horse battery staple')).rejects.toSatisfy(
      (error) => error instanceof BreakglassError && error.code === 'AUTH' && /wrong passphrase for the password vault/i.test(error.message),
    );
  });

  it('names the MFA seed store when its passphrase is wrong', async () => {
    const { bytes } = await buildSeedStore({ rng, nowMs: 0, passphrase: 'right horse battery staple' });
    await expect(unlockWithPassphrase(parseContainer(bytes).header, 'nope nope nope nope')).rejects.toThrow(
      /wrong passphrase for the MFA seed store/i,
    );
  });

  it('refuses passphrases under 12 characters with VALIDATION', async () => {
    expect(() => checkNewPassphrase('short pass', 'password-vault')).toThrow(BreakglassError);
    await expect(createPassphraseSlot('short', rng.bytes(32), 'mfa-seeds', rng.bytes(16), TEST_PARAMS, rng)).rejects.toThrow(/too short/);
    expect(() => checkNewPassphrase('twelve chars', 'password-vault')).not.toThrow();
  });
});
