// XChaCha20-Poly1305 from @noble/ciphers, with the argument checks and the single failure signal
// (`null` on a tag mismatch) that callers turn into AUTH or INTEGRITY. Inputs of NATIVE_AEAD_MIN_BYTES or
// more (a store's payload) go through aead-native.ts where the runtime has OpenSSL's ChaCha20-Poly1305:
// the same bytes, about ten times faster. Spec: docs/FORMAT.md §1.

import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { nativeAeadAvailable, nativeOpen, nativeSeal } from './aead-native.js';

export const NONCE_LENGTH = 24;
export const TAG_LENGTH = 16;
export const AEAD_KEY_LENGTH = 32;
/** Below this many bytes @noble/ciphers is as fast as setting up an OpenSSL cipher (secrets, wrapped keys). */
export const NATIVE_AEAD_MIN_BYTES = 4096;

function checkArgs(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== AEAD_KEY_LENGTH) {
    throw new TypeError(`key must be a ${AEAD_KEY_LENGTH}-byte Uint8Array`);
  }
  if (!(nonce instanceof Uint8Array) || nonce.length !== NONCE_LENGTH) {
    throw new TypeError(`nonce must be a ${NONCE_LENGTH}-byte Uint8Array`);
  }
  if (!(aad instanceof Uint8Array)) throw new TypeError('aad must be a Uint8Array');
}

export function aeadSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  checkArgs(key, nonce, aad);
  if (!(plaintext instanceof Uint8Array)) throw new TypeError('plaintext must be a Uint8Array');
  if (plaintext.length >= NATIVE_AEAD_MIN_BYTES && nativeAeadAvailable()) return nativeSeal(key, nonce, plaintext, aad);
  return xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
}

/** Returns the plaintext, or null when the tag does not verify (wrong key, or altered bytes). */
export function aeadOpen(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array | null {
  checkArgs(key, nonce, aad);
  if (!(ciphertext instanceof Uint8Array)) throw new TypeError('ciphertext must be a Uint8Array');
  if (ciphertext.length < TAG_LENGTH) return null;
  if (ciphertext.length - TAG_LENGTH >= NATIVE_AEAD_MIN_BYTES && nativeAeadAvailable()) return nativeOpen(key, nonce, ciphertext, aad);
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(ciphertext);
  } catch {
    return null;
  }
}
