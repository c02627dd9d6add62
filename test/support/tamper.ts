// Byte surgery on store files for failure tests and vectors: flip a byte, patch a field, and recompute
// the unkeyed trailer checksums so that a change reaches the checks behind them (FORMAT.md §2.4).

import { sha256 } from '@noble/hashes/sha2.js';

export function headerLength(file: Uint8Array): number {
  return new DataView(file.buffer, file.byteOffset + 12, 4).getUint32(0);
}

export function flipByte(file: Uint8Array, offset: number, mask = 0x01): Uint8Array {
  const copy = file.slice();
  copy[offset] = (copy[offset] as number) ^ mask;
  return copy;
}

export function patchU32(file: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = file.slice();
  new DataView(copy.buffer).setUint32(offset, value);
  return copy;
}

/** Rewrites both trailer checksums to match the (possibly altered) header and ciphertext. */
export function recomputeChecksums(file: Uint8Array): Uint8Array {
  const copy = file.slice();
  const h = headerLength(copy);
  const end = copy.length - 64;
  copy.set(sha256(copy.subarray(0, h)), end);
  copy.set(sha256(copy.subarray(h, end)), end + 32);
  return copy;
}

/** Offsets inside the first (passphrase) slot of a store written by Breakglass (FORMAT.md §2.2). */
export const PASSPHRASE_SLOT = { memory: 49, iterations: 53, parallelism: 57, saltLength: 58, salt: 59 } as const;
