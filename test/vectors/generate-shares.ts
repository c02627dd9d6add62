// Share vectors of FORMAT.md §12: codec vectors (bytes → words and QR text, deterministic) and stores with
// a shares slot opened by given shares. shamir-secret-sharing draws its own randomness, so store vectors
// are written once (`npm run vectors` keeps existing ones) and checked by outcome, not regenerated.

import { readdirSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { encodeCanonicalJson } from '../../src/crypto/canonical-json.js';
import type { ContainerHeader, KeySlot } from '../../src/crypto/container.js';
import { TEST_PARAMS } from '../../src/crypto/kdf.js';
import { createPassphraseSlot } from '../../src/crypto/passphrase-slot.js';
import { STORE_KINDS, type StoreKind } from '../../src/shared/store-kind.js';
import { encodeShareBytes, shareToQrText, shareToWords, type Share } from '../../src/custody/share-codec.js';
import { createSharesSlot } from '../../src/custody/shares-slot.js';
import type { Custodian } from '../../src/stores/custody-record.js';
import { sealStore } from '../../src/stores/store-codec.js';
import { addVaultAccount, EMPTY_VAULT, type SealContext } from '../../src/stores/vault.js';
import { seededRng } from '../support/ports.js';
import { SAMPLE_ACCOUNTS } from '../support/stores.js';
import { base64Lines, renderTestVector, vectorDir, writeTestVectors, type VectorFamily } from '../support/vectors.js';

export const SHARE_VECTORS: VectorFamily = {
  name: 'shares',
  expect: ['ok', 'SHARE_CHECKSUM', 'QUORUM', 'REVOKED_SHARE', 'FOREIGN_SHARE', 'TAMPERED_SHARE', 'DUPLICATE_SHARE'],
  keys: { bytes: {}, qr: {}, 'likely-word': {}, kind: { values: STORE_KINDS }, share: { repeatable: true }, payload: {} },
};

export interface ShareVector {
  readonly name: string;
  readonly fields: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string;
}

export function renderShareVector(vector: ShareVector): string {
  const header = Object.entries(vector.fields).flatMap(([key, value]) => (typeof value === 'string' ? [value] : value).map((item): [string, string] => [key, item]));
  return renderTestVector(header, vector.body);
}

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const ISSUED = '2026-11-22T12:00:00Z';

/** Deterministic codec vectors: a share's bytes and their two renderings. */
export function buildCodecVectors(): ShareVector[] {
  const rng = seededRng('breakglass share codec vectors v1');
  const value = rng.bytes(33);
  value[32] = 0x9d;
  const share: Share = { version: 1, kind: 'password-vault', setId: rng.bytes(16), shareSetId: rng.bytes(16), threshold: 3, index: 2, count: 5, value };
  const words = shareToWords(share);
  const typo = [...words];
  typo[16] = words[16] === 'zoo' ? 'zone' : 'zoo';
  const swapped = [...words];
  [swapped[30], swapped[31]] = [words[31] as string, words[30] as string];
  const numbered = (list: readonly string[]) => list.map((w, i) => `${String(i + 1).padStart(2)}. ${w}`).join('\n');
  return [
    {
      name: '001-codec-password-vault-share',
      fields: {
        expect: 'ok',
        comment: 'Share 2 of 5 (threshold 3) of a password vault: its 70 bytes, 54 words and QR text.',
        bytes: bytesToHex(encodeShareBytes(share)),
        qr: shareToQrText(share),
      },
      body: numbered(words),
    },
    {
      name: '002-codec-one-wrong-word',
      fields: { expect: 'SHARE_CHECKSUM', comment: `Vector 001 with word 17 replaced: readers name word 17 and "${words[16]}".`, 'likely-word': `17 ${words[16]}` },
      body: numbered(typo),
    },
    {
      name: '003-codec-swapped-words',
      fields: { expect: 'SHARE_CHECKSUM', comment: 'Vector 001 with words 31 and 32 swapped.' },
      body: numbered(swapped),
    },
  ];
}

async function sharedStore(kind: StoreKind, label: string, revokedFrom?: Uint8Array[]): Promise<{ file: Uint8Array; shares: readonly Share[]; setId: Uint8Array; shareSetId: Uint8Array }> {
  const rng = seededRng(label);
  const setId = hexToBytes('5eed5eed5eed5eed5eed5eed5eed5eed');
  const dataKey = rng.bytes(32);
  const passphraseSlot: KeySlot = await createPassphraseSlot('vault correct horse battery staple', dataKey, kind, setId, TEST_PARAMS, rng);
  const { slot, shares } = await createSharesSlot(dataKey, kind, setId, 2, 3, rng);
  const custodians: Custodian[] = ['Ana Lima', 'Ben Okafor', 'Chen Wei'].map((name, i) => ({
    name,
    role: 'password custodian',
    contact: '',
    shareIndex: i + 1,
    issuedAt: ISSUED,
  }));
  const context: SealContext = { setId, dataKey, rng, now: ISSUED };
  let vault = EMPTY_VAULT;
  const first = SAMPLE_ACCOUNTS[0] as (typeof SAMPLE_ACCOUNTS)[number];
  if (kind === 'password-vault') vault = addVaultAccount(vault, first, first.password, context);
  const file = sealStore(
    { kind, setId, generation: revokedFrom ? 5 : 4, slots: [passphraseSlot, slot], revokedShareSets: revokedFrom ?? [] },
    kind === 'password-vault'
      ? { kind, vault, custody: { custodians, overrides: [] } }
      : { kind, seeds: { metadata: { schema: 1, accounts: [] }, secrets: { schema: 1, seeds: {} } }, custody: { custodians, overrides: [] } },
    dataKey,
    NOW,
    rng,
  );
  return { file, shares, setId, shareSetId: slot.shareSetId };
}

/** Store vectors opened with shares (random shares: written once, kept afterwards). */
export async function buildStoreShareVectors(payloadOf: (file: Uint8Array, shares: string[]) => Promise<string>): Promise<ShareVector[]> {
  const old = await sharedStore('password-vault', 'shares vector old set');
  const current = await sharedStore('password-vault', 'shares vector current set', [old.shareSetId]);
  const mfa = await sharedStore('mfa-seeds', 'shares vector mfa');
  const words = (share: Share) => shareToWords(share).join(' ');
  const [s1, s2, s3] = current.shares as [Share, Share, Share];
  const forged: Share = { ...s3, value: s3.value.map((b, i) => (i === 0 ? b ^ 1 : b)) };
  const vector = (name: string, expect: string, comment: string, shares: string[], file = current.file, payload?: string): ShareVector => ({
    name,
    fields: { expect, kind: 'password-vault', comment, share: shares, ...(payload ? { payload } : {}) },
    body: base64Lines(file),
  });
  return [
    vector('010-vault-opened-with-2-of-3-shares', 'ok', 'A vault (generation 5) with a passphrase slot and a 2-of-3 shares slot, opened with shares 3 and 1.', [words(s3), shareToQrText(s1)], current.file, await payloadOf(current.file, [words(s3), shareToQrText(s1)])),
    vector('011-one-share-is-not-a-quorum', 'QUORUM', 'Vector 010 with only share 2.', [words(s2)]),
    vector('012-share-of-a-revoked-set', 'REVOKED_SHARE', 'Vector 010 with share 1 of the share set it revoked.', [words(s1), words(old.shares[0] as Share)]),
    vector('013-share-of-the-other-store', 'FOREIGN_SHARE', 'Vector 010 with a share of the MFA seed store of the same vault set.', [words(s1), words(mfa.shares[1] as Share)]),
    vector('014-tampered-share', 'TAMPERED_SHARE', 'Vector 010 with share 3 altered and re-encoded (valid checksum, wrong commitment).', [words(s1), words(forged)]),
    vector('015-same-share-twice', 'DUPLICATE_SHARE', 'Vector 010 with share 2 given twice.', [words(s2), words(s2)]),
  ];
}

export async function writeShareVectors(payloadOf: (file: Uint8Array, shares: string[]) => Promise<string>): Promise<void> {
  const render = (vectors: readonly ShareVector[]) => vectors.map((vector) => ({ name: vector.name, text: renderShareVector(vector) }));
  writeTestVectors(SHARE_VECTORS, render(buildCodecVectors()));
  const existing = readdirSync(vectorDir(SHARE_VECTORS));
  if (!existing.some((name) => name.startsWith('010-'))) {
    const missing = (await buildStoreShareVectors(payloadOf)).filter((vector) => !existing.includes(`${vector.name}.txt`));
    writeTestVectors(SHARE_VECTORS, render(missing));
  }
}

export function payloadText(payload: unknown): string {
  return new TextDecoder().decode(encodeCanonicalJson(payload));
}

export type { ContainerHeader };
