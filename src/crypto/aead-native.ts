// XChaCha20-Poly1305 for large inputs over Node's OpenSSL ChaCha20-Poly1305 (RFC 8439), with the XChaCha
// subkey from @noble/ciphers' HChaCha20: the construction of draft-irtf-cfrg-xchacha §2.3, byte for byte the
// AEAD of aead.ts. Used only where the runtime offers the cipher (Electron's BoringSSL does not); elsewhere
// aead.ts keeps @noble/ciphers for everything. Spec: docs/FORMAT.md §1; why: docs/THREAT-MODEL.md.

import { createCipheriv, createDecipheriv, getCiphers } from 'node:crypto';
import { hchacha } from '@noble/ciphers/chacha.js';
import { wipe } from './wipe.js';

const CIPHER = 'chacha20-poly1305';
const TAG = 16;

/** ChaCha's constant "expand 32-byte k" as the little-endian words hchacha reads (its byte layout, as noble passes it). */
const SIGMA = new Uint32Array(new TextEncoder().encode('expand 32-byte k').buffer);

let available: boolean | undefined;

/** Whether this runtime's node:crypto has ChaCha20-Poly1305 (Node's OpenSSL: yes; Electron's BoringSSL: no). */
export function nativeAeadAvailable(): boolean {
  available ??= getCiphers().includes(CIPHER);
  return available;
}

/** The HChaCha20 subkey of key and nonce[0..16], and the 12-byte nonce 0x00000000 || nonce[16..24]. */
function subkeyAndNonce(key: Uint8Array, nonce: Uint8Array): { subkey: Uint8Array; iv: Uint8Array } {
  const keyCopy = Uint8Array.from(key);
  const prefix = Uint8Array.from(nonce.subarray(0, 16));
  const words = new Uint32Array(8);
  try {
    hchacha(SIGMA, new Uint32Array(keyCopy.buffer), new Uint32Array(prefix.buffer), words);
  } finally {
    wipe(keyCopy, prefix);
  }
  const iv = new Uint8Array(12);
  iv.set(nonce.subarray(16, 24), 4);
  return { subkey: new Uint8Array(words.buffer), iv };
}

/** A plain Uint8Array over a Buffer's bytes (no copy), so callers see the type noble returns. */
function plain(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

export function nativeSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const { subkey, iv } = subkeyAndNonce(key, nonce);
  try {
    const cipher = createCipheriv(CIPHER, subkey, iv, { authTagLength: TAG });
    cipher.setAAD(aad, { plaintextLength: plaintext.length });
    const out = new Uint8Array(plaintext.length + TAG);
    const body = cipher.update(plaintext);
    const rest = cipher.final();
    out.set(body, 0);
    out.set(rest, body.length);
    out.set(cipher.getAuthTag(), body.length + rest.length);
    return out;
  } finally {
    wipe(subkey);
  }
}

/** The plaintext, or null when the tag does not verify; no byte of an unverified plaintext is returned or kept. */
export function nativeOpen(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array | null {
  const { subkey, iv } = subkeyAndNonce(key, nonce);
  const length = ciphertext.length - TAG;
  let body: Buffer | undefined;
  try {
    const decipher = createDecipheriv(CIPHER, subkey, iv, { authTagLength: TAG });
    decipher.setAAD(aad, { plaintextLength: length });
    decipher.setAuthTag(ciphertext.subarray(length));
    body = decipher.update(ciphertext.subarray(0, length));
    decipher.final();
    if (body.length !== length) throw new Error('short ChaCha20-Poly1305 output');
    return plain(body);
  } catch {
    if (body) wipe(plain(body));
    return null;
  } finally {
    wipe(subkey);
  }
}
