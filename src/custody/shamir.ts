// k-of-n splitting and combining of a 32-byte key with the audited `shamir-secret-sharing` package. It
// returns wrong bytes silently on bad input, so every argument is checked here first. FORMAT.md §12.2.

import { combine, split } from 'shamir-secret-sharing';
import { SHARE_VALUE_LENGTH } from './share-codec.js';
import { wipe } from '../crypto/wipe.js';

export const KEY_LENGTH = 32;
export const MAX_SHARE_COUNT = 255;
export const DEFAULT_MAX_SHARE_COUNT = 16;

export function checkThreshold(threshold: number, count: number): void {
  if (!Number.isInteger(count) || count < 2 || count > MAX_SHARE_COUNT) {
    throw new RangeError(`count must be an integer from 2 to ${MAX_SHARE_COUNT}, got ${count}`);
  }
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > count) {
    throw new RangeError(`threshold must be an integer from 2 to ${count}, got ${threshold}`);
  }
}

/** Splits a 32-byte key into `count` share values (32 y-bytes + x), any `threshold` of which recombine it. */
export async function splitKey(key: Uint8Array, threshold: number, count: number): Promise<Uint8Array[]> {
  if (!(key instanceof Uint8Array) || key.length !== KEY_LENGTH) throw new TypeError('key must be a 32-byte Uint8Array');
  checkThreshold(threshold, count);
  const values = await split(Uint8Array.from(key), count, threshold);
  if (values.length !== count || values.some((v) => v.length !== SHARE_VALUE_LENGTH)) {
    throw new Error('shamir-secret-sharing returned shares of an unexpected shape');
  }
  return values;
}

/** Recombines share values that the caller has already checked (same set, distinct, enough of them). */
export async function combineShareValues(values: readonly Uint8Array[]): Promise<Uint8Array> {
  if (values.length < 2) throw new RangeError('at least two share values are needed');
  const xs = new Set<number>();
  for (const value of values) {
    if (!(value instanceof Uint8Array) || value.length !== SHARE_VALUE_LENGTH) {
      throw new TypeError(`each share value must be a ${SHARE_VALUE_LENGTH}-byte Uint8Array`);
    }
    const x = value[SHARE_VALUE_LENGTH - 1] as number;
    if (x === 0 || xs.has(x)) throw new RangeError('share values must have distinct non-zero x coordinates');
    xs.add(x);
  }
  const copies = values.map((v) => Uint8Array.from(v));
  try {
    return await combine(copies);
  } finally {
    for (const copy of copies) wipe(copy);
  }
}
