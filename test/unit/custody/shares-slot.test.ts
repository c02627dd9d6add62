import { describe, expect, it } from 'vitest';
import { parseContainer, sealContainer, type ContainerHeader, type SharesSlot } from '../../../src/crypto/container.js';
import { shareToQrText, shareToWords, type Share } from '../../../src/custody/share-codec.js';
import { checkShareAgainstHeader, createSharesSlot, shareCommitment, unlockWithShares, verifyShareText } from '../../../src/custody/shares-slot.js';
import { combineShareValues, splitKey } from '../../../src/custody/shamir.js';
import { seededRng } from '../../support/ports.js';
import { codeOf } from '../../support/errors.js';

const rng = seededRng('shares slot');
const setId = rng.bytes(16);

async function store(kind: 'password-vault' | 'mfa-seeds', threshold: number, count: number, revoked: Uint8Array[] = []) {
  const dataKey = rng.bytes(32);
  const { slot, shares } = await createSharesSlot(dataKey, kind, setId, threshold, count, rng);
  const header: ContainerHeader = {
    version: 1,
    kind,
    setId,
    generation: 1,
    sealedAt: 0,
    slots: [slot],
    revokedShareSets: revoked,
    publicDocument: new TextEncoder().encode('{}'),
    payloadNonce: rng.bytes(24),
  };
  const file = sealContainer({ header, dataKey, payload: new TextEncoder().encode('{}') });
  return { dataKey, header: parseContainer(file).header, shares, texts: shares.map((s) => shareToWords(s).join(' ')) };
}


function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) => subsets(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]));
}

describe('shares-slot', () => {
  it('opens the store with every subset of size k of a 3-of-5 set, in any order, words or QR text', async () => {
    const s = await store('password-vault', 3, 5);
    for (const subset of subsets([0, 1, 2, 3, 4], 3)) {
      const texts = subset.map((i, j) => (j === 1 ? shareToQrText(s.shares[i]!) : s.texts[i]!)).reverse();
      expect(await unlockWithShares(s.header, texts)).toEqual(s.dataKey);
    }
  });

  it('refuses every subset of k−1 with QUORUM, saying how many more are needed', async () => {
    const s = await store('password-vault', 3, 5);
    for (const subset of subsets([0, 1, 2, 3, 4], 2)) {
      expect(await codeOf(unlockWithShares(s.header, subset.map((i) => s.texts[i]!)))).toBe('QUORUM');
    }
    await expect(unlockWithShares(s.header, [s.texts[0]!])).rejects.toThrow(/1 valid share of the password vault given; 3 are needed \(2 more custodians\)/);
  });

  it('refuses a share of the other store by name (FOREIGN_SHARE)', async () => {
    const vault = await store('password-vault', 2, 3);
    const seeds = await store('mfa-seeds', 2, 3);
    await expect(unlockWithShares(vault.header, [vault.texts[0]!, seeds.texts[1]!])).rejects.toThrow(
      /share 2 belongs to the MFA seed store, not the password vault/,
    );
  });

  it('refuses a share of another set of the same store (FOREIGN_SHARE) and of a revoked set (REVOKED_SHARE)', async () => {
    const old = await store('password-vault', 2, 3);
    const current = await store('password-vault', 2, 3, [old.shares[0]!.shareSetId]);
    const stranger = await store('password-vault', 2, 3);
    expect(await codeOf(unlockWithShares(current.header, [current.texts[0]!, stranger.texts[1]!]))).toBe('FOREIGN_SHARE');
    await expect(unlockWithShares(current.header, [current.texts[0]!, old.texts[1]!])).rejects.toThrow(
      /share 2: this share belongs to revoked share set [0-9a-f ]+, retired when/,
    );
  });

  it('refuses the same share twice (DUPLICATE_SHARE)', async () => {
    const s = await store('mfa-seeds', 2, 3);
    await expect(unlockWithShares(s.header, [s.texts[1]!, s.texts[1]!])).rejects.toThrow(/share 2 is custodian share #2 again/);
  });

  it('refuses a well-formed share that does not match its commitment (TAMPERED_SHARE)', async () => {
    const s = await store('password-vault', 2, 3);
    const forged: Share = { ...s.shares[0]!, value: rng.bytes(33).map((b, i) => (i === 32 ? s.shares[0]!.value[32]! : b)) };
    const text = shareToWords(forged).join(' ');
    expect(await codeOf(() => verifyShareText(s.header, text))).toBe('TAMPERED_SHARE');
    expect(await codeOf(unlockWithShares(s.header, [text, s.texts[1]!]))).toBe('TAMPERED_SHARE');
  });

  it('refuses a typo before combining, naming the share and the word (SHARE_CHECKSUM)', async () => {
    const s = await store('password-vault', 2, 3);
    const words = s.texts[2]!.split(' ');
    words[9] = words[9] === 'zoo' ? 'zone' : 'zoo';
    await expect(unlockWithShares(s.header, [s.texts[0]!, words.join(' ')])).rejects.toThrow(/^share 2: .*Word 10 looks wrong/);
  });

  it('verifies a single share alone against its commitment', async () => {
    const s = await store('mfa-seeds', 2, 4);
    const { share } = verifyShareText(s.header, s.texts[3]!);
    expect(share.index).toBe(4);
    expect(checkShareAgainstHeader(s.header, share).threshold).toBe(2);
    expect(shareCommitment('mfa-seeds', setId, share.shareSetId, 4, share.value)).toEqual(
      (s.header.slots[0] as SharesSlot).commitments[3],
    );
  });

  it('splits and combines a 16-of-16 set, and refuses impossible thresholds', async () => {
    const key = rng.bytes(32);
    const values = await splitKey(key, 16, 16);
    expect(await combineShareValues(values)).toEqual(key);
    await expect(splitKey(key, 1, 3)).rejects.toThrow(RangeError);
    await expect(splitKey(key, 4, 3)).rejects.toThrow(RangeError);
    await expect(splitKey(key.slice(1), 2, 3)).rejects.toThrow(TypeError);
    await expect(combineShareValues([values[0]!, values[0]!])).rejects.toThrow(RangeError);
  });
});
