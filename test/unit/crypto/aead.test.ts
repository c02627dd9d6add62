// The AEAD gives @noble/ciphers' XChaCha20-Poly1305 bytes whichever implementation runs: OpenSSL's
// ChaCha20-Poly1305 under an HChaCha20 subkey for large inputs, noble below. Spec: docs/FORMAT.md §1.

import { describe, expect, it } from 'vitest';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { aeadOpen, aeadSeal, NATIVE_AEAD_MIN_BYTES } from '../../../src/crypto/aead.js';
import { nativeAeadAvailable, nativeOpen, nativeSeal } from '../../../src/crypto/aead-native.js';
import { seededRng } from '../../support/ports.js';

const rng = seededRng('aead');
const SIZES = [0, 1, 63, 64, 65, NATIVE_AEAD_MIN_BYTES - 1, NATIVE_AEAD_MIN_BYTES, NATIVE_AEAD_MIN_BYTES + 1, 100_003, 1_000_000];

describe('aead', () => {
  it('runs OpenSSL ChaCha20-Poly1305 under Node (the path the large-input tests below cover)', () => {
    expect(nativeAeadAvailable()).toBe(true);
  });

  it('seals exactly what @noble/ciphers seals and opens it back, at every size around the switch', () => {
    for (const size of SIZES) {
      const key = rng.bytes(32);
      const nonce = rng.bytes(24);
      const aad = rng.bytes(size % 300);
      const plaintext = rng.bytes(size);
      const reference = xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
      const sealed = aeadSeal(key, nonce, plaintext, aad);
      expect(Buffer.from(sealed).equals(Buffer.from(reference)), `seal of ${size} bytes`).toBe(true);
      const opened = aeadOpen(key, nonce, reference, aad) as Uint8Array;
      expect(Object.getPrototypeOf(opened), `type of ${size} bytes`).toBe(Uint8Array.prototype);
      expect(Buffer.from(opened).equals(Buffer.from(plaintext)), `open of ${size} bytes`).toBe(true);
    }
  });

  it('the native functions alone match noble on small and unaligned inputs too', () => {
    const backing = rng.bytes(2000);
    for (const [offset, size] of [[1, 0], [3, 5], [7, 1000]] as const) {
      const key = backing.subarray(offset, offset + 32);
      const nonce = backing.subarray(offset + 33, offset + 57);
      const aad = backing.subarray(offset + 60, offset + 71);
      const plaintext = backing.subarray(offset + 80, offset + 80 + size);
      const reference = xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
      expect(Buffer.from(nativeSeal(key, nonce, plaintext, aad)).equals(Buffer.from(reference))).toBe(true);
      expect(Buffer.from(nativeOpen(key, nonce, reference, aad) as Uint8Array).equals(Buffer.from(plaintext))).toBe(true);
    }
  });

  it('returns null for a flipped bit in the ciphertext, the tag, the additional data, the nonce or the key', () => {
    const key = rng.bytes(32);
    const nonce = rng.bytes(24);
    const aad = rng.bytes(40);
    for (const size of [NATIVE_AEAD_MIN_BYTES - 1, NATIVE_AEAD_MIN_BYTES, 50_000]) {
      const sealed = aeadSeal(key, nonce, rng.bytes(size), aad);
      const flip = (bytes: Uint8Array, at: number): Uint8Array => {
        const copy = Uint8Array.from(bytes);
        copy[at] = (copy[at] as number) ^ 0x01;
        return copy;
      };
      expect(aeadOpen(key, nonce, flip(sealed, 0), aad), `body, ${size}`).toBeNull();
      expect(aeadOpen(key, nonce, flip(sealed, sealed.length - 1), aad), `tag, ${size}`).toBeNull();
      expect(aeadOpen(key, nonce, sealed, flip(aad, 39)), `aad, ${size}`).toBeNull();
      expect(aeadOpen(key, flip(nonce, 20), sealed, aad), `nonce tail, ${size}`).toBeNull();
      expect(aeadOpen(key, flip(nonce, 3), sealed, aad), `nonce head, ${size}`).toBeNull();
      expect(aeadOpen(flip(key, 31), nonce, sealed, aad), `key, ${size}`).toBeNull();
      expect(aeadOpen(key, nonce, sealed.subarray(0, sealed.length - 1), aad), `truncated, ${size}`).toBeNull();
    }
  });
});
