// The shares key slot: a random key-encryption key, split k-of-n, wraps the data key; the header keeps a
// commitment per share so each share is verified alone, and every share is checked before combining.
// FORMAT.md §4.2 and §12.

import { equalBytes } from '@noble/ciphers/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { NONCE_LENGTH } from '../crypto/aead.js';
import {
  findSlot,
  SHARE_SET_ID_LENGTH,
  unwrapDataKey,
  wrapDataKey,
  type ContainerHeader,
  type SharesSlot,
} from '../crypto/container.js';
import { otherStoreKind, storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { wipe } from '../crypto/wipe.js';
import { BreakglassError } from '../errors.js';
import type { Rng } from '../shared/determinism.js';
import { combineShareValues, KEY_LENGTH, splitKey } from './shamir.js';
import { parseShareText, SHARE_FORMAT_VERSION, type Share } from './share-codec.js';

/** SHA-256 of the share with its identity, stored in the header (FORMAT.md §4.2). */
export function shareCommitment(kind: StoreKind, setId: Uint8Array, shareSetId: Uint8Array, index: number, value: Uint8Array): Uint8Array {
  const prefix = new TextEncoder().encode(
    `breakglass/v1/share-commitment/${kind}/${bytesToHex(setId)}/${bytesToHex(shareSetId)}/${index}/`,
  );
  const input = new Uint8Array(prefix.length + value.length);
  input.set(prefix);
  input.set(value, prefix.length);
  return sha256(input);
}

export interface IssuedShares {
  readonly slot: SharesSlot;
  /** Index i at position i − 1. */
  readonly shares: readonly Share[];
}

/** Splits a fresh key-encryption key k-of-n and wraps `dataKey` under it. */
export async function createSharesSlot(
  dataKey: Uint8Array,
  kind: StoreKind,
  setId: Uint8Array,
  threshold: number,
  count: number,
  rng: Rng,
): Promise<IssuedShares> {
  const kek = rng.bytes(KEY_LENGTH);
  try {
    const values = await splitKey(kek, threshold, count);
    const shareSetId = rng.bytes(SHARE_SET_ID_LENGTH);
    const nonce = rng.bytes(NONCE_LENGTH);
    const shares = values.map(
      (value, i): Share => ({ version: SHARE_FORMAT_VERSION, kind, setId, shareSetId, threshold, index: i + 1, count, value }),
    );
    const slot: SharesSlot = {
      type: 'shares',
      shareSetId,
      threshold,
      commitments: shares.map((s) => shareCommitment(kind, setId, shareSetId, s.index, s.value)),
      nonce,
      wrappedKey: wrapDataKey(kek, dataKey, nonce, kind, setId, 'shares'),
    };
    return { slot, shares };
  } finally {
    wipe(kek);
  }
}

const short = (id: Uint8Array): string => bytesToHex(id).replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Checks one share against a store's header, without any key: same store kind, same vault set, the
 * current share set (or names the revoked one), matching threshold and count, and its commitment.
 */
export function checkShareAgainstHeader(header: ContainerHeader, share: Share, label = 'share'): SharesSlot {
  const where = storeKindLabel(header.kind);
  if (share.kind !== header.kind) {
    throw new BreakglassError(
      'FOREIGN_SHARE',
      `${label} belongs to the ${storeKindLabel(share.kind)}, not the ${where}: it is held by the ${
        share.kind === otherStoreKind(header.kind) ? 'other custodian group' : 'wrong group'
      }. Use a share of the ${where}.`,
      { field: label },
    );
  }
  if (!equalBytes(share.setId, header.setId)) {
    throw new BreakglassError(
      'FOREIGN_SHARE',
      `${label} belongs to another vault set (${short(share.setId)}), not this ${where} (vault set ${short(header.setId)}).`,
      { field: label },
    );
  }
  if (header.revokedShareSets.some((id) => equalBytes(id, share.shareSetId))) {
    throw new BreakglassError(
      'REVOKED_SHARE',
      `${label}: this share belongs to revoked share set ${short(share.shareSetId)}, retired when the ${where}'s custody was rotated. ` +
        'It opens nothing any more: ask for a share of the current set and destroy this one.',
      { field: label },
    );
  }
  const slot = findSlot(header, 'shares');
  if (!slot) {
    throw new BreakglassError('FOREIGN_SHARE', `${label}: the ${where} is not opened with shares (it has no shares slot).`, { field: label });
  }
  if (!equalBytes(slot.shareSetId, share.shareSetId)) {
    throw new BreakglassError(
      'FOREIGN_SHARE',
      `${label} belongs to share set ${short(share.shareSetId)}, which this ${where} does not know (current set: ${short(slot.shareSetId)}). ` +
        'It may come from a newer copy of the store: check the generation.',
      { field: label },
    );
  }
  const commitment = slot.commitments[share.index - 1];
  if (share.threshold !== slot.threshold || share.count !== slot.commitments.length || !commitment) {
    throw new BreakglassError('TAMPERED_SHARE', `${label} declares ${share.threshold}-of-${share.count}, but the ${where} uses ${slot.threshold}-of-${slot.commitments.length}.`, {
      field: label,
    });
  }
  if (!equalBytes(commitment, shareCommitment(share.kind, share.setId, share.shareSetId, share.index, share.value))) {
    throw new BreakglassError(
      'TAMPERED_SHARE',
      `${label} (index ${share.index}) is well-formed but does not match the commitment the ${where} keeps for it: ` +
        'it was altered or forged. Do not use it; report it.',
      { field: label },
    );
  }
  return slot;
}

export interface ShareCheck {
  readonly share: Share;
  readonly slot: SharesSlot;
}

/** Parses and checks one share typed from paper or scanned, alone. */
export function verifyShareText(header: ContainerHeader, text: string, label = 'share'): ShareCheck {
  const share = parseShareText(text, label);
  try {
    return { share, slot: checkShareAgainstHeader(header, share, label) };
  } catch (error) {
    wipe(share.value);
    throw error;
  }
}

/**
 * Checks every share (checksum, store, set, revocation, duplicates, commitment), then the quorum, then
 * combines and unwraps. Returns the data key (the caller wipes it); never a wrong key. Every share value
 * it decoded is wiped before it returns or throws.
 */
export async function unlockWithShares(header: ContainerHeader, texts: readonly string[]): Promise<Uint8Array> {
  const where = storeKindLabel(header.kind);
  const slot = findSlot(header, 'shares');
  if (!slot) throw new BreakglassError('AUTH', `The ${where} has no shares slot: it is opened with its passphrase.`);
  const checked: Share[] = [];
  try {
    return await combineChecked(header, slot, where, texts, checked);
  } finally {
    // Every share value read here is wiped, whether the store opened or not.
    for (const share of checked) wipe(share.value);
  }
}

async function combineChecked(
  header: ContainerHeader,
  slot: SharesSlot,
  where: string,
  texts: readonly string[],
  checked: Share[],
): Promise<Uint8Array> {
  const seen = new Map<number, number>();
  texts.forEach((text, i) => {
    const label = `share ${i + 1}`;
    const { share } = verifyShareText(header, text, label);
    checked.push(share);
    const earlier = seen.get(share.index);
    if (earlier !== undefined) {
      throw new BreakglassError(
        'DUPLICATE_SHARE',
        `${label} is custodian share #${share.index} again (already given as share ${earlier}). Each custodian gives their own share.`,
        { field: label },
      );
    }
    seen.set(share.index, i + 1);
  });
  if (checked.length < slot.threshold) {
    const missing = slot.threshold - checked.length;
    throw new BreakglassError(
      'QUORUM',
      `${checked.length} valid share${checked.length === 1 ? '' : 's'} of the ${where} given; ${slot.threshold} are needed ` +
        `(${missing} more custodian${missing === 1 ? '' : 's'}).`,
    );
  }
  const chosen = checked.slice(0, slot.threshold);
  if (new Set(chosen.map((s) => s.value[s.value.length - 1])).size !== chosen.length) {
    throw new BreakglassError('INTEGRITY', `Two shares of the ${where} carry the same coordinate although they match their commitments: the shares slot was altered. Use another copy.`);
  }
  const kek = await combineShareValues(chosen.map((s) => s.value));
  try {
    const dataKey = unwrapDataKey(header, slot, kek);
    if (!dataKey) {
      throw new BreakglassError(
        'INTEGRITY',
        `The shares passed every check but did not open the ${where}: the store's shares slot was altered. Use another copy and report it.`,
      );
    }
    return dataKey;
  } finally {
    wipe(kek);
  }
}
