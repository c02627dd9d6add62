// The passphrase key slot: Argon2id turns the passphrase into a key-encryption key that wraps the
// store's data key. Spec: docs/FORMAT.md §4.1.

import { BreakglassError } from '../errors.js';
import type { Rng } from '../shared/determinism.js';
import { NONCE_LENGTH } from './aead.js';
import { findSlot, unwrapDataKey, wrapDataKey, type ContainerHeader, type PassphraseSlot } from './container.js';
import { DEFAULT_SALT_LENGTH, deriveKeyFromPassphrase, encodePassphrase, type KdfParams } from './kdf.js';
import { storeKindLabel, type StoreKind } from '../shared/store-kind.js';
import { wipe } from './wipe.js';

/** Minimum passphrase length in characters (after NFC normalisation). */
export const MIN_PASSPHRASE_LENGTH = 12;

export function checkNewPassphrase(passphrase: string, kind: StoreKind): void {
  if (typeof passphrase !== 'string') throw new TypeError('passphrase must be a string');
  if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH) {
    throw new BreakglassError(
      'VALIDATION',
      `The passphrase for the ${storeKindLabel(kind)} is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters ` +
        '(several random words are easiest to type under stress).',
      { field: 'passphrase' },
    );
  }
}

export async function createPassphraseSlot(
  passphrase: string,
  dataKey: Uint8Array,
  kind: StoreKind,
  setId: Uint8Array,
  kdf: KdfParams,
  rng: Rng,
): Promise<PassphraseSlot> {
  checkNewPassphrase(passphrase, kind);
  const salt = rng.bytes(DEFAULT_SALT_LENGTH);
  const nonce = rng.bytes(NONCE_LENGTH);
  const secret = encodePassphrase(passphrase);
  let kek: Uint8Array | undefined;
  try {
    kek = await deriveKeyFromPassphrase(secret, salt, kdf);
    const wrappedKey = wrapDataKey(kek, dataKey, nonce, kind, setId, 'passphrase');
    return { type: 'passphrase', kdf, salt, nonce, wrappedKey };
  } finally {
    wipe(secret, kek);
  }
}

/** Returns the data key (the caller wipes it), or throws AUTH naming the store. */
export async function unlockWithPassphrase(header: ContainerHeader, passphrase: string): Promise<Uint8Array> {
  const slot = findSlot(header, 'passphrase');
  if (!slot) {
    throw new BreakglassError(
      'AUTH',
      `The ${storeKindLabel(header.kind)} has no passphrase slot: it is opened with its custodians' shares.`,
    );
  }
  const secret = encodePassphrase(passphrase);
  let kek: Uint8Array | undefined;
  try {
    kek = await deriveKeyFromPassphrase(secret, slot.salt, slot.kdf);
    const dataKey = unwrapDataKey(header, slot, kek);
    if (!dataKey) {
      throw new BreakglassError(
        'AUTH',
        `Wrong passphrase for the ${storeKindLabel(header.kind)}. Check the passphrase (and the keyboard layout) and try again; nothing was changed.`,
      );
    }
    return dataKey;
  } finally {
    wipe(secret, kek);
  }
}
